"""Migration 0008 splits each source cited across newsrooms into one per citing newsroom, and back.

The state before it is built at revision 0007 as the old service allowed it: demo events handed to other
newsrooms (as if those had cited the demo's sources inline by URL), one of the cited sources deleted with
its citations. Upgrading gives each citing newsroom its own copy, repoints its citations (live and
deleted), keeps every older revision, and leaves every event's document as its rows make it; the API then
keeps the newsrooms apart. Downgrading keeps one live source per URL, the oldest, whoever's it is.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from service.migrate import downgrade, upgrade
from tests.conftest import app_settings, create_key, fetch, stale_event_docs

# Demo events handed to other newsrooms at 0007, and the newsroom each goes to.
MOVED = {"mclaren": "rival", "summit": "rival", "beijing-opening": "rival", "icarus": "third",
         "putin-to-attend": "third"}  # fmt: skip
DELETED_SOURCE = "wapo-olympics"  # cited only by beijing-opening; deleted with its citation at 0007
FIELDS = ("url", "title", "publisher", "authors", "published", "published_start", "published_end", "language",
          "kind", "archive_url", "accessed_at", "deleted_at")  # fmt: skip


def rows(dsn: str, sql: str, *args: object) -> list[dict]:
    return [dict(row) for row in fetch(dsn, sql, *args)]


SOURCES = f"SELECT id, newsroom, version, created_at, {', '.join(FIELDS)} FROM sources"
CITATIONS = (
    "SELECT id, event_id, newsroom, source_id, quote, locator, stance, note, deleted_at FROM citations"
)


def snapshot(dsn: str) -> dict[str, object]:
    return {
        "sources": {r["id"]: r for r in rows(dsn, SOURCES)},
        "citations": {r["id"]: r for r in rows(dsn, CITATIONS)},
        "revisions": rows(dsn, "SELECT * FROM revisions ORDER BY id"),
        "events": rows(dsn, "SELECT id, newsroom, version, deleted_at FROM events ORDER BY id"),
    }


def crossing(dsn: str) -> list[dict]:
    """Citations (live or deleted) of a source of another newsroom than their event's."""
    return rows(
        dsn,
        "SELECT c.id FROM citations c JOIN events e ON e.id = c.event_id "
        "JOIN sources s ON s.id = c.source_id WHERE e.newsroom <> s.newsroom",
    )


def unique_index(dsn: str) -> list[str]:
    return [
        r["indexdef"].split(" USING btree ")[1]
        for r in rows(
            dsn,
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'sources' AND indexdef LIKE 'CREATE UNIQUE%'"
            " AND indexname <> 'sources_pkey'",
        )
    ]


def build_crossings(dsn: str) -> None:
    """At 0007: the MOVED events (with their citations and history) become other newsrooms', and one source
    cited only by a moved event is deleted with its citations at one instant, as a DELETE of it did."""
    ids = {key: demo_id("event", key) for key in MOVED}
    statements = [
        "INSERT INTO newsrooms (name) VALUES ('rival'), ('third')",
        *(f"UPDATE events SET newsroom = '{room}' WHERE id = '{ids[key]}'" for key, room in MOVED.items()),
        "UPDATE citations c SET newsroom = e.newsroom FROM events e WHERE e.id = c.event_id",
        "UPDATE revisions r SET newsroom = e.newsroom FROM events e WHERE e.id = r.object_id",
        "UPDATE revisions r SET newsroom = c.newsroom FROM citations c WHERE c.id = r.object_id",
        "UPDATE sources SET deleted_at = '2024-01-02T03:04:05Z', version = version + 1 "
        f"WHERE id = '{demo_id('source', DELETED_SOURCE)}'",
        "UPDATE citations SET deleted_at = '2024-01-02T03:04:05Z', version = version + 1 "
        f"WHERE source_id = '{demo_id('source', DELETED_SOURCE)}'",
    ]
    for sql in statements:
        fetch(dsn, sql)


@pytest.fixture
def at_0007(db_url: str) -> Iterator[str]:
    downgrade(db_url, "0007")
    assert unique_index(db_url) == ["(url) WHERE (deleted_at IS NULL)"]
    build_crossings(db_url)
    assert len(crossing(db_url)) > 0 and stale_event_docs(db_url) == []
    yield db_url


