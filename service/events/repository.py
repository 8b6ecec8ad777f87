"""Event rows on one connection: keyword-only calls; an event's revisions and its document go together."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from service.edtf import ParsedDate
from service.events.citations_repository import CITATION_JSON
from service.events.document import EVENT_JSON, EntityName, event_from_doc, state_text, store_docs
from service.events.schemas import Event, EventFields
from service.sources.repository import SOURCE_JSON
from service.sql import expand, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))


INSERT_EVENT_REVISION = expand(
    Q.insert_event_revision,
    event_json=EVENT_JSON,
    event_state=expand(Q.fragment_event_state, correction="$5", change_note="$4"),
)

INSERT_CREATED_REVISIONS = expand(
    Q.insert_created_revisions, source_json=SOURCE_JSON, citation_json=CITATION_JSON
)

REFRESH_EVENT = expand(
    Q.refresh_event, event_search=expand(Q.fragment_event_search, quotes=Q.fragment_event_quotes)
)

INSERT_EVENTS = expand(Q.insert_events, event_search=expand(Q.fragment_event_search, quotes="e.quotes"))


class EventRow(msgspec.Struct, kw_only=True):
    """An event's own stored fields, as a merge patch starts from."""

    id: uuid.UUID
    newsroom: str
    version: int
    fields: dict[str, Any]


async def get_event(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> tuple[Event, str] | None:
    row = await conn.fetchrow(Q.get_event, event_id)
    return (event_from_doc(row["doc"]), row["status"]) if row else None


async def event_row_for_update(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> EventRow | None:
    row = await conn.fetchrow(Q.event_row_for_update, event_id)
    if row is None:
        return None
    fields = {name: row[name] for name in EventFields.__struct_fields__}
    return EventRow(id=row["id"], newsroom=row["newsroom"], version=row["version"], fields=fields)


async def insert_event(
    conn: asyncpg.Connection,
    *,
    newsroom: str,
    data: EventFields,
    date: ParsedDate,
    event_id: uuid.UUID | None,
) -> uuid.UUID:
    return await conn.fetchval(Q.insert_event, event_id, newsroom, *_event_values(data, date))


async def insert_events(
    conn: asyncpg.Connection,
    *,
    newsroom: str,
    ids: list[uuid.UUID],
    data: list[EventFields],
    dates: list[ParsedDate],
    quotes: list[list[str]],
) -> None:
    """Insert new events in one statement, in this order: `data[i]` and `dates[i]` are event `ids[i]`'s,
    and `quotes[i]` the quotes of the citations it will have, in order (its search text is computed now)."""
    columns = list(zip(*map(_event_values, data, dates), strict=True))
    for i in (10, 11, 13):  # location, tags, media: an array cannot hold a list or an object, so as JSON text
        columns[i] = [None if value is None else msgspec.json.encode(value).decode() for value in columns[i]]
    joined = [" ".join(q) if q else None for q in quotes]  # as string_agg(quote, ' ') joins them, or NULL
    await conn.execute(INSERT_EVENTS, ids, newsroom, *columns, joined)


async def update_event(
    conn: asyncpg.Connection, *, event_id: uuid.UUID, data: EventFields, date: ParsedDate
) -> None:
    await conn.execute(Q.update_event, event_id, *_event_values(data, date))


def _event_values(data: EventFields, date: ParsedDate) -> tuple[Any, ...]:
    return (
        data.title,
        data.summary,
        date.text,
        date.start,
        date.end,
        date.sort_at,
        date.precision,
        date.approximate,
        date.uncertain,
        date.display,
        msgspec.to_builtins(data.location) if data.location else None,
        data.tags,
        data.importance,
        msgspec.to_builtins(data.media) if data.media else None,
        data.status,
        data.retraction_note,
    )


async def delete_event(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> None:
    await conn.execute(Q.delete_event, event_id)


async def restore_event(conn: asyncpg.Connection, *, event_id: uuid.UUID, newsroom: str) -> str | None:
    """Bring back a deleted event of the newsroom; its status, or None when there is no such event."""
    return await conn.fetchval(Q.restore_event, event_id, newsroom)


async def replace_event_entities(conn: asyncpg.Connection, *, event_id: uuid.UUID, data: EventFields) -> None:
    await conn.execute(
        Q.replace_event_entities,
        event_id,
        [link.id for link in data.entities],
        [link.role for link in data.entities],
    )


async def insert_event_entities(
    conn: asyncpg.Connection, *, event_ids: list[uuid.UUID], data: list[EventFields]
) -> None:
    """Link new events to their entities in one statement, positioned as replace_event_entities does."""
    links = [
        (event_id, link.id, link.role, position)
        for event_id, fields in zip(event_ids, data, strict=True)
        for position, link in enumerate(fields.entities)
    ]
    if links:
        await conn.execute(Q.insert_event_entities, *map(list, zip(*links, strict=True)))


async def has_supporting_citation(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> bool:
    return await conn.fetchval(Q.has_supporting_citation, event_id)


async def refresh_event(conn: asyncpg.Connection, *, event_id: uuid.UUID, changed: bool) -> None:
    await conn.execute(REFRESH_EVENT, event_id, 1 if changed else 0)


async def insert_event_revision(
    conn: asyncpg.Connection,
    *,
    event_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> Event:
    """The event's revision, its state kept as its document; the event as it now reads."""
    state = await conn.fetchval(INSERT_EVENT_REVISION, event_id, action, key_id, change_note, correction)
    event = event_from_doc(state)
    await store_docs(conn, [event])
    return event


class Created(msgspec.Struct, frozen=True):
    """An object a write created, for its `create` revision: the row it came from and its position there."""

    id: uuid.UUID
    change_note: str | None
    row: int
    position: int = 0
    correction: bool = False


async def insert_created_revisions(
    conn: asyncpg.Connection,
    *,
    key_id: uuid.UUID | None,
    sources: list[Created],
    citations: list[Created],
    events: list[Created],
    docs: list[Event],
) -> None:
    """The `create` revisions of new sources, citations and events in one statement, numbered as creating
    the events one by one would number them (see the SQL); `docs[i]` is event `events[i]` as it now reads
    (`new_event_doc`): its revision's state, and its document."""
    states = [state_text(doc) for doc in docs]
    await conn.execute(
        INSERT_CREATED_REVISIONS,
        key_id,
        *(
            column
            for objects in (sources, citations)
            for column in (
                [o.id for o in objects],
                [o.change_note for o in objects],
                [o.row for o in objects],
                [o.position for o in objects],
            )
        ),
        [o.id for o in events],
        [o.change_note for o in events],
        [o.correction for o in events],
        [o.row for o in events],
        states,
        [doc.version for doc in docs],
        docs[0].newsroom if docs else None,
    )
    await store_docs(conn, docs)


async def transaction_now(conn: asyncpg.Connection) -> dt.datetime:
    """The instant of this transaction: what now() stamps every row it writes with."""
    return await conn.fetchval(Q.transaction_now)


async def live_entity_refs(conn: asyncpg.Connection, *, ids: list[uuid.UUID]) -> dict[uuid.UUID, EntityName]:
    """The live entities of these ids, locked until the transaction ends (see the SQL); a deleted or unknown
    id is missing from the answer."""
    rows = await conn.fetch(Q.live_entity_refs, ids) if ids else []
    return {row["id"]: EntityName(row["name"], row["kind"], row["wikidata"]) for row in rows}
