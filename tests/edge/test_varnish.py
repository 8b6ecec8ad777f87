"""deploy/varnish/default.vcl in a real varnishd before a real service: what it keeps, what it never
keeps, and who may purge it."""

from __future__ import annotations

import httpx
import pytest

from service.demo.seed import demo_id
from tests.conftest import free_port
from tests.edge.conftest import Edge, service, varnish_in_front

EVENT = demo_id("event", "summit")
PUBLIC = [
    "/embed/timelines/xi-putin-summit",
    "/v1/timelines/xi-putin-summit/events",
    "/v1/timelines/russia-doping",
    f"/v1/events/{EVENT}",
    "/v1/events?tag=doping&limit=5",
    "/v1/timelines/xi-putin-summit/export/csv",
]
EDGE_ONLY = ("surrogate-key", "surrogate-control", "cdn-cache-control", "cache-tag", "xkey", "x-edge-kept")


def ids(response: httpx.Response) -> list[str]:
    return response.headers["x-varnish"].split()


@pytest.mark.parametrize("path", PUBLIC)
def test_a_public_get_is_kept_and_the_next_one_is_a_hit(shared_edge: Edge, path: str) -> None:
    reader = shared_edge.new_reader()
    first = reader.get(path)
    assert first.status_code == 200, first.text
    assert len(ids(first)) == 1 and first.headers["x-cache"] == "MISS"
    second = reader.get(path, headers={"X-Edge-Debug": "1"})
    assert second.status_code == 200 and second.content == first.content
    # A hit names two transactions: this one and the one that fetched the object.
    assert len(ids(second)) == 2
    assert second.headers["x-cache"] == "HIT" and int(second.headers["x-edge-hits"]) >= 1
    assert "age" in second.headers
    head = reader.head(path)
    assert head.status_code == 200 and head.headers["x-cache"] == "HIT"


@pytest.mark.parametrize("path", PUBLIC)
def test_clients_get_the_services_cache_control_and_no_edge_headers(shared_edge: Edge, path: str) -> None:
    direct = httpx.get(shared_edge.service + path)
    reader = shared_edge.new_reader()
    through = [reader.get(path) for _ in range(2)]
    assert [t.headers["x-cache"] for t in through] == ["MISS", "HIT"]
    for answer in through:
        assert answer.headers["cache-control"] == direct.headers["cache-control"]
        assert [h for h in EDGE_ONLY if h in answer.headers] == []
        assert answer.headers["etag"] == through[0].headers["etag"]


@pytest.mark.parametrize("path", PUBLIC)
def test_a_conditional_get_is_answered_by_the_edge(shared_edge: Edge, path: str) -> None:
    reader = shared_edge.new_reader()
    etag = reader.get(path).headers["etag"]
    again = reader.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["x-cache"] == "HIT"


@pytest.mark.parametrize(
    "credentials",
    [{"Authorization": "Bearer {key}"}, {"Authorization": "Bearer not-a-key"}, {"Cookie": "session=1"}],
)
def test_requests_with_credentials_are_never_kept(shared_edge: Edge, credentials: dict[str, str]) -> None:
    reader = shared_edge.new_reader()
    key = shared_edge.editor.headers["Authorization"].removeprefix("Bearer ")
    headers = {name: value.format(key=key) for name, value in credentials.items()}
    path = "/v1/timelines/xi-putin-summit/events"
    answers = [reader.get(path, headers=headers) for _ in range(3)]
    assert [len(ids(a)) for a in answers] == [1, 1, 1]  # never served from the cache
    assert {a.headers["x-cache"] for a in answers} == {"PASS"}
    # And what they got was not kept for the public either.
    public = reader.get(path)
    assert public.headers["x-cache"] == "MISS"


def test_a_keyed_view_with_a_draft_never_reaches_anonymous_readers(edge: Edge) -> None:
    body = {
        "title": "Draft only the newsroom sees",
        "date": "2021-12-15",
        "tags": ["summit"],
        "status": "draft",
    }
    created = edge.editor.post("/v1/events", json=body)
    assert created.status_code == 201, created.text
    path = f"/v1/events/{created.json()['id']}"
    keyed = {"Authorization": edge.editor.headers["Authorization"]}
    for _ in range(2):
        own = edge.reader.get(path, headers=keyed)
        assert own.status_code == 200 and own.headers["x-cache"] == "PASS"
        public = edge.reader.get(path)
        assert public.status_code == 404 and public.headers["x-cache"] == "PASS"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_go_to_the_service(shared_edge: Edge, method: str) -> None:
    path = f"/v1/events/{EVENT}"
    answers = [
        shared_edge.new_reader().request(method, path, headers={"Origin": "https://reader.example"})
        for _ in range(2)
    ]
    assert [len(ids(a)) for a in answers] == [1, 1]
    assert {a.headers["x-cache"] for a in answers} == {"PASS"}


def test_purge_needs_a_key_header(shared_edge: Edge) -> None:
    answer = httpx.request("PURGE", shared_edge.varnish.url + "/")
    assert answer.status_code == 400


def test_only_purger_addresses_may_purge(db_url: str) -> None:
    """The ACL of site.vcl: an address outside it gets a 403 and the kept object stays."""
    port = free_port()
    with varnish_in_front(port, purgers=('"192.0.2.1"',)) as varnish, service(db_url, port):
        path = varnish.url + "/v1/timelines/russia-doping"
        assert httpx.get(path).headers["x-cache"] == "MISS"
        refused = httpx.request("PURGE", varnish.url + "/", headers={"xkey-purge": "all list-timelines"})
        assert refused.status_code == 403
        assert httpx.get(path).headers["x-cache"] == "HIT"
        # Nor may another address ask for the edge's debugging headers.
        debug = httpx.get(path, headers={"X-Edge-Debug": "1"})
        assert "x-edge-hits" not in debug.headers
