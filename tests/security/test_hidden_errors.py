"""Errors about hidden objects say nothing (issue class: a timeline revisions 404 named the hidden
draft's UUID).

Every request about an object its caller may not see (another newsroom's draft event, citation,
timeline, a deleted or unpublished event, another newsroom's histories) is answered exactly as the
same request about an object that never existed: same status, same headers, and the same body once
the identifier the caller itself sent is put in the same place. Callers: anonymous and another
newsroom's key (reads and writes).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest

from tests.security import newsrooms
from tests.security.newsrooms import BASE, World, created, new_source, ok

NOWHERE = "00000000-0000-4000-8000-000000000000"
NO_SLUG = "no-such-timeline-here"
COMPARED = ("content-type", "cache-control", "vary", "www-authenticate", "allow")

world = newsrooms.world  # the fixture: two newsrooms and an anonymous reader


@pytest.fixture(scope="module")
def hidden(world: World) -> dict[str, str]:
    """The rival's hidden objects, by kind."""
    source = new_source(world.rival, "Rival Wire")
    quote_ = {"source_id": source, "quote": "q", "stance": "supports"}

    def event(title: str, status: str) -> dict:
        body = {"title": title, "date": "2021", "status": status, "citations": [quote_]}
        return created(world.rival.post("/v1/events", json=body))

    def timeline(slug: str, status: str) -> None:
        body = {"slug": slug, "title": slug, "status": status, "filter": {"newsroom": "rival"}}
        created(world.rival.post("/v1/timelines", json=body))

    draft = event("A hidden draft", "draft")
    unpublished = event("Once public", "published")
    ok(world.rival.patch(f"/v1/events/{unpublished['id']}", json={"status": "draft", "title": "Now hidden"}))
    deleted = event("Gone", "published")
    assert world.rival.delete(f"/v1/events/{deleted['id']}").status_code == 204
    timeline("rival-secret", "draft")
    timeline("rival-gone", "published")
    assert world.rival.delete("/v1/timelines/rival-gone").status_code == 204
    entity = created(world.rival.post("/v1/entities", json={"name": "Rival person", "kind": "person"}))
    return {
        "draft": draft["id"],
        "draft_citation": draft["citations"][0]["id"],
        "unpublished": unpublished["id"],
        "unpublished_citation": unpublished["citations"][0]["id"],
        "deleted": deleted["id"],
        "deleted_citation": deleted["citations"][0]["id"],
        "source": source,
        "entity": entity["id"],
    }


# (method, path template, JSON body): {event}/{citation} a hidden event and one of its
# citations, {slug} a hidden timeline; writes only by the other newsroom's key.
EVENT_REQUESTS = [
    ("GET", "/v1/events/{event}", None), ("GET", "/v1/events/{event}?as_of=2100-01-01T00:00:00Z", None),
    ("GET", "/v1/events/{event}/citations/{citation}", None), ("GET", "/v1/events/{event}/revisions", None),
    ("PATCH", "/v1/events/{event}", {"title": "x"}), ("DELETE", "/v1/events/{event}", None),
    ("POST", "/v1/events/{event}/restore", None),
    ("POST", "/v1/events/{event}/citations", {"source_id": NOWHERE, "quote": "q"}),
    ("DELETE", "/v1/events/{event}/citations/{citation}", None),
]  # fmt: skip
TIMELINE_REQUESTS = [
    ("GET", "/v1/timelines/{slug}", None), ("GET", "/v1/timelines/{slug}/events", None),
    ("GET", "/v1/timelines/{slug}/events?updated_since=2000-01-01T00:00:00Z", None),
    ("GET", "/v1/timelines/{slug}/events?as_of=2100-01-01T00:00:00Z", None),
    ("GET", "/v1/timelines/{slug}/revisions", None),
    *(("GET", f"/v1/timelines/{{slug}}/export/{fmt}", None) for fmt in ("timelinejs", "csv", "atom", "ics")),
    ("GET", "/embed/timelines/{slug}", None),
    ("GET", "/oembed?format=json&url=" + quote(f"{BASE}/embed/timelines/", safe="") + "{slug}", None),
    ("PATCH", "/v1/timelines/{slug}", {"title": "x"}), ("DELETE", "/v1/timelines/{slug}", None),
]  # fmt: skip
OBJECT_REQUESTS = [
    ("source", "GET", "/v1/sources/{object}/revisions", None),
    ("source", "PATCH", "/v1/sources/{object}", {"title": "x"}),
    ("source", "DELETE", "/v1/sources/{object}", None),
    ("entity", "GET", "/v1/entities/{object}/revisions", None),
    ("entity", "PATCH", "/v1/entities/{object}", {"name": "x"}),
]


def seen(client, method: str, url: str, body: Any, sent: list[str]) -> tuple[Any, ...]:
    """The answer, with each identifier the caller sent replaced by its position."""
    response = client.request(method, url, json=body)
    assert response.status_code < 500, f"{method} {url}: {response.status_code} {response.text[:300]}"
    text = response.text
    for i, value in enumerate(sent):
        text = text.replace(value, f"<sent {i}>")
    return (response.status_code, *(response.headers.get(h) for h in COMPARED), text)


def compare(
    world: World, method: str, template: str, body: Any, hidden_ids: dict, none_ids: dict
) -> list[str]:
    """For each caller, whether the hidden object's answer is the absent one's; the differences."""
    differences = []
    for who, client in world.callers().items():
        if method != "GET" and who == "anonymous":
            continue  # a write without a key is a 401 before anything is looked up
        hid = seen(client, method, template.format(**hidden_ids), body, list(hidden_ids.values()))
        none = seen(client, method, template.format(**none_ids), body, list(none_ids.values()))
        if hid != none:
            differences.append(f"{who}: {method} {template}\n  hidden: {hid}\n  absent: {none}")
    return differences


@pytest.mark.parametrize("kind", ["draft", "unpublished", "deleted"])
@pytest.mark.parametrize(("method", "template", "body"), EVENT_REQUESTS, ids=lambda v: str(v)[:40])
def test_a_hidden_event_is_answered_as_a_missing_one(world: World, hidden, kind, method, template, body):
    hidden_ids = {"event": hidden[kind], "citation": hidden[f"{kind}_citation"]}
    none_ids = {"event": NOWHERE, "citation": str(uuid.uuid4())}
    assert compare(world, method, template, body, hidden_ids, none_ids) == []


@pytest.mark.parametrize("slug", ["rival-secret", "rival-gone"])
@pytest.mark.parametrize(("method", "template", "body"), TIMELINE_REQUESTS, ids=lambda v: str(v)[:50])
def test_a_hidden_timeline_is_answered_as_a_missing_one(world: World, hidden, slug, method, template, body):
    assert compare(world, method, template, body, {"slug": slug}, {"slug": NO_SLUG}) == []


@pytest.mark.parametrize(("kind", "method", "template", "body"), OBJECT_REQUESTS, ids=lambda v: str(v)[:40])
def test_another_newsrooms_history_and_writes_are_answered_as_missing(
    world, hidden, kind, method, template, body
):
    assert compare(world, method, template, body, {"object": hidden[kind]}, {"object": NOWHERE}) == []
