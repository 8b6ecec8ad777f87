"""A timeline's saved filter draws from its own newsroom's events only (issue class: any newsroom's
events flowing into every other newsroom's timelines, their exports and their embeds).

A rival newsroom publishes events built to match each of demo's saved filters (by tag, any tag, text,
dates, entity, country, cited source, publisher, importance), in every date shape, published and
retracted. Every way a timeline's members are read (pages in both orders, cursors, `around`, `as_of`,
the sync feed, every export format, the embed, the ETags, the 10,000-event check) must show none of
them, to anonymous readers (the tag-page fast path), to the rival's own key and to demo's keys (the
general statement); the members must be exactly what the event search gives for demo's events. Another
newsroom's event still joins by `include`, or when the filter names that newsroom (a partnership).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from service.events.filters import Scope, check_event_filters, tag_range
from tests.conftest import app_settings, create_key, fetch
from tests.helpers import problem

MARK = "rivalmark"  # in every rival event's and source's text
PUTIN = str(demo_id("entity", "putin"))
DISPATCH = str(demo_id("source", "dispatch"))

# Demo's saved filters, one family each, all of which the rival's events are built to match.
FILTERS: dict[str, dict[str, Any]] = {
    "by-tag": {"tag": ["doping"]},
    "by-tag-dates": {"tag": ["doping"], "from": "2016", "to": "2017"},
    "by-tag-open": {"tag": ["china-russia"], "from": "2021-12"},
    "by-any-tag": {"any_tag": ["china-russia", "summit"]},
    "by-text": {"q": "summit"},
    "by-dates": {"from": "2021-12-15", "to": "2021-12-15"},
    "by-entity": {"entity": [PUTIN]},
    "by-country": {"country": "CN"},
    "by-source": {"source": DISPATCH},
    "by-publisher": {"publisher": "the dispatch"},
    "by-importance": {"min_importance": 1},
    "by-stance": {"stance": "supports", "any_tag": ["olympics", "summit"]},
}
DEMO_TIMELINES = {
    "xi-putin-summit": {"any_tag": ["china-russia", "summit", "boycott"], "from": "2021-06", "to": "2022-02"},
    "russia-doping": {"tag": ["doping"], "from": "2016", "to": "2017"},
}
ALL_FILTERS = {**FILTERS, **DEMO_TIMELINES}
# Rival events in every date shape, each overlapping the demo filters' ranges where it can.
RIVAL_DATES = ["2021-12-15", "2021-12-15T10:00:00+08:00", "2021-12", "2016", "2016-08~", "2016/2022",
               "2015-06/..", "2021-12-14/2021-12-16", "2016-07-18", "2022-02-04"]  # fmt: skip
FORMATS = ["timelinejs", "jsonld", "csljson", "ics", "atom", "csv"]
EVENT_IDS = {
    "timelinejs",
    "jsonld",
    "ics",
    "atom",
    "csv",
}  # formats naming each event by its id (CSL: sources)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def rival_event(i: int, date: str, *, borrowed: bool) -> dict[str, Any]:
    """A published (or retracted) rival event matching every saved filter above; `borrowed` links demo's
    own entity and source, which a wall elsewhere may refuse."""
    status = "retracted" if i % 4 == 3 else "published"
    citations: list[dict[str, Any]] = [
        {
            "source": {
                "url": f"https://rival.example/{MARK}/{i}",
                "title": f"Rival {MARK} summit report",
                "publisher": "The Dispatch",
            },
            "quote": f"The summit, says {MARK}.",
        }
    ]
    if borrowed:
        citations.append({"source_id": DISPATCH, "quote": f"{MARK} summit"})
    return {
        "title": f"{MARK} {i}: summit doping story",
        "summary": f"Planted by {MARK}: the summit.",
        "date": date,
        "location": {"name": "Beijing", "country": "CN"},
        "tags": ["doping", "china-russia", "summit", "boycott", "olympics"],
        "entities": [{"id": PUTIN, "role": "participant"}] if borrowed else [],
        "importance": 5,
        "status": status,
        **({"retraction_note": f"{MARK} withdrew it"} if status == "retracted" else {}),
        "citations": citations,
    }


class World(NamedTuple):
    app: TestClient
    dsn: str
    keys: dict[str, dict[str, str]]  # caller -> headers
    rival_ids: set[str]
    borrowed: int  # rival events that link demo's entity and source


def _filter_params(saved: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k, str(x)) for k, v in saved.items() for x in (v if isinstance(v, list) else [v])]


@pytest.fixture(scope="module")
def world(pg_server, template_db) -> Iterator[World]:
    name = f"dateline_s_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    try:
        with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as app:
            keys = {
                "anonymous": {},
                "rival": bearer(create_key(dsn, "rival", "editor")),
                "demo-viewer": bearer(create_key(dsn, "demo", "viewer")),
                "demo-admin": bearer(template_db.admin_key),
            }
            for slug, saved in FILTERS.items():
                made = app.post(
                    "/v1/timelines",
                    headers=keys["demo-admin"],
                    json={"slug": slug, "title": f"Demo {slug}", "status": "published", "filter": saved},
                )
                assert made.status_code == 201, made.text
            rival_ids, borrowed = set(), 0
            for i, date in enumerate(RIVAL_DATES):
                made = app.post("/v1/events", headers=keys["rival"], json=rival_event(i, date, borrowed=True))
                if made.status_code == 422:  # demo's entity or source refused to the rival: its own only
                    made = app.post(
                        "/v1/events", headers=keys["rival"], json=rival_event(i, date, borrowed=False)
                    )
                else:
                    borrowed += 1
                assert made.status_code == 201, made.text
                rival_ids.add(made.json()["id"])
            yield World(app, dsn, keys, rival_ids, borrowed)
    finally:
        pg_server.drop(name)


def expected_members(world: World, saved: dict[str, Any]) -> list[str]:
    """Demo's published and retracted events that the saved filter matches, by the event search."""
    got = world.app.get("/v1/events", params=[*_filter_params(saved), ("newsroom", "demo"), ("limit", "200")])
    assert got.status_code == 200, got.text
    return [item["id"] for item in got.json()["items"]]


