"""Export SQL on one connection: the state an ETag is made of, and the members page by page."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Literal

import asyncpg
import msgspec

from service.events import pages
from service.events.filters import EventFilters, Scope, event_conditions
from service.events.schemas import Event
from service.sql import Args, expand, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
# A sync feed (`updated_since`) lists by (updated_at, id): from the epoch, that is every member,
# newest change first with `desc`, without tombstones.
_BY_CHANGE = EventFilters(updated_since=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))


class ExportState(msgspec.Struct, frozen=True, kw_only=True):
    """The members as a whole: enough to tag an export and to lay out its CSV columns."""

    events: int
    digest: str
    changed_at: dt.datetime | None
    sources_changed_at: dt.datetime | None
    max_citations: int


async def export_state(conn: asyncpg.Connection, *, scope: Scope, at_most: int) -> ExportState:
    """The state of at most `at_most` members (all of them, when there are no more)."""
    arg = Args()
    members = " AND ".join(event_conditions(EventFilters(), arg, scope=scope))
    row = await conn.fetchrow(expand(Q.export_state, members=members, at_most=arg(at_most)), *arg.values)
    return ExportState(**dict(row))


async def member_page(
    conn: asyncpg.Connection,
    *,
    scope: Scope,
    order: Literal["start", "updated"],
    after: tuple[Any, uuid.UUID] | None,
    limit: int,
) -> tuple[list[Event], tuple[Any, uuid.UUID] | None]:
    """Up to limit + 1 members after `after` (by date, or newest change first); and the key to go on
    from, or None when this was the last page."""
    by_change = order == "updated"
    rows = await pages.list_events(
        conn,
        filters=_BY_CHANGE if by_change else EventFilters(),
        order="desc" if by_change else "asc",
        after=after,
        backwards=False,
        limit=limit,
        scope=scope,
        tombstones=False,
    )
    events = [item for _, item in rows if isinstance(item, Event)]
    return events, rows[-1][0] if len(rows) > limit else None
