"""Event writes: create, read, merge-patch, delete, preconditions, citations, the publishing rule,
corrections and revisions. Each test runs on its own clone of the demo database."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
import uuid

import msgspec
import pytest

from service import problem_types
from service.auth.actor import Actor
from service.db import Database, create_pool
from service.demo.seed import demo_id
from service.events import citations
from service.events import repository as events_repo
from service.events import service as events
from service.events.schemas import CitationCreate, EventIn
from service.sources import repository as sources_repo
from service.sources import service as sources_service
from service.sources.schemas import SourcePatch
from tests.conftest import app_settings, fetch
from tests.helpers import problem, updatable

ETAG = re.compile(r'^"(\d+)-[0-9a-f]{16}"$')


def source(key: str) -> str:
    return str(demo_id("source", key))


def event(key: str) -> str:
    return str(demo_id("event", key))


def entity(key: str) -> str:
    return str(demo_id("entity", key))


def cite(key: str, quote: str = "A passage.", **extra: object) -> dict:
    return {"source_id": source(key), "quote": quote, **extra}


def create(client, **fields: object) -> dict:
    """POST an event (a draft on 2021-12-15 unless told otherwise) and return its body."""
    body = {"title": "A test event", "date": "2021-12-15", **fields}
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_sources_and_entities_a_new_event_shows_stay_as_they_are_until_it_is_in(
    client, db_url, monkeypatch
):
    """Creating an event locks the entities it links to and the sources it cites (by id, or found by URL)
    until it commits: a change to one waits, then rebuilds the documents of the events that show it,
    instead of leaving the new event's document showing what the source was."""
    rows = [("sources", uuid.UUID(source("tass-announce"))), ("sources", uuid.UUID(source("dispatch"))),
            ("entities", uuid.UUID(entity("xi")))]  # fmt: skip
    probes: list[dict[str, bool]] = []
    original = events_repo.insert_event_revision

    async def probe(conn, **kwargs):  # inside the create's transaction, its citations in
        probes.append(await updatable(db_url, rows))
        return await original(conn, **kwargs)

    monkeypatch.setattr(events_repo, "insert_event_revision", probe)
    create(
        client,
        entities=[{"id": entity("xi")}],
        citations=[
            cite("dispatch"),
            {"quote": "q", "source": {"url": "https://tass.com/politics/1374481", "title": "t"}},
        ],
    )  # fmt: skip  (the second is tass-announce, found by its URL)
    monkeypatch.undo()
    assert probes and not any(probes[0].values()), probes
    assert all(asyncio.run(updatable(db_url, rows)).values())  # each can change once it is in


def test_events_citing_the_same_new_sources_in_opposite_orders_are_both_created(db_url, monkeypatch):
    """Two creates at once, each citing the same two new sources inline, in opposite orders, and each
    pausing after it makes a source until the other has made one too (at most 0.5 s): created in citation
    order, each held the source the other needed next (a deadlock, one of them a 503); created in URL
    order, the second waits for the first to commit and then finds both."""
    urls = [f"https://example.com/opposite-orders/{name}" for name in ("a", "b")]
    made: list[str] = []
    both = asyncio.Event()
    original = sources_repo.insert_source

    async def pausing(conn, **kwargs):
        source_id = await original(conn, **kwargs)
        if source_id is not None:  # made, not found made by the other since the lookup
            made.append(kwargs["fields"]["url"])
            if len(made) == 2:
                both.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(both.wait(), 0.5)
        return source_id

    monkeypatch.setattr(sources_repo, "insert_source", pausing)

    def body(order: list[str]) -> EventIn:
        citations = [
            {"quote": "q", "stance": "supports", "source": {"url": url, "title": url}} for url in order
        ]
        return msgspec.convert(
            {"title": f"Citing {order}", "date": "2021-12-15", "citations": citations}, EventIn
        )

    async def create_both() -> list[object]:
        settings = app_settings(db_url)
        dbs = [Database(await create_pool(db_url, settings), settings) for _ in range(2)]
        try:
            return await asyncio.gather(
                *(
                    events.create_event(db, actor=Actor(newsroom="demo", role="editor"), data=body(order))
                    for db, order in zip(dbs, (urls, urls[::-1]), strict=True)
                ),
                return_exceptions=True,
            )
        finally:
            for db in dbs:
                await db.close()

    created = asyncio.run(create_both())
    assert [type(result).__name__ for result in created] == ["Event", "Event"], created
    sources = fetch(db_url, "SELECT url, count(*) AS n FROM sources WHERE url = ANY($1) GROUP BY url", urls)
    assert {row["url"]: row["n"] for row in sources} == dict.fromkeys(urls, 1)
    assert sorted(made) == urls  # each made once, by one of the two


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_citing_a_source_while_it_is_edited_or_deleted_does_not_deadlock(client, db_url, monkeypatch, change):
    """A source's edit or deletion changes the events citing it; a new citation locks its event, then its
    source. A change that locked the source first and then the events would wait for the citing write
    while it waits for the source (a deadlock, one of them a 503): the change locks the events first."""
    event_id = demo_id("event", "putin-to-attend")  # published, supported by other sources
    made = client.post(
        f"/v1/events/{event_id}/citations",
        json={
            "quote": "Context.",
            "stance": "context",
            "source": {"url": "https://example.com/meanwhile", "title": "M"},
        },
    )
    assert made.status_code == 201, made.text
    source_id = uuid.UUID(made.json()["source"]["id"])
    original = events_repo.event_row_for_update

    async def holding(conn, **kwargs):  # the citing write, its event locked: the edit starts meanwhile
        row = await original(conn, **kwargs)
        await asyncio.sleep(0.5)
        return row

    monkeypatch.setattr(events_repo, "event_row_for_update", holding)
    actor = Actor(newsroom="demo", role="editor")

    async def both() -> list[object]:
        settings = app_settings(db_url)
        dbs = [Database(await create_pool(db_url, settings), settings) for _ in range(2)]

        async def edit() -> object:
            await asyncio.sleep(0.1)
            if change == "delete":
                return await sources_service.delete_source(
                    dbs[1], actor=actor, source_id=source_id, if_match=None
                )
            return await sources_service.patch_source(
                dbs[1],
                actor=actor,
                source_id=source_id,
                patch=SourcePatch(title="Edited meanwhile"),
                if_match=None,
            )

        try:
            return await asyncio.gather(
                citations.cite(
                    dbs[0],
                    actor=actor,
                    event_id=event_id,
                    data=CitationCreate(source_id=source_id, quote="Another passage."),
                ),
                edit(),
                return_exceptions=True,
            )
        finally:
            for db in dbs:
                await db.close()

    results = asyncio.run(both())
    assert not any(isinstance(r, BaseException) for r in results), results
    monkeypatch.undo()
    citations_shown = [c["source"] for c in client.get(f"/v1/events/{event_id}").json()["citations"]]
    if change == "delete":  # both citations of the source went with it
        assert str(source_id) not in [s["id"] for s in citations_shown]
    else:  # the event shows the edit on both citations
        assert [s["title"] for s in citations_shown if s["id"] == str(source_id)] == ["Edited meanwhile"] * 2


