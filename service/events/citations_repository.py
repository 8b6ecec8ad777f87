"""Citation SQL on one connection."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg

from service.sql import expand, load_queries

Q = load_queries(Path(__file__).with_name("citations.sql"))
CITATION_JSON = Q.fragment_citation_json
INSERT_CITATION_REVISION = expand(Q.insert_citation_revision, citation_json=CITATION_JSON)


async def insert_citation(
    conn: asyncpg.Connection, *, newsroom: str, event_id: uuid.UUID, source_id: uuid.UUID, data: Any
) -> uuid.UUID:
    return await conn.fetchval(
        Q.insert_citation, newsroom, event_id, source_id, data.quote, data.locator, data.stance, data.note
    )


async def insert_citations(
    conn: asyncpg.Connection,
    *,
    newsroom: str,
    ids: list[uuid.UUID],
    event_ids: list[uuid.UUID],
    source_ids: list[uuid.UUID],
    data: list[Any],
) -> None:
    """Insert many citations in one statement, numbered in this order; `data[i]` is citation `ids[i]`."""
    if not ids:
        return
    await conn.execute(
        Q.insert_citations,
        newsroom,
        ids,
        event_ids,
        source_ids,
        [d.quote for d in data],
        [d.locator for d in data],
        [d.stance for d in data],
        [d.note for d in data],
    )


async def citation_for_update(
    conn: asyncpg.Connection, *, citation_id: uuid.UUID, event_id: uuid.UUID
) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.citation_for_update, citation_id, event_id)
    return dict(row) if row else None


async def delete_citation(conn: asyncpg.Connection, *, citation_id: uuid.UUID) -> None:
    await conn.execute(Q.delete_citation, citation_id)


async def insert_citation_revision(
    conn: asyncpg.Connection,
    *,
    citation_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
) -> None:
    await conn.execute(INSERT_CITATION_REVISION, citation_id, action, key_id, change_note)