def no_rival(world: World, text: str, where: str) -> None:
    assert MARK not in text.lower(), where
    leaked = [i for i in world.rival_ids if i in text]
    assert not leaked, (where, leaked)


def walk(
    world: World, path: str, headers: dict[str, str], params: list[tuple[str, str]], limit: int
) -> list[str]:
    """Every item id of a timeline's pages, following next cursors."""
    ids, cursor = [], None
    for _ in range(100):
        query = [*params, ("limit", str(limit))] + ([("cursor", cursor)] if cursor else [])
        got = world.app.get(path, params=query, headers=headers)
        assert got.status_code == 200, (path, query, got.text)
        no_rival(world, got.text, f"{path} {query}")
        ids += [item["id"] for item in got.json()["items"]]
        cursor = got.json()["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("pages never ended")


CALLERS = ["anonymous", "rival", "demo-viewer", "demo-admin"]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("slug", list(ALL_FILTERS))
def test_rival_events_never_join_a_timeline_by_its_filter(world, slug, caller):
    headers = world.keys[caller]
    path = f"/v1/timelines/{slug}/events"
    want = expected_members(world, ALL_FILTERS[slug])
    assert want, "the saved filter must match some of demo's own events, or the test proves nothing"
    # Pages in both orders, in one page and walked by cursors, around a date, at an instant, as a feed.
    assert walk(world, path, headers, [], 200) == want
    assert walk(world, path, headers, [("order", "desc")], 200) == want[::-1]
    assert walk(world, path, headers, [], 3) == want
    around = walk(world, path, headers, [("around", "2021-12-15")], 200)
    assert around == [i for i in want if i in around]
    now = dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")
    assert walk(world, path, headers, [("as_of", now)], 200) == want
    feed = walk(world, path, headers, [("updated_since", "2000-01-01T00:00:00Z")], 200)
    assert sorted(feed) == sorted(want)
    # Request filters narrow the members; none brings the rival's events back.
    for params in (
        [("newsroom", "rival")],
        [("q", MARK)],
        [("tag", "doping")],
        [("country", "CN")],
        [("publisher", "The Dispatch")],
        [("from", "2015"), ("to", "2023")],
    ):
        walk(world, path, headers, params, 50)
    assert walk(world, path, headers, [("newsroom", "rival")], 50) == []
    assert walk(world, path, headers, [("q", MARK)], 50) == []


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("slug", list(ALL_FILTERS))
def test_exports_hold_no_rival_event(world, slug, caller):
    want = expected_members(world, ALL_FILTERS[slug])
    for fmt in FORMATS:
        got = world.app.get(f"/v1/timelines/{slug}/export/{fmt}", headers=world.keys[caller])
        assert got.status_code == 200, (fmt, got.text)
        no_rival(world, got.text, f"{slug} {fmt} {caller}")
        if fmt in EVENT_IDS:
            assert all(i in got.text for i in want), (slug, fmt)


@pytest.mark.parametrize("slug", list(ALL_FILTERS))
def test_the_embed_shows_no_rival_event(world, slug):
    got = world.app.get(f"/embed/timelines/{slug}")
    assert got.status_code == 200, got.text
    no_rival(world, got.text, f"embed {slug}")
    shown = re.findall(r'<li id="e-([0-9a-f-]{36})"', got.text)
    assert shown and set(shown) <= set(expected_members(world, ALL_FILTERS[slug]))


def test_the_tag_fast_path_and_the_general_statement_agree(world):
    """A one-tag timeline is read from the tag page, by anonymous readers and by the owner's keys (its
    drafts then members too); it gives what the general statement gives, and never the rival's."""
    for slug in ("by-tag", "by-tag-dates", "by-tag-open", "russia-doping"):
        saved = check_event_filters(
            **{("from_" if k == "from" else k): v for k, v in ALL_FILTERS[slug].items()}
        )
        assert tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved)) is not None
        owner = tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved, drafts_of="demo"))
        assert owner is not None and owner.drafts and owner.newsroom == "demo"
        path = f"/v1/timelines/{slug}/events"
        fast = walk(world, path, {}, [], 200)
        assert fast == walk(world, path, world.keys["demo-admin"], [], 200) == walk(world, path, {}, [], 2)
        assert fast == expected_members(world, ALL_FILTERS[slug])
        # The general statement, for a filter the tag page cannot take, agrees with it.
        general = walk(world, path, world.keys["demo-admin"], [("min_importance", "1")], 200)
        assert general == [i for i in fast if i in general] and general


