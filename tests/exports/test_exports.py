"""GET /v1/timelines/{slug}/export/{format}: each format parsed back with a reader of that format
(icalendar, feedparser, citeproc-py, csv), ETags and 304s, drafts kept from the public, and a large
timeline streamed in chunks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from collections.abc import Iterator

import feedparser
import icalendar
import jsonschema_rs
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from litestar.testing import TestClient

from service import problem_types
from service.app import create_app
from service.demo.seed import demo_id
from service.exports import service as export_service
from tests.conftest import app_settings
from tests.helpers import problem

FORMATS = ("timelinejs", "jsonld", "csljson", "ics", "atom", "csv")
CONTENT_TYPES = {
    "timelinejs": "application/json",
    "jsonld": "application/ld+json",
    "csljson": "application/vnd.citationstyles.csl+json",
    "ics": "text/calendar; charset=utf-8",
    "atom": "application/atom+xml",
    "csv": "text/csv; charset=utf-8",
}
XI_PUTIN = "/v1/timelines/xi-putin-summit"
DOPING = "/v1/timelines/russia-doping"
PARTS = {
    "year": {"year"},
    "month": {"year", "month"},
    "day": {"year", "month", "day"},
    "time": {"year", "month", "day", "hour", "minute"},
}


def event_id(key: str) -> str:
    return str(demo_id("event", key))


def members(client: TestClient, path: str) -> list[dict]:
    """The timeline's events as its events endpoint lists them."""
    items, cursor = [], None
    while True:
        page = client.get(
            f"{path}/events", params={"limit": 200, **({"cursor": cursor} if cursor else {})}
        ).json()
        items += page["items"]
        if not (cursor := page["next_cursor"]):
            return items


