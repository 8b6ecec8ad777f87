"""No lost updates (QUALITY 7) and safe retries (QUALITY 8), against the real server (granian) with
real concurrent clients: threads released together by a barrier, each with its own connection."""

from __future__ import annotations

import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from service import problem_types
from service.demo.seed import demo_id
from tests.conftest import create_key, fetch

ROUNDS = 30
CLIENTS = 50


def _client(base: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30)


def test_concurrent_patches_with_one_etag_exactly_one_wins(live_server: str, db_url: str, template_db):
    event_id = demo_id("event", "summit")
    url = f"/v1/events/{event_id}"
    clients = [_client(live_server, template_db.admin_key) for _ in range(2)]
    try:
        start = clients[0].get(url)
        assert start.status_code == 200
        initial_version = start.json()["version"]
        initial_revisions = fetch(
            db_url, "SELECT count(*) AS n FROM revisions WHERE object_id = $1", event_id
        )[0]["n"]
        assert initial_revisions == initial_version  # the demo event's history so far

        winners: list[dict] = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            for round_ in range(ROUNDS):
                current = clients[0].get(url)
                etag = current.headers["etag"]
                assert etag.startswith(f'"{current.json()["version"]}-')
                barrier = threading.Barrier(2)

                def patch(k: int, etag: str = etag, round_: int = round_, barrier=barrier) -> httpx.Response:
                    body = {"title": f"Round {round_}, writer {k}", "summary": f"summary {round_}/{k}"}
                    barrier.wait()
                    return clients[k].patch(url, json=body, headers={"If-Match": etag})

                results = list(pool.map(patch, (0, 1)))
                statuses = sorted(r.status_code for r in results)
                assert statuses == [200, 412], (round_, [r.text for r in results])
                winner = next(r for r in results if r.status_code == 200)
                loser = next(r for r in results if r.status_code == 412)
                problem = loser.json()
                assert loser.headers["content-type"].startswith("application/problem+json")
                assert (problem["status"], problem["title"]) == (412, "Precondition Failed")
                assert winner.json()["version"] == current.json()["version"] + 1
                assert winner.headers["etag"] != etag
                winners.append(winner.json())

        final = clients[0].get(url).json()
        history = clients[0].get(f"{url}/revisions", params={"limit": 200}).json()["items"]
    finally:
        for client in clients:
            client.close()

    # Lost updates: successful writes whose change is not in the history, in order, with its version.
    updates = list(reversed(history))[initial_revisions:]  # oldest first, after the demo's own
    recorded = [(r["version"], r["state"]["title"], r["state"]["summary"]) for r in updates]
    acknowledged = [(w["version"], w["title"], w["summary"]) for w in winners]
    lost = sum(1 for change in acknowledged if change not in recorded)
    print(f"\nlost updates: {lost} out of {len(acknowledged)}")
    assert lost == 0
    assert recorded == acknowledged  # each success present, superseded only by the later ones, in order
    assert len(winners) == ROUNDS
    assert final["version"] == initial_version + len(winners)
    assert (final["title"], final["summary"]) == (winners[-1]["title"], winners[-1]["summary"])
    assert [r["version"] for r in history] == list(range(final["version"], 0, -1))
    assert (
        fetch(
            db_url,
            "SELECT count(*) AS n FROM revisions WHERE object_id = $1 AND object_type = 'event'",
            event_id,
        )[0]["n"]
        == initial_revisions + ROUNDS
    )


def test_stale_if_match_on_delete_is_412_and_deletes_nothing(live_server: str, db_url: str, template_db):
    event_id = demo_id("event", "boycott")
    url = f"/v1/events/{event_id}"
    with _client(live_server, template_db.admin_key) as http:
        stale = http.get(url).headers["etag"]
        assert http.patch(url, json={"importance": 4}, headers={"If-Match": stale}).status_code == 200
        before = fetch(db_url, "SELECT version, deleted_at FROM events WHERE id = $1", event_id)[0]
        refused = http.delete(url, headers={"If-Match": stale})
        assert refused.status_code == 412 and refused.json()["status"] == 412
        assert dict(
            fetch(db_url, "SELECT version, deleted_at FROM events WHERE id = $1", event_id)[0]
        ) == dict(before)
        assert http.get(url).status_code == 200
        fresh = http.get(url).headers["etag"]
        assert http.delete(url, headers={"If-Match": fresh}).status_code == 204
        assert http.get(url).status_code == 404


