"""Requests the service cannot take apart: JSON nested too deeply, a search PostgreSQL cannot parse, a
Host header no URL can be built on. Each is a 4xx problem that changes nothing, never a 500."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.demo.seed import demo_id
from tests.conftest import clean_env, create_key
from tests.helpers import problem
from tests.test_bad_input import snapshot

SUMMIT = str(demo_id("event", "summit"))
ABC = str(demo_id("source", "abc-ioc"))
XI = str(demo_id("entity", "xi"))
DEPTHS = [1_000, 5_000, 100_000]


def _nested(depth: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    if kind == "object":
        return b'{"a":' * depth + b"1" + b"}" * depth
    # a valid body whose one field nests deeply
    return b'{"title": "x", "date": "2021", "summary": ' + b"[" * depth + b"]" * depth + b"}"


DEEP_WRITES = [
    ("POST", "/v1/events"),
    ("PATCH", f"/v1/events/{SUMMIT}"),
    ("POST", f"/v1/events/{SUMMIT}/citations"),
    ("POST", "/v1/sources"),
    ("PATCH", f"/v1/sources/{ABC}"),
    ("POST", "/v1/entities"),
    ("PATCH", f"/v1/entities/{XI}"),
    ("POST", "/v1/timelines"),
    ("PATCH", "/v1/timelines/xi-putin-summit"),
    ("POST", "/v1/keys"),
]


@pytest.fixture(scope="module")
def other(shared) -> str:
    return create_key(shared.dsn, "rival", "admin")


@pytest.mark.parametrize(("method", "path"), DEEP_WRITES, ids=[f"{m} {p}" for m, p in DEEP_WRITES])
def test_json_nested_too_deeply_is_a_400_on_every_write(shared, other, method, path):
    before = snapshot(shared.dsn)
    for depth in DEPTHS:
        for kind in ("array", "object", "field"):
            body = _nested(depth, kind)
            response = shared.client.request(
                method, path, content=body, headers={"content-type": "application/json"}
            )
            problem(response, 400)
            for auth in ("", f"Bearer {other}"):
                response = shared.client.request(
                    method,
                    path,
                    content=body,
                    headers={"content-type": "application/json", "authorization": auth},
                )
                assert 400 <= response.status_code < 500, response.text
    assert snapshot(shared.dsn) == before


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-ndjson", "application/octet-stream"]
)
def test_json_nested_too_deeply_is_a_4xx_on_import(shared, content_type):
    before = snapshot(shared.dsn)
    for depth in DEPTHS:
        for kind in ("array", "object", "field"):
            response = shared.client.post(
                "/v1/import", content=_nested(depth, kind) + b"\n", headers={"content-type": content_type}
            )
            assert response.status_code in (400, 422), response.text
            problem(response, response.status_code)
            if kind != "array" or content_type != "application/octet-stream":  # `[[[` is read as CSV
                assert "nested too deeply" in response.text
    assert snapshot(shared.dsn) == before


@pytest.mark.parametrize("suffix", [".json", ".ndjson"])
def test_the_import_command_says_a_file_is_nested_too_deeply(db_url, tmp_path: Path, suffix):
    before = snapshot(db_url)
    path = tmp_path / f"deep{suffix}"
    path.write_bytes(_nested(5_000, "object") + b"\n")
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "import", str(path), "--newsroom", "cli-room"],
        env=clean_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "nested too deeply" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(db_url) == before


# --- searches the database cannot run ----------------------------------------------------------------

QUERIES = [
    "-" * 33,
    "-" * 199,
    "- " * 40 + "x",
    "-!" * 40 + "x",
    "-(" * 40 + "x",
    "-&" * 40 + "x",
    "-|" * 40 + "x",
    "or " * 60,
    "x or " * 40,
    '"' * 200,
    '"x -' * 50,
    "(" * 100 + "x" + ")" * 99,
    "x" * 200,
    "!" * 100 + "x",
    "x & " * 50,
    "x:* " * 50,
    "x <-> " * 33,
    "ж-" * 100,
    "\\" * 200,
    "%_" * 100,
    "'" * 200,
]
SEARCHES = [
    "/v1/events",
    "/v1/events?updated_since=2000-01-01T00:00:00Z",
    "/v1/timelines/xi-putin-summit/events",
    "/v1/tags",
    "/v1/sources",
    "/v1/entities",
]


@pytest.mark.parametrize("path", SEARCHES)
def test_any_search_is_an_answer_or_a_400_never_a_500(reader, path):
    wrong = []
    for q in QUERIES:
        response = reader.get(path, params={"q": q})
        if response.status_code == 400:
            body = problem(response, 400, "q")
            assert "search" in body["detail"]
        elif response.status_code != 200:
            wrong.append((q[:20], response.status_code, response.text[:200]))
    assert not wrong, wrong


@pytest.mark.parametrize("q", ["-" * 33, "- " * 40 + "x", "-!" * 40 + "x"])
def test_a_search_the_database_cannot_parse_is_a_400_naming_q(shared, other, q):
    """Anonymous, another newsroom's key and the own key alike."""
    for auth in ("", f"Bearer {other}", shared.client.headers["authorization"]):
        for path in ("/v1/events", "/v1/timelines/xi-putin-summit/events", "/v1/tags", "/v1/sources"):
            problem(shared.client.get(path, params={"q": q}, headers={"authorization": auth}), 400, "q")