def export(client: TestClient, path: str, fmt: str, **headers: str):
    response = client.get(f"{path}/export/{fmt}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPES[fmt]
    return response


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_its_type_an_etag_and_a_304(reader, fmt):
    response = export(reader, XI_PUTIN, fmt)
    etag = response.headers["etag"]
    assert re.fullmatch(r'"\d+-[0-9a-f]{16}"', etag)
    assert response.headers["cache-control"].startswith("public")
    assert "content-length" not in response.headers  # streamed
    again = reader.get(f"{XI_PUTIN}/export/{fmt}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert (
        reader.get(f"{XI_PUTIN}/export/{fmt}", headers={"If-None-Match": '"1-0000000000000000"'}).status_code
        == 200
    )


def test_each_format_has_its_own_etag_and_it_is_stable(reader):
    tags = {fmt: export(reader, XI_PUTIN, fmt).headers["etag"] for fmt in FORMATS}
    assert len(set(tags.values())) == len(FORMATS)
    assert export(reader, XI_PUTIN, "ics").headers["etag"] == tags["ics"]


def test_timelinejs_follows_the_documented_format(reader):
    doc = export(reader, XI_PUTIN, "timelinejs").json()
    timeline = reader.get(XI_PUTIN).json()
    events = {e["id"]: e for e in members(reader, XI_PUTIN)}
    assert doc["title"]["text"]["headline"] == timeline["title"].replace("'", "&#x27;")
    assert [s["unique_id"] for s in doc["events"]] == list(events)
    for slide in doc["events"]:
        event = events[slide["unique_id"]]
        assert set(slide["start_date"]) == PARTS[event["precision"]], event["date"]
        assert all(isinstance(v, int) for v in slide["start_date"].values())
        assert slide["display_date"] == event["display"]
        assert slide["text"]["headline"]
        assert slide.get("group") == (event["tags"][0] if event["tags"] else None)
        if "/" in event["date"] and event["end"]:
            assert set(slide["end_date"]) == PARTS[event["precision"]]
        else:
            assert "end_date" not in slide
        for citation in event["citations"]:
            assert f'<q cite="{citation["source"]["url"]}"' in slide["text"]["text"]
    by_key = {s["unique_id"]: s for s in doc["events"]}
    assert by_key[event_id("putin-partnership")]["start_date"] == {"year": 2021, "month": 11}
    assert by_key[event_id("democracy-summit")]["end_date"] == {"year": 2021, "month": 12, "day": 10}
    # the summit, 2021-12-15T11:07:00+03:00: TimelineJS has no zones, so its UTC clock
    assert by_key[event_id("summit")]["start_date"] == {
        "year": 2021,
        "month": 12,
        "day": 15,
        "hour": 8,
        "minute": 7,
    }


def test_timelinejs_escapes_text_it_shows_as_html(client):
    body = {
        "title": "<script>alert(1)</script> & co",
        "date": "2021-12-20",
        "tags": ["summit"],
        "summary": "First <b>para</b>\n\nsecond",
        "status": "published",
        "citations": [
            {
                "source": {"url": "https://example.com/a?x=1&y=2", "title": "A <i>title</i>"},
                "quote": 'He said "<no>"',
            }
        ],
    }
    created = client.post("/v1/events", json=body)
    assert created.status_code == 201, created.text
    doc = export(client, XI_PUTIN, "timelinejs").json()
    slide = next(s for s in doc["events"] if s["unique_id"] == created.json()["id"])
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    text = slide["text"]["text"]
    assert "<b>" not in text and "&lt;b&gt;para&lt;/b&gt;" in text and "<p>second</p>" in text
    assert '<a href="https://example.com/a?x=1&amp;y=2">A &lt;i&gt;title&lt;/i&gt;</a>' in text
    assert "&quot;&lt;no&gt;&quot;</q>" in text


def test_jsonld_is_an_item_list_of_events_with_citations(reader):
    doc = export(reader, DOPING, "jsonld").json()
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ItemList"
    assert doc["numberOfItems"] == len(doc["itemListElement"]) == 5
    assert [item["position"] for item in doc["itemListElement"]] == [1, 2, 3, 4, 5]
    events = {item["item"]["@id"].rsplit("/", 1)[1]: item["item"] for item in doc["itemListElement"]}
    for event in events.values():
        assert event["@type"] == "Event"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["startDate"])
        assert event["@id"].startswith("http://testserver.local/v1/events/")
        for work in event["citation"]:
            assert work["@type"] in ("NewsArticle", "CreativeWork")
            assert work["url"] and work["name"]
            if "publisher" in work:
                assert work["publisher"]["@type"] == "Organization"
    rio = events[event_id("rio-exclusion")]
    assert (rio["startDate"], rio["endDate"]) == ("2016-08-05", "2016-08-21")
    assert rio["location"] == {
        "@type": "Place",
        "name": "Rio de Janeiro",
        "address": {"@type": "PostalAddress", "addressCountry": "BR"},
    }
    assert any("datePublished" in work for e in events.values() for work in e["citation"])
    assert events[event_id("icarus")]["endDate"] == "2017-12-31"


def test_csljson_items_format_with_a_bundled_citeproc_style(reader):
    items = export(reader, XI_PUTIN, "csljson").json()
    sources = {c["source"]["id"]: c["source"] for e in members(reader, XI_PUTIN) for c in e["citations"]}
    assert sorted(item["id"] for item in items) == sorted(sources)
    for item in items:
        source = sources[item["id"]]
        assert item["URL"] == source["url"] and item["title"] == source["title"]
        if source["kind"] == "news":
            assert item["type"] == "article-newspaper"
            assert item["container-title"] == source["publisher"]
        if source["kind"] == "statement":
            assert item["type"] == "speech"
        if source["published"]:
            assert item["issued"]["date-parts"][0][0] == int(source["published"][:4])
    dispatch = next(i for i in items if "thedispatch.com" in i["URL"])
    assert dispatch["author"] == [{"family": "Joscelyn", "given": "Tom"}]
    assert dispatch["issued"] == {"date-parts": [[2021, 12]]}

    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    assert len(entries) == len(items)
    assert any("Joscelyn, T." in entry and "Xi and Putin" in entry for entry in entries), entries
    assert all("Available at:" in entry for entry in entries), entries