def test_upgrade_splits_cross_newsroom_sources_and_downgrade_merges_them_back(at_0007: str):
    dsn = at_0007
    before = snapshot(dsn)
    pairs = "SELECT DISTINCT c.source_id, e.newsroom FROM citations c JOIN events e ON e.id = c.event_id"
    cited_by = {(r["source_id"], r["newsroom"]) for r in rows(dsn, pairs)}
    expected_copies = {(s, room) for s, room in cited_by if before["sources"][s]["newsroom"] != room}
    assert {room for _, room in expected_copies} == {"rival", "third"}
    assert len({s for s, _ in expected_copies}) < len(expected_copies)  # a source cited by two other rooms

    upgrade(dsn)

    after = snapshot(dsn)
    assert unique_index(dsn) == ["(newsroom, url) WHERE (deleted_at IS NULL)"]
    assert crossing(dsn) == []
    assert stale_event_docs(dsn) == []
    # The owners keep their sources as they were; each other citing newsroom has a copy of the same fields.
    assert {i: after["sources"][i] for i in before["sources"]} == before["sources"]
    copies = {i: s for i, s in after["sources"].items() if i not in before["sources"]}
    assert len(copies) == len(expected_copies)
    copy_of: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    for copy_id, copy in copies.items():
        [original] = [
            s
            for (s, room) in expected_copies
            if room == copy["newsroom"] and before["sources"][s]["url"] == copy["url"]
        ]
        assert {f: copy[f] for f in FIELDS} == {f: before["sources"][original][f] for f in FIELDS}
        assert copy["version"] == 1
        copy_of[(original, copy["newsroom"])] = copy_id
    assert set(copy_of) == expected_copies
    # Every citation stays, each now citing its own newsroom's source; nothing else of it changes.
    assert after["citations"].keys() == before["citations"].keys()
    moved = 0
    for citation_id, old in before["citations"].items():
        new = after["citations"][citation_id]
        assert new["source_id"] == copy_of.get((old["source_id"], old["newsroom"]), old["source_id"])
        assert {**new, "source_id": None} == {**old, "source_id": None}
        moved += new["source_id"] != old["source_id"]
    assert moved == sum(1 for c in before["citations"].values() if (c["source_id"], c["newsroom"]) in copy_of)
    # History: every older revision as it was; a `create` per copy and an `update` per moved citation.
    assert after["revisions"][: len(before["revisions"])] == before["revisions"]
    added = after["revisions"][len(before["revisions"]) :]
    assert sorted((r["object_type"], r["action"]) for r in added) == sorted(
        [("source", "create")] * len(copies) + [("citation", "update")] * moved
    )
    assert {r["object_id"] for r in added if r["object_type"] == "source"} == set(copies)
    assert all(r["key_id"] is None and r["change_note"] for r in added)
    for r in added:
        if r["object_type"] == "citation":
            state = json.loads(r["state"])
            assert uuid.UUID(state["source_id"]) == after["citations"][r["object_id"]]["source_id"]
            assert r["newsroom"] == after["citations"][r["object_id"]]["newsroom"]
    assert [(e["id"], e["newsroom"], e["version"]) for e in after["events"]] == [
        (e["id"], e["newsroom"], e["version"]) for e in before["events"]
    ]

    changes = check_the_api_keeps_newsrooms_apart(dsn, copy_of)

    merged = snapshot(dsn)
    downgrade(dsn, "0007")

    back = snapshot(dsn)
    assert unique_index(dsn) == ["(url) WHERE (deleted_at IS NULL)"]
    assert stale_event_docs(dsn) == []
    live = [s for s in back["sources"].values() if s["deleted_at"] is None]
    assert len({s["url"] for s in live}) == len(live)  # one live source per URL again
    # The oldest live source of each URL is kept, whoever's it is; the others are gone and their citations
    # cite the kept one.
    oldest: dict[str, uuid.UUID] = {}
    for source_id, s in sorted(merged["sources"].items(), key=lambda kv: (kv[1]["created_at"], kv[0])):
        if s["deleted_at"] is None:
            oldest.setdefault(s["url"], source_id)
    gone = {i for i, s in merged["sources"].items() if s["deleted_at"] is None and oldest[s["url"]] != i}
    assert back["sources"].keys() == merged["sources"].keys() - gone
    assert changes["rival_first"] in oldest.values() and changes["demo_later"] in gone
    for citation_id, old in merged["citations"].items():
        source = merged["sources"][old["source_id"]]
        kept = oldest[source["url"]] if old["source_id"] in gone else old["source_id"]
        assert back["citations"][citation_id]["source_id"] == kept
    assert {i for i, s in copies.items() if s["deleted_at"] is None} <= gone  # the live copies are removed
    assert back["revisions"][: len(merged["revisions"])] == merged["revisions"]
    added = back["revisions"][len(merged["revisions"]) :]
    kinds = sorted({(r["object_type"], r["action"]) for r in added})
    assert kinds == [("citation", "update"), ("source", "delete")]
    assert {r["object_id"] for r in added if r["object_type"] == "source"} == gone

    upgrade(dsn)  # and forward again: the merged state splits as before
    assert crossing(dsn) == [] and stale_event_docs(dsn) == []


