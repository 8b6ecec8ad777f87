"""Key rules: a newsroom's admins manage its own keys; another newsroom's key is a 404."""

from __future__ import annotations

import uuid

from service.db import Database
from service.errors import NotFound
from service.http import keyed_page, read_cursor
from service.keys import repository as repo
from service.keys.schemas import Key, NewKey
from service.pages import PageSlice, fingerprint


async def create_key(db: Database, *, newsroom: str, role: str, name: str) -> NewKey:
    async with db.transaction() as conn:  # the Idempotency-Key's, when there is one
        return await repo.create_key(conn, newsroom=newsroom, role=role, name=name)


async def list_keys(db: Database, *, newsroom: str, limit: int, cursor: str | None) -> PageSlice:
    fp = fingerprint({"keys": newsroom})
    _, after = read_cursor(cursor, fp, repo.KEY)
    async with db.connection() as conn:
        rows = await repo.list_keys(conn, newsroom=newsroom, after=after, limit=limit)
    return keyed_page(rows, limit=limit, direction="next", from_cursor=False, fp=fp)


async def get_key(db: Database, *, key_id: uuid.UUID, newsroom: str) -> Key:
    async with db.connection() as conn:
        key = await repo.get_key(conn, key_id=key_id, newsroom=newsroom)
    if key is None:
        raise NotFound(f"No key {key_id}.")
    return key


async def revoke_key(db: Database, *, key_id: uuid.UUID, newsroom: str) -> None:
    async with db.transaction() as conn:
        if not await repo.revoke_key(conn, key_id=key_id, newsroom=newsroom):
            raise NotFound(f"No key {key_id}.")