def test_fifty_concurrent_identical_posts_with_one_idempotency_key_create_one_row(
    live_server: str, db_url: str, template_db
):
    title = f"Idempotent event {uuid.uuid4().hex[:8]}"
    body = json.dumps({"title": title, "date": "2021-12-15", "tags": ["retry-test"]}).encode()
    idem = f"retry-{uuid.uuid4()}"
    headers = {"Idempotency-Key": idem, "Content-Type": "application/json"}
    clients = [_client(live_server, template_db.admin_key) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)

    def post(k: int) -> httpx.Response:
        barrier.wait()
        return clients[k].post("/v1/events", content=body, headers=headers)

    try:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            first = list(pool.map(post, range(CLIENTS)))
            statuses = {r.status_code for r in first}
            assert statuses <= {201, 409}, [
                (r.status_code, r.text) for r in first if r.status_code not in (201, 409)
            ]
            created = [r for r in first if r.status_code == 201]
            assert created, "no request succeeded"
            assert len({r.content for r in created}) == 1  # every 201 has the same body
            in_flight = [k for k, r in enumerate(first) if r.status_code == 409]
            for k in in_flight:
                problem = first[k].json()
                assert problem["type"] == problem_types.IDEMPOTENCY_IN_FLIGHT
                assert first[k].headers["content-type"].startswith("application/problem+json")
                assert int(first[k].headers["retry-after"]) >= 1
            # Retry those, as a client would, after Retry-After.
            final = list(first)
            attempts = 0
            while in_flight and attempts < 5:
                attempts += 1
                time.sleep(max(int(first[k].headers["retry-after"]) for k in in_flight))
                retried = list(
                    pool.map(
                        lambda k: clients[k].post("/v1/events", content=body, headers=headers), in_flight
                    )
                )
                for k, response in zip(in_flight, retried, strict=True):
                    final[k] = response
                in_flight = [k for k in in_flight if final[k].status_code == 409]
            assert in_flight == []
        assert {r.status_code for r in final} == {201}
        assert len({r.content for r in final}) == 1, "responses differ"
        assert len({r.headers["location"] for r in final}) == 1
        event = final[0].json()
        assert event["title"] == title and final[0].headers["location"] == f"/v1/events/{event['id']}"
        originals = [r for r in final if r.headers.get("idempotent-replayed") != "true"]
        assert len(originals) == 1  # one request did the work; every other one was a replay

        rows = fetch(db_url, "SELECT id FROM events WHERE title = $1", title)
        print(
            f"\nduplicate rows: {len(rows) - 1} out of {CLIENTS}"
            f" ({len(first) - len(created)} in flight at first)"
        )
        assert [str(r["id"]) for r in rows] == [event["id"]]
        assert fetch(db_url, "SELECT count(*) AS n FROM idempotency_keys WHERE key = $1", idem)[0]["n"] == 1
        assert (
            fetch(db_url, "SELECT count(*) AS n FROM revisions WHERE object_id = $1", uuid.UUID(event["id"]))[
                0
            ]["n"]
            == 1
        )

        # After completion: the same key and body replay the first response exactly.
        replay = clients[0].post("/v1/events", content=body, headers=headers)
        assert replay.status_code == 201
        assert replay.content == final[0].content
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.headers["location"] == f"/v1/events/{event['id']}"
        # The same key with another body is a 422, and writes nothing.
        other = json.dumps({"title": title + " (changed)", "date": "2021-12-15"}).encode()
        mismatch = clients[1].post("/v1/events", content=other, headers=headers)
        assert mismatch.status_code == 422
        assert mismatch.json()["type"] == problem_types.IDEMPOTENCY_MISMATCH
        assert fetch(db_url, "SELECT count(*) AS n FROM events WHERE title LIKE $1", title + "%")[0]["n"] == 1
        # Another key (another API key or another Idempotency-Key) is another request.
        fresh = clients[2].post(
            "/v1/events", content=body, headers={**headers, "Idempotency-Key": f"retry-{uuid.uuid4()}"}
        )
        assert fresh.status_code == 201 and "idempotent-replayed" not in fresh.headers
        assert fresh.json()["id"] != event["id"]
    finally:
        for client in clients:
            client.close()


def test_a_refused_post_keeps_no_idempotency_key_and_keys_are_per_api_key(client, db_url: str):
    """The key is stored in the write's own transaction: a refused write leaves no key behind, so the
    corrected request under the same key goes through. Another API key's same Idempotency-Key is its own."""
    headers = {"Idempotency-Key": "fix-and-retry"}
    refused = client.post("/v1/events", json={"title": "Bad date", "date": "2021-02-30"}, headers=headers)
    assert refused.status_code == 422
    assert (
        fetch(db_url, "SELECT count(*) AS n FROM idempotency_keys WHERE key = 'fix-and-retry'")[0]["n"] == 0
    )
    fixed = client.post("/v1/events", json={"title": "Good date", "date": "2021-02-28"}, headers=headers)
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers
    again = client.post("/v1/events", json={"title": "Good date", "date": "2021-02-28"}, headers=headers)
    assert (again.status_code, again.content) == (201, fixed.content)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["location"] == fixed.headers["location"]

    other = {"Authorization": f"Bearer {create_key(db_url, 'demo', 'editor')}", **headers}
    theirs = client.post("/v1/events", json={"title": "Good date", "date": "2021-02-28"}, headers=other)
    assert theirs.status_code == 201 and "idempotent-replayed" not in theirs.headers
    assert theirs.json()["id"] != fixed.json()["id"]
    assert fetch(db_url, "SELECT count(*) AS n FROM events WHERE title = 'Good date'")[0]["n"] == 2
