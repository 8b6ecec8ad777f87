"""Entity rules: a Wikidata id names one entity per newsroom."""

from __future__ import annotations

import uuid
from typing import Any

from service.auth.actor import Actor
from service.db import Database
from service.entities import repository as repo
from service.entities.schemas import Entity, EntityIn, EntityPatch
from service.errors import Conflict, NotFound
from service.newsrooms import ensure_newsroom
from service.pages import Direction
from service.problem_types import DUPLICATE_ENTITY
from service.ripple import events
from service.writes import locked, merged, unset_none


def _duplicate(existing: uuid.UUID) -> Conflict:
    return Conflict(
        f"An entity with this wikidata id already exists: {existing}.",
        existing_id=str(existing),
        type=DUPLICATE_ENTITY,
    )


async def create_entity(
    db: Database, *, actor: Actor, data: EntityIn, entity_id: uuid.UUID | None = None
) -> Entity:
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
        entity_id = await repo.insert_entity(conn, newsroom=actor.newsroom, data=data, entity_id=entity_id)
        if entity_id is None:
            raise _duplicate(
                await repo.find_entity_by_wikidata(conn, newsroom=actor.newsroom, wikidata=data.wikidata)
            )
        await repo.insert_entity_revision(
            conn,
            entity_id=entity_id,
            action="create",
            key_id=actor.key_id,
            change_note=data.change_note,
            correction=data.correction,
        )
        return await repo.get_entity(conn, entity_id=entity_id)


async def get_entity(db: Database, *, entity_id: uuid.UUID) -> Entity:
    async with db.connection(read=True) as conn:
        entity = await repo.get_entity(conn, entity_id=entity_id)
    if entity is None:
        raise NotFound(f"No entity {entity_id}.")
    return entity


async def patch_entity(
    db: Database, *, actor: Actor, entity_id: uuid.UUID, patch: EntityPatch, if_match: int | None
) -> Entity:
    async with db.transaction() as conn:
        await events().lock_events_of_entity(conn, entity_id=entity_id)
        current = locked(
            await repo.entity_row_for_update(conn, entity_id=entity_id),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No entity {entity_id}.",
        )
        data = merged(current, patch, EntityIn)
        if data.wikidata and data.wikidata != current["wikidata"]:
            other = await repo.find_entity_by_wikidata(conn, newsroom=actor.newsroom, wikidata=data.wikidata)
            if other is not None:
                raise _duplicate(other)
        await repo.update_entity(conn, entity_id=entity_id, data=data)
        await events().refresh_docs_of_entity(conn, entity_id=entity_id)
        await repo.insert_entity_revision(
            conn,
            entity_id=entity_id,
            action="update",
            key_id=actor.key_id,
            change_note=unset_none(patch.change_note),
            correction=patch.correction is True,
        )
        return await repo.get_entity(conn, entity_id=entity_id)


async def list_entities(
    db: Database, *, q: str | None, wikidata: str | None, after: Any, direction: Direction, limit: int
) -> list[tuple[tuple[Any, ...], Entity]]:
    async with db.connection(read=True) as conn:
        return await repo.list_entities(
            conn, q=q, wikidata=wikidata, after=after, backwards=direction == "prev", limit=limit
        )
