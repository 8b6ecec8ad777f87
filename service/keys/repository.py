"""API key SQL on one connection: only a key's hash is kept."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import asyncpg
import msgspec

from service.auth.actor import key_hash, new_secret
from service.keys.schemas import Key, NewKey
from service.newsrooms import ensure_newsroom
from service.sql import load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
KEY = tuple[dt.datetime, uuid.UUID]


async def create_key(conn: asyncpg.Connection, *, newsroom: str, role: str, name: str = "") -> NewKey:
    """Create a key (and the newsroom, when new); the secret leaves only in the return value."""
    await ensure_newsroom(conn, newsroom=newsroom)
    secret = new_secret()
    row = await conn.fetchrow(Q.insert_key, newsroom, role, name, secret[:10], key_hash(secret))
    return NewKey(**dict(row), key=secret)


async def newsroom_keys(conn: asyncpg.Connection, *, newsroom: str) -> list[Key] | None:
    """Every key of the newsroom, revoked ones included, oldest first, never a secret; None when there
    is no such newsroom (a mistyped name is not a newsroom without keys)."""
    if not await conn.fetchval(Q.newsroom_exists, newsroom):
        return None
    return [msgspec.convert(dict(row), Key) for row in await conn.fetch(Q.newsroom_keys, newsroom)]


async def revoke_any_key(conn: asyncpg.Connection, *, key_id: uuid.UUID) -> Key | None:
    """Revoke a key of whichever newsroom (the operator's command, not the API); None when there is none."""
    row = await conn.fetchrow(Q.revoke_key_by_id, key_id)
    return msgspec.convert(dict(row), Key) if row else None


async def list_keys(
    conn: asyncpg.Connection, *, newsroom: str, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> list[tuple[tuple[dt.datetime, uuid.UUID], Key]]:
    """A page of the newsroom's keys after `after`, oldest first, one more than `limit`."""
    rows = await conn.fetch(Q.list_keys, newsroom, *(after or (None, None)), limit + 1)
    return [((row["created_at"], row["id"]), msgspec.convert(dict(row), Key)) for row in rows]


async def get_key(conn: asyncpg.Connection, *, key_id: uuid.UUID, newsroom: str) -> Key | None:
    row = await conn.fetchrow(Q.get_key, key_id, newsroom)
    return msgspec.convert(dict(row), Key) if row else None


async def revoke_key(conn: asyncpg.Connection, *, key_id: uuid.UUID, newsroom: str) -> bool:
    """Revoke a key of the newsroom; False when it has no such key."""
    return await conn.fetchval(Q.revoke_key, key_id, newsroom) is not None