def test_csljson_types_archive_and_accessed(client):
    source = {
        "url": "https://example.org/report.pdf",
        "title": "Annual report",
        "publisher": "Agency",
        "kind": "report",
        "published": "2020~",
        "archive_url": "https://web.archive.org/web/2020/x",
        "accessed_at": "2021-03-04T05:06:07Z",
        "authors": ["Agency"],
    }
    body = {
        "title": "Reported",
        "date": "2021-12-21",
        "tags": ["summit"],
        "status": "published",
        "citations": [{"source": source, "quote": "It happened."}],
    }
    assert client.post("/v1/events", json=body).status_code == 201
    items = export(client, XI_PUTIN, "csljson").json()
    item = next(i for i in items if i["URL"] == "https://example.org/report.pdf")
    assert item["type"] == "report"
    assert item["publisher"] == "Agency" and "container-title" not in item
    assert item["issued"] == {"date-parts": [[2020]], "circa": True}
    assert item["accessed"] == {"date-parts": [[2021, 3, 4]]}
    assert (item["archive"], item["archive_location"]) == (
        "web.archive.org",
        "https://web.archive.org/web/2020/x",
    )
    assert item["author"] == [{"literal": "Agency"}]


def _vevents(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(v["uid"]).split("@")[0]: v for v in calendar.walk("VEVENT")}


def test_ics_parses_with_all_day_spans_and_utc_moments(reader):
    response = export(reader, XI_PUTIN, "ics")
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n") and response.content.endswith(
        b"END:VCALENDAR\r\n"
    )
    calendar = icalendar.Calendar.from_ical(response.content)
    timeline = reader.get(XI_PUTIN).json()
    assert str(calendar["x-wr-calname"]) == timeline["title"].replace(",", "\\,")  # TEXT, escaped; kept raw
    assert str(calendar["description"]) == timeline["description"]
    vevents = _vevents(response.content)
    assert len(vevents) == len(members(reader, XI_PUTIN)) == 10
    boycott = vevents[event_id("boycott")]
    assert "DTSTART;VALUE=DATE:20211206" in boycott.to_ical().decode()
    assert (boycott.decoded("dtstart"), boycott.decoded("dtend")) == (
        dt.date(2021, 12, 6),
        dt.date(2021, 12, 7),
    )
    month = vevents[event_id("putin-partnership")]  # 2021-11: the whole month
    assert (month.decoded("dtstart"), month.decoded("dtend")) == (dt.date(2021, 11, 1), dt.date(2021, 12, 1))
    days = vevents[event_id("democracy-summit")]  # 2021-12-09/2021-12-10
    assert (days.decoded("dtstart"), days.decoded("dtend")) == (dt.date(2021, 12, 9), dt.date(2021, 12, 11))
    summit = vevents[event_id("summit")]
    assert summit.decoded("dtstart") == dt.datetime(2021, 12, 15, 8, 7, tzinfo=dt.UTC)
    assert "DTSTART:20211215T080700Z" in summit.to_ical().decode()
    assert "dtend" not in summit
    assert str(vevents[event_id("invitations")]["status"]) == "CONFIRMED"
    for vevent in vevents.values():
        assert str(vevent["url"]).startswith("http")
        assert "Sources:" in str(vevent["description"])
    assert "tass.com/politics/1374481" in str(vevents[event_id("treaty-extended")]["description"])
    assert set(_vevents(export(reader, XI_PUTIN, "ics").content)) == set(vevents)  # stable UIDs