def check_the_api_keeps_newsrooms_apart(dsn: str, copy_of: dict[tuple[uuid.UUID, str], uuid.UUID]) -> dict:
    """After the split: the demo's edits no longer reach the rival's events; the rival restores its copy of
    the deleted source with its citation; and sources made since for the downgrade to merge (its oldest
    kept)."""
    demo = {"Authorization": f"Bearer {create_key(dsn, 'demo', 'admin')}"}
    rival = {"Authorization": f"Bearer {create_key(dsn, 'rival', 'editor')}"}
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as api:
        mclaren = f"/v1/events/{demo_id('event', 'mclaren')}"
        seen = api.get(mclaren).json()
        assert {c["source"]["newsroom"] for c in seen["citations"]} == {"rival"}
        abc = demo_id("source", "abc-ioc")
        renamed = api.patch(f"/v1/sources/{abc}", json={"title": "Demo's new title"}, headers=demo)
        assert renamed.status_code == 200
        assert api.get(mclaren).json() == seen
        ioc = api.get(f"/v1/events/{demo_id('event', 'ioc-no-ban')}").json()
        assert ioc["citations"][0]["source"]["title"] == "Demo's new title"  # the demo's own event follows it

        deleted_copy = copy_of[(demo_id("source", DELETED_SOURCE), "rival")]
        beijing = f"/v1/events/{demo_id('event', 'beijing-opening')}"
        assert len(api.get(beijing).json()["citations"]) == 1
        assert api.post(f"/v1/sources/{deleted_copy}/restore", headers=demo).status_code == 404
        assert api.post(f"/v1/sources/{deleted_copy}/restore", headers=rival).status_code == 200
        cited = [c["source"]["id"] for c in api.get(beijing).json()["citations"]]
        assert cited == [str(copy_of[(demo_id("source", "people-beijing"), "rival")]), str(deleted_copy)]

        url = f"https://merge.example/{uuid.uuid4().hex}"
        first = api.post("/v1/sources", json={"url": url, "title": "First"}, headers=rival).json()["id"]
        later = api.post("/v1/sources", json={"url": url, "title": "Later"}, headers=demo).json()["id"]
        cite = {"source_id": later, "quote": "Cited by the demo."}
        ioc_path = f"/v1/events/{demo_id('event', 'ioc-no-ban')}/citations"
        assert api.post(ioc_path, json=cite, headers=demo).status_code == 201
    return {"rival_first": uuid.UUID(first), "demo_later": uuid.UUID(later)}


def test_a_database_with_no_crossings_is_left_as_it_is(db_url: str):
    """The demo data alone (one newsroom): down to 0007 and up again changes no row."""
    before = snapshot(db_url)
    downgrade(db_url, "0007")
    upgrade(db_url)
    assert snapshot(db_url) == before
    assert unique_index(db_url) == ["(newsroom, url) WHERE (deleted_at IS NULL)"]