def revisions(db_url: str, event_id: str) -> list[tuple[str, int]]:
    """The event's own revisions, oldest first, as (action, version)."""
    rows = fetch(
        db_url,
        "SELECT action, version FROM revisions WHERE object_type = 'event' AND object_id = $1 ORDER BY id",
        uuid.UUID(event_id),
    )
    return [(r["action"], r["version"]) for r in rows]


def snapshot(db_url: str) -> dict:
    """Row counts and version sums: equal before and after means nothing was written."""
    row = fetch(
        db_url,
        """SELECT (SELECT count(*) FROM events) AS events,
                  (SELECT coalesce(sum(version), 0) FROM events) AS event_versions,
                  (SELECT count(*) FROM events WHERE deleted_at IS NOT NULL) AS deleted_events,
                  (SELECT count(*) FROM sources) AS sources,
                  (SELECT coalesce(sum(version), 0) FROM sources) AS source_versions,
                  (SELECT count(*) FROM citations) AS citations,
                  (SELECT count(*) FROM citations WHERE deleted_at IS NOT NULL) AS deleted_citations,
                  (SELECT count(*) FROM event_entities) AS event_entities,
                  (SELECT count(*) FROM revisions) AS revisions""",
    )[0]
    return dict(row)


def citation_sources(client, event_id: str) -> list[tuple[str, str]]:
    response = client.get(f"/v1/events/{event_id}")
    assert response.status_code == 200
    return [(c["source"]["id"], c["stance"]) for c in response.json()["citations"]]


# --- create and read -------------------------------------------------------------------------