def test_ics_open_ended_uncertain_and_retracted_events(client):
    cite = [{"source_id": str(demo_id("source", "tass-announce")), "quote": "x"}]
    made = {}
    for key, body in {
        "open": {
            "title": "Talks go on",
            "date": "2021-10/..",
            "tags": ["summit"],
            "status": "published",
            "citations": cite,
        },
        "unsure": {
            "title": "Maybe",
            "date": "2021-12-01?",
            "tags": ["summit"],
            "status": "published",
            "citations": cite,
        },
        "gone": {
            "title": "Withdrawn",
            "date": "2021-12-02",
            "tags": ["summit"],
            "status": "retracted",
            "retraction_note": "The report was wrong.",
            "citations": cite,
        },
    }.items():
        response = client.post("/v1/events", json=body)
        assert response.status_code == 201, response.text
        made[key] = response.json()["id"]
    vevents = _vevents(export(client, XI_PUTIN, "ics").content)
    ongoing = vevents[made["open"]]
    assert (ongoing.decoded("dtstart"), ongoing.decoded("dtend")) == (
        dt.date(2021, 10, 1),
        dt.date(2021, 11, 1),
    )
    assert "Ongoing: since October 2021." in str(ongoing["description"])
    assert str(vevents[made["unsure"]]["status"]) == "TENTATIVE"
    assert str(vevents[made["gone"]]["status"]) == "CANCELLED"
    assert "Retracted: The report was wrong." in str(vevents[made["gone"]]["description"])
    slide = next(
        s for s in export(client, XI_PUTIN, "timelinejs").json()["events"] if s["unique_id"] == made["open"]
    )
    assert "end_date" not in slide and slide["display_date"] == "since October 2021"


def test_atom_parses_newest_change_first_with_absolute_links(db_url):
    settings = app_settings(db_url, public_url="https://news.example.org/dateline/")
    with TestClient(create_app(settings), base_url="http://testserver.local") as anon:
        response = export(anon, XI_PUTIN, "atom")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("The Xi–Putin virtual summit")
    assert any(link.rel == "self" and link.href.endswith("/export/atom") for link in feed.feed.links)
    assert len(feed.entries) == 10
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:")
        alternate = [link for link in entry.links if link.rel == "alternate"]
        assert len(alternate) == 1
        assert (
            alternate[0].href
            == f"https://news.example.org/dateline/v1/events/{entry.id.removeprefix('urn:uuid:')}"
        )
        assert all(link.href.startswith("http") for link in entry.links if link.rel == "related")


def test_atom_changes_order_when_an_event_changes(client):
    first = feedparser.parse(export(client, XI_PUTIN, "atom").content)
    oldest = first.entries[-1].id.removeprefix("urn:uuid:")
    assert client.patch(f"/v1/events/{oldest}", json={"importance": 5}).status_code == 200
    second = feedparser.parse(export(client, XI_PUTIN, "atom").content)
    assert second.entries[0].id == f"urn:uuid:{oldest}"


def test_csv_has_a_header_a_row_per_event_and_citation_columns(reader):
    rows = list(csv.DictReader(io.StringIO(export(reader, DOPING, "csv").content.decode("utf-8"))))
    events = {e["id"]: e for e in members(reader, DOPING)}
    assert [r["id"] for r in rows] == list(events)
    most = max(len(e["citations"]) for e in events.values())
    assert f"citation_{most}_quote" in rows[0] and f"citation_{most + 1}_quote" not in rows[0]
    for row in rows:
        event = events[row["id"]]
        assert (row["title"], row["date"], row["start"], row["end"]) == (
            event["title"],
            event["date"],
            event["start"],
            event["end"] or "",
        )
        assert row["tags"].split(";") == event["tags"]
        for n, citation in enumerate(event["citations"], 1):
            assert row[f"citation_{n}_url"] == citation["source"]["url"]
            assert row[f"citation_{n}_quote"] == citation["quote"]
            assert row[f"citation_{n}_stance"] == citation["stance"]
            assert row[f"citation_{n}_publisher"] == (citation["source"]["publisher"] or "")
    assert any(r[f"citation_{n}_stance"] == "disputes" for r in rows for n in range(1, most + 1))
    rio = next(r for r in rows if r["id"] == event_id("rio-exclusion"))
    assert (rio["location_name"], rio["location_country"]) == ("Rio de Janeiro", "BR")


