"""The sync feed is no oracle over hidden content (issue class: drafts leak through the sync feed).

A rival newsroom's event is published in one state (S1) and then leaves public view (unpublished,
deleted, or both) and changes while hidden (S2). For each filter family, a probe that matches only
S1 and one that matches only S2 are read as a sync feed, on /v1/events and on a timeline's events:

- a caller that cannot see drafts (anonymous, another newsroom) gets a tombstone for the S1 probe (it
  could see S1) and nothing for the S2 probe (it never saw S2);
- the rival itself sees its draft as an event on the S2 probe (its last state), nothing on the S1 one,
  and, once deleted, a tombstone on the S2 probe;
- a draft that never was public leaves no trace for anybody but its newsroom.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from service.demo.seed import demo_id
from service.events.document import event_from_doc
from service.migrate import downgrade, upgrade
from tests.conftest import fetch
from tests.security import newsrooms
from tests.security.newsrooms import World, answer, created, new_source, ok

XI, BIDEN = str(demo_id("entity", "xi")), str(demo_id("entity", "biden"))

world = newsrooms.world  # the fixture: two newsrooms and an anonymous reader


def states(marker: str, first_source: str, second_source: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """S1 and S2: every filterable field differs between them."""
    s1 = {"title": f"Alpha{marker} meets", "summary": "First words.", "date": "1990-05-05",
          "tags": [f"one-{marker}"], "location": {"name": "Paris", "country": "FR"}, "importance": 1,
          "entities": [{"id": XI, "role": "participant"}]}  # fmt: skip
    s2 = {"title": f"Beta{marker} parts", "summary": "Second words.", "date": "1980-01-01",
          "tags": [f"two-{marker}"], "location": {"name": "Berlin", "country": "DE"}, "importance": 5,
          "entities": [{"id": BIDEN, "role": "subject"}]}  # fmt: skip
    return s1, s2


Y1990, Y1980 = [("from", "1990"), ("to", "1990")], [("from", "1980"), ("to", "1980")]


def probes(marker: str, first: str, second: str) -> dict[str, tuple[list, list]]:
    """Each filter family: (params matching only S1, params matching only S2); a filter that both could
    match goes with the other's year."""
    return {
        "q": ([("q", f"alpha{marker}")], [("q", f"beta{marker}")]),
        "tag": ([("tag", f"one-{marker}")], [("tag", f"two-{marker}")]),
        "any_tag": ([("any_tag", f"one-{marker}"), ("any_tag", "x")], [("any_tag", f"two-{marker}")]),
        "dates": (Y1990, Y1980),
        "country": ([("country", "FR")], [("country", "DE")]),
        "min_importance": ([("min_importance", "1"), *Y1990], [("min_importance", "5"), *Y1980]),
        "entity": ([("entity", XI), *Y1990], [("entity", BIDEN), *Y1980]),
        "source": ([("source", first)], [("source", second)]),
        "publisher": ([("publisher", f"Alpha Wire {marker}")], [("publisher", f"Beta Wire {marker}")]),
        "stance": ([("stance", "supports"), *Y1990], [("stance", "disputes"), *Y1980]),
        "newsroom": ([("newsroom", "rival"), *Y1990], [("newsroom", "rival"), *Y1980]),
        "status": ([("status", "published"), *Y1990], [("status", "draft"), *Y1980]),
    }


SCENARIOS = ("unpublished", "unpublished-then-deleted", "deleted-while-public", "never-public")


def play(world: World, scenario: str) -> dict[str, Any]:
    """Write one scenario's event; what the probes need."""
    marker = uuid.uuid4().hex[:10]
    first = new_source(world.rival, f"Alpha Wire {marker}")
    second = new_source(world.rival, f"Beta Wire {marker}")
    s1, s2 = states(marker, first, second)
    public = scenario != "never-public"
    event = created(
        world.rival.post(
            "/v1/events",
            json={
                **s1,
                "status": "published" if public else "draft",
                "citations": [{"source_id": first, "quote": "q", "stance": "supports"}],
            },
        )
    )
    path = f"/v1/events/{event['id']}"
    if scenario == "deleted-while-public":
        assert world.rival.delete(path).status_code == 204
        # Its last state is then S1 for everybody: the S2 probes must find nothing.
        return {
            "id": event["id"],
            "since": event["created_at"],
            "probes": probes(marker, first, second),
            "public": True,
            "deleted": True,
            "last": "S1",
        }
    ok(world.rival.patch(path, json={"status": "draft"}))
    ok(world.rival.patch(path, json=s2))
    [citation] = ok(world.rival.get(path))["citations"]
    created(
        world.rival.post(f"{path}/citations", json={"source_id": second, "quote": "q", "stance": "disputes"})
    )
    assert world.rival.delete(f"{path}/citations/{citation['id']}").status_code == 204
    deleted = scenario in ("unpublished-then-deleted", "never-public")
    if deleted:
        assert world.rival.delete(path).status_code == 204
    return {
        "id": event["id"],
        "since": event["created_at"],
        "probes": probes(marker, first, second),
        "public": public,
        "deleted": deleted,
        "last": "S2",
    }