def test_create_answers_201_with_location_etag_and_the_whole_event(client, db_url):
    dispatch = client.get(f"/v1/sources/{source('dispatch')}").json()
    dispatch.pop("events")

    response = client.post(
        "/v1/events",
        json={
            "title": "Putin and Xi talk Olympics",
            "summary": "Plain text.",
            "date": "2016-08~",
            "location": {"name": "Moscow", "country": "RU", "lat": 55.75, "lon": 37.62},
            "tags": ["olympics", "russia-china"],
            "entities": [{"id": entity("xi"), "role": "participant"}, {"id": entity("putin")}],
            "importance": 4,
            "media": {"url": "https://example.org/p.jpg", "caption": "A photo", "alt_text": "Two men"},
            "status": "published",
            "citations": [cite("dispatch", "Xi and Putin", locator="para. 7", note="n")],
        },
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/events/{body['id']}"
    assert ETAG.match(response.headers["etag"]).group(1) == "1"
    uuid.UUID(body["id"])
    assert {k: body[k] for k in ("start", "end", "precision", "approximate", "uncertain", "display")} == {
        "start": "2016-08-01",
        "end": "2016-08-31",
        "precision": "month",
        "approximate": True,
        "uncertain": False,
        "display": "c. August 2016",
    }
    assert body["object"] == "event"
    assert body["newsroom"] == "demo"
    assert body["date"] == "2016-08~"
    assert body["location"] == {"name": "Moscow", "country": "RU", "lat": 55.75, "lon": 37.62}
    assert body["tags"] == ["olympics", "russia-china"]
    assert body["entities"] == [
        {
            "id": entity("xi"),
            "name": "Xi Jinping",
            "kind": "person",
            "wikidata": "Q15031",
            "role": "participant",
        },
        {
            "id": entity("putin"),
            "name": "Vladimir Putin",
            "kind": "person",
            "wikidata": "Q7747",
            "role": "subject",
        },
    ]
    assert body["importance"] == 4
    assert body["media"] == {
        "url": "https://example.org/p.jpg",
        "caption": "A photo",
        "credit": None,
        "alt_text": "Two men",
    }
    assert body["status"] == "published"
    assert body["retraction_note"] is None
    assert body["corrections"] == []
    assert body["version"] == 1
    assert body["created_at"] == body["updated_at"]
    [citation] = body["citations"]
    assert citation["event_id"] == body["id"]
    assert citation["source"] == dispatch
    assert (citation["quote"], citation["locator"], citation["stance"], citation["note"]) == (
        "Xi and Putin",
        "para. 7",
        "supports",
        "n",
    )

    again = client.get(response.headers["location"])
    assert again.status_code == 200
    assert again.json() == body
    assert again.headers["etag"] == response.headers["etag"]
    assert revisions(db_url, body["id"]) == [("create", 1)]


@pytest.mark.parametrize(
    ("date", "derived"),
    [
        ("2021-12-15", ("2021-12-15", "2021-12-15", "day", False, False, "15 December 2021")),
        ("2021", ("2021-01-01", "2021-12-31", "year", False, False, "2021")),
        ("2016-08%", ("2016-08-01", "2016-08-31", "month", True, True, "c. August 2016?")),
        ("2021-12-09/2021-12-10", ("2021-12-09", "2021-12-10", "day", False, False, "9–10 December 2021")),
        ("2020-03/..", ("2020-03-01", None, "month", False, False, "since March 2020")),
        (
            "2021-12-15T10:00:00+03:00",
            ("2021-12-15", "2021-12-15", "time", False, False, "15 December 2021, 10:00 UTC+03:00"),
        ),
    ],
)
def test_create_derives_dates(shared, date, derived):
    client = shared.client
    body = create(client, date=date)
    keys = ("start", "end", "precision", "approximate", "uncertain", "display")
    assert tuple(body[k] for k in keys) == derived
    assert body["date"] == date


def test_defaults_of_a_minimal_event(shared):
    client = shared.client
    body = create(client)
    assert {
        k: body[k]
        for k in (
            "summary",
            "location",
            "tags",
            "entities",
            "importance",
            "media",
            "status",
            "citations",
            "corrections",
        )
    } == {
        "summary": None,
        "location": None,
        "tags": [],
        "entities": [],
        "importance": 3,
        "media": None,
        "status": "draft",
        "citations": [],
        "corrections": [],
    }


def test_inline_new_source_is_created_in_canonical_form(client, db_url):
    before = snapshot(db_url)
    body = create(
        client,
        citations=[
            {
                "source": {
                    "url": "HTTPS://News.Example.ORG/Story/7?id=7&utm_source=tw&UTM_Medium=x#para-3",
                    "title": "A new story",
                    "publisher": "Example News",
                    "kind": "news",
                },
                "quote": "It happened.",
            },
            {
                "source": {"url": "https://news.example.org/Story/7?id=7", "title": "Same page"},
                "quote": "Again.",
            },
        ],
    )
    first, second = body["citations"]
    assert first["source"]["url"] == "https://news.example.org/Story/7?id=7"
    assert (first["source"]["title"], first["source"]["publisher"], first["source"]["kind"]) == (
        "A new story",
        "Example News",
        "news",
    )
    assert second["source"]["id"] == first["source"]["id"]
    assert snapshot(db_url)["sources"] == before["sources"] + 1
    found = client.get("/v1/sources", params={"url": "https://NEWS.example.org/Story/7?id=7#x"}).json()[
        "items"
    ]
    assert [s["id"] for s in found] == [first["source"]["id"]]


def test_inline_source_with_an_existing_url_reuses_that_source(client, db_url):
    before = snapshot(db_url)
    body = create(
        client,
        citations=[
            {
                "source": {
                    "url": "http://ABCNEWS.go.com/Sports/russia-fully-banned-olympics/story?id=40833316"
                    "&utm_campaign=share#comments",
                    "title": "A different title that must not replace the stored one",
                },
                "quote": "Not a blanket ban.",
            }
        ],
    )
    [citation] = body["citations"]
    assert citation["source"]["id"] == source("abc-ioc")
    assert citation["source"]["title"] == "Russia won't be fully banned from Olympics"
    assert citation["source"]["version"] == 1
    assert snapshot(db_url)["sources"] == before["sources"]


def test_get_unknown_event_is_404(reader):
    problem(reader.get(f"/v1/events/{uuid.uuid4()}"), 404)


def test_if_none_match_gets_304_until_the_event_changes(client):
    path = f"/v1/events/{event('boycott')}"
    first = client.get(path)
    etag = first.headers["etag"]
    assert ETAG.match(etag)

    cached = client.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    assert cached.headers["etag"] == etag

    assert client.patch(path, json={"importance": 5}).status_code == 200
    fresh = client.get(path, headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert fresh.headers["etag"] != etag
    assert fresh.json()["importance"] == 5


# --- merge patch -----------------------------------------------------------------------------


def test_patch_keeps_absent_fields_and_bumps_version_and_etag(client, db_url):
    path = f"/v1/events/{event('rio-exclusion')}"
    before = client.get(path)
    old = before.json()

    response = client.patch(path, json={"title": "Russia's partial exclusion from Rio 2016"})

    assert response.status_code == 200, response.text
    new = response.json()
    assert new["title"] == "Russia's partial exclusion from Rio 2016"
    assert new["version"] == old["version"] + 1
    assert dt.datetime.fromisoformat(new["updated_at"]) > dt.datetime.fromisoformat(old["updated_at"])
    assert ETAG.match(response.headers["etag"]).group(1) == str(new["version"])
    assert response.headers["etag"] != before.headers["etag"]
    unchanged = {k: v for k, v in old.items() if k not in ("title", "version", "updated_at")}
    assert {k: new[k] for k in unchanged} == unchanged
    assert client.get(path).json() == new
    assert revisions(db_url, old["id"]) == [("create", 1), ("update", 2)]


def test_patch_null_clears_optional_fields(client):
    made = create(
        client,
        summary="To be cleared.",
        location={"name": "Rio de Janeiro", "country": "BR"},
        media={"url": "https://example.org/a.jpg"},
        tags=["doping"],
    )
    response = client.patch(
        f"/v1/events/{made['id']}", json={"summary": None, "location": None, "media": None}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["summary"], body["location"], body["media"]) == (None, None, None)
    assert body["tags"] == ["doping"]
    assert body["title"] == made["title"]


def test_an_interval_with_a_moment_is_stored_and_found_on_its_days(client):
    made = create(client, date="2021-12-15T10:00:00+03:00/2021-12-16T02:00:00+03:00")
    assert (made["start"], made["end"], made["precision"], made["display"]) == (
        "2021-12-15",
        "2021-12-16",
        "time",
        "15 December 2021, 10:00 UTC+03:00 – 16 December 2021, 02:00 UTC+03:00",
    )
    listed = client.get("/v1/events", params={"from": "2021-12-16", "to": "2021-12-16", "status": "draft"})
    assert made["id"] in [e["id"] for e in listed.json()["items"]]
    problem(
        client.patch(f"/v1/events/{made['id']}", json={"date": "2021-12-15T10:00:00Z/2021-12-15T09:00:00Z"}),
        422,
        "date",
    )


def test_patch_merges_a_nested_location_member_by_member(client):
    """RFC 7396: members left out stay, `null` removes one, `null` for the object removes it."""
    made = create(client, location={"name": "Rio de Janeiro", "country": "BR", "lat": -22.9, "lon": -43.2})
    path = f"/v1/events/{made['id']}"
    response = client.patch(path, json={"location": {"name": "Rio"}})
    assert response.status_code == 200, response.text
    assert response.json()["location"] == {"name": "Rio", "country": "BR", "lat": -22.9, "lon": -43.2}
    response = client.patch(path, json={"location": {"lat": None, "lon": None}})
    assert response.status_code == 200, response.text
    assert response.json()["location"] == {"name": "Rio", "country": "BR", "lat": None, "lon": None}
    response = client.patch(path, json={"location": None})
    assert response.status_code == 200, response.text
    assert response.json()["location"] is None


def test_patch_merges_media_so_a_caption_changes_alone(client):
    media = {"url": "https://example.org/a.jpg", "caption": "Old", "credit": "AP", "alt_text": "A hall"}
    made = create(client, media=media)
    response = client.patch(f"/v1/events/{made['id']}", json={"media": {"caption": "New"}})
    assert response.status_code == 200, response.text
    assert response.json()["media"] == {**media, "caption": "New"}


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"location": {"country": "BR"}}, "location.name"),  # no location yet: the merge has no name
        ({"location": {"name": None}}, "location.name"),
        ({"location": {"lat": "12"}}, "location.lat"),
        ({"location": {"nme": "Rio"}}, "location.nme"),
        ({"media": {"caption": "No url"}}, "media.url"),
    ],
)
def test_a_nested_patch_that_leaves_no_valid_object_is_a_422_naming_it(client, db_url, patch, field):
    made = create(client)
    before = fetch(db_url, "SELECT version, location, media FROM events WHERE id = $1", uuid.UUID(made["id"]))
    response = client.patch(f"/v1/events/{made['id']}", json=patch)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]] or field in response.json()["detail"]
    assert (
        fetch(db_url, "SELECT version, location, media FROM events WHERE id = $1", uuid.UUID(made["id"]))
        == before
    )