def test_etag_changes_with_members_sources_and_timeline(client):
    def etag() -> str:
        return export(client, XI_PUTIN, "csv").headers["etag"]

    start = etag()
    assert client.patch(f"/v1/events/{event_id('boycott')}", json={"importance": 1}).status_code == 200
    after_event = etag()
    assert after_event != start
    source = str(demo_id("source", "tass-announce"))
    assert client.patch(f"/v1/sources/{source}", json={"title": "Renamed"}).status_code == 200
    after_source = etag()
    assert after_source != after_event
    assert "Renamed" in export(client, XI_PUTIN, "csv").text
    assert client.patch(XI_PUTIN, json={"title": "New title"}).status_code == 200
    after_timeline = etag()
    assert after_timeline != after_source
    assert client.delete(f"/v1/events/{event_id('boycott')}").status_code == 204
    assert etag() != after_timeline


def test_drafts_are_exported_only_to_their_newsroom(client, anon):
    draft = {"title": "Unconfirmed", "date": "2021-12-14", "tags": ["summit"]}
    draft_id = client.post("/v1/events", json=draft).json()["id"]
    for fmt in FORMATS:
        assert draft_id not in anon.get(f"{XI_PUTIN}/export/{fmt}").text, fmt
        owner = export(client, XI_PUTIN, fmt)
        assert owner.headers["cache-control"].startswith("private")
    assert draft_id in export(client, XI_PUTIN, "csv").text
    assert (
        anon.get(f"{XI_PUTIN}/export/csv").headers["etag"] != export(client, XI_PUTIN, "csv").headers["etag"]
    )

    body = {"slug": "hidden", "title": "Work in progress", "filter": {"tag": ["summit"]}}
    assert client.post("/v1/timelines", json=body).status_code == 201
    for fmt in FORMATS:
        assert anon.get(f"/v1/timelines/hidden/export/{fmt}").status_code == 404
    assert draft_id in export(client, "/v1/timelines/hidden", "jsonld").text


def test_unknown_timeline_and_format(reader):
    assert reader.get("/v1/timelines/no-such/export/csv").status_code == 404
    response = reader.get(f"{XI_PUTIN}/export/pdf")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "format"


@pytest.fixture
def bulk(client: TestClient) -> Iterator[int]:
    """A timeline of 450 events, more than two chunks, imported in one request."""
    lines = []
    for i in range(450):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 400)
        lines.append(
            json.dumps(
                {
                    "title": f"Bulk event {i:03d} — “quoted”, with a comma",
                    "date": day.isoformat(),
                    "tags": ["bulk"],
                    "summary": f"Line one of {i}\nline two",
                    "status": "published",
                    "citations": [
                        {
                            "source": {
                                "url": f"https://example.com/bulk/{i % 7}",
                                "title": f"Source {i % 7}",
                            },
                            "quote": f"Quote {i}",
                        }
                    ],
                }
            )
        )
    response = client.post(
        "/v1/import", content="\n".join(lines), headers={"Content-Type": "application/x-ndjson"}
    )
    assert response.status_code == 201, response.text
    assert (
        client.post(
            "/v1/timelines",
            json={"slug": "bulk", "title": "Bulk", "filter": {"tag": ["bulk"]}, "status": "published"},
        ).status_code
        == 201
    )
    yield 450