@pytest.mark.parametrize("caller", ["rival", "demo-viewer"])
def test_a_rival_write_changes_no_etag_of_demo_s_timelines(world, caller):
    """Exports and pages are tagged by their members: the rival editing its events leaves them alone."""
    headers = world.keys[caller]
    before = {}
    for slug in ALL_FILTERS:
        for url in [f"/v1/timelines/{slug}/events"] + [f"/v1/timelines/{slug}/export/{f}" for f in FORMATS]:
            got = world.app.get(url, headers=headers)
            assert got.status_code == 200, got.text
            before[url] = got.headers["etag"]
    for event_id in sorted(world.rival_ids):
        edited = world.app.patch(
            f"/v1/events/{event_id}",
            headers=world.keys["rival"],
            json={"summary": f"Edited by {MARK} at {uuid.uuid4()}"},
        )
        assert edited.status_code == 200, edited.text
    changed = [
        url
        for url, etag in before.items()
        if world.app.get(url, headers={**headers, "If-None-Match": etag}).status_code != 304
    ]
    assert changed == []


def test_include_by_id_brings_in_another_newsroom_s_event(world):
    picked = sorted(world.rival_ids)[:2]
    made = world.app.post(
        "/v1/timelines",
        headers=world.keys["demo-admin"],
        json={
            "slug": "with-rival-picks",
            "title": "Picked",
            "status": "published",
            "filter": {"tag": ["doping"]},
            "include": picked,
        },
    )
    assert made.status_code == 201, made.text
    want = sorted(expected_members(world, {"tag": ["doping"]}) + picked)
    for headers in world.keys.values():
        assert sorted(_ids(world, "/v1/timelines/with-rival-picks/events", headers)) == want
    csv = world.app.get("/v1/timelines/with-rival-picks/export/csv").text
    embed = world.app.get("/embed/timelines/with-rival-picks").text
    assert all(i in csv for i in picked) and MARK in embed.lower()


def _ids(
    app: World | TestClient, path: str, headers: dict[str, str], params: list[tuple[str, str]] = ()
) -> list[str]:
    """One page's item ids (limit 200), from the world's app or a test client."""
    client = app.app if isinstance(app, World) else app
    got = client.get(path, params=[*params, ("limit", "200")], headers=headers)
    assert got.status_code == 200, got.text
    return [item["id"] for item in got.json()["items"]]