def listed(client, base: str, since: str, params: list, event_id: str) -> list[str]:
    """What the feed lists of the event, paging to the end: ["tombstone"], ["event"] or []."""
    seen, cursor = [], None
    while True:
        query = [*params, ("updated_since", since), ("limit", "200")] + (
            [("cursor", cursor)] if cursor else []
        )
        body = ok(client.get(base, params=query))
        seen += [item["object"] for item in body["items"] if item["id"] == event_id]
        if not (cursor := body["next_cursor"]):
            return seen


@pytest.fixture(scope="module")
def played(world: World) -> dict[str, dict[str, Any]]:
    # A timeline of the rival's own that the events join by filter: its feed must behave the same.
    created(
        world.rival.post(
            "/v1/timelines",
            json={
                "slug": "rival-feed",
                "title": "Rival feed",
                "status": "published",
                "filter": {"newsroom": "rival"},
            },
        )
    )
    return {scenario: play(world, scenario) for scenario in SCENARIOS}


FEEDS = ("/v1/events", "/v1/timelines/rival-feed/events")
FAMILIES = list(probes("m", "a", "b"))


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("feed", FEEDS)
def test_others_see_a_tombstone_only_on_the_last_public_state(world: World, played, scenario, family, feed):
    case = played[scenario]
    old, new = case["probes"][family]
    for who, client in world.callers().items():
        want_old = ["tombstone"] if case["public"] else []
        assert listed(client, feed, case["since"], old, case["id"]) == want_old, (who, "S1 probe")
        assert listed(client, feed, case["since"], new, case["id"]) == [], (who, "S2 probe")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("feed", FEEDS)
def test_its_newsroom_sees_its_draft_as_an_event_on_its_last_state(
    world: World, played, scenario, family, feed
):
    case = played[scenario]
    old, new = case["probes"][family]
    last, other = (old, new) if case["last"] == "S1" else (new, old)
    want = ["tombstone"] if case["deleted"] else ["event"]
    assert listed(world.rival, feed, case["since"], last, case["id"]) == want
    assert listed(world.rival, feed, case["since"], other, case["id"]) == []


def test_a_hidden_edit_moves_no_tombstone(world: World):
    """The tombstone of an unpublished event stays where it left public view: later edits of the
    hidden draft change no answer of anybody else's feed."""
    case = play(world, "unpublished")
    params = [("updated_since", case["since"]), ("limit", "200")]
    urls = [
        f"/v1/events?updated_since={case['since']}",
        f"/v1/events?updated_since={case['since']}&order=desc",
    ]
    before = {(who, url): answer(client, url) for who, client in world.callers().items() for url in urls}
    for summary in ("Edited once.", "Edited twice."):
        ok(world.rival.patch(f"/v1/events/{case['id']}", json={"summary": summary}))
    after = {(who, url): answer(client, url) for who, client in world.callers().items() for url in urls}
    assert before == after
    feed = ok(world.anon.get("/v1/events", params=params))["items"]
    assert [i["object"] for i in feed if i["id"] == case["id"]] == ["tombstone"]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pages_of_a_feed_with_tombstones_never_skip_or_repeat(world: World, played, order):
    """Keyset pages of one item each list exactly what one page of all lists, for every caller."""
    since = min(case["since"] for case in played.values())
    for client in (world.anon, world.demo, world.rival):
        base = [("updated_since", since), ("order", order)]
        whole = [
            (i["id"], i["object"])
            for i in ok(client.get("/v1/events", params=[*base, ("limit", "200")]))["items"]
        ]
        paged, cursor = [], None
        while True:
            body = ok(
                client.get(
                    "/v1/events", params=[*base, ("limit", "1")] + ([("cursor", cursor)] if cursor else [])
                )
            )
            paged += [(i["id"], i["object"]) for i in body["items"]]
            if not (cursor := body["next_cursor"]):
                break
        assert paged == whole
        assert len({i for i, _ in whole}) == len(whole)


def test_the_migration_keeps_what_the_trigger_keeps(db_url, client):
    """Migration 0011 fills event_public_docs for the events already unpublished from their revisions:
    the same last public state, search text and instant as the trigger keeps from then on."""
    summit = demo_id("event", "summit")
    ok(client.patch(f"/v1/events/{summit}", json={"status": "draft", "title": "Rewritten while hidden"}))
    ok(client.patch(f"/v1/events/{summit}", json={"summary": "Edited again."}))
    read = (
        "SELECT event_id, newsroom, doc::text AS doc, search::text AS search, hidden_at "
        "FROM event_public_docs"
    )
    kept = [dict(row) for row in fetch(db_url, read)]
    assert [row["event_id"] for row in kept] == [summit]
    assert event_from_doc(kept[0]["doc"]).title != "Rewritten while hidden"
    downgrade(db_url, "0007")
    upgrade(db_url)
    filled = [dict(row) for row in fetch(db_url, read)]
    assert [{**row, "doc": event_from_doc(row["doc"])} for row in filled] == [
        {**row, "doc": event_from_doc(row["doc"])} for row in kept
    ]
