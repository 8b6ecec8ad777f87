"""HEAD: wherever the API answers GET it answers HEAD, with the GET's status and headers and no body."""

from __future__ import annotations

import http.client
import json
import urllib.parse
import uuid

import pytest

from service.demo.seed import demo_id

SUMMIT = demo_id("event", "summit")
GETS = [
    f"/v1/events/{SUMMIT}",
    "/v1/events?tag=diplomacy&limit=2",
    "/v1/timelines/xi-putin-summit/events",
    "/v1/timelines/xi-putin-summit/export/timelinejs",
    "/embed/timelines/xi-putin-summit",
    "/v1/tags",
    "/schema/openapi.json",
    "/health/ready",
]
# Headers that may differ between two answers a moment apart.
VOLATILE = {"date", "x-request-id", "ratelimit-remaining", "ratelimit-reset", "ratelimit", "age"}


def comparable(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower() not in VOLATILE}


@pytest.mark.parametrize("path", GETS)
def test_head_gives_the_gets_status_and_headers_without_a_body(anon, path):
    got = anon.get(path)
    assert got.status_code == 200, got.text
    assert got.content
    head = anon.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert comparable(head.headers) == comparable(got.headers)
    if "content-length" in got.headers:  # a streamed export has none, and its HEAD neither
        assert int(head.headers["content-length"]) == len(got.content)


@pytest.mark.parametrize("path", GETS[:5])
def test_a_head_first_leaves_the_get_after_it_whole(anon, path):
    """The response cache stores what the GET behind a HEAD made, never the empty body sent."""
    head = anon.head(path)
    assert head.status_code == 200
    assert head.content == b""
    first = anon.get(path)
    again = anon.get(path)
    assert first.status_code == again.status_code == 200
    assert first.content
    assert head.headers.get("content-length") == first.headers.get("content-length")
    assert again.content == first.content
    assert head.headers["etag"] == first.headers["etag"]


def test_head_with_the_current_etag_is_304(anon):
    etag = anon.get(f"/v1/events/{SUMMIT}").headers["etag"]
    head = anon.head(f"/v1/events/{SUMMIT}", headers={"If-None-Match": etag})
    assert head.status_code == 304
    assert head.content == b""
    assert head.headers["etag"] == etag


def test_head_of_a_missing_event_is_the_gets_404(anon):
    path = f"/v1/events/{uuid.uuid4()}"
    got = anon.get(path)
    head = anon.head(path)
    assert got.status_code == head.status_code == 404
    assert head.headers["content-type"] == got.headers["content-type"] == "application/problem+json"
    assert head.content == b""


def test_head_of_a_malformed_query_is_the_gets_400(anon):
    head = anon.head("/v1/events?limit=0")
    assert head.status_code == anon.get("/v1/events?limit=0").status_code == 400
    assert head.content == b""


def test_head_of_a_draft_needs_the_key_its_get_needs(client, anon):
    created = client.post("/v1/events", json={"title": "A draft", "date": "2021-12-15", "status": "draft"})
    assert created.status_code == 201, created.text
    path = f"/v1/events/{created.json()['id']}"
    assert anon.head(path).status_code == anon.get(path).status_code == 404
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == client.get(path).headers["etag"]


def test_head_where_there_is_no_get_is_405_listing_what_is_allowed(anon):
    head = anon.head("/v1/import")
    assert head.status_code == 405
    assert head.content == b""
    assert "GET" not in head.headers["allow"] and "HEAD" not in head.headers["allow"]
    assert "POST" in head.headers["allow"]


def test_a_405_on_a_read_path_lists_head_beside_get(anon):
    response = anon.put(f"/v1/events/{SUMMIT}", json={})
    assert response.status_code == 405
    allowed = [m.strip() for m in response.headers["allow"].split(",")]
    assert "GET" in allowed and "HEAD" in allowed


def test_the_real_server_answers_head_and_keeps_the_connection(live_server):
    """Through granian, on one keep-alive connection: a HEAD, then a GET whose body is whole."""
    url = urllib.parse.urlsplit(live_server)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        conn.request("HEAD", f"/v1/events/{SUMMIT}")
        head = conn.getresponse()
        assert head.status == 200
        assert head.read() == b""
        length = int(head.getheader("content-length"))
        conn.request("GET", f"/v1/events/{SUMMIT}")
        got = conn.getresponse()
        body = got.read()
        assert got.status == 200
        assert len(body) == length
        assert json.loads(body)["id"] == str(SUMMIT)
        assert got.getheader("etag") == head.getheader("etag")
    finally:
        conn.close()
