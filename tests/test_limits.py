"""Rate limits (QUALITY 4: 429 with Retry-After; per address and per key, 0 turns one off) and CORS
(QUALITY 16: `*` for public reads without credentials, writes only from configured origins)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.config import load_settings
from service.demo.seed import demo_id
from tests.conftest import app_settings, create_key


def fresh_window() -> None:
    """Limits count in fixed one-minute windows: start well inside one, so a count never straddles two."""
    left = 60 - time.time() % 60
    if left < 8:
        time.sleep(left + 0.2)


def limited_app(db_url: str, **limits: int) -> TestClient:
    return TestClient(create_app(app_settings(db_url, **limits)), base_url="http://testserver.local")


def assert_429(response) -> int:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert (body["status"], body["title"]) == (429, "Too Many Requests")
    retry = response.headers["retry-after"]
    assert retry.isdigit(), retry  # an integer number of seconds
    assert 1 <= int(retry) <= 60
    return int(retry)


def test_anonymous_and_key_limits_are_counted_separately(db_url: str, template_db):
    key = {"Authorization": f"Bearer {template_db.admin_key}"}
    fresh_window()
    with limited_app(db_url, rate_limit_anon=5, rate_limit_key=8) as client:
        assert [client.get("/v1/events").status_code for _ in range(5)] == [200] * 5
        assert_429(client.get("/v1/events"))
        assert_429(client.get(f"/v1/events/{demo_id('event', 'summit')}"))  # every route counts
        assert_429(client.post("/v1/events", json={"title": "x", "date": "2021"}))  # a write too, before auth
        # The key has its own count, untouched by the address's.
        assert [client.get("/v1/events", headers=key).status_code for _ in range(8)] == [200] * 8
        assert_429(client.get("/v1/events", headers=key))
        assert_429(client.get("/v1/events", headers=key))
        # One client, one bucket: another valid key is another client with its own count...
        other = {"Authorization": f"Bearer {create_key(db_url, 'other', 'viewer')}"}
        assert client.get("/v1/events", headers=other).status_code == 200
        # ...but made-up keys buy nothing: 401s, then 429s once the address's budget of unknown keys
        # (the anonymous limit) is spent, so a new key with every request cannot dodge the limit.
        made_up = [
            client.get("/v1/events", headers={"Authorization": f"Bearer dl_made-up-{n}"}) for n in range(8)
        ]
        assert [r.status_code for r in made_up] == [401] * 5 + [429] * 3  # `other`'s look-up was given back
        assert_429(made_up[-1])
        assert_429(client.get("/v1/events"))
        # Health checks are never limited, for anyone.
        for _ in range(20):
            assert client.get("/health/live").status_code == 200
            assert client.get("/health/ready").status_code == 200
            assert client.get("/health/live", headers=key).status_code == 200


def test_zero_turns_a_limit_off(db_url: str, template_db):
    key = {"Authorization": f"Bearer {template_db.admin_key}"}
    fresh_window()
    with limited_app(db_url, rate_limit_anon=0, rate_limit_key=3) as client:
        assert [client.get("/v1/tags").status_code for _ in range(40)] == [200] * 40
        assert [client.get("/v1/tags", headers=key).status_code for _ in range(3)] == [200] * 3
        assert_429(client.get("/v1/tags", headers=key))
    with limited_app(db_url, rate_limit_anon=3, rate_limit_key=0) as client:
        assert [client.get("/v1/tags", headers=key).status_code for _ in range(40)] == [200] * 40
        assert [client.get("/v1/tags").status_code for _ in range(3)] == [200] * 3
        assert_429(client.get("/v1/tags"))


def test_limits_come_from_the_environment_with_the_documented_defaults():
    defaults = load_settings({})
    assert (defaults.rate_limit_anon, defaults.rate_limit_key) == (1200, 6000)
    configured = load_settings({"DATELINE_RATE_LIMIT_ANON": "0", "DATELINE_RATE_LIMIT_KEY": "25"})
    assert (configured.rate_limit_anon, configured.rate_limit_key) == (0, 25)
    with pytest.raises(SystemExit):
        load_settings({"DATELINE_RATE_LIMIT_ANON": "lots"})


# --- CORS ------------------------------------------------------------------------------------------------

WRITE_HEADERS = "authorization, content-type, if-match, idempotency-key"


@pytest.fixture
def cms(db_url: str) -> Iterator[TestClient]:
    """The app with one origin allowed to write from a browser (with a trailing slash, as people type it)."""
    with TestClient(
        create_app(app_settings(db_url, cors_origins="https://cms.example/ , https://desk.example")),
        base_url="http://testserver.local",
    ) as client:
        yield client


def preflight(client: TestClient, path: str, origin: str, method: str, headers: str = WRITE_HEADERS):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def test_public_reads_allow_any_origin_without_credentials(reader: TestClient):
    for path in ("/v1/events", f"/v1/events/{demo_id('event', 'summit')}", "/v1/tags"):
        response = reader.get(path, headers={"Origin": "https://news.example"})
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in response.headers
        exposed = {h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")}
        assert {"etag", "link"} <= exposed
    read = preflight(reader, "/v1/events", "https://news.example", "GET", "if-none-match")
    assert read.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in read.headers
    assert "POST" not in read.headers["access-control-allow-methods"]
    assert "authorization" not in read.headers["access-control-allow-headers"].lower()
    # Without an Origin, nothing CORS is added.
    assert "access-control-allow-origin" not in reader.get("/v1/events").headers


def test_writes_from_an_unconfigured_origin_are_not_allowed(client: TestClient):
    for method, path in (
        ("POST", "/v1/events"),
        ("PATCH", f"/v1/events/{demo_id('event', 'summit')}"),
        ("DELETE", f"/v1/events/{demo_id('event', 'summit')}"),
    ):
        response = preflight(client, path, "https://news.example", method)
        assert response.status_code == 204
        assert "access-control-allow-origin" not in response.headers, method
        assert "access-control-allow-methods" not in response.headers
        assert "access-control-allow-headers" not in response.headers
    # The write itself (a browser would not send it, a script may) carries no CORS grant either.
    written = client.post(
        "/v1/events",
        json={"title": "From a page", "date": "2021"},
        headers={"Origin": "https://news.example"},
    )
    assert written.status_code == 201
    assert "access-control-allow-origin" not in written.headers


def test_a_configured_origin_may_write(cms: TestClient, template_db):
    summit = f"/v1/events/{demo_id('event', 'summit')}"
    response = preflight(cms, summit, "https://cms.example", "PATCH")
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://cms.example"
    assert "origin" in response.headers["vary"].lower()
    assert "PATCH" in {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}
    allowed = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "if-match", "idempotency-key", "content-type"} <= allowed
    assert int(response.headers["access-control-max-age"]) > 0
    assert (
        preflight(cms, "/v1/events", "https://desk.example", "POST").headers["access-control-allow-origin"]
        == "https://desk.example"
    )

    # Only exactly that origin: not another scheme, host or port, nor a look-alike.
    for origin in (
        "http://cms.example",
        "https://cms.example.evil",
        "https://evil.example",
        "https://cms.example:8443",
        "null",
    ):
        assert "access-control-allow-origin" not in preflight(cms, summit, origin, "PATCH").headers, origin

    patched = cms.patch(
        summit,
        json={"importance": 5},
        headers={"Origin": "https://cms.example", "Authorization": f"Bearer {template_db.admin_key}"},
    )
    assert patched.status_code == 200
    assert patched.headers["access-control-allow-origin"] == "https://cms.example"
    assert "etag" in patched.headers["access-control-expose-headers"].lower()
