"""Rate-limit identity (issue 18, class 7): one client, one bucket. A valid key counts against its own
id however the header spells it and wherever it comes from; anything else (no header, a blank one,
a malformed one, a made-up key) against the client address, and never buys a bigger bucket. The
address is the peer's, or, only when the peer is a trusted proxy, the rightmost untrusted hop of
X-Forwarded-For / Forwarded. Live-server cases come from different loopback addresses."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from litestar.testing import TestClient

from service.app import create_app
from tests.conftest import app_settings, clean_env, serving
from tests.test_limits import assert_429, fresh_window

SPELLINGS = ["Bearer {k}", "bearer {k}", "BEARER {k}", "bEaReR {k}", "Bearer  {k}", "BEARER   {k}",
             "Bearer\t{k}", "bearer \t {k}", "Bearer {k} ", "\tBearer {k}"]  # fmt: skip
BLANK = ["", " ", "\t", "  \t  "]
MALFORMED = ["Bearer", "Bearer ", "bEaReR x", "BEARER  key", "Basic dXNlcjpwYXNz", "Token dl_abc", "dl_abc",
             "Bearer dl_abc extra", "Bearerdl_abc", "Bearer\x0bdl_abc", "Bearer dl_",
             "Bearer dl_" + "x" * 300, "Bearer dl_ab\xe9", "Bearer, Bearer dl_abc"]  # fmt: skip


def limited(db_url: str, anon: int, key: int) -> TestClient:
    return TestClient(
        create_app(app_settings(db_url, rate_limit_anon=anon, rate_limit_key=key)),
        base_url="http://testserver.local",
    )


def test_every_spelling_of_a_key_is_the_same_bucket(db_url, template_db):
    fresh_window()
    spelt = [{"Authorization": spelling.format(k=template_db.admin_key)} for spelling in SPELLINGS]
    with limited(db_url, anon=3, key=len(SPELLINGS)) as client:
        for spelling, headers in zip(SPELLINGS, spelt, strict=True):
            response = client.get("/v1/events?limit=1", headers=headers)
            assert response.status_code == 200, (spelling, response.text)
            assert response.headers["cache-control"].startswith("private")
        for headers in spelt:  # the key's bucket is spent, whatever the spelling
            assert_429(client.get("/v1/events?limit=1", headers=headers))
        # The address's anonymous bucket is another client's: untouched.
        assert [client.get("/v1/tags").status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize("blank", BLANK)
def test_a_blank_authorization_is_anonymous_everywhere(db_url, blank):
    """Anonymous for the auth, the limiter (the address's bucket, not a key's bigger one) and the
    response cache (served and kept like any anonymous GET, public)."""
    with limited(db_url, anon=0, key=0) as client:
        plain = client.get("/v1/tags")
        for _ in range(100):  # until the cache is live (its listener connected) and keeps the page
            hits = cache_hits(client)
            if client.get("/v1/tags") and cache_hits(client) > hits:
                break
            time.sleep(0.05)
        hits_before = cache_hits(client)
        blanks = [client.get("/v1/tags", headers={"Authorization": blank}) for _ in range(3)]
        for response in blanks:
            assert response.status_code == 200, response.text
            assert response.content == plain.content and response.headers["etag"] == plain.headers["etag"]
            assert response.headers["cache-control"] == plain.headers["cache-control"]
            assert response.headers["cache-control"].startswith("public")
        assert cache_hits(client) >= hits_before + 3  # from the cache, as an anonymous GET is
    fresh_window()
    with limited(db_url, anon=4, key=100) as client:
        assert client.get("/v1/tags").status_code == 200
        blanks = [client.get("/v1/tags", headers={"Authorization": blank}) for _ in range(3)]
        assert [r.status_code for r in blanks] == [200] * 3
        assert_429(client.get("/v1/tags", headers={"Authorization": blank}))  # the address's 4 are spent
        assert_429(client.get("/v1/tags"))


def cache_hits(client: TestClient) -> float:
    text = client.get("/metrics").text
    found = re.search(r'^dateline_response_cache_total\{result="hit"\} (\S+)$', text, re.M)
    return float(found[1]) if found else 0.0


def test_malformed_headers_are_401s_counted_against_the_address(db_url):
    fresh_window()
    with limited(db_url, anon=len(MALFORMED), key=1000) as client:
        for header in MALFORMED:
            response = client.get("/v1/tags", headers={"Authorization": header.encode("latin-1")})
            assert response.status_code == 401, (header, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
        # They spent the address's anonymous bucket: no bigger one.
        assert_429(client.get("/v1/tags"))
        assert_429(client.get("/v1/tags", headers={"Authorization": "Bearer"}))


def test_made_up_keys_buy_nothing(db_url, template_db):
    """A new unknown key with every request: 401s, then 429s at the anonymous limit, and no content.
    A key the worker has seen valid is its own client still, as is the anonymous address."""
    fresh_window()
    real = {"Authorization": f"bearer  {template_db.admin_key}"}
    with limited(db_url, anon=5, key=1000) as client:
        assert client.get("/v1/events?limit=1", headers=real).status_code == 200
        made_up = [
            client.get("/v1/events", headers={"Authorization": f"Bearer dl_{n:043d}"}) for n in range(12)
        ]
        assert [r.status_code for r in made_up] == [401] * 5 + [429] * 7
        assert all("items" not in r.text for r in made_up)
        assert client.get("/v1/events?limit=1", headers=real).status_code == 200
        assert client.get("/v1/tags").status_code == 200


def test_a_revoked_key_is_forgotten(db_url, template_db):
    """A key seen valid and then revoked is a 401 at once, and its requests count as made-up keys again."""
    fresh_window()
    with limited(db_url, anon=3, key=1000) as client:
        admin = {"Authorization": f"Bearer {template_db.admin_key}"}
        made = client.post("/v1/keys", json={"role": "viewer"}, headers=admin).json()
        mine = {"Authorization": f"BEARER {made['key']}"}
        assert [client.get("/v1/tags", headers=mine).status_code for _ in range(5)] == [200] * 5
        assert client.delete(f"/v1/keys/{made['id']}", headers=admin).status_code == 204
        answers = [client.get("/v1/tags", headers=mine).status_code for _ in range(6)]
        assert answers[0] == 401 and set(answers) <= {401, 429} and answers[-1] == 429


# --- client_address: which header is believed, and when -------------------------------------------


def scope(peer: str | None, trusted: str = "", **headers: str | list[str]) -> dict:
    from service.config import load_settings

    class App:  # what client_address reads of the app: its settings
        class state:  # noqa: N801
            settings = load_settings({"DATELINE_TRUSTED_PROXIES": trusted})

    pairs = []
    for name, value in headers.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name.replace("_", "-").lower().encode(), one.encode("latin-1")))
    return {"type": "http", "client": (peer, 5555) if peer else None, "headers": pairs, "app": App}


SPOOFS = [
    {"x_forwarded_for": "203.0.113.9"},
    {"x_forwarded_for": "203.0.113.9, 198.51.100.7"},
    {"x_forwarded_for": ["1.1.1.1", "2.2.2.2"]},
    {"forwarded": "for=203.0.113.9"},
    {"forwarded": 'for="[2001:db8::1]:4711"'},
    {"forwarded": "for=203.0.113.9;proto=https, for=198.51.100.7"},
    {"x_real_ip": "203.0.113.9"},
    {"x_forwarded_for": "not an address"},
]


@pytest.mark.parametrize("headers", SPOOFS)
@pytest.mark.parametrize("trusted", ["", "10.0.0.0/8", "127.0.0.2, ::1"])
def test_an_untrusted_peer_is_its_own_address_whatever_it_sends(headers, trusted):
    from service.limits import client_address

    assert client_address(scope("127.0.0.3", trusted, **headers)) == "127.0.0.3"
    assert client_address(scope("192.0.2.1", trusted, **headers)) == "192.0.2.1"


PROXIED = [  # (headers sent by the trusted proxy 10.0.0.5, the client it names)
    ({"x_forwarded_for": "198.51.100.7"}, "198.51.100.7"),
    ({"x_forwarded_for": "203.0.113.9, 198.51.100.7"}, "198.51.100.7"),  # the left part is the client's own
    ({"x_forwarded_for": "203.0.113.9,198.51.100.7, 10.0.0.9"}, "198.51.100.7"),  # two proxies in 10/8
    ({"x_forwarded_for": ["203.0.113.9", "198.51.100.7"]}, "198.51.100.7"),  # two header lines
    ({"x_forwarded_for": "198.51.100.7:61000"}, "198.51.100.7"),
    ({"x_forwarded_for": "[2001:db8:a:b::1]:443"}, "2001:db8:a:b::/64"),
    ({"x_forwarded_for": "2001:db8:a:b:ffff::2"}, "2001:db8:a:b::/64"),  # an IPv6 client is its /64
    ({"x_forwarded_for": "::ffff:198.51.100.7"}, "198.51.100.7"),
    ({"forwarded": "for=198.51.100.7"}, "198.51.100.7"),
    ({"forwarded": 'for=203.0.113.9, for="198.51.100.7:80";proto=https'}, "198.51.100.7"),
    ({"forwarded": 'For="[2001:db8:a:b::1]:4711"'}, "2001:db8:a:b::/64"),
    ({"x_forwarded_for": "198.51.100.7", "forwarded": "for=203.0.113.9"}, "198.51.100.7"),
    ({"x_forwarded_for": "garbage, 198.51.100.7"}, "198.51.100.7"),
    ({"x_forwarded_for": "198.51.100.7, garbage"}, "10.0.0.5"),  # unreadable: the proxy itself
    ({"forwarded": "for=_hidden"}, "10.0.0.5"),
    ({"x_forwarded_for": "10.0.0.7, 10.0.0.8"}, "10.0.0.7"),  # all trusted: the first
    ({}, "10.0.0.5"),
]


@pytest.mark.parametrize(("headers", "client"), PROXIED)
def test_a_trusted_proxy_names_the_client(headers, client):
    from service.limits import client_address

    assert client_address(scope("10.0.0.5", "10.0.0.0/8", **headers)) == client


def test_trusted_proxies_are_checked_at_start():
    from service.config import load_settings

    spec = " 10.0.0.0/8 , 192.0.2.1,2001:db8::/32 "
    assert len(load_settings({"DATELINE_TRUSTED_PROXIES": spec}).trusted_networks) == 3
    for bad in ("10.0.0.0/33", "proxy.example", "10.0.0.1/8/8", "*"):
        with pytest.raises(SystemExit):
            load_settings({"DATELINE_TRUSTED_PROXIES": bad})


# --- the real server, from different loopback addresses ----------------------------------------------


def from_address(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10)


def statuses(client: httpx.Client, url: str, n: int, **headers: str) -> list[int]:
    return [client.get(url, headers=headers).status_code for _ in range(n)]


def test_addresses_and_keys_on_the_real_server(db_url, template_db):
    env = clean_env(
        DATELINE_DATABASE_URL=db_url,
        DATELINE_RATE_LIMIT_ANON="4",
        DATELINE_RATE_LIMIT_KEY="6",
        DATELINE_RESPONSE_CACHE_BYTES="0",
    )
    key = template_db.admin_key
    with serving(env) as base, from_address("127.0.0.2") as two, from_address("127.0.0.3") as three:
        fresh_window()
        url = base + "/v1/tags"
        assert statuses(two, url, 4) == [200] * 4
        assert statuses(two, url, 1) == [429]
        # Spoofed forwarding headers from an untrusted peer change nothing.
        spoofs = [{"X-Forwarded-For": "203.0.113.1"}, {"Forwarded": "for=203.0.113.2"},
                  {"X-Forwarded-For": "127.0.0.9, 203.0.113.3"}, {"X-Real-IP": "203.0.113.4"}]  # fmt: skip
        for spoof in spoofs:
            assert statuses(two, url, 1, **spoof) == [429], spoof
        assert statuses(two, url, 1, Authorization="") == [429]
        assert statuses(two, url, 1, Authorization="Bearer") == [429]
        # Another address is another client.
        assert statuses(three, url, 4) == [200] * 4
        # One key from two addresses, spelt four ways: one bucket of 6.
        spelt = [f"Bearer {key}", f"bEaReR {key}", f"BEARER  {key}", f"bearer {key}"]
        answers = [
            (two if n % 2 else three).get(url, headers={"Authorization": spelt[n % 4]}).status_code
            for n in range(8)
        ]
        assert answers == [200] * 6 + [429] * 2, answers


def test_a_trusted_proxy_on_the_real_server(db_url):
    env = clean_env(
        DATELINE_DATABASE_URL=db_url,
        DATELINE_RATE_LIMIT_ANON="3",
        DATELINE_RESPONSE_CACHE_BYTES="0",
        DATELINE_TRUSTED_PROXIES="127.0.0.2",
    )
    with serving(env) as base, from_address("127.0.0.2") as proxy, from_address("127.0.0.3") as direct:
        fresh_window()
        url = base + "/v1/tags"
        # Through the proxy, each forwarded client has its own bucket...
        assert statuses(proxy, url, 3, **{"X-Forwarded-For": "198.51.100.1"}) == [200] * 3
        assert statuses(proxy, url, 1, **{"X-Forwarded-For": "198.51.100.1"}) == [429]
        assert statuses(proxy, url, 3, **{"X-Forwarded-For": "198.51.100.2"}) == [200] * 3
        # ...which the client cannot leave by writing its own X-Forwarded-For or Forwarded before the proxy's.
        for spoof in ("1.2.3.4, 198.51.100.1", "198.51.100.2, 198.51.100.1", "127.0.0.2, 198.51.100.1"):
            assert statuses(proxy, url, 1, **{"X-Forwarded-For": spoof}) == [429], spoof
        both = {"X-Forwarded-For": "198.51.100.1", "Forwarded": "for=9.9.9.9"}
        assert statuses(proxy, url, 1, **both) == [429]
        assert statuses(proxy, url, 3, Forwarded='for="198.51.100.3:5000"') == [200] * 3
        assert statuses(proxy, url, 1, Forwarded="for=7.7.7.7, for=198.51.100.3") == [429]
        # The proxy's own requests (no header) are the proxy's.
        assert statuses(proxy, url, 3) == [200] * 3
        assert statuses(proxy, url, 1) == [429]
        # A peer that is not trusted is its own address, whatever it claims.
        assert statuses(direct, url, 3, **{"X-Forwarded-For": "198.51.100.9"}) == [200] * 3
        assert statuses(direct, url, 1, **{"X-Forwarded-For": "198.51.100.10"}) == [429]
        assert statuses(direct, url, 1, Forwarded="for=198.51.100.11") == [429]
