"""RateLimit-Policy and RateLimit (IETF draft-ietf-httpapi-ratelimit-headers) on the real server with
small limits: on every limited response (reads, writes, errors, 304s, HEAD, the 429s themselves), in
the draft's structured-field syntax, counting down in step with the limiter; absent where no limit
applies (health checks, a limit set to 0); declared in the OpenAPI document on every limited response."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import httpx
import pytest

from service.demo.seed import demo_id
from tests.conftest import clean_env, create_key, serving

ANON, KEY = 5, 7
POLICY = re.compile(r'^"(anon|key)";q=(\d+);w=(\d+)$')
STANDING = re.compile(r'^"(anon|key)";r=(\d+);t=(\d+)$')
SUMMIT = f"/v1/events/{demo_id('event', 'summit')}"
DOCUMENT = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
# Requests of every kind a limit counts: (method, path, body).
REQUESTS = [
    ("GET", "/v1/events?limit=1", None), ("GET", SUMMIT, None), ("HEAD", SUMMIT, None),
    ("GET", "/v1/events/00000000-0000-0000-0000-000000000000", None),  # 404
    ("GET", "/v1/events?limit=0", None),  # 400
    ("PATCH", SUMMIT, {"importance": 3}), ("GET", "/schema/openapi.json", None),
    ("GET", "/oembed?url=x", None),
]  # fmt: skip


def fresh_window() -> None:
    """Limits count in fixed one-minute windows: start well inside one, so a count never straddles two."""
    left = 60 - time.time() % 60
    if left < 15:
        time.sleep(left + 0.2)


def fields(response: httpx.Response) -> tuple[str, int, int, int, int]:
    """(policy, q, w, r, t) of a response, each field checked against the draft's syntax."""
    policy, standing = response.headers.get("ratelimit-policy"), response.headers.get("ratelimit")
    assert policy and standing, (response.status_code, dict(response.headers))
    p, s = POLICY.match(policy), STANDING.match(standing)
    assert p and s, (policy, standing)
    assert p[1] == s[1]
    return p[1], int(p[2]), int(p[3]), int(s[2]), int(s[3])


@pytest.fixture
def limited(db_url: str):
    env = clean_env(
        DATELINE_DATABASE_URL=db_url, DATELINE_RATE_LIMIT_ANON=str(ANON), DATELINE_RATE_LIMIT_KEY=str(KEY)
    )
    with serving(env) as base:
        yield base


def test_each_response_says_what_is_left_and_429s_say_none(limited, template_db, db_url):
    fresh_window()
    key = create_key(db_url, "demo", "editor")
    with httpx.Client(base_url=limited) as anon, httpx.Client(base_url=limited) as keyed:
        keyed.headers["Authorization"] = f"Bearer {key}"
        for client, policy, quota in [(anon, "anon", ANON), (keyed, "key", KEY)]:
            seen = []
            for n in range(quota + 3):
                method, path, body = REQUESTS[n % len(REQUESTS)]
                if client is anon and method == "PATCH":
                    method, body = "GET", None
                response = client.request(method, path, json=body)
                name, q, w, r, t = fields(response)
                assert (name, q, w) == (policy, quota, 60)
                assert 1 <= t <= 60
                if n < quota:
                    assert response.status_code != 429, response.text
                    assert r == quota - n - 1
                else:
                    assert response.status_code == 429 and r == 0
                    assert t == int(response.headers["retry-after"])
                seen.append(response.status_code)
            assert seen.count(429) == 3


def test_no_fields_where_no_limit_applies(limited):
    with httpx.Client(base_url=limited) as client:
        for path in ("/health/live", "/health/ready"):
            response = client.get(path)
            assert response.status_code == 200
            assert "ratelimit" not in response.headers and "ratelimit-policy" not in response.headers


def test_a_limit_turned_off_sends_no_fields(db_url, template_db):
    env = clean_env(DATELINE_DATABASE_URL=db_url, DATELINE_RATE_LIMIT_ANON="0", DATELINE_RATE_LIMIT_KEY="3")
    with serving(env) as base, httpx.Client(base_url=base) as client:
        for _ in range(4):
            response = client.get("/v1/events?limit=1")
            assert response.status_code == 200
            assert "ratelimit" not in response.headers and "ratelimit-policy" not in response.headers
        keyed = client.get("/v1/events?limit=1", headers={"Authorization": f"Bearer {template_db.admin_key}"})
        assert fields(keyed)[:2] == ("key", 3)


def test_the_quota_is_the_answering_workers_share(db_url):
    """Two workers: each allows half of the limit (rounded up), and says so; a connection stays on one."""
    fresh_window()
    env = clean_env(DATELINE_DATABASE_URL=db_url, DATELINE_RATE_LIMIT_ANON="5", DATELINE_WORKERS="2")
    with serving(env) as base, httpx.Client(base_url=base) as client:
        answers = [fields(client.get("/v1/events?limit=1")) for _ in range(4)]
    assert {a[:3] for a in answers} == {("anon", 3, 60)}
    assert [a[3] for a in answers] == [2, 1, 0, 0]


def test_the_document_declares_both_fields_on_every_limited_response():
    doc = json.loads(DOCUMENT.read_text())
    assert set(doc["components"]["headers"]) >= {"RateLimit", "RateLimit-Policy"}
    for name in ("RateLimit", "RateLimit-Policy"):
        assert doc["components"]["headers"][name]["required"] is False
    checked = 0
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                declared = response.get("headers", {})
                if path.startswith("/health/"):
                    assert "RateLimit" not in declared, (path, status)
                    continue
                for name in ("RateLimit", "RateLimit-Policy"):
                    where = (path, method, status)
                    assert declared.get(name) == {"$ref": f"#/components/headers/{name}"}, where
                checked += 1
    assert checked > 100
