"""The request log of a real server (granian, `dateline serve`): one line per request with its request
id, route template, status, duration, cache result, database, caller and client; JSON lines with
DATELINE_LOG_FORMAT=json, every line of the server's in one format; the key never written. And the
request id: a trusted proxy's when it is safe, else a new one, on every response."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from service.credentials import key_hash
from tests.conftest import clean_env, fetch
from tests.ops.conftest import from_address, logged_server

PROXY, CLIENT = "127.0.0.2", "127.0.0.3"
UUID7 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) +[\w.]+: ")


def server_env(db_url: str, **extra: str) -> dict[str, str]:
    return clean_env(
        DATELINE_DATABASE_URL=db_url,
        DATELINE_RATE_LIMIT_ANON="0",
        DATELINE_RATE_LIMIT_KEY="0",
        DATELINE_TRUSTED_PROXIES=PROXY,
        **extra,
    )


@pytest.fixture(scope="module")
def json_server(pg_server, template_db):
    """One server with JSON logs on its own copy of the demo database; its requests are made once."""
    name = f"dateline_log_{uuid.uuid4().hex[:10]}"
    dsn = pg_server.create(name, template=template_db)
    try:
        with logged_server(server_env(dsn, DATELINE_LOG_FORMAT="json")) as served:
            yield dsn, *served
    finally:
        pg_server.drop(name)


def test_each_request_is_one_json_line_with_its_route_cache_database_and_caller(json_server, template_db):
    dsn, base, _, output = json_server
    key = template_db.admin_key
    auth = {"Authorization": f"Bearer {key}"}
    with from_address(CLIENT) as client:
        event_id = client.get(f"{base}/v1/events", params={"limit": 1}).json()["items"][0]["id"]
        url = f"{base}/v1/events/{event_id}"
        first = client.get(url)
        cases = [  # (response, status, route, cache, database, keyed)
            (first, 200, "/v1/events/{event_id}", "miss", "primary", False),
            (client.get(url), 200, "/v1/events/{event_id}", "hit", "none", False),
            (
                client.get(url, headers={"If-None-Match": first.headers["etag"]}),
                304,
                "/v1/events/{event_id}",
                "hit",
                "none",
                False,
            ),
            (client.head(url), 200, "/v1/events/{event_id}", None, None, False),
            (client.get(url, headers=auth), 200, "/v1/events/{event_id}", "bypass", "primary", True),
            (client.get(f"{base}/no/such/path"), 404, "unmatched", "bypass", "none", False),
            (
                client.post(
                    f"{base}/v1/events",
                    headers={**auth, "Content-Type": "application/json"},
                    content=b"{not json",
                ),
                400,
                "/v1/events",
                "bypass",
                None,
                True,
            ),
            (client.get(f"{base}/v1/events", params={"limit": "x"}), 400, "/v1/events", "miss", None, False),
        ]
    lines = output.wait_for(cases[-1][0].headers["x-request-id"])
    records = [json.loads(line) for line in lines if line.strip()]  # every line is JSON, granian's too
    assert {"granian", "dateline.access"} <= {r["logger"] for r in records}
    for record in records:
        assert {"time", "level", "logger", "message"} <= set(record)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record["time"])
    access = {r["request_id"]: r for r in records if r["logger"] == "dateline.access"}
    key_id = str(fetch(dsn, "SELECT id FROM api_keys WHERE hash = $1", key_hash(key))[0]["id"])
    for response, status, route, cache, database, keyed in cases:
        rid = response.headers["x-request-id"]
        assert UUID7.fullmatch(rid), rid
        line = access[rid]
        assert (line["method"], line["route"], line["status"]) == (response.request.method, route, status)
        assert response.status_code == status
        assert cache is None or line["cache"] == cache, line
        assert database is None or line["database"] == database, line
        assert line["client"] == CLIENT
        assert (line["newsroom"], line["key_id"]) == (("demo", key_id) if keyed else (None, None))
        assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0
        assert event_id not in line["route"] and event_id not in line["message"]
    assert len({r.headers["x-request-id"] for r, *_ in cases}) == len(cases)
    assert key not in "\n".join(lines) and key_hash(key).hex() not in "\n".join(lines)


def test_a_trusted_proxy_names_the_client_and_the_request_id_in_the_log(json_server):
    _, base, _, output = json_server
    with from_address(PROXY) as proxy, from_address(CLIENT) as client:
        forwarded = {"X-Forwarded-For": "198.51.100.7", "X-Request-Id": "edge-7f3a.91:b/c+d=e@f"}
        through = proxy.get(f"{base}/v1/tags", headers=forwarded)
        spoofed = client.get(f"{base}/v1/tags", headers=forwarded)
    assert through.headers["x-request-id"] == "edge-7f3a.91:b/c+d=e@f"
    assert UUID7.fullmatch(spoofed.headers["x-request-id"])
    lines = output.wait_for(spoofed.headers["x-request-id"])
    access = {r["request_id"]: r for r in map(json.loads, lines) if r["logger"] == "dateline.access"}
    assert access["edge-7f3a.91:b/c+d=e@f"]["client"] == "198.51.100.7"
    assert access[spoofed.headers["x-request-id"]]["client"] == CLIENT


SAFE_IDS = ["a", "A" * 128, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "req_01HZX.9:abc/def+ghi=", "x@y"]
UNSAFE_IDS = [b"", b"A" * 129, b"has space", b"<script>", b"a;b", b"x,y", b"\xff\xfe", b"tab\there", b'"q"']


@pytest.mark.parametrize("sent", SAFE_IDS)
def test_a_safe_request_id_from_a_trusted_proxy_is_kept(json_server, sent):
    _, base, _, _ = json_server
    with from_address(PROXY) as proxy, from_address(CLIENT) as client:
        assert proxy.get(f"{base}/v1/tags", headers={"X-Request-Id": sent}).headers["x-request-id"] == sent
        spoofed = client.get(f"{base}/v1/tags", headers={"X-Request-Id": sent})
        assert UUID7.fullmatch(spoofed.headers["x-request-id"])


@pytest.mark.parametrize("sent", UNSAFE_IDS)
def test_an_unsafe_request_id_is_replaced_even_from_a_trusted_proxy(json_server, sent):
    _, base, _, _ = json_server
    with from_address(PROXY) as proxy:
        response = proxy.get(f"{base}/v1/tags", headers=[(b"X-Request-Id", sent)])
    assert response.status_code == 200
    assert UUID7.fullmatch(response.headers["x-request-id"])


def test_two_request_ids_from_a_trusted_proxy_are_replaced(json_server):
    _, base, _, _ = json_server
    with from_address(PROXY) as proxy:
        twice = [(b"X-Request-Id", b"one"), (b"X-Request-Id", b"two")]
        response = proxy.get(f"{base}/v1/tags", headers=twice)
    assert UUID7.fullmatch(response.headers["x-request-id"])


def test_the_text_log_reads_in_one_format_for_the_server_and_the_app(db_url):
    with logged_server(server_env(db_url)) as (base, _, output), from_address(CLIENT) as client:
        rid = client.get(f"{base}/v1/tags").headers["x-request-id"]
        lines = output.wait_for(rid)
    assert lines and not [line for line in lines if not TEXT_LINE.match(line)]
    mine = [line for line in lines if rid in line]
    assert len(mine) == 1 and " dateline.access: GET /v1/tags 200 " in mine[0]
    assert f"client={CLIENT}" in mine[0] and "cache=miss" in mine[0]
    assert any(" granian: " in line for line in lines)