@pytest.mark.parametrize(
    "saved", [{"tag": ["doping"]}, {"q": "summit"}, {"any_tag": ["summit"], "from": "2016"}]
)
def test_a_filter_naming_another_newsroom_draws_from_it(world, saved):
    """A partnership: the filter's own `newsroom` names whose events it draws from (demo's then stay out
    unless included); on the tag page and the general statement alike."""
    slug = f"partner-{uuid.uuid4().hex[:8]}"
    made = world.app.post(
        "/v1/timelines",
        headers=world.keys["demo-admin"],
        json={
            "slug": slug,
            "title": "Partner",
            "status": "published",
            "filter": {**saved, "newsroom": "rival"},
        },
    )
    assert made.status_code == 201, made.text
    want = sorted(
        world.app.get(
            "/v1/events", params=[*_filter_params(saved), ("newsroom", "rival"), ("limit", "200")]
        ).json()["items"],
        key=lambda e: e["id"],
    )
    want_ids = [e["id"] for e in want]
    assert want_ids and set(want_ids) <= world.rival_ids
    for headers in world.keys.values():
        assert sorted(_ids(world, f"/v1/timelines/{slug}/events", headers)) == want_ids
    assert all(i in world.app.get(f"/v1/timelines/{slug}/export/csv").text for i in want_ids)


def test_the_size_cap_counts_only_the_timeline_s_own_newsroom(pg_server, template_db):
    """10,001 rival events tagged like demo's timeline: demo's timeline still exports and can be
    edited, since none of them is its member (the cap counts members, as the owner sees them)."""
    name = f"dateline_s_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    try:
        fetch(dsn, "INSERT INTO newsrooms (name) VALUES ('rival')")
        fetch(
            dsn,
            """
            INSERT INTO events (newsroom, title, date, start_date, end_date, sort_at, precision, display,
                                tags, status)
            SELECT 'rival', 'bulk ' || i, '2016-08-01', '2016-08-01', '2016-08-01', '2016-08-01', 'day',
                   '1 August 2016', ARRAY['doping'], 'published'
            FROM generate_series(1, 10001) AS i""",
        )
        with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as app:
            app.headers.update(bearer(template_db.admin_key))
            for fmt in ("csv", "ics"):
                got = app.get(f"/v1/timelines/russia-doping/export/{fmt}")
                assert got.status_code == 200, got.text
                assert "bulk " not in got.text
            patched = app.patch("/v1/timelines/russia-doping", json={"filter": {"from": "2015"}})
            assert patched.status_code == 200, patched.text
            made = app.post(
                "/v1/timelines", json={"slug": "all-doping", "title": "All", "filter": {"tag": ["doping"]}}
            )
            assert made.status_code == 201, made.text
            # A partnership that would hold them all is refused, as any timeline over the cap is.
            problem(
                app.post(
                    "/v1/timelines",
                    json={
                        "slug": "too-big",
                        "title": "Too big",
                        "filter": {"tag": ["doping"], "newsroom": "rival"},
                    },
                ),
                422,
                "filter",
            )
    finally:
        pg_server.drop(name)


def test_the_owner_s_drafts_join_its_tag_timeline_for_its_keys_only(client, anon, db_url):
    """On the tag page too: demo's keys see demo's matching draft in its timeline; nobody sees the rival's
    draft, published or retracted events there; anonymous and rival callers see no draft at all."""
    rival = bearer(create_key(db_url, "rival", "editor"))
    viewer = bearer(create_key(db_url, "demo", "viewer"))
    draft = client.post(
        "/v1/events",
        json={"title": "Demo doping draft", "date": "2016-05", "status": "draft", "tags": ["doping"]},
    )
    assert draft.status_code == 201, draft.text
    theirs = [
        client.post("/v1/events", headers=rival, json=body).json()["id"]
        for body in (
            {"title": f"{MARK} draft", "date": "2016-05", "status": "draft", "tags": ["doping"]},
            rival_event(0, "2016-05", borrowed=False),
            rival_event(3, "2016-06", borrowed=False),
        )
    ]
    path = "/v1/timelines/russia-doping/events"
    public = _ids(anon, path, {})
    assert draft.json()["id"] not in public and not set(theirs) & set(public)
    for headers in (viewer, {}):  # the client's own key is demo's admin
        own = _ids(client, path, headers)
        assert sorted(own) == sorted([*public, draft.json()["id"]])
    assert _ids(client, path, rival) == public
    assert _ids(client, path, {}, [("status", "draft")]) == [draft.json()["id"]]
