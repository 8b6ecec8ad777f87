"""Timeline SQL on one connection: keyword-only calls returning Structs."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from service.events.filters import EventFilters, Scope, event_conditions
from service.sql import Args, expand, keyset_tail, load_queries
from service.timelines.schemas import Timeline, TimelineFields

Q = load_queries(Path(__file__).with_name("queries.sql"))
_VISIBLE_INCLUDE = expand(Q.fragment_visible_ids, ids="t.include")
_VISIBLE_EXCLUDE = expand(Q.fragment_visible_ids, ids="t.exclude")
# As a reader sees it ($1: the newsroom whose drafts it may see), and whole, as a revision keeps it.
TIMELINE_JSON = expand(Q.fragment_timeline_json, include=_VISIBLE_INCLUDE, exclude=_VISIBLE_EXCLUDE)
STORED_TIMELINE_JSON = expand(Q.fragment_timeline_json, include="t.include", exclude="t.exclude")
GET_TIMELINE = expand(Q.get_timeline, timeline_json=TIMELINE_JSON)
INSERT_TIMELINE_REVISION = expand(Q.insert_timeline_revision, timeline_json=STORED_TIMELINE_JSON)

_timeline_decoder = msgspec.json.Decoder(Timeline)


class TimelineRow(msgspec.Struct, kw_only=True):
    """What a timeline's members are drawn from."""

    id: uuid.UUID
    newsroom: str
    status: str
    filter: dict[str, Any]
    include: list[uuid.UUID]
    exclude: list[uuid.UUID]


async def get_timeline(conn: asyncpg.Connection, *, slug: str, drafts_of: str | None) -> Timeline | None:
    """A live timeline, its id lists less the drafts that `drafts_of` may not see."""
    row = await conn.fetchrow(GET_TIMELINE, drafts_of, slug)
    return _timeline_decoder.decode(row["doc"]) if row else None


async def timeline_scope(conn: asyncpg.Connection, *, slug: str) -> TimelineRow | None:
    row = await conn.fetchrow(Q.timeline_scope, slug)
    return TimelineRow(**dict(row)) if row else None


async def timeline_scope_as_of(conn: asyncpg.Connection, *, slug: str, at: dt.datetime) -> TimelineRow | None:
    row = await conn.fetchrow(Q.timeline_scope_as_of, slug, at)
    return TimelineRow(**dict(row)) if row else None


async def timeline_row_for_update(conn: asyncpg.Connection, *, slug: str) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.timeline_row_for_update, slug)
    return dict(row) if row else None


class SlugHolder(msgspec.Struct, kw_only=True):
    """Who holds a slug: the timeline that has it (id None: none has), and whether a timeline of
    another newsroom than the asker's ever had it."""

    id: uuid.UUID | None
    newsroom: str | None
    status: str | None
    deleted: bool | None
    elsewhere: bool


async def slug_holder(conn: asyncpg.Connection, *, slug: str, newsroom: str) -> SlugHolder:
    return SlugHolder(**dict(await conn.fetchrow(Q.slug_holder, slug, newsroom)))


async def insert_timeline(
    conn: asyncpg.Connection, *, newsroom: str, data: TimelineFields, timeline_id: uuid.UUID | None = None
) -> uuid.UUID | None:
    """The new timeline's id, or None when a timeline, live or deleted, already has this slug."""
    return await conn.fetchval(Q.insert_timeline, timeline_id, newsroom, *_values(data))


async def update_timeline(conn: asyncpg.Connection, *, timeline_id: uuid.UUID, data: TimelineFields) -> bool:
    """False when another timeline took the slug meanwhile (the unique index says so).

    The savepoint keeps the caller's transaction usable after that refusal.
    """
    try:
        async with conn.transaction():
            await conn.execute(Q.update_timeline, timeline_id, *_values(data))
    except asyncpg.UniqueViolationError:
        return False
    return True


def _values(data: TimelineFields) -> tuple[Any, ...]:
    return (
        data.slug,
        data.title,
        data.description,
        msgspec.to_builtins(data.filter),
        data.include,
        data.exclude,
        data.status,
        data.theme,
        data.start_at,
        data.language,
    )


async def delete_timeline(conn: asyncpg.Connection, *, timeline_id: uuid.UUID) -> None:
    await conn.execute(Q.delete_timeline, timeline_id)


async def restore_timeline(conn: asyncpg.Connection, *, slug: str, newsroom: str) -> uuid.UUID | None:
    """The id of the newsroom's deleted timeline with this slug, now live again; None if it has none."""
    return await conn.fetchval(Q.restore_timeline, slug, newsroom)


async def missing_events(conn: asyncpg.Connection, *, ids: list[uuid.UUID], newsroom: str) -> set[uuid.UUID]:
    return {row["id"] for row in await conn.fetch(Q.missing_events, ids, newsroom)} if ids else set()


async def count_members(conn: asyncpg.Connection, *, scope: Scope, at_most: int) -> int:
    """How many events the scope holds, counting no further than `at_most`."""
    arg = Args()
    where = " AND ".join(event_conditions(EventFilters(), arg, scope=scope))
    sql = f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where} LIMIT {arg(at_most)}) m"
    return await conn.fetchval(sql, *arg.values)


async def insert_timeline_revision(
    conn: asyncpg.Connection,
    *,
    timeline_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> None:
    await conn.execute(INSERT_TIMELINE_REVISION, timeline_id, action, key_id, change_note, correction)


async def list_timelines(
    conn: asyncpg.Connection,
    *,
    drafts_of: str | None,
    newsroom: str | None,
    after: tuple[dt.datetime, uuid.UUID] | None,
    backwards: bool,
    limit: int,
) -> list[tuple[tuple[Any, ...], Timeline]]:
    """Live timelines, newest first by (created_at, id): published ones, and the drafts of `drafts_of`."""
    arg = Args()
    arg(drafts_of)  # $1, as the visible-ids fragment expects
    conds = ["t.deleted_at IS NULL", "(t.status = 'published' OR t.newsroom = $1)"]
    if newsroom is not None:
        conds.append(f"t.newsroom = {arg(newsroom)}")
    tail = keyset_tail(
        arg, conds, key=("t.created_at", "t.id"), after=after, ascending=backwards, limit=limit
    )
    sql = f"SELECT t.created_at, t.id, {TIMELINE_JSON}::text AS doc FROM timelines t {tail}"
    rows = await conn.fetch(sql, *arg.values)
    return [((row["created_at"], row["id"]), _timeline_decoder.decode(row["doc"])) for row in rows]
