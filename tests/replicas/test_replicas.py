"""Reads from streaming replicas: a writer sees its writes at once, caches never keep what a replica had
not yet replayed, and a replica that is down or too far behind is skipped, then used again.

Each runs against `dateline serve` with one worker and with two, on a primary and a replica that
applies every commit APPLY_DELAY seconds late (tests/replicas/conftest.py).
"""

from __future__ import annotations

import re
import threading
import time
import uuid

import httpx
import pytest

from service.replicas import replica_name
from tests.replicas.conftest import APPLY_DELAY, MAX_LAG, READ_BOUND, client, serve, until

pytestmark = pytest.mark.replica


def new_event(http: httpx.Client, title: str) -> dict:
    """A published event, cited by a source made for it; its body and ETag."""
    source = http.post(
        "/v1/sources", json={"url": f"https://example.org/{uuid.uuid4()}", "title": "A source"}
    )
    assert source.status_code == 201, source.text
    citation = {"source_id": source.json()["id"], "quote": "So it was.", "stance": "supports"}
    body = {"title": title, "date": "2021-05", "status": "published", "citations": [citation]}
    created = http.post("/v1/events", json=body)
    assert created.status_code == 201, created.text
    return {**created.json(), "etag": created.headers["etag"]}


def retitle(http: httpx.Client, event_id: str, title: str, etag: str) -> httpx.Response:
    response = http.patch(f"/v1/events/{event_id}", json={"title": title}, headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    return response


def metric(url: str, name: str, replica: str) -> float:
    response = httpx.get(f"{url}/metrics", timeout=READ_BOUND)
    assert response.status_code == 200, response.text
    text = response.text
    found = re.search(rf'^{name}{{replica="{re.escape(replica)}"}} (\S+)$', text, re.MULTILINE)
    assert found, f"{name} for {replica} not in /metrics"
    return float(found.group(1))


def ready(url: str) -> dict:
    response = httpx.get(f"{url}/health/ready", timeout=READ_BOUND)
    assert response.status_code == 200, response.text
    return response.json()


def all_ready(served, status: str, times: int = 6) -> bool:
    """Whether `times` readiness checks on each server (reaching its workers in turn) all say `status`."""
    return all(ready(url)["status"] == status for url in served.urls for _ in range(times))


def test_a_writer_reads_its_writes_at_once_on_any_worker_and_server(served, writer):
    """POST then GET, PATCH then GET, then a PATCH with the ETag that GET gave: each through either server,
    while the replica is APPLY_DELAY seconds behind."""
    a, b = (client(url, writer) for url in served.urls)
    for round_ in range(4):
        first, second = (a, b) if round_ % 2 else (b, a)
        event = new_event(first, f"Created {round_}")
        for http in (a, b, first):
            got = http.get(f"/v1/events/{event['id']}")
            assert got.status_code == 200, got.text
            assert got.json()["title"] == f"Created {round_}"
        etag = got.headers["etag"]
        retitle(second, event["id"], f"Retitled {round_}", etag)
        for http in (first, second):
            got = http.get(f"/v1/events/{event['id']}")
            assert got.json()["title"] == f"Retitled {round_}"
            listed = http.get("/v1/events", params={"limit": 100, "q": f"Retitled {round_}"})
            assert event["id"] in [item["id"] for item in listed.json()["items"]]
        retitle(first, event["id"], f"Again {round_}", got.headers["etag"])  # the ETag just read is current


def _stale_window(served, writer, cluster, replica, rounds: int = 3):
    """Yield, per round: the event, its ETag before a PATCH, and the title after it, once the replica
    has replayed the PATCH; between the PATCH and that, anonymous reads (through every worker) that,
    taken from the lagging replica, would fill the caches with the old page."""
    keyed = client(served.urls[0], writer)
    anonymous = [client(url) for url in served.urls]
    for round_ in range(rounds):
        event = new_event(keyed, f"Old {round_}")
        cluster.wait_replayed(replica)
        before = [
            http.get(f"/v1/events/{event['id']}") for http in anonymous for _ in range(served.workers * 2)
        ]
        assert {r.json()["title"] for r in before} == {f"Old {round_}"}
        retitle(keyed, event["id"], f"New {round_}", event["etag"])
        for http in anonymous:
            for _ in range(served.workers * 3):
                assert http.get(f"/v1/events/{event['id']}").status_code == 200
        cluster.wait_replayed(replica)
        yield event["id"], before[0].headers["etag"], f"New {round_}", anonymous


def test_an_anonymous_read_after_the_replica_replayed_a_write_is_never_stale(
    served, writer, cluster, replica
):
    for event_id, _, title, anonymous in _stale_window(served, writer, cluster, replica):
        for http in anonymous:
            for _ in range(served.workers * 3):
                got = http.get(f"/v1/events/{event_id}")
                assert got.json()["title"] == title


def test_an_etag_from_before_a_write_no_longer_matches_once_the_write_is_visible(
    served, writer, cluster, replica
):
    for event_id, old_etag, title, anonymous in _stale_window(served, writer, cluster, replica):
        for http in anonymous:
            for _ in range(served.workers * 3):
                got = http.get(f"/v1/events/{event_id}", headers={"If-None-Match": old_etag})
                assert got.status_code == 200 and got.json()["title"] == title
                assert got.headers["etag"] != old_etag


def test_a_replica_too_far_behind_is_skipped_then_used_again(served, writer, cluster, replica):
    name = replica_name(replica.dsn())
    keyed = client(served.urls[0], writer)
    anonymous = client(served.urls[1])
    event = new_event(keyed, "Before the pause")
    cluster.wait_replayed(replica)
    assert all_ready(served, "ready")
    replica.sql("SELECT pg_wal_replay_pause()")
    try:
        retitle(keyed, event["id"], "During the pause", event["etag"])
        until(lambda: all_ready(served, "degraded"), MAX_LAG + 10, "every worker reports the replica skipped")
        report = ready(served.urls[0])["replicas"]
        assert report[0]["name"] == name and report[0]["available"] is False
        assert report[0]["lag_seconds"] > MAX_LAG
        for url in served.urls:
            assert metric(url, "dateline_replica_available", name) == 0
            assert metric(url, "dateline_replica_lag_seconds", name) > MAX_LAG
        for _ in range(served.workers * 3):  # no page older than the maximum lag, keyed or not
            assert anonymous.get(f"/v1/events/{event['id']}").json()["title"] == "During the pause"
            assert anonymous.get("/v1/events", params={"q": "During the pause"}).json()["items"]
    finally:
        replica.sql("SELECT pg_wal_replay_resume()")
    until(lambda: all_ready(served, "ready"), APPLY_DELAY + 10, "every worker uses the replica again")
    assert ready(served.urls[0])["replicas"][0]["available"] is True
    for url in served.urls:
        assert metric(url, "dateline_replica_available", name) == 1
    for log in served.logs:
        text = log.read_text()
        assert re.search(
            rf"replica {re.escape(name)} is skipped, reads go to the primary: \S+ s behind", text
        )
        assert f"replica {name} is used for reads again" in text


def test_a_replica_that_is_down_is_skipped_and_every_read_succeeds_within_the_bound(
    served, writer, cluster, replica
):
    """Each request below fails if not answered within READ_BOUND seconds (the clients' timeout): those
    made while the replica stops, under way or not, and those made while it is down."""
    name = replica_name(replica.dsn())
    keyed = client(served.urls[0], writer)
    anonymous = [client(url) for url in served.urls]
    event = new_event(keyed, "Before the stop")
    cluster.wait_replayed(replica)
    with Reading(served.urls, writer) as reading:
        replica.stop()
    assert reading.results and set(reading.results) == {200}, reading.results
    try:
        for i in range(served.workers * 4):
            for http in (keyed, *anonymous):
                assert http.get(f"/v1/events/{event['id']}").status_code == 200
                assert http.get("/v1/events", params={"limit": 1 + i}).status_code == 200  # a page not kept
        assert all_ready(served, "degraded")
        for url in served.urls:
            assert metric(url, "dateline_replica_available", name) == 0
    finally:
        replica.start()
    until(lambda: all_ready(served, "ready"), 15, "every worker uses the restarted replica again")
    for url in served.urls:
        assert metric(url, "dateline_replica_available", name) == 1
    for log in served.logs:
        skipped = rf"replica {re.escape(name)} is skipped, reads go to the primary: (?!\S+ s behind)"
        assert re.search(skipped, log.read_text())


class Reading:
    """Threads that read pages (each a new one, so none is kept) through every server, keyed and not,
    until the block ends; `results`: every status, or the name of the error (a timeout, say)."""

    def __init__(self, urls: list[str], key: str) -> None:
        self.clients = [client(url, k) for url in urls for k in (key, None)]
        self.results: list[int | str] = []
        self.done = threading.Event()
        self.threads = [threading.Thread(target=self._read, args=(http,)) for http in self.clients]

    def _read(self, http: httpx.Client) -> None:
        limit = 0
        while not self.done.is_set():
            limit = limit % 200 + 1
            try:
                self.results.append(http.get("/v1/events", params={"limit": limit, "q": "stop"}).status_code)
            except httpx.HTTPError as exc:
                self.results.append(type(exc).__name__)

    def __enter__(self) -> Reading:
        for thread in self.threads:
            thread.start()
        time.sleep(0.5)  # reads under way on the replica's connections
        return self

    def __exit__(self, *_: object) -> None:
        time.sleep(1.0)  # reads while it is gone, before any check has noticed
        self.done.set()
        for thread in self.threads:
            thread.join()


@pytest.mark.parametrize("workers", [1, 2])
def test_reads_are_spread_over_the_replicas(cluster, replica, workers, tmp_path):
    """Two replicas: each serves a good share of the reads (counted by each replica's statistics)."""
    other = cluster.replicas[1] if len(cluster.replicas) > 1 else cluster.add_replica()
    nodes = [replica, other]
    cluster.wait_replayed(replica)

    def served_count(node) -> int:
        return node.sql("SELECT xact_commit FROM pg_stat_database WHERE datname = 'dateline'")

    with serve(cluster, nodes, workers, tmp_path / "server.log") as url:
        until(lambda: ready(url)["status"] == "ready", 10, "both replicas in use")
        before = [served_count(node) for node in nodes]
        reads = 80
        with client(url) as http:
            for i in range(reads):
                assert http.get("/v1/events", params={"limit": 1 + i}).status_code == 200
        # Statistics reach the view within a second or so; each replica's checks add a few.
        until(
            lambda: all(served_count(n) - b >= reads // 4 for n, b in zip(nodes, before, strict=True)),
            10,
            "each replica served at least a quarter of the reads",
        )