def test_a_large_timeline_streams_in_chunks(bulk, anon, monkeypatch):
    chunks = []
    real = export_service.repo.member_page

    async def counting(conn, **kwargs):
        events, after = await real(conn, **kwargs)
        chunks.append(len(events))
        return events, after

    monkeypatch.setattr(export_service.repo, "member_page", counting)
    with anon.stream("GET", "/v1/timelines/bulk/export/csv") as response:
        assert response.status_code == 200
        assert "content-length" not in response.headers
        body = b"".join(response.iter_bytes())
    assert len(chunks) == 3 and sum(chunks) == bulk
    assert max(chunks) <= export_service.CHUNK + 1
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert len(rows) == bulk and len({r["id"] for r in rows}) == bulk
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    assert rows[0]["summary"] in ("Line one of 0\nline two", "Line one of 400\nline two")  # the same day

    doc = export(anon, "/v1/timelines/bulk", "jsonld").json()
    assert doc["numberOfItems"] == len(doc["itemListElement"]) == bulk
    assert len(export(anon, "/v1/timelines/bulk", "timelinejs").json()["events"]) == bulk
    assert len(_vevents(export(anon, "/v1/timelines/bulk", "ics").content)) == bulk
    assert len(feedparser.parse(export(anon, "/v1/timelines/bulk", "atom").content).entries) == bulk
    assert len(export(anon, "/v1/timelines/bulk", "csljson").json()) == 7


def test_a_timeline_that_grew_past_the_cap_is_a_409_to_export(bulk, anon, monkeypatch):
    """A timeline holds at most 10,000 events when it is written; events that join it later can take it
    past that. Its export then answers a clear 409 (rendering it would be unbounded), its pages still
    list every member. The cap is lowered here to the bulk timeline's size, then below it."""
    monkeypatch.setattr(export_service.timelines, "MAX_EVENTS", bulk)
    assert export(anon, "/v1/timelines/bulk", "atom").status_code == 200  # at the cap: exported whole
    # Other formats below (no write empties the response cache here, as one joining the timeline would).
    monkeypatch.setattr(export_service.timelines, "MAX_EVENTS", bulk - 1)
    for fmt in ("csv", "timelinejs"):
        body = problem(anon.get(f"/v1/timelines/bulk/export/{fmt}"), 409)
        assert body["type"] == problem_types.TIMELINE_TOO_LARGE
        assert f"more than the {bulk - 1:,} events an export may hold" in body["detail"]
    assert len(anon.get("/v1/timelines/bulk/events", params={"limit": 200}).json()["items"]) == 200


def test_each_format_is_one_operation_with_its_own_media_type(reader):
    paths = reader.get("/schema/openapi.json").json()["paths"]
    assert "/v1/timelines/{slug}/export/{format}" not in paths  # the templated route still answers
    for fmt in FORMATS:
        operation = paths[f"/v1/timelines/{{slug}}/export/{fmt}"]["get"]
        assert operation["operationId"] == f"export_timeline_{fmt}"
        assert [p["name"] for p in operation["parameters"]] == ["slug"]
        assert list(operation["responses"]["200"]["content"]) == [CONTENT_TYPES[fmt].split(";")[0]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_and_its_example_match_the_declared_schema(reader, fmt):
    """What each format's operation says it returns is what it returns (and what its example shows):
    a JSON body against its JSON Schema, a text one as a string, for timelines of every shape."""
    document = reader.get("/schema/openapi.json").json()
    (media,) = document["paths"][f"/v1/timelines/{{slug}}/export/{fmt}"]["get"]["responses"]["200"][
        "content"
    ].values()
    validator = jsonschema_rs.validator_for({**media["schema"], "components": document["components"]})
    validator.validate(media["example"])
    for path in (XI_PUTIN, DOPING):
        body = export(reader, path, fmt).text
        errors = [
            e.message
            for e in validator.iter_errors(
                body if media["schema"].get("type") == "string" else json.loads(body)
            )
        ]
        assert errors == [], (path, errors[:3])


def test_an_export_never_names_an_event_outside_the_timeline(reader):
    outside = event_id("mclaren")
    for fmt in FORMATS:
        assert outside not in export(reader, XI_PUTIN, fmt).text
    assert str(uuid.UUID(outside)) in export(reader, DOPING, "csv").text
