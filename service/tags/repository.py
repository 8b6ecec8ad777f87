"""Tag counts SQL on one connection."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import msgspec

from service.events.filters import EventFilters, event_conditions
from service.sql import Args, expand, load_queries
from service.tags.schemas import TagCount

Q = load_queries(Path(__file__).with_name("queries.sql"))


async def tag_counts(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    after: tuple[int, str] | None,
    backwards: bool,
    limit: int,
) -> list[tuple[tuple[int, str], TagCount]]:
    """Counts over the matching events, keyset-paged on (count descending, tag)."""
    arg = Args()
    conds = event_conditions(msgspec.structs.replace(filters, updated_since=None), arg)
    outer = ""
    if after is not None:
        op = ">" if backwards else "<"
        outer = f"WHERE (t.count, {arg(after[1])}::text) {op} ({arg(after[0])}::bigint, t.tag)"
    count_order, tag_order = ("ASC", "DESC") if backwards else ("DESC", "ASC")
    sql = expand(
        Q.tag_counts,
        conditions=" AND ".join(conds),
        after=outer,
        count_order=count_order,
        tag_order=tag_order,
        limit=arg(limit + 1),
    )
    rows = await conn.fetch(sql, *arg.values)
    return [((row["count"], row["tag"]), TagCount(tag=row["tag"], count=row["count"])) for row in rows]