def test_a_saved_search_the_database_cannot_parse_changes_nothing(shared):
    before = snapshot(shared.dsn)
    body = {"slug": "dashes", "title": "Dashes", "filter": {"q": "-" * 33}, "status": "published"}
    response = shared.client.post("/v1/timelines", json=body)
    problem(response, 422, "filter.q")
    response = shared.client.patch("/v1/timelines/xi-putin-summit", json={"filter": {"q": "-" * 33}})
    problem(response, 422, "filter.q")
    assert snapshot(shared.dsn) == before


# --- Host headers no URL can be built on ---------------------------------------------------------------

BAD_HOSTS = [
    b"a:99999",
    b"a:65536",
    b"a:-1",
    b"a:x",
    b"a:1:2",
    b"",
    b"[::1",
    b"::1]",
    b"[::1]x",
    b"[zz::1]",
    b"[::1]:99999",
    "ä.example".encode(),
    b"\xff\xfe",
    b"a" * 5_000,
    b"a b",
    b"a/b",
    b"a@b:1\\",
]
GOOD_HOSTS = [b"testserver.local", b"localhost:8000", b"127.0.0.1", b"[::1]:8000", b"[2001:db8::1]", b"a:"]
HOST_PATHS = [
    "/v1/events?limit=1",
    "/v1/timelines/xi-putin-summit/export/atom",
    "/v1/timelines/xi-putin-summit/export/ics",
    "/embed/timelines/xi-putin-summit",
    "/oembed?url=http://x/embed/timelines/xi-putin-summit",
    "/health/live",
]


@pytest.mark.parametrize("path", HOST_PATHS)
def test_a_host_header_no_url_can_be_built_on_is_a_400(reader, path):
    wrong = []
    for host in BAD_HOSTS:
        response = reader.get(path, headers=[(b"host", host)])
        if response.status_code != 400:
            wrong.append((host[:20], response.status_code, response.text[:100]))
            continue
        problem(response, 400)
    assert not wrong, wrong
    for host in GOOD_HOSTS:
        response = reader.get(path, headers=[(b"host", host)])
        assert response.status_code == 200, (host, response.text[:200])


def test_a_bad_host_on_a_write_changes_nothing(shared):
    before = snapshot(shared.dsn)
    for host in BAD_HOSTS:
        response = shared.client.post(
            "/v1/events", json={"title": "T", "date": "2021"}, headers=[(b"host", host)]
        )
        assert response.status_code == 400, (host, response.text)
    assert snapshot(shared.dsn) == before