def test_patch_date_recomputes_derived_fields(client):
    made = create(client, date="2021-12-15")
    response = client.patch(f"/v1/events/{made['id']}", json={"date": "2021-12-09/2021-12-10"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["date"], body["start"], body["end"], body["precision"], body["display"]) == (
        "2021-12-09/2021-12-10",
        "2021-12-09",
        "2021-12-10",
        "day",
        "9–10 December 2021",
    )
    listed = client.get("/v1/events", params={"from": "2021-12-09", "to": "2021-12-09", "status": "draft"})
    assert made["id"] in [e["id"] for e in listed.json()["items"]]


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"title": None}, "title"),
        ({"date": None}, "date"),
        ({"title": ""}, "title"),
        ({"date": "2021-02-30"}, "date"),
        ({"importance": 0}, "importance"),
        ({"location": {"country": "BR"}}, "location.name"),
        ({"location": {"name": "Rio", "country": "br"}}, "location.country"),
    ],
)
def test_patch_rejects_an_invalid_result_and_writes_nothing(shared, patch, field):
    client, db_url = shared
    path = f"/v1/events/{event('summit')}"
    before, rows = client.get(path).json(), snapshot(db_url)
    problem(client.patch(path, json=patch), 422, field)
    assert client.get(path).json() == before
    assert snapshot(db_url) == rows


