"""Entity SQL on one connection."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

from service.entities.schemas import Entity, EntityIn
from service.sql import Args, expand, keyset_tail, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
ENTITY_JSON = Q.fragment_entity_json
GET_ENTITY = expand(Q.get_entity, entity_json=ENTITY_JSON)
INSERT_ENTITY_REVISION = expand(Q.insert_entity_revision, entity_json=ENTITY_JSON)

_decoder = msgspec.json.Decoder(Entity)


async def get_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> Entity | None:
    doc = await conn.fetchval(GET_ENTITY, entity_id)
    return _decoder.decode(doc) if doc else None


async def entity_row_for_update(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> dict[str, Any] | None:
    row = await conn.fetchrow(Q.entity_row_for_update, entity_id)
    return dict(row) if row else None


async def find_entity_by_wikidata(
    conn: asyncpg.Connection, *, newsroom: str, wikidata: str
) -> uuid.UUID | None:
    return await conn.fetchval(Q.find_entity_by_wikidata, newsroom, wikidata)


async def insert_entity(
    conn: asyncpg.Connection, *, newsroom: str, data: EntityIn, entity_id: uuid.UUID | None = None
) -> uuid.UUID | None:
    """The new entity's id, or None when the newsroom already has one with this Wikidata id."""
    return await conn.fetchval(
        Q.insert_entity, entity_id, newsroom, data.name, data.kind, data.wikidata, data.aliases
    )


async def update_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID, data: EntityIn) -> None:
    await conn.execute(Q.update_entity, entity_id, data.name, data.kind, data.wikidata, data.aliases)


async def insert_entity_revision(
    conn: asyncpg.Connection,
    *,
    entity_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> None:
    await conn.execute(INSERT_ENTITY_REVISION, entity_id, action, key_id, change_note, correction)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def list_entities(
    conn: asyncpg.Connection,
    *,
    q: str | None,
    wikidata: str | None,
    after: tuple[Any, uuid.UUID] | None,
    backwards: bool,
    limit: int,
) -> list[tuple[tuple[Any, ...], Entity]]:
    """A page of live entities by (lower(name), id); `q` matches names and aliases, case-insensitive."""
    arg = Args()
    conds = ["n.deleted_at IS NULL"]
    if q is not None:
        pattern = arg(_like(q))
        conds.append(
            f"(n.name ILIKE {pattern} OR EXISTS (SELECT 1 FROM unnest(n.aliases) a WHERE a ILIKE {pattern}))"
        )
    if wikidata is not None:
        conds.append(f"n.wikidata = {arg(wikidata)}")
    tail = keyset_tail(
        arg, conds, key=("lower(n.name)", "n.id"), after=after, ascending=not backwards, limit=limit
    )
    sql = f"SELECT lower(n.name) AS k, n.id, {ENTITY_JSON}::text AS doc FROM entities n {tail}"
    rows = await conn.fetch(sql, *arg.values)
    return [((row["k"], row["id"]), _decoder.decode(row["doc"])) for row in rows]
