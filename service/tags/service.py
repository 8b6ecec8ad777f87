"""Tag counts over an event search; the cursor is bound to the filters."""

from __future__ import annotations

from service.db import Database
from service.events.filters import EventFilters
from service.http import keyed_page, read_cursor
from service.pages import PageSlice, fingerprint
from service.tags import repository as repo


async def list_tags(db: Database, *, filters: EventFilters, limit: int, cursor: str | None) -> PageSlice:
    fp = fingerprint({**filters.key(), "resource": "tags"})
    direction, after = read_cursor(cursor, fp, tuple[int, str])
    async with db.connection(read=True) as conn:
        rows = await repo.tag_counts(
            conn, filters=filters, after=after, backwards=direction == "prev", limit=limit
        )
    return keyed_page(rows, limit=limit, direction=direction, from_cursor=cursor is not None, fp=fp)