# --- delete ----------------------------------------------------------------------------------


def test_delete_then_get_is_404_and_the_event_leaves_lists(client, db_url):
    target = event("icarus")
    path = f"/v1/events/{target}"
    assert target in [e["id"] for e in client.get("/v1/events", params={"limit": 200}).json()["items"]]

    response = client.delete(path)

    assert response.status_code == 204
    assert response.content == b""
    problem(client.get(path), 404)
    assert target not in [e["id"] for e in client.get("/v1/events", params={"limit": 200}).json()["items"]]
    assert target not in [e["id"] for e in client.get("/v1/events", params={"q": "Icarus"}).json()["items"]]
    backed = client.get(f"/v1/sources/{source('dispatch')}").json()["events"]
    assert target not in [e["id"] for e in backed]
    problem(client.delete(path), 404)
    problem(client.patch(path, json={"title": "Back?"}), 404)
    assert revisions(db_url, target) == [("create", 1), ("delete", 2)]


# --- preconditions ---------------------------------------------------------------------------


def test_patch_with_a_stale_if_match_is_412_and_writes_nothing(client, db_url):
    path = f"/v1/events/{event('summit')}"
    stale = client.get(path).headers["etag"]
    assert client.patch(path, json={"importance": 5}).status_code == 200
    current, rows = client.get(path).json(), snapshot(db_url)

    problem(client.patch(path, json={"title": "Lost update"}, headers={"If-Match": stale}), 412)
    problem(client.delete(path, headers={"If-Match": stale}), 412)

    assert client.get(path).json() == current
    assert snapshot(db_url) == rows


