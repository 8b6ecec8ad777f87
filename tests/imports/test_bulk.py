"""The set-based import writes, for each row, what `POST /v1/events` writes (events, search text, event_tags,
entity links, citations, sources, every revision, numbered in the same order), reports what the import
one row at a time reported, and refuses a file exactly as that did: the same rows, the same messages."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import msgspec
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.auth.actor import Actor
from service.db import Database, create_pool
from service.demo.seed import demo_id
from service.errors import Invalid
from service.events import document
from service.events import repository as events_repo
from service.imports import service as imports
from service.imports.service import MAX_ERRORS, import_batch, read_file
from tests.conftest import Server, Template, app_settings, fetch
from tests.helpers import updatable
from tests.imports.test_import import NDJSON, counts, ndjson

ENTITIES = [demo_id("entity", key) for key in ("xi", "putin")]
SOURCES = [demo_id("source", key) for key in ("tass-announce", "dispatch")]
TASS = "HTTPS://TASS.com:443/politics/1374481?utm_source=feed#top"  # the demo source, spelled otherwise
DATES = ["2021-12-15", "2021-12", "2021", "2016-08~", "2021?", "2021-11%", "2021-12-09/2021-12-10",
         "2020-03/..", "2020-03-04~/..", "2021-12-15T11:07:00+03:00", "2021-12-15T23:30:00-05:00",
         "2021-12-15T11:07:30Z", "2019~/2021", "2016%/2018-05~", "2024-02-29", "2021-12-15T11:07:00+03",
         "0002-03", "9998-12-31"]  # fmt: skip
WORDS = ["summit", "sanctions", "treaty", "videoconference", "pipeline", "doping", "ceasefire", "athletes"]


def _source(rnd: random.Random, n: int) -> dict[str, Any]:
    """One of a few new sources (so the file cites each several times), or the demo one by another URL."""
    if n == 0:
        return {"url": TASS, "title": "Not the stored title"}
    source: dict[str, Any] = {"url": f"https://example.com/bulk/{n}?utm_medium=x", "title": f"Source {n}"}
    if n % 2:
        source |= {
            "publisher": "Paper",
            "authors": ["Doe, Jane", "Roe"],
            "published": "2021-12~",
            "language": "en",
            "kind": "news",
            "archive_url": f"https://archive.example/{n}",
            "accessed_at": "2022-01-02T03:04:05.250+02:00",
            "change_note": f"source {n}",
        }
    return source


def _citation(rnd: random.Random, stance: str) -> dict[str, Any]:
    citation: dict[str, Any] = {"quote": " ".join(rnd.sample(WORDS, 3)), "stance": stance}
    if rnd.random() < 0.5:
        citation["source_id"] = str(rnd.choice(SOURCES))
    else:
        citation["source"] = _source(rnd, rnd.randrange(6))
    for field in ("locator", "note", "change_note"):
        if rnd.random() < 0.3:
            citation[field] = f"{field} {rnd.randrange(100)}"
    return citation


def bodies(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """`POST /v1/events` bodies using every field: dates of every form, entities, tags (one repeated),
    new and known sources inline or by id, published, draft and retracted events, corrections."""
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        status = ("published", "published", "draft", "retracted")[i % 4]
        body: dict[str, Any] = {"title": f"Bulk {i:03d} {rnd.choice(WORDS)}", "date": DATES[i % len(DATES)],
                                "status": status, "importance": 1 + i % 5}  # fmt: skip
        if i % 3:
            body["summary"] = " ".join(rnd.choices(WORDS, k=6))
        if i % 5:
            body["tags"] = rnd.sample(["summit", "china-russia", "doping", "bulk"], 1 + i % 3)
            body["tags"] += ["bulk"] * (i % 7 == 0)  # a tag given twice
        if i % 4 == 1:
            roles = ("participant", "mentioned")[: 1 + i % 2]
            body["entities"] = [{"id": str(e), "role": r} for e, r in zip(ENTITIES, roles, strict=False)]
        if i % 6 == 2:
            body["location"] = {"name": "Moscow", "country": "RU", "lat": 55.75, "lon": 37.62}
        if i % 7 == 3:
            body["media"] = {"url": "https://example.com/m.jpg", "caption": "A caption", "alt_text": "alt"}
        if status == "retracted":
            body["retraction_note"] = "It did not happen."
        if i % 9 == 4:
            body |= {"change_note": "corrected the date", "correction": True}
        elif i % 9 == 5:
            body["change_note"] = "first draft"
        stances = ["supports"] if status == "published" else []
        stances += rnd.sample(["supports", "disputes", "context"], i % 3)
        if stances:
            body["citations"] = [_citation(rnd, stance) for stance in stances]
        out.append(body)
    return out


@pytest.fixture
def twin(pg_server: Server, template_db: Template) -> Iterator[tuple[TestClient, str]]:
    """A second fresh copy of the demo database, with the same demo admin key as `client`."""
    name = f"dateline_t_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as test_client:
        test_client.headers["Authorization"] = f"Bearer {template_db.admin_key}"
        yield test_client, dsn
    pg_server.drop(name)


# ---- what is stored ------------------------------------------------------------------------------------


def _labels(dsn: str) -> dict[str, str]:
    """A name for every id the compared objects have that is the same in both databases."""
    labels = {str(r["id"]): f"source:{r['url']}" for r in fetch(dsn, "SELECT id, url FROM sources")}
    for r in fetch(dsn, "SELECT id, title FROM events WHERE title LIKE 'Bulk %'"):
        labels[str(r["id"])] = f"event:{r['title']}"
    rows = fetch(
        dsn,
        "SELECT c.id, e.title, row_number() OVER (PARTITION BY e.id ORDER BY c.seq) AS n "
        "FROM citations c JOIN events e ON e.id = c.event_id WHERE e.title LIKE 'Bulk %'",
    )
    labels |= {str(r["id"]): f"citation:{r['title']}#{r['n']}" for r in rows}
    return labels


INSTANTS = ("created_at", "updated_at", "at", "published_at")


def _named(value: Any, labels: dict[str, str]) -> Any:
    """The value with ids replaced by their names and the instants of this transaction blanked."""
    if isinstance(value, dict):
        return {
            k: ("T" if v is not None else None) if k in INSTANTS else _named(v, labels)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_named(v, labels) for v in value]
    if isinstance(value, str | uuid.UUID):
        return labels.get(str(value), value)
    return value


def stored(dsn: str, after_revision: int, *, ordered: bool = True) -> dict[str, Any]:
    """Everything the import writes, with ids named: comparable across two databases. The revisions
    in the order of their ids, or by object when not `ordered`."""
    labels = _labels(dsn)
    queries = {
        "events": "SELECT e.*, e.search::text AS search FROM events e WHERE e.title LIKE 'Bulk %' "
        "ORDER BY e.title",
        "event_tags": "SELECT t.* FROM event_tags t JOIN events e ON e.id = t.id WHERE e.title LIKE 'Bulk %' "
        "ORDER BY e.title, t.tag",
        "event_entities": "SELECT ee.* FROM event_entities ee JOIN events e ON e.id = ee.event_id "
        "WHERE e.title LIKE 'Bulk %' ORDER BY e.title, ee.position",
        "citations": "SELECT c.* FROM citations c JOIN events e ON e.id = c.event_id "
        "WHERE e.title LIKE 'Bulk %' ORDER BY e.title, c.seq",
        "sources": "SELECT s.*, s.search::text AS search FROM sources s ORDER BY s.url",
        "revisions": "SELECT object_type, object_id, newsroom, version, action, state, key_id, change_note, "
        "correction, created_at FROM revisions WHERE id > $1 ORDER BY id",
    }
    out = {}
    for name, sql in queries.items():
        rows = [dict(r) for r in fetch(dsn, sql, *([after_revision] if "$1" in sql else []))]
        for row in rows:
            row.pop("id", None), row.pop("seq", None)
            if "state" in row:
                row["state"] = json.loads(row["state"])
            for key in ("location", "media"):
                if isinstance(row.get(key), str):
                    row[key] = json.loads(row[key])
        out[name] = _named(rows, labels)
    if not ordered:
        out["revisions"].sort(key=lambda r: (r["object_type"], r["object_id"]))
    return out


def test_the_import_stores_what_posting_each_event_stores(client, db_url, twin, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 7)  # several chunks, and sources first cited in a later one
    rows = bodies(40)
    baseline = fetch(db_url, "SELECT max(id) AS n FROM revisions")[0]["n"]
    response = client.post("/v1/import", content=ndjson(*rows), headers=NDJSON)
    assert response.status_code == 201, response.text
    other, other_dsn = twin
    for body in rows:
        assert other.post("/v1/events", json=body).status_code == 201
    # A POST creates each inline source as it reaches its citation, an import all of a row's first: the
    # revisions are the same, numbered in another order (compared below against the import one by one).
    imported, posted = stored(db_url, baseline, ordered=False), stored(other_dsn, baseline, ordered=False)
    assert len(imported["events"]) == 40 and len(imported["revisions"]) > 100
    assert imported["event_tags"] and imported["event_entities"] and imported["citations"]
    for table in posted:
        assert imported[table] == posted[table], table
    report = response.json()
    assert report["created"] == {"events": 40, "sources": 5}
    assert (report["published"], report["drafts"]) == (20, 20)
    assert report["reused_sources"] == [{"id": str(SOURCES[0]), "url": "https://tass.com/politics/1374481"}]


def test_an_imported_events_revision_keeps_the_state_postgresql_builds(client, db_url):
    """The import builds each new event's state itself: to the byte of every string (instants as
    PostgreSQL writes them, with `+00:00` and fractions without trailing zeros), it is the event's JSON
    as fragment_event_json builds it once the file is in (its correction then read from the revision)."""
    rows = bodies(40)
    assert client.post("/v1/import", content=ndjson(*rows), headers=NDJSON).status_code == 201
    compared = fetch(
        db_url,
        "SELECT r.state = (" + document.EVENT_JSON + ")::jsonb AS same, r.state::text AS state, "
        "(" + document.EVENT_JSON + ")::jsonb::text AS built, r.correction "
        "FROM revisions r JOIN events e ON e.id = r.object_id "
        "WHERE r.object_type = 'event' AND e.title LIKE 'Bulk %'",
    )
    assert len(compared) == 40 and any(row["correction"] for row in compared)
    assert any(".25+00:00" in row["state"] for row in compared)  # a source's accessed_at, with its fraction
    for row in compared:
        assert row["same"], (row["state"], row["built"])


def test_the_sources_and_entities_an_import_shows_stay_as_they_are_until_it_is_in(db_url, monkeypatch):
    """The import builds its events' documents from the sources and entities they cite and link to, so
    those are locked until it commits: a change to one waits (then rebuilds the documents of the events
    that now show it) instead of leaving them showing what it was."""
    tass, dispatch = SOURCES  # cited by URL (found), and by id
    probes: list[dict[str, bool]] = []

    rows = [("sources", tass), ("sources", dispatch), ("entities", ENTITIES[0])]

    original = events_repo.transaction_now

    async def probe(conn: asyncpg.Connection) -> Any:  # while the import's transaction is open
        probes.append(await updatable(db_url, rows))
        return await original(conn)

    monkeypatch.setattr(events_repo, "transaction_now", probe)
    row = {"title": "Bulk locked", "date": "2021", "status": "published",
           "entities": [{"id": str(ENTITIES[0])}],
           "citations": [{"quote": "q", "source": {"url": TASS, "title": "t"}},
                         {"quote": "q", "source_id": str(dispatch)}]}  # fmt: skip
    report = _outcome(db_url, import_batch, ndjson(row).encode())
    assert report["created"] == {"events": 1, "sources": 0}
    assert probes and not any(probes[0].values()), probes  # none could change while the import ran
    assert all(asyncio.run(updatable(db_url, rows)).values())  # and each can once it is in


# ---- the report and the refusals, against the import one row at a time --------------------------------


def _outcome(dsn: str, run: Any, raw: bytes) -> Any:
    """The report, or the problem (detail and errors), of importing `raw` as NDJSON with `run`."""

    async def go() -> Any:
        settings = app_settings(dsn)
        db = Database(await create_pool(dsn, settings), settings)
        try:
            batch = read_file(raw, "ndjson")
            report = await run(db, actor=Actor(newsroom="demo", role="editor"), batch=batch, progress=None)
            return msgspec.to_builtins(report)
        except Invalid as exc:
            return exc.detail, [(e.field, e.message) for e in exc.errors or []]
        finally:
            await db.close()

    return asyncio.run(go())


def test_the_report_and_the_revisions_are_those_of_one_row_at_a_time(db_url, twin, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 4)
    monkeypatch.setattr(imports, "CHUNK_OBJECTS", 9)  # and chunks cut by their citations
    raw = ndjson(*bodies(30, seed=11)).encode()
    _, other_dsn = twin
    baseline = fetch(db_url, "SELECT max(id) AS n FROM revisions")[0]["n"]
    report = _outcome(db_url, import_batch, raw)
    assert report == _outcome(other_dsn, imports._one_by_one, raw)
    assert report["created"]["events"] == 30 and report["reused_sources"]
    assert stored(db_url, baseline) == stored(other_dsn, baseline)


def _bad_rows() -> list[str]:
    """Rows each broken by one or more rules, some checked without the database and some with it."""
    missing = str(uuid.uuid4())
    good = {"title": "Fine", "date": "2021"}
    source = {"url": "https://example.com/p", "title": "t"}
    both = {"quote": "q", "source_id": str(SOURCES[0]), "source": source}
    bad_url = {"quote": "q", "source": {**source, "url": "https://:80/x"}}
    bad_published = {"quote": "q", "source": {**source, "published": "2021-21"}}
    context = {"quote": "q", "source_id": missing, "stance": "context"}
    broken = [
        {**good, "date": "2021-02-30"},
        {**good, "date": "2021-13", "entities": [{"id": missing}]},  # the date is checked first
        {**good, "entities": [{"id": missing}, {"id": str(ENTITIES[0])}, {"id": str(uuid.uuid4())}]},
        {**good, "entities": [{"id": str(ENTITIES[0])}, {"id": str(ENTITIES[0])}]},
        {**good, "citations": [{"quote": "q"}]},
        {**good, "citations": [both]},
        {**good, "citations": [{"quote": "q", "source_id": missing}]},
        {**good, "citations": [{"quote": "q", "source_id": missing}, bad_url]},  # inline sources come first
        {**good, "citations": [bad_published]},
        {**good, "status": "published"},
        {**good, "status": "published", "citations": [context]},  # the publishing rule before the source
        {**good, "status": "retracted"},
        {**good, "correction": True},
        {**good, "entities": [{"id": missing}], "citations": [{"quote": "q"}]},  # entities before citations
    ]
    return [json.dumps(row) for row in broken]


@pytest.mark.parametrize("repeat", [1, 9])
def test_a_bad_file_is_refused_as_one_row_at_a_time_refused_it(db_url, repeat):
    """The same rows, fields and messages, in the same order, cut at MAX_ERRORS at the same row (with
    unreadable lines, rule errors and database lookups mixed), and nothing written."""
    lines = ['{"title": "ok", "date": "2020"}', "{not json", '{"title": "x", "date": "2020", "colour": 1}']
    lines += _bad_rows() * repeat + ['{"title": "last", "date": "1999-99"}']
    raw = "\n".join(lines).encode()
    before = counts(db_url)
    new = _outcome(db_url, import_batch, raw)
    assert new == _outcome(db_url, imports._one_by_one, raw)
    detail, errors = new
    if repeat > 1:
        assert len(errors) == MAX_ERRORS and f"the first {MAX_ERRORS} are listed" in detail
    else:
        assert errors[0][0] == "row 2" and errors[-1][0] == f"row {len(lines)}: date"
    assert counts(db_url) == before


def test_a_value_the_database_cannot_store_names_its_row_as_before(db_url):
    """A source read at an instant beyond year 1 in UTC: PostgreSQL's driver refuses it only when it is
    written, and the import names that row (and checks no later row), as it always did."""
    rows = [
        {"title": "Fine", "date": "2021"},
        {
            "title": "Old",
            "date": "2021",
            "citations": [
                {
                    "quote": "q",
                    "source": {
                        "url": "https://example.com/old",
                        "title": "t",
                        "accessed_at": "0001-01-01T00:30:00+01:00",
                    },
                }
            ],
        },
        {"title": "Bad date after it", "date": "2021-02-30"},
    ]
    raw = ndjson(*rows).encode()
    before = counts(db_url)
    detail, errors = _outcome(db_url, import_batch, raw)
    assert [field for field, _ in errors] == ["row 2"]
    assert errors[0][1].startswith("a value cannot be stored: ")
    assert counts(db_url) == before


def test_a_value_refused_while_writing_set_based_is_named_one_row_at_a_time(db_url, monkeypatch):
    """Should PostgreSQL refuse a value the rules let through, the set-based statements are undone (to
    their savepoint) and the file goes one row at a time, which names the row as it always did."""
    rows = [
        {"title": "Fine", "date": "2021"},
        {
            "title": "Old",
            "date": "2021",
            "citations": [
                {
                    "quote": "q",
                    "source": {
                        "url": "https://example.com/old",
                        "title": "t",
                        "accessed_at": "9999-12-31T23:00:00-05:00",
                    },
                }
            ],
        },
    ]
    raw = ndjson(*rows).encode()
    expected = _outcome(db_url, import_batch, raw)
    monkeypatch.setattr(imports, "_unsendable", lambda event: False)  # as if the rules had not seen it
    assert _outcome(db_url, import_batch, raw) == expected
    assert [field for field, _ in expected[1]] == ["row 2"]
