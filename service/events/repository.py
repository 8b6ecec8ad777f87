"""Event SQL on one connection: keyword-only calls returning Structs."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Literal

import asyncpg
import msgspec

from service.edtf import ParsedDate
from service.events.filters import EventFilters, Scope, event_conditions
from service.events.schemas import Event, EventFields
from service.pages import MAX_ID, NIL_ID
from service.schemas import Deleted
from service.sources.repository import SOURCE_JSON
from service.sql import Args, expand, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
EVENT_JSON = expand(Q.fragment_event_json, source_json=SOURCE_JSON)
GET_EVENT = expand(Q.get_event, event_json=EVENT_JSON)
INSERT_EVENT_REVISION = expand(Q.insert_event_revision, event_json=EVENT_JSON)

_event_decoder = msgspec.json.Decoder(Event)
_events_decoder = msgspec.json.Decoder(list[Event])


class EventRow(msgspec.Struct, kw_only=True):
    """An event's own stored fields, as a merge patch starts from."""

    id: uuid.UUID
    newsroom: str
    version: int
    fields: dict[str, Any]


async def get_event(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> tuple[Event, str] | None:
    row = await conn.fetchrow(GET_EVENT, event_id)
    return (_event_decoder.decode(row["doc"]), row["status"]) if row else None


async def event_row_for_update(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> EventRow | None:
    row = await conn.fetchrow(Q.event_row_for_update, event_id)
    if row is None:
        return None
    fields = {name: row[name] for name in EventFields.__struct_fields__}
    return EventRow(id=row["id"], newsroom=row["newsroom"], version=row["version"], fields=fields)


async def insert_event(
    conn: asyncpg.Connection, *, newsroom: str, data: EventFields, date: ParsedDate, event_id: uuid.UUID | None
) -> uuid.UUID:
    return await conn.fetchval(Q.insert_event, event_id, newsroom, *_event_values(data, date))


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


async def replace_event_entities(conn: asyncpg.Connection, *, event_id: uuid.UUID, data: EventFields) -> None:
    await conn.execute(
        Q.replace_event_entities, event_id, [link.id for link in data.entities], [link.role for link in data.entities]
    )


async def missing_entities(conn: asyncpg.Connection, *, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return {row["id"] for row in await conn.fetch(Q.missing_entities, ids)} if ids else set()


async def has_supporting_citation(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> bool:
    return await conn.fetchval(Q.has_supporting_citation, event_id)


async def refresh_event(conn: asyncpg.Connection, *, event_id: uuid.UUID, changed: bool) -> None:
    await conn.execute(Q.refresh_event, event_id, 1 if changed else 0)


async def insert_event_revision(
    conn: asyncpg.Connection,
    *,
    event_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> None:
    await conn.execute(INSERT_EVENT_REVISION, event_id, action, key_id, change_note, correction)


async def ensure_newsroom(conn: asyncpg.Connection, *, newsroom: str) -> None:
    await conn.execute(Q.ensure_newsroom, newsroom)


Order = Literal["asc", "desc"]


async def list_events(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    order: Order,
    after: tuple[dt.datetime, uuid.UUID] | None,
    backwards: bool,
    limit: int,
    scope: Scope | None = None,
) -> list[tuple[tuple[Any, ...], Event | Deleted]]:
    """One statement per page: limit rows after the key in the page's order, as whole documents.

    Sorted by (sort_at, id), or by (updated_at, id) in a sync feed (`updated_since`). A sync feed
    shows deleted events, and drafts the caller may not see, as tombstones: a client's copy then
    drops an event that was unpublished, and no uncited draft reaches it.
    With `scope`, only a timeline's members, in the same statement.
    """
    sync = filters.updated_since is not None
    key_col = "updated_at" if sync else "sort_at"
    ascending = (order == "asc") != backwards
    arg = Args()
    conds = event_conditions(filters, arg, scope=scope)
    if after is not None:
        op = ">" if ascending else "<"
        conds.append(f"(e.{key_col}, e.id) {op} ({arg(after[0])}, {arg(after[1])})")
    direction = "ASC" if ascending else "DESC"
    where = " AND ".join(conds) or "true"
    gone = "e.deleted_at IS NOT NULL"
    if sync and filters.status is None:
        drafts_of = scope.drafts_of if scope is not None else None
        owner = f" AND e.newsroom <> {arg(drafts_of)}" if drafts_of else ""
        gone += f" OR (e.status = 'draft'{owner})"
    sql = (
        f"SELECT e.{key_col} AS k, e.id, ({gone}) AS deleted, e.updated_at, "
        f"CASE WHEN NOT ({gone}) THEN {EVENT_JSON}::text END AS doc "
        f"FROM (SELECT * FROM events e WHERE {where} "
        f"ORDER BY e.{key_col} {direction}, e.id {direction} LIMIT {arg(limit + 1)}) e "
        f"ORDER BY e.{key_col} {direction}, e.id {direction}"
    )
    rows = await conn.fetch(sql, *arg.values)
    out: list[tuple[tuple[Any, ...], Event | Deleted]] = []
    for row in rows:
        key = (row["k"], row["id"])
        if row["deleted"]:
            out.append((key, Deleted(id=row["id"], deleted=True, updated_at=row["updated_at"])))
        else:
            out.append((key, _event_decoder.decode(row["doc"])))
    return out


async def exists_before(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    order: Order,
    key: tuple[dt.datetime, uuid.UUID],
    scope: Scope | None = None,
) -> bool:
    """Whether any matching event sorts before `key` in this order (for an `around` page's prev link)."""
    arg = Args()
    conds = event_conditions(filters, arg, scope=scope)
    key_col = "updated_at" if filters.updated_since is not None else "sort_at"
    op = "<" if order == "asc" else ">"
    conds.append(f"(e.{key_col}, e.id) {op} ({arg(key[0])}, {arg(key[1])})")
    return await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM events e WHERE {' AND '.join(conds)})", *arg.values)


def around_key(day_first: dt.date, day_last: dt.date, order: Order) -> tuple[dt.datetime, uuid.UUID]:
    """The key just before the first event of the `around` day in this order."""
    if order == "asc":
        return dt.datetime.combine(day_first, dt.time(), dt.UTC), NIL_ID
    return dt.datetime.combine(day_last + dt.timedelta(days=1), dt.time(), dt.UTC), MAX_ID
