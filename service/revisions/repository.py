"""Revision SQL: every write keeps the object's whole new state; these read it back."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from service.revisions.schemas import Revision
from service.sql import load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))


async def list_revisions(
    conn: asyncpg.Connection,
    *,
    object_id: uuid.UUID,
    object_type: str,
    newsroom: str,
    before: int | None,
    limit: int,
) -> list[tuple[tuple[int], Revision]]:
    rows = await conn.fetch(Q.list_revisions, object_id, object_type, newsroom, before, limit + 1)
    return [((row["id"],), Revision(**dict(row))) for row in rows]


async def state_as_of(
    conn: asyncpg.Connection, *, object_id: uuid.UUID, object_type: str, at: dt.datetime
) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.state_as_of, object_id, object_type, at)
    return dict(row) if row else None


async def live_timeline_id(conn: asyncpg.Connection, *, slug: str) -> uuid.UUID | None:
    return await conn.fetchval(Q.live_timeline_id, slug)