def test_patch_and_delete_with_the_current_etag_succeed(client):
    path = f"/v1/events/{event('summit')}"
    etag = client.get(path).headers["etag"]
    response = client.patch(path, json={"importance": 5}, headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["importance"] == 5

    new_etag = response.headers["etag"]
    assert client.get(path).headers["etag"] == new_etag
    assert client.delete(path, headers={"If-Match": new_etag}).status_code == 204
    problem(client.get(path), 404)


def test_if_match_star_matches_any_version(client):
    path = f"/v1/events/{event('summit')}"
    response = client.patch(path, json={"importance": 2}, headers={"If-Match": "*"})
    assert response.status_code == 200
    assert response.json()["importance"] == 2


# --- citations -------------------------------------------------------------------------------


def test_cite_answers_201_with_a_location_that_reads_the_citation(client, db_url):
    made = create(client)
    response = client.post(
        f"/v1/events/{made['id']}/citations",
        json={
            "source_id": source("tass-summit"),
            "quote": "The talks lasted.",
            "locator": "para. 2",
            "stance": "context",
        },
    )
    assert response.status_code == 201, response.text
    citation = response.json()
    assert response.headers["location"] == f"/v1/events/{made['id']}/citations/{citation['id']}"
    assert (
        citation["event_id"],
        citation["source"]["id"],
        citation["quote"],
        citation["locator"],
        citation["stance"],
    ) == (
        made["id"],
        source("tass-summit"),
        "The talks lasted.",
        "para. 2",
        "context",
    )

    read = client.get(response.headers["location"])
    assert read.status_code == 200
    assert read.json() == citation
    after = client.get(f"/v1/events/{made['id']}").json()
    assert [c["id"] for c in after["citations"]] == [citation["id"]]
    assert after["version"] == made["version"] + 1
    assert revisions(db_url, made["id"]) == [("create", 1), ("update", 2)]


def test_cite_with_an_inline_source_reuses_an_existing_url(client, db_url):
    made = create(client)
    before = snapshot(db_url)
    response = client.post(
        f"/v1/events/{made['id']}/citations",
        json={"source": {"url": "https://TASS.com/world/1376009?utm_source=x", "title": "t"}, "quote": "q"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["source"]["id"] == source("tass-summit")
    assert snapshot(db_url)["sources"] == before["sources"]


def test_uncite_answers_204_and_the_citation_is_gone(client, db_url):
    made = create(client, citations=[cite("dispatch"), cite("tass-summit")])
    first, second = made["citations"]
    path = f"/v1/events/{made['id']}/citations/{first['id']}"

    response = client.delete(path)

    assert response.status_code == 204
    assert response.content == b""
    problem(client.get(path), 404)
    assert citation_sources(client, made["id"]) == [(source("tass-summit"), "supports")]
    problem(client.delete(path), 404)
    assert revisions(db_url, made["id"]) == [("create", 1), ("update", 2)]


def test_uncite_with_a_citation_of_another_event_is_404(shared):
    client, db_url = shared
    other = client.get(f"/v1/events/{event('mclaren')}").json()["citations"][0]["id"]
    rows = snapshot(db_url)
    problem(client.delete(f"/v1/events/{event('summit')}/citations/{other}"), 404)
    assert snapshot(db_url) == rows


# --- the publishing rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "citations",
    [
        [],
        [cite("abc-ioc", stance="disputes")],
        [cite("abc-ioc", stance="disputes"), cite("dispatch", stance="context")],
    ],
    ids=["uncited", "only-disputes", "disputes-and-context"],
)
def test_create_published_without_a_supporting_citation_is_422(shared, citations):
    client, db_url = shared
    rows = snapshot(db_url)
    body = problem(
        client.post(
            "/v1/events",
            json={"title": "Unbacked", "date": "2021", "status": "published", "citations": citations},
        ),
        422,
        "citations",
    )
    assert body["type"] == problem_types.PUBLISHING_RULE
    assert snapshot(db_url) == rows


def test_create_published_with_a_new_inline_source_that_disputes_writes_no_source(shared):
    client, db_url = shared
    rows = snapshot(db_url)
    problem(
        client.post(
            "/v1/events",
            json={
                "title": "Unbacked",
                "date": "2021",
                "status": "published",
                "citations": [
                    {
                        "source": {"url": "https://new.example.com/x", "title": "x"},
                        "quote": "q",
                        "stance": "disputes",
                    }
                ],
            },
        ),
        422,
        "citations",
    )
    assert snapshot(db_url) == rows
    assert client.get("/v1/sources", params={"url": "https://new.example.com/x"}).json()["items"] == []


def test_drafts_may_be_uncited_and_publishing_one_needs_support(client, db_url):
    made = create(client, citations=[cite("abc-ioc", stance="disputes")])
    path = f"/v1/events/{made['id']}"
    rows = snapshot(db_url)

    body = problem(client.patch(path, json={"status": "published"}), 422, "status")
    assert body["type"] == problem_types.PUBLISHING_RULE
    assert client.get(path).json()["status"] == "draft"
    assert snapshot(db_url) == rows

    assert client.post(f"{path}/citations", json=cite("dispatch")).status_code == 201
    published = client.patch(path, json={"status": "published"})
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"


def test_unciting_the_last_supporting_citation_of_a_published_event_is_422(client, db_url):
    # rio-exclusion: dispatch supports, abc-ioc disputes, directinfo-ipc context.
    target = event("rio-exclusion")
    before = client.get(f"/v1/events/{target}").json()
    [supporting] = [c for c in before["citations"] if c["stance"] == "supports"]
    rows = snapshot(db_url)

    body = problem(client.delete(f"/v1/events/{target}/citations/{supporting['id']}"), 422)
    assert body["type"] == problem_types.PUBLISHING_RULE

    assert client.get(f"/v1/events/{target}/citations/{supporting['id']}").status_code == 200
    assert client.get(f"/v1/events/{target}").json() == before
    assert snapshot(db_url) == rows


def test_unciting_one_of_two_supporting_citations_is_allowed(client):
    # mclaren: abc-ioc and directinfo-ipc both support it.
    target = event("mclaren")
    first = client.get(f"/v1/events/{target}").json()["citations"][0]
    assert client.delete(f"/v1/events/{target}/citations/{first['id']}").status_code == 204
    assert citation_sources(client, target) == [(source("directinfo-ipc"), "supports")]


def test_unpublished_event_may_lose_its_last_citation(client):
    target = event("ioc-no-ban")
    assert client.patch(f"/v1/events/{target}", json={"status": "draft"}).status_code == 200
    [only] = client.get(f"/v1/events/{target}").json()["citations"]
    assert client.delete(f"/v1/events/{target}/citations/{only['id']}").status_code == 204
    assert client.get(f"/v1/events/{target}").json()["citations"] == []


def test_deleting_the_only_support_of_a_published_event_is_422(client, db_url):
    # abc-ioc is the only supporting source of ioc-no-ban.
    before_source = client.get(f"/v1/sources/{source('abc-ioc')}").json()
    before_event = client.get(f"/v1/events/{event('ioc-no-ban')}").json()
    rows = snapshot(db_url)

    body = problem(client.delete(f"/v1/sources/{source('abc-ioc')}"), 422)

    assert body["type"] == problem_types.PUBLISHING_RULE
    assert event("ioc-no-ban") in body["detail"]
    assert client.get(f"/v1/sources/{source('abc-ioc')}").json() == before_source
    assert client.get(f"/v1/events/{event('ioc-no-ban')}").json() == before_event
    assert snapshot(db_url) == rows


def test_deleting_a_source_whose_events_have_other_support_removes_its_citations(client):
    # kremlin-announce supports summit-announced, which tass-announce and vz-announce also support.
    target = event("summit-announced")
    before = client.get(f"/v1/events/{target}").json()
    assert source("kremlin-announce") in [c["source"]["id"] for c in before["citations"]]

    assert client.delete(f"/v1/sources/{source('kremlin-announce')}").status_code == 204

    problem(client.get(f"/v1/sources/{source('kremlin-announce')}"), 404)
    after = client.get(f"/v1/events/{target}").json()
    assert [(c["source"]["id"], c["stance"]) for c in after["citations"]] == [
        (source("tass-announce"), "supports"),
        (source("vz-announce"), "supports"),
    ]
    assert after["status"] == "published"
    assert after["version"] == before["version"] + 1


def test_deleting_a_source_that_only_gives_context_is_allowed(client):
    # tass-ushakov is cited by summit for context only.
    assert client.delete(f"/v1/sources/{source('tass-ushakov')}").status_code == 204
    assert citation_sources(client, event("summit")) == [
        (source("tass-summit"), "supports"),
        (source("dispatch"), "supports"),
    ]


# --- retraction and corrections --------------------------------------------------------------


def test_retracting_needs_a_retraction_note(client, anon, db_url):
    path = f"/v1/events/{event('taiwan-support')}"
    rows = snapshot(db_url)
    problem(client.patch(path, json={"status": "retracted"}), 422, "retraction_note")
    problem(client.patch(path, json={"status": "retracted", "retraction_note": ""}), 422, "retraction_note")
    problem(
        client.post("/v1/events", json={"title": "x", "date": "2021", "status": "retracted"}),
        422,
        "retraction_note",
    )
    assert snapshot(db_url) == rows

    response = client.patch(
        path, json={"status": "retracted", "retraction_note": "The quote was misattributed."}
    )
    assert response.status_code == 200, response.text
    public = anon.get(path)  # a retracted event stays public, with its note
    assert public.status_code == 200
    assert (public.json()["status"], public.json()["retraction_note"]) == (
        "retracted",
        "The quote was misattributed.",
    )


def test_a_correction_with_a_change_note_is_shown_on_the_event(client, db_url):
    path = f"/v1/events/{event('putin-to-attend')}"
    plain = client.patch(path, json={"importance": 4, "change_note": "internal tidy-up"})
    assert plain.status_code == 200
    assert plain.json()["corrections"] == []

    response = client.patch(
        path,
        json={
            "title": "Putin says he will attend the Beijing 2022 opening",
            "correction": True,
            "change_note": "The title named the wrong ceremony.",
        },
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["corrections"] == [{"at": body["updated_at"], "note": "The title named the wrong ceremony."}]
    assert client.get(path).json()["corrections"] == body["corrections"]
    rows = fetch(
        db_url,
        "SELECT change_note, correction FROM revisions WHERE object_id = $1 ORDER BY id",
        uuid.UUID(event("putin-to-attend")),
    )
    assert [(r["change_note"], r["correction"]) for r in rows] == [
        (None, False),
        ("internal tidy-up", False),
        ("The title named the wrong ceremony.", True),
    ]


@pytest.mark.parametrize(
    "patch",
    [
        {"correction": True},
        {"correction": True, "change_note": ""},
        {"correction": True, "change_note": None, "title": "New"},
    ],
)
def test_a_correction_without_a_change_note_is_422(shared, patch):
    client, db_url = shared
    path = f"/v1/events/{event('putin-to-attend')}"
    before, rows = client.get(path).json(), snapshot(db_url)
    problem(client.patch(path, json=patch), 422, "change_note")
    assert client.get(path).json() == before
    assert snapshot(db_url) == rows


def test_a_citation_added_as_a_correction_is_shown_on_the_event(client, anon, db_url):
    path = f"/v1/events/{event('putin-to-attend')}"
    note = "The event lacked the Kremlin's own readout."
    response = client.post(
        f"{path}/citations", json={**cite("dispatch"), "correction": True, "change_note": note}
    )
    assert response.status_code == 201, response.text
    shown = anon.get(path).json()
    assert shown["corrections"] == [{"at": shown["updated_at"], "note": note}]
    rows = fetch(
        db_url,
        "SELECT change_note, correction FROM revisions WHERE object_id = $1 ORDER BY id DESC LIMIT 1",
        uuid.UUID(event("putin-to-attend")),
    )
    assert [(r["change_note"], r["correction"]) for r in rows] == [(note, True)]


def test_a_citation_added_as_a_correction_needs_its_note_and_inline_ones_take_none(shared):
    client, db_url = shared
    path = f"/v1/events/{event('putin-to-attend')}"
    before, rows = client.get(path).json(), snapshot(db_url)
    problem(
        client.post(f"{path}/citations", json={**cite("dispatch"), "correction": True}), 422, "change_note"
    )
    inline = {"title": "New", "date": "2021", "citations": [{**cite("dispatch"), "correction": True}]}
    problem(client.post("/v1/events", json=inline), 422, "citations[0].correction")  # the event's own field
    assert client.get(path).json() == before
    assert snapshot(db_url) == rows


# --- revisions -------------------------------------------------------------------------------


def test_every_successful_write_keeps_one_revision_and_rejected_ones_none(client, db_url):
    made = create(client, citations=[cite("dispatch")])
    event_id = made["id"]
    path = f"/v1/events/{event_id}"
    assert revisions(db_url, event_id) == [("create", 1)]

    assert client.patch(path, json={"summary": "Now with a summary."}).status_code == 200
    assert client.patch(path, json={"title": None}).status_code == 422
    assert client.patch(path, json={"date": "2021-13"}).status_code == 422
    assert (
        client.patch(path, json={"title": "x"}, headers={"If-Match": '"1-0000000000000000"'}).status_code
        == 412
    )
    assert revisions(db_url, event_id) == [("create", 1), ("update", 2)]

    cited = client.post(f"{path}/citations", json=cite("tass-summit"))
    assert cited.status_code == 201
    assert client.patch(path, json={"status": "published"}).status_code == 200
    first = made["citations"][0]["id"]
    assert client.delete(f"{path}/citations/{first}").status_code == 204
    assert client.delete(f"{path}/citations/{cited.json()['id']}").status_code == 422
    assert revisions(db_url, event_id) == [
        ("create", 1),
        ("update", 2),
        ("update", 3),
        ("update", 4),
        ("update", 5),
    ]

    assert client.patch(path, json={"status": "draft"}).status_code == 200
    assert client.delete(path).status_code == 204
    assert revisions(db_url, event_id) == [
        ("create", 1),
        ("update", 2),
        ("update", 3),
        ("update", 4),
        ("update", 5),
        ("update", 6),
        ("delete", 7),
    ]
    states = fetch(
        db_url,
        "SELECT version, state, key_id FROM revisions WHERE object_id = $1 ORDER BY id",
        uuid.UUID(event_id),
    )
    [admin_key] = fetch(db_url, "SELECT id FROM api_keys WHERE newsroom = 'demo' AND role = 'admin'")
    assert {r["key_id"] for r in states} == {admin_key["id"]}
    assert [json.loads(r["state"])["version"] for r in states] == [r["version"] for r in states]
    assert json.loads(states[2]["state"])["citations"][1]["source"]["id"] == source("tass-summit")


# --- entity links ----------------------------------------------------------------------------


def test_an_unknown_entity_is_422_naming_it(shared):
    client, db_url = shared
    rows = snapshot(db_url)
    unknown = str(uuid.uuid4())
    problem(
        client.post("/v1/events", json={"title": "x", "date": "2021", "entities": [{"id": unknown}]}),
        422,
        "entities[0].id",
    )
    body = problem(
        client.post(
            "/v1/events",
            json={
                "title": "x",
                "date": "2021",
                "entities": [{"id": entity("xi")}, {"id": unknown, "role": "mentioned"}],
            },
        ),
        422,
        "entities[1].id",
    )
    assert [e["field"] for e in body["errors"]] == ["entities[1].id"]
    problem(
        client.patch(f"/v1/events/{event('summit')}", json={"entities": [{"id": unknown}]}),
        422,
        "entities[0].id",
    )
    assert snapshot(db_url) == rows


def test_patch_entities_replaces_the_links_in_order(client):
    response = client.patch(
        f"/v1/events/{event('summit')}",
        json={
            "entities": [
                {"id": entity("putin"), "role": "participant"},
                {"id": entity("ushakov"), "role": "mentioned"},
            ]
        },
    )
    assert response.status_code == 200, response.text
    assert [(e["name"], e["role"]) for e in response.json()["entities"]] == [
        ("Vladimir Putin", "participant"),
        ("Yuri Ushakov", "mentioned"),
    ]


def test_the_same_entity_twice_is_422(shared):
    client = shared.client
    problem(
        client.post(
            "/v1/events",
            json={"title": "x", "date": "2021", "entities": [{"id": entity("xi")}, {"id": entity("xi")}]},
        ),
        422,
        "entities[1].id",
    )


def test_patch_null_empties_a_list(client):
    event_id = demo_id("event", "icarus")
    response = client.patch(f"/v1/events/{event_id}", json={"tags": None, "entities": None})
    assert response.status_code == 200, response.text
    assert (response.json()["tags"], response.json()["entities"]) == ([], [])
