"""Headers every response carries (issue 18, class 11): `Vary: Authorization` (a key can change any
answer, so no shared cache may hand one caller's answer to another) and `X-Content-Type-Options:
nosniff`. Checked over every GET of the OpenAPI document for an anonymous caller, a key of the
newsroom and another newsroom's key, as 200s, 304s, HEADs and response-cache hits; over errors made
by the app, its routing, its middleware (the limiter's 429, the NUL guard's 400) and a request the
app fails on before it answers (a problem document, not the server's plain text)."""

from __future__ import annotations

import socket

import httpx
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings, clean_env, create_key, serving
from tests.test_every_get_has_an_etag import GETS, concrete
from tests.test_limits import fresh_window

KEY_ONLY = ("/v1/keys",)  # admin-only reads: anonymous and other callers get their 401/403/404


def check(response: httpx.Response, what: str) -> None:
    vary = {v.strip().lower() for v in response.headers.get_list("vary") for v in v.split(",")}
    assert "authorization" in vary, f"{what}: no Vary: Authorization ({response.headers.get('vary')})"
    assert response.headers.get_list("x-content-type-options") == ["nosniff"], what


@pytest.fixture(scope="module")
def other_key(shared) -> str:
    return create_key(shared.dsn, "other", "admin")


@pytest.mark.parametrize("path", GETS)
@pytest.mark.parametrize("caller", ["anonymous", "own key", "other newsroom"])
def test_every_get_says_vary_and_nosniff(shared, reader, other_key, path, caller):
    url = concrete(shared.client, path)
    client = reader if caller == "anonymous" else shared.client  # the demo admin key by default
    headers = {"Authorization": f"Bearer {other_key}"} if caller == "other newsroom" else {}
    first = client.get(url, headers=headers)
    check(first, f"GET {path} as {caller}: {first.status_code}")
    again = client.get(url, headers=headers)  # anonymous: a response-cache hit
    check(again, f"GET {path} again as {caller}")
    head = client.head(url, headers=headers)
    check(head, f"HEAD {path} as {caller}")
    if first.status_code == 200 and "etag" in first.headers:
        cond = client.get(url, headers={**headers, "If-None-Match": first.headers["etag"]})
        if path != "/metrics":
            assert cond.status_code == 304, f"GET {path}: {cond.status_code}"
        check(cond, f"304 of {path} as {caller}")


SUMMIT = demo_id("event", "summit")
ERRORS = [
    ("GET", "/v1/events/00000000-0000-0000-0000-000000000000", None, {}),  # 404 from a handler
    ("GET", "/v1/no-such-thing", None, {}),  # 404 from the router
    ("GET", "/v1/events?limit=0", None, {}),  # 400 from parameter checks
    ("GET", "/v1/events?q=%00", None, {}),  # 400 from the NUL guard (middleware)
    ("GET", "/v1/events", None, {"Authorization": "Bearer dl_unknown"}),  # 401
    ("GET", "/v1/events", None, {"Authorization": "Basic eDp5"}),  # 401, malformed
    ("GET", "/v1/keys", None, {}),  # 401, a key needed
    ("PUT", f"/v1/events/{SUMMIT}", {}, {}),  # 405
    ("POST", "/v1/events", {"title": 1}, {"Authorization": "KEY"}),  # 422 with a key / 401
    ("POST", "/v1/events", None, {"Authorization": "KEY", "Content-Type": "text/plain"}),  # 415
    ("PATCH", f"/v1/events/{SUMMIT}", {"title": "x"}, {"Authorization": "KEY", "If-Match": '"0-x"'}),  # 412
    ("GET", "/v1/events?cursor=garbage", None, {}),  # 400 bad cursor
]


@pytest.mark.parametrize(("method", "path", "body", "headers"), ERRORS)
def test_errors_say_vary_and_nosniff(shared, reader, method, path, body, headers):
    client = reader
    if headers.get("Authorization") == "KEY":
        client, headers = shared.client, {k: v for k, v in headers.items() if k != "Authorization"}
    response = client.request(method, path, json=body, headers=headers)
    assert response.status_code >= 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    check(response, f"{method} {path}: {response.status_code}")


def test_writes_and_the_limiters_429_say_nosniff_too(db_url, template_db):
    key = {"Authorization": f"Bearer {template_db.admin_key}"}
    fresh_window()
    with TestClient(
        create_app(app_settings(db_url, rate_limit_anon=2, rate_limit_key=3)),
        base_url="http://testserver.local",
    ) as client:
        made = client.post("/v1/events", json={"title": "Headers", "date": "2021"}, headers=key)
        assert made.status_code == 201
        check(made, "201")
        gone = client.delete(made.headers["location"], headers=key)
        assert gone.status_code == 204
        check(gone, "204")
        answers = [client.get("/v1/tags") for _ in range(4)]
        answers += [client.get("/v1/tags", headers=key) for _ in range(2)]  # the key's third and fourth
        assert [a.status_code for a in answers] == [200, 200, 429, 429, 200, 429]
        for answer in answers:
            check(answer, f"{answer.status_code} of the limiter")
        # CORS's own Vary keeps its Origin and gains Authorization in the same list.
        write = client.post("/v1/events", json={}, headers={**key, "Origin": "https://x.example"})
        check(write, "a write with an Origin")


def raw(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        out = b""
        while chunk := sock.recv(65536):
            out += chunk
    return out


def test_a_request_the_app_fails_on_is_a_problem_with_the_headers(db_url):
    """`Host: a:99999` once escaped the app (a 500 in plain text from the server). Whatever it is answered
    with now, it is a problem document with the headers; as are the server's 404s and the schema."""
    with serving(clean_env(DATELINE_DATABASE_URL=db_url)) as base:
        for host in (b"a:99999", b"a:-1", b"[::1", b"a:b:c"):
            answer = raw(base, b"GET /v1/tags HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
            head, _, body = answer.partition(b"\r\n\r\n")
            lines = head.lower().split(b"\r\n")
            status = int(lines[0].split()[1])
            assert status in (200, 400, 500), lines[0]
            if status != 200:
                assert b"content-type: application/problem+json" in lines, (host, answer)
                assert body.startswith(b"{"), answer
            assert b"x-content-type-options: nosniff" in lines, (host, answer)
            assert b"vary: authorization" in lines, (host, answer)
        for path in (
            "/schema/openapi.json",
            "/embed/timelines/xi-putin-summit",
            "/v1/timelines/xi-putin-summit/export/ics",
            "/health/live",
        ):
            check(httpx.get(base + path), path)
