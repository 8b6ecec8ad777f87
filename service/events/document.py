"""The event document: each event's JSON as the API sends it, kept whole in event_docs.

It has three definitions, held equal by tests/events/test_document.py: `fragment_event_json`
(document.sql) builds it from the rows, `new_event_doc` from a new event's fields, and the triggers of
migrations 0007 and 0008 (`DOC`) after writes made outside the service. See docs/architecture.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from service.edtf import ParsedDate
from service.entities.schemas import EntityKind
from service.events.schemas import Citation, CitationIn, CorrectionNote, EntityRef, Event, EventFields
from service.pages import NIL_ID
from service.sources.repository import SOURCE_JSON
from service.sources.schemas import Source
from service.sql import expand, load_queries

Q = load_queries(Path(__file__).with_name("document.sql"))
EVENT_JSON = expand(Q.fragment_event_json, source_json=SOURCE_JSON)
DOCS_OF_SOURCE = expand(Q.docs_of, event_json=EVENT_JSON, which=Q.citing)
DOCS_OF_ENTITY = expand(Q.docs_of, event_json=EVENT_JSON, which=Q.naming)
DOCS_AFTER = expand(Q.docs_of, event_json=EVENT_JSON, which=Q.after_id) + " ORDER BY e.id"
LOCK_CITING, LOCK_NAMING = expand(Q.lock_events, which=Q.citing), expand(Q.lock_events, which=Q.naming)
TOUCH_CITING, TOUCH_NAMING = expand(Q.touch_events, which=Q.citing), expand(Q.touch_events, which=Q.naming)


_event_doc = msgspec.json.Decoder(Event)

_encoder = msgspec.json.Encoder()

# How every document the service stores begins: the Event as the API encodes it. A document built by
# SQL (the triggers that follow writes made outside the service) begins otherwise.
_SENT_AS_STORED = '{"object":"event",'

_SENT_AS_STORED_BYTES = _SENT_AS_STORED.encode()


def event_from_doc(doc: str | bytes) -> Event:
    """The Event that a stored document (event_docs, or a revision's state) describes."""
    return _event_doc.decode(doc)


def page_item(doc: bytes) -> Event | msgspec.Raw:
    """A stored document as a page sends it: as it is when the service stored it (it is then exactly the
    Event's encoding, which `stale_docs` checks), else decoded into an Event to be encoded."""
    return msgspec.Raw(doc) if doc.startswith(_SENT_AS_STORED_BYTES) else event_from_doc(doc)


async def store_docs(conn: asyncpg.Connection, events: list[Event]) -> None:
    """Keep these events' documents, each exactly the JSON the API sends for it (see page_item).

    The Event's fields are what the documents hold: a change to them needs the documents rebuilt
    (`rebuild_docs`, `dateline rebuild-docs`) by the migration that comes with it.
    """
    if events:
        await conn.execute(
            Q.store_docs, [e.id for e in events], [_encoder.encode(e).decode() for e in events]
        )


async def store_docs_of(conn: asyncpg.Connection, sql: str, *args: Any) -> list[Event]:
    """Store the documents of the events a `docs_of` statement returns (in its order); those events."""
    events = [event_from_doc(row["doc"]) for row in await conn.fetch(sql, *args)]
    await store_docs(conn, events)
    return events


async def rebuild_docs(conn: asyncpg.Connection, *, batch: int = 2000) -> int:
    """Rebuild every event's document from its rows, a batch of events at a time; how many."""
    after, done = NIL_ID, 0
    while events := await store_docs_of(conn, DOCS_AFTER, after, batch):
        done, after = done + len(events), events[-1].id
    return done


async def stale_docs(conn: asyncpg.Connection, events: str = "events", *args: Any) -> list[uuid.UUID]:
    """The live events of `events` (a table or subquery of events rows, with its `args`) whose stored
    document differs from the one their rows make now, or, stored by the service, is not exactly the
    Event's encoding: always none (the tests and the benchmark's generator check)."""
    rows = await conn.fetch(expand(Q.stale_docs, event_json=EVENT_JSON, events=events), *args)
    stale = []
    for row in rows:
        stored = row["stored"]
        event = None if stored is None else event_from_doc(stored)
        differs = event is None or event != event_from_doc(row["fresh"])
        if differs or (stored.startswith(_SENT_AS_STORED) and stored != _encoder.encode(event).decode()):
            stale.append(row["id"])
    return stale


async def lock_events_of_source(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None:
    """Lock the events citing a source, before the source itself is locked to change it. A write that
    cites locks its event first, then the source: in the same order, the two never wait on each other
    in a circle (a deadlock)."""
    await conn.execute(LOCK_CITING, source_id)


async def lock_events_of_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None:
    """Lock the events naming an entity, before the entity itself (as `lock_events_of_source`)."""
    await conn.execute(LOCK_NAMING, entity_id)


async def refresh_docs_of_source(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None:
    """The events citing a source that changed show its new fields, and are listed again by a sync feed."""
    await conn.execute(TOUCH_CITING, source_id)
    await store_docs_of(conn, DOCS_OF_SOURCE, source_id)


async def refresh_docs_of_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None:
    """The events naming an entity that changed show its new fields, and are listed again by a sync feed."""
    await conn.execute(TOUCH_NAMING, entity_id)
    await store_docs_of(conn, DOCS_OF_ENTITY, entity_id)


class EntityName(msgspec.Struct, frozen=True):
    """What an event shows of an entity it links to (EntityRef, but for the role)."""

    name: str
    kind: EntityKind
    wikidata: str | None


def new_event_doc(
    *,
    event_id: uuid.UUID,
    newsroom: str,
    fields: EventFields,
    date: ParsedDate,
    entities: dict[uuid.UUID, EntityName],
    citations: list[tuple[uuid.UUID, Source, CitationIn]],
    correction: str | None,
    now: dt.datetime,
) -> Event:
    """A new event as fragment_event_json reads it once its rows are in, in this transaction (`now`): its
    links' entities, its citations (id, source, fields) in order, and its own correction's note if the
    creating revision is one. `stale_docs`, run after every write in the tests, holds the two equal."""
    return Event(
        id=event_id,
        newsroom=newsroom,
        title=fields.title,
        summary=fields.summary,
        date=date.text,
        start=date.start,
        end=date.end,
        precision=date.precision,
        approximate=date.approximate,
        uncertain=date.uncertain,
        display=date.display,
        location=fields.location,
        tags=list(fields.tags),
        entities=[
            EntityRef(
                id=link.id,
                name=entities[link.id].name,
                kind=entities[link.id].kind,
                wikidata=entities[link.id].wikidata,
                role=link.role,
            )
            for link in fields.entities
        ],
        importance=fields.importance,
        media=fields.media,
        status=fields.status,
        retraction_note=fields.retraction_note,
        citations=[
            Citation(
                id=citation_id,
                event_id=event_id,
                source=source,
                quote=c.quote,
                locator=c.locator,
                stance=c.stance,
                note=c.note,
                created_at=now,
                updated_at=now,
                version=1,
            )
            for citation_id, source, c in citations
        ],
        corrections=[] if correction is None else [CorrectionNote(at=now, note=correction)],
        created_at=now,
        updated_at=now,
        version=1,
    )


def state_text(event: Event) -> str:
    """The event's JSON as PostgreSQL writes it in a revision's state (fragment_event_state, in the pool's
    UTC session): no `object` tag, and each instant as PostgreSQL writes a timestamptz (`+00:00`, no
    trailing zeros), so that a history reads alike whichever write made it. It is encoded from a copy of
    the event whose instants are that text (only encoded, never read)."""
    text, replace = _postgres_instant, msgspec.structs.replace
    state = replace(
        event,
        created_at=text(event.created_at),
        updated_at=text(event.updated_at),
        corrections=[replace(c, at=text(c.at)) for c in event.corrections],
        citations=[
            replace(
                c,
                created_at=text(c.created_at),
                updated_at=text(c.updated_at),
                source=replace(
                    c.source,
                    created_at=text(c.source.created_at),
                    updated_at=text(c.source.updated_at),
                    accessed_at=c.source.accessed_at and text(c.source.accessed_at),
                ),
            )
            for c in event.citations
        ],
    )
    return "{" + _encoder.encode(state).decode().removeprefix(_SENT_AS_STORED)


@functools.lru_cache(maxsize=4096)  # a file's events share one instant, and their sources' instants recur
def _postgres_instant(value: dt.datetime) -> str:
    text = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    fraction = f".{value.microsecond:06d}".rstrip("0") if value.microsecond else ""
    return f"{text}{fraction}+00:00"
