"""/v1/tags: the tags of the events a search matches, with counts (facets)."""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import Provide
from msgspec import Meta

from service.db import DatabaseDep
from service.events.filters import EventFilters, event_conditions
from service.events.parameters import FiltersDep, provide_event_filters
from service.http import CursorParam, LimitParam, keyed_page, page_response, read_cursor
from service.openapi_docs import READ
from service.pages import fingerprint
from service.schemas import NextCursor, Output, PrevCursor
from service.sql import Args


class TagCount(Output, kw_only=True):
    """A tag and how many matching events carry it."""

    tag: Annotated[str, Meta(description="The tag slug.")]
    count: Annotated[int, Meta(ge=1, description="Matching events that carry the tag.")]


class TagPage(Output, kw_only=True):
    """A page of tags, most used first, then by name."""

    items: list[TagCount]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


async def tag_counts(
    conn: asyncpg.Connection, *, filters: EventFilters, after: tuple[int, str] | None, backwards: bool, limit: int
) -> list[tuple[tuple[int, str], TagCount]]:
    """Counts over the matching events, keyset-paged on (count descending, tag)."""
    arg = Args()
    conds = event_conditions(msgspec.structs.replace(filters, updated_since=None), arg)
    outer = ""
    if after is not None:
        op = ">" if backwards else "<"
        outer = f"WHERE (t.count, {arg(after[1])}::text) {op} ({arg(after[0])}::bigint, t.tag)"
    direction = ("ASC", "DESC") if backwards else ("DESC", "ASC")
    sql = (
        "SELECT t.tag, t.count FROM (SELECT tag, count(*) AS count FROM events e, unnest(e.tags) AS tag "
        f"WHERE {' AND '.join(conds)} GROUP BY tag) t {outer} "
        f"ORDER BY t.count {direction[0]}, t.tag {direction[1]} LIMIT {arg(limit + 1)}"
    )
    rows = await conn.fetch(sql, *arg.values)
    return [((row["count"], row["tag"]), TagCount(tag=row["tag"], count=row["count"])) for row in rows]


class TagController(Controller):
    path = "/v1/tags"
    tags = ["tags"]
    dependencies = {"filters": Provide(provide_event_filters, sync_to_thread=False)}

    @get("/", operation_id="list_tags", responses=READ, summary="Tags with event counts")
    async def list_tags(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        filters: FiltersDep,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[TagPage]:
        """Tags of the events that match the filters (the same as for events), with their counts."""
        fp = fingerprint({**filters.key(), "resource": "tags"})
        direction, after = read_cursor(cursor, fp, tuple[int, str])
        async with db.connection(read=True) as conn:
            rows = await tag_counts(conn, filters=filters, after=after, backwards=direction == "prev", limit=limit)
        page = keyed_page(rows, limit=limit, direction=direction, from_cursor=cursor is not None, fp=fp)
        return page_response(request, TagPage, page, private=filters.status is not None)
