"""The purger (service/purge/): the outbox's keys reach the edge, in bounded requests, after outages of the
edge and restarts of the service, from exactly one process of a deployment."""

from __future__ import annotations

import http.server
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from service.config import load_settings
from service.demo.seed import demo_id
from service.purge.edge import KEYS_PER_REQUEST, MAX_HEADER_BYTES, chunks, requests_for
from tests.conftest import Template, clean_env, fetch, free_port, start_server
from tests.edge.conftest import Edge, eventually, service, varnish_in_front

SUMMIT = demo_id("event", "summit")
KEY = st.from_regex(r"(ev|tl|src|ent|list)-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", fullmatch=True)


def record(dsn: str, *key_sets: list[str]) -> None:
    """Rows in the outbox, as a committed write leaves them (the insert's trigger sends the NOTIFY)."""
    for keys in key_sets:
        fetch(dsn, "INSERT INTO purge_outbox (keys) VALUES ($1) RETURNING id", keys)


def metric(base: str, name: str) -> float:
    text = httpx.get(base + "/metrics").text
    found = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


# No deadline: on a loaded machine a slow example is no failure (the tests time nothing).
@settings(deadline=None)
@given(st.lists(KEY, max_size=600), st.sampled_from(sorted(KEYS_PER_REQUEST)))
def test_keys_are_sent_in_order_in_bounded_requests(keys: list[str], kind: str) -> None:
    groups = list(chunks(keys, KEYS_PER_REQUEST[kind]))
    assert [k for group in groups for k in group] == keys
    assert all(0 < len(group) <= KEYS_PER_REQUEST[kind] for group in groups)
    assert all(len(" ".join(group)) <= MAX_HEADER_BYTES for group in groups)


@settings(deadline=None)
@given(st.lists(KEY, min_size=1, max_size=300))
def test_each_edge_gets_its_own_request_shape(keys: list[str]) -> None:
    varnish = load_settings({}, purge_url="http://a:6081,http://b:6081/")
    sent = requests_for(varnish, keys)
    assert {(r.method, r.url) for r in sent} == {("PURGE", "http://a:6081"), ("PURGE", "http://b:6081")}
    assert sorted(
        k for r in sent if r.url == "http://a:6081" for k in r.headers["xkey-purge"].split()
    ) == sorted(keys)
    fastly = load_settings(
        {}, purge_url="https://api.fastly.com", purge_kind="fastly", purge_token="t", purge_service="S"
    )
    sent = requests_for(fastly, keys)
    assert {(r.method, r.url, r.headers["Fastly-Key"]) for r in sent} == {
        ("POST", "https://api.fastly.com/service/S/purge", "t")
    }
    assert [k for r in sent for k in r.headers["Surrogate-Key"].split()] == keys
    zone = "https://cf.example/zones/z/purge_cache"
    cloudflare = load_settings({}, purge_url=zone, purge_kind="cloudflare", purge_token="t")
    sent = requests_for(cloudflare, keys)
    assert all(r.headers["Authorization"] == "Bearer t" and len(r.body) < 8000 for r in sent)
    assert [k for r in sent for k in httpx.Response(200, content=r.body).json()["tags"]] == keys


def test_outbox_keys_reach_varnish_within_a_second_and_leave_the_outbox(edge: Edge) -> None:
    families = [
        [["ev-00000000-0000-0000-0000-000000000001"]],
        [
            ["tl-00000000-0000-0000-0000-000000000002", "list-events"],
            ["tl-00000000-0000-0000-0000-000000000002"],
        ],
        [[f"ev-{i:08x}-0000-0000-0000-000000000000" for i in range(400)]],  # several requests' worth
    ]
    for key_sets in families:
        record(edge.dsn, *key_sets)
        assert eventually(lambda: edge.outbox() == 0, seconds=1.0), "the purge took over a second"
        purged = edge.varnish.purged_keys()
        assert {k for keys in key_sets for k in keys} <= set(purged)
    assert metric(edge.service, "dateline_purge_outbox_depth") == 0


