from service.demo.seed import demo_id


def test_demo_event_reads_with_citations(reader):
    response = reader.get(f"/v1/events/{demo_id('event', 'summit')}")
    assert response.status_code == 200
    event = response.json()
    assert event["display"] == "15 December 2021, 11:07 UTC+03:00"
    assert [c["source"]["publisher"] for c in event["citations"]] == ["TASS", "TASS", "The Dispatch"]
