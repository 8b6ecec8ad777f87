"""Absolute URLs (Link headers, the embed and its oEmbed, exports) start with the address the client
used: DATELINE_PUBLIC_URL when set; else the scheme and host a trusted proxy forwards (X-Forwarded-Proto
and -Host, or Forwarded's proto and host); else the request's own. A peer that is not a trusted proxy
cannot choose the host the links name, and the response cache never gives one origin's links to
another. Real servers, with clients on several 127.0.0.x addresses."""

from __future__ import annotations

import re
import uuid
from urllib.parse import quote

import pytest

from service.config import load_settings
from service.proxies import base_url, forwarded_origin
from tests.ops.conftest import from_address, logged_server
from tests.ops.test_request_log import CLIENT, PROXY, server_env


@pytest.fixture(scope="module")
def served(pg_server, template_db):
    name = f"dateline_fwd_{uuid.uuid4().hex[:10]}"
    dsn = pg_server.create(name, template=template_db)
    try:
        with logged_server(server_env(dsn)) as (base, _, _):
            with from_address(CLIENT) as client:
                slug = client.get(f"{base}/v1/timelines").json()["items"][0]["slug"]
            yield base, slug
    finally:
        pg_server.drop(name)


def link_origin(response) -> str:
    match = re.match(r"<(https?://[^/>]+)/", response.headers["link"])
    assert match is not None, response.headers.get("link")
    return match.group(1)


def origins(base: str, slug: str, address: str, headers: dict[str, str]) -> set[str]:
    """The origins the absolute URLs of a page's Link, the embed, its oEmbed and an export start with
    (each of the four names at least one)."""
    with from_address(address) as client:
        link = {link_origin(client.get(f"{base}/v1/events", params={"limit": 1}, headers=headers))}
        embed = client.get(f"{base}/embed/timelines/{slug}", headers=headers).text
        page = f"https://anywhere.example/embed/timelines/{slug}"
        oembed = client.get(f"{base}/oembed?url={quote(page, safe='')}", headers=headers).json()
        export = client.get(f"{base}/v1/timelines/{slug}/export/jsonld", headers=headers).json()
    each = [
        link,
        set(re.findall(r'(https?://[^/"\s]+)/oembed\?url=', embed)),
        set(re.findall(r'src="(https?://[^/"]+)/embed/', oembed["html"])),
        set(re.findall(r"(https?://[^/\"']+)/v1/timelines/", str(export))),
    ]
    assert all(each), each
    return set().union(*each)


FORWARDS = [  # (what the proxy sends, the origin the links name)
    ({"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example"}, "https://news.example"),
    ({"X-Forwarded-Proto": "https", "X-Forwarded-Host": "news.example:8443"}, "https://news.example:8443"),
    ({"Forwarded": 'for=198.51.100.7;proto=https;host="news.example"'}, "https://news.example"),
    (
        {"Forwarded": "for=203.0.113.1;host=evil.example, for=198.51.100.7;proto=https;host=news.example"},
        "https://news.example",
    ),
    (
        {"X-Forwarded-Host": "evil.example, news.example", "X-Forwarded-Proto": "http, https"},
        "https://news.example",
    ),
]


@pytest.mark.parametrize(("headers", "origin"), FORWARDS)
def test_a_trusted_proxy_names_the_scheme_and_host_of_every_absolute_url(served, headers, origin):
    base, slug = served
    assert origins(base, slug, PROXY, headers) == {origin}


@pytest.mark.parametrize(("headers", "_"), FORWARDS)
def test_anyone_else_gets_the_requests_own_scheme_and_host(served, headers, _):
    base, slug = served
    assert origins(base, slug, CLIENT, headers) == {base}


BAD = [
    {"X-Forwarded-Proto": "javascript"},
    {"X-Forwarded-Host": "evil.example/path"},
    {"X-Forwarded-Host": "news.example:99999"},
    {"X-Forwarded-Host": "<b>"},
    {"Forwarded": "proto=gopher;host=a b"},
]


@pytest.mark.parametrize("headers", BAD)
def test_a_scheme_or_host_no_url_can_be_built_on_is_ignored(served, headers):
    base, slug = served
    assert origins(base, slug, PROXY, headers) == {base}


def test_the_cache_keeps_each_origins_links_apart(served):
    base, _ = served
    url = f"{base}/v1/events?limit=2"
    with from_address(PROXY) as proxy:
        for _ in range(3):  # the second and third of each are answers from the response cache
            for host in ("a.example", "b.example"):
                response = proxy.get(url, headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": host})
                assert link_origin(response) == f"https://{host}"


def test_a_public_url_wins_over_forwarded_headers(db_url):
    env = server_env(db_url, DATELINE_PUBLIC_URL="https://timelines.example.org/")
    with logged_server(env) as (base, _, _), from_address(PROXY) as proxy:
        forwarded = {"X-Forwarded-Proto": "http", "X-Forwarded-Host": "other.example"}
        response = proxy.get(f"{base}/v1/events", params={"limit": 1}, headers=forwarded)
    assert link_origin(response) == "https://timelines.example.org"


# --- proxies.forwarded_origin, case by case ----------------------------------------------------------


def scope(peer: str, trusted: str, headers: list[tuple[str, str]], host: str = "api.internal:8000") -> dict:
    class App:
        class state:  # noqa: N801
            settings = load_settings({"DATELINE_TRUSTED_PROXIES": trusted})

    pairs = [(b"host", host.encode())] + [(k.lower().encode(), v.encode("latin-1")) for k, v in headers]
    return {"type": "http", "scheme": "http", "client": (peer, 4000), "headers": pairs, "app": App}


ORIGINS = [  # (headers from the trusted proxy 10.0.0.5, the base URL)
    ([], "http://api.internal:8000"),
    ([("X-Forwarded-Proto", "https")], "https://api.internal:8000"),
    ([("X-Forwarded-Proto", "HTTPS")], "https://api.internal:8000"),
    ([("X-Forwarded-Host", "news.example")], "http://news.example"),
    (
        [("X-Forwarded-Host", "[2001:db8::1]:443"), ("X-Forwarded-Proto", "https")],
        "https://[2001:db8::1]:443",
    ),
    ([("X-Forwarded-Proto", "https"), ("X-Forwarded-Proto", "http")], "http://api.internal:8000"),  # the last
    ([("Forwarded", "proto=https")], "https://api.internal:8000"),
    ([("Forwarded", 'host="news.example:81"')], "http://news.example:81"),
    ([("Forwarded", "host=a.example"), ("X-Forwarded-Host", "b.example")], "http://b.example"),
    ([("X-Forwarded-Host", "[zz::1]")], "http://api.internal:8000"),
    ([("X-Forwarded-Host", "")], "http://api.internal:8000"),
    ([("X-Forwarded-Host", "news.example"), ("X-Forwarded-Proto", "ftp")], "http://news.example"),
]


@pytest.mark.parametrize(("headers", "expected"), ORIGINS)
def test_forwarded_origin_from_a_trusted_proxy(headers, expected):
    assert base_url(scope("10.0.0.5", "10.0.0.0/8", headers)) == expected


@pytest.mark.parametrize(("headers", "_"), ORIGINS)
@pytest.mark.parametrize(
    ("peer", "trusted"), [("10.0.0.5", ""), ("192.0.2.9", "10.0.0.0/8"), ("::1", "127.0.0.1")]
)
def test_forwarded_origin_is_ignored_from_anyone_else(headers, _, peer, trusted):
    assert forwarded_origin(scope(peer, trusted, headers)) is None
    assert base_url(scope(peer, trusted, headers)) == "http://api.internal:8000"
