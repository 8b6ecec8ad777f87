"""Source SQL on one connection: keyword-only calls returning Structs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from service.edtf import ParsedDate
from service.sources.schemas import BackedEvent, Source, SourceDetail
from service.sql import Args, expand, keyset_tail, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
SOURCE_JSON = Q.fragment_source_json
GET_SOURCE = expand(Q.get_source, source_json=SOURCE_JSON)
INSERT_SOURCE_REVISION = expand(Q.insert_source_revision, source_json=SOURCE_JSON)
LIVE_SOURCES = expand(Q.live_sources, source_json=SOURCE_JSON)

_source_decoder = msgspec.json.Decoder(Source)
_backed_decoder = msgspec.json.Decoder(list[BackedEvent])

SOURCE_FIELDS = (
    "url", "title", "publisher", "authors", "published", "language", "kind", "archive_url", "accessed_at",
)  # fmt: skip


async def get_source(
    conn: asyncpg.Connection, *, source_id: uuid.UUID, drafts_of: str | None
) -> SourceDetail | None:
    """A live source with the events it backs: published ones, and the drafts of `drafts_of`. A source
    that no event has made public yet is `drafts_of`'s alone: None for anyone else, as if it did not
    exist."""
    row = await conn.fetchrow(GET_SOURCE, source_id, drafts_of)
    if row is None:
        return None
    source = _source_decoder.decode(row["doc"])
    return SourceDetail(**msgspec.structs.asdict(source), events=_backed_decoder.decode(row["events"]))


async def source_row_for_update(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.source_row_for_update, source_id)
    return dict(row) if row else None


async def find_source_by_url(conn: asyncpg.Connection, *, newsroom: str, url: str) -> uuid.UUID | None:
    """The newsroom's live source with this canonical URL (a URL has at most one source per newsroom)."""
    return await conn.fetchval(Q.find_source_by_url, newsroom, url)


async def insert_source(
    conn: asyncpg.Connection,
    *,
    newsroom: str,
    fields: dict[str, Any],
    published: ParsedDate | None,
    public: bool,
    source_id: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """The new source's id, or None when a live source of the newsroom already has this URL. A source made
    for a citation is not `public` until an event citing it is (a trigger on event_docs makes it so)."""
    return await conn.fetchval(Q.insert_source, source_id, newsroom, *_values(fields, published), public)


async def find_sources_by_urls(
    conn: asyncpg.Connection, *, newsroom: str, urls: list[str]
) -> dict[str, uuid.UUID]:
    """The id of the newsroom's live source of each of these canonical URLs that has one, locked until the
    transaction ends (as `live_sources` locks)."""
    return {row["url"]: row["id"] for row in await conn.fetch(Q.find_sources_by_urls, newsroom, urls)}


async def live_sources(
    conn: asyncpg.Connection, *, ids: list[uuid.UUID], newsroom: str
) -> dict[uuid.UUID, Source]:
    """The live sources of these ids that `newsroom` may see, locked until the transaction ends (see the
    SQL); a deleted or unknown id, or another newsroom's hidden source, is missing from the answer."""
    rows = await conn.fetch(LIVE_SOURCES, ids, newsroom) if ids else []
    return {row["id"]: _source_decoder.decode(row["doc"]) for row in rows}


async def insert_sources(
    conn: asyncpg.Connection, *, newsroom: str, sources: list[tuple[dict[str, Any], ParsedDate | None]]
) -> dict[str, uuid.UUID]:
    """Insert new sources, (fields, published) each, in one statement; the id of each by URL. A URL that a
    live source of the newsroom has meanwhile (a concurrent write) is skipped and missing from the answer."""
    columns = list(zip(*(_values(fields, published) for fields, published in sources), strict=True))
    columns[3] = [msgspec.json.encode(authors).decode() for authors in columns[3]]  # a text[] each: as JSON
    rows = await conn.fetch(Q.insert_sources, newsroom, *columns)
    return {row["url"]: row["id"] for row in rows}


async def update_source(
    conn: asyncpg.Connection, *, source_id: uuid.UUID, fields: dict[str, Any], published: ParsedDate | None
) -> None:
    await conn.execute(Q.update_source, source_id, *_values(fields, published))


def _values(fields: dict[str, Any], published: ParsedDate | None) -> tuple[Any, ...]:
    return (
        fields["url"],
        fields["title"],
        fields.get("publisher"),
        fields.get("authors") or [],
        fields.get("published"),
        published.start if published else None,
        published.end if published else None,
        fields.get("language"),
        fields.get("kind") or "other",
        fields.get("archive_url"),
        fields.get("accessed_at"),
    )


async def unsupported_if_source_goes(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> list[uuid.UUID]:
    return [row["id"] for row in await conn.fetch(Q.unsupported_if_source_goes, source_id)]


async def delete_source(
    conn: asyncpg.Connection, *, source_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Soft-delete the source and its citations; returns (citation id, event id) of each citation."""
    return [(row["id"], row["event_id"]) for row in await conn.fetch(Q.delete_source, source_id)]


async def deleted_source(
    conn: asyncpg.Connection, *, source_id: uuid.UUID, newsroom: str
) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.deleted_source, source_id, newsroom)
    return dict(row) if row else None


async def restore_source(
    conn: asyncpg.Connection, *, source_id: uuid.UUID, newsroom: str
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Undelete the source and the citations deleted with it; returns (citation id, event id) of each."""
    return [(row["id"], row["event_id"]) for row in await conn.fetch(Q.restore_source, source_id, newsroom)]


async def insert_source_revision(
    conn: asyncpg.Connection,
    *,
    source_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> None:
    await conn.execute(INSERT_SOURCE_REVISION, source_id, action, key_id, change_note, correction)


async def list_sources(
    conn: asyncpg.Connection,
    *,
    url: str | None,
    newsroom: str | None,
    q: str | None,
    drafts_of: str | None,
    after: tuple[Any, uuid.UUID] | None,
    backwards: bool,
    limit: int,
) -> list[tuple[tuple[Any, ...], Source]]:
    """A page of live sources the caller may see (public ones, and all of `drafts_of`'s), newest first by
    (created_at, id)."""
    arg = Args()
    conds = ["s.deleted_at IS NULL"]
    if drafts_of is None:
        conds.append("s.published_at IS NOT NULL")
    else:
        conds.append(f"(s.published_at IS NOT NULL OR s.newsroom = {arg(drafts_of)})")
    if url is not None:
        conds.append(f"s.url = {arg(url)}")
    if newsroom is not None:
        conds.append(f"s.newsroom = {arg(newsroom)}")
    if q is not None:
        conds.append(f"s.search @@ websearch_to_tsquery('simple', {arg(q)})")
    tail = keyset_tail(
        arg, conds, key=("s.created_at", "s.id"), after=after, ascending=backwards, limit=limit
    )
    sql = f"SELECT s.created_at, s.id, {SOURCE_JSON}::text AS doc FROM sources s {tail}"
    rows = await conn.fetch(sql, *arg.values)
    return [((row["created_at"], row["id"]), _source_decoder.decode(row["doc"])) for row in rows]