class Recorder(http.server.BaseHTTPRequestHandler):
    """An HTTP endpoint that keeps what it is sent and answers the status it is told to."""

    status = 200
    seen: list[tuple[str, str, dict[str, str]]] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server convention
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.command, self.path, dict(self.headers)))
        self.send_response(type(self).status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@contextmanager
def recorder() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Handler", (Recorder,), {"status": 500, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_fastly_shape_retried_until_a_2xx(db_url: str) -> None:
    """An edge that fails is asked again, with backoff, the rows kept; once it answers 2xx they go."""
    keys = ["ev-00000000-0000-0000-0000-00000000000a", "list-events"]
    fetch(db_url, "DELETE FROM purge_outbox RETURNING id")  # what loading the demo data left for an edge
    with (
        recorder() as (url, handler),
        service(
            db_url, free_port(), purge_url=url, purge_kind="fastly", purge_token="secret", purge_service="SVC"
        ) as base,
    ):
        record(db_url, keys)
        assert eventually(lambda: len(handler.seen) >= 3, seconds=10)
        assert fetch(db_url, "SELECT count(*) AS n FROM purge_outbox")[0]["n"] == 1
        assert metric(base, "dateline_purge_failures_total") >= 3
        handler.status = 200
        assert eventually(
            lambda: fetch(db_url, "SELECT count(*) AS n FROM purge_outbox")[0]["n"] == 0, seconds=10
        )
        method, path, headers = handler.seen[-1]
        assert (method, path) == ("POST", "/service/SVC/purge")
        assert headers["Surrogate-Key"].split() == keys and headers["Fastly-Key"] == "secret"


def test_the_purger_catches_up_after_the_edge_was_unreachable(db_url: str, template_db: Template) -> None:
    """Purges the edge could not take wait in the outbox, through a restart of the service, until it can:
    meanwhile the edge serves what it kept; then the write's page is fresh there."""
    port, closed = free_port(), free_port()
    path = "/embed/timelines/xi-putin-summit"
    key = {"Authorization": f"Bearer {template_db.admin_key}"}
    with varnish_in_front(port) as varnish:
        reader = httpx.Client(base_url=varnish.url)
        with service(db_url, port, purge_url=f"http://127.0.0.1:{closed}") as base:
            before = reader.get(path).text
            title = "Summit, as corrected while the edge was unreachable"
            answer = httpx.patch(f"{base}/v1/events/{SUMMIT}", json={"title": title}, headers=key)
            assert answer.status_code == 200, answer.text
            assert eventually(lambda: metric(base, "dateline_purge_failures_total") >= 2, seconds=10)
            assert metric(base, "dateline_purge_outbox_depth") >= 1
            assert metric(base, "dateline_purge_lag_seconds") > 0
            kept = reader.get(path)
            assert kept.headers["x-cache"] == "HIT" and kept.text == before and title not in kept.text
        with service(db_url, port, purge_url=varnish.url):
            assert eventually(
                lambda: fetch(db_url, "SELECT count(*) AS n FROM purge_outbox")[0]["n"] == 0, 10
            )
            assert "tl-xi-putin-summit" in varnish.purged_keys()
            assert title in reader.get(path).text
        reader.close()


def _lock_sessions(dsn: str) -> tuple[int, int]:
    """Purger sessions holding an advisory lock in this database, and those connected in all (the others
    stand by)."""
    row = fetch(
        dsn,
        "SELECT count(*) FILTER (WHERE l.granted) AS holding, count(*) AS connected "
        "FROM pg_stat_activity a "
        "LEFT JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' "
        "WHERE a.datname = current_database() "
        "AND a.application_name = 'dateline-purge'",
    )[0]
    return row["holding"], row["connected"]


def test_one_purger_per_deployment_and_another_takes_over(db_url: str) -> None:
    """Two service processes on one database: one holds the lock and sends every purge once; when it
    dies, the other takes over."""
    port = free_port()
    with varnish_in_front(port) as varnish, ExitStack() as stack:
        env = clean_env(
            DATELINE_DATABASE_URL=db_url, DATELINE_PURGE_URL=varnish.url, DATELINE_PURGE_POLL_SECONDS="0.5"
        )
        processes = {}
        for _ in range(2):
            process = start_server(env, p := free_port())
            stack.callback(_stop, process)
            processes[f"http://127.0.0.1:{p}"] = process

        def holders() -> list[str]:
            return [
                base
                for base in processes
                if processes[base].poll() is None and metric(base, "dateline_purge_holder") == 1
            ]

        assert eventually(lambda: len(holders()) == 1 and _lock_sessions(db_url) == (1, 2), seconds=10)
        keys = [f"ev-{i:08x}-0000-0000-0000-0000000000cc" for i in range(50)]
        record(db_url, *[[k] for k in keys])
        assert eventually(lambda: fetch(db_url, "SELECT count(*) AS n FROM purge_outbox")[0]["n"] == 0, 10)
        purged = varnish.purged_keys()
        assert [purged.count(k) for k in keys] == [1] * 50  # one process sent them, once
        # The holder's connection dies (a network cut, a restart of its backend): PostgreSQL frees the lock
        # with it, and one process holds it again (either: the one that lost it reconnects meanwhile).
        fetch(
            db_url,
            "SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' "
            "AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        )
        assert eventually(lambda: len(holders()) == 1 and _lock_sessions(db_url) == (1, 2), seconds=10)
        record(db_url, ["ev-00000000-0000-0000-0000-0000000000dd"])
        assert eventually(
            lambda: "ev-00000000-0000-0000-0000-0000000000dd" in varnish.purged_keys(), seconds=10
        )
        # The holder's process stops: the other takes over.
        (holder,) = holders()
        _stop(processes[holder])
        assert eventually(lambda: holders() == [b for b in processes if b != holder], seconds=10)
        assert eventually(lambda: _lock_sessions(db_url) == (1, 1), seconds=10)
        record(db_url, ["ev-00000000-0000-0000-0000-0000000000ee"])
        assert eventually(
            lambda: "ev-00000000-0000-0000-0000-0000000000ee" in varnish.purged_keys(), seconds=10
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
