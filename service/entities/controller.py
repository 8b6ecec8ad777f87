"""/v1/entities: people, organisations, countries and places."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import JSONBody, Parameter

from service.auth.actor import ActorDep
from service.body import StrictBody
from service.db import DatabaseDep
from service.entities import service
from service.entities.schemas import Entity, EntityIn, EntityPatch
from service.http import (
    CursorParam,
    IdempotencyKey,
    LimitParam,
    if_match,
    json_response,
    keyed_page,
    page_response,
    read_cursor,
)
from service.idempotency import created
from service.openapi_docs import CREATE, READ, WRITE
from service.pages import fingerprint
from service.schemas import NextCursor, Output, PrevCursor
from service.writes import owned, precondition

EntityId = Annotated[uuid.UUID, Parameter(description="The entity's id.")]


IfMatch = if_match("the entity", says_412=False)


class EntityPage(Output, kw_only=True):
    """A page of entities, by name."""

    items: list[Entity]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


class EntityController(Controller):
    path = "/v1/entities"
    tags = ["entities"]

    @get("/", operation_id="list_entities", responses=READ, summary="List or find entities")
    async def list_entities(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        q: Annotated[
            str | None, Parameter(description="Part of a name or alias, case-insensitive.", max_length=200)
        ] = None,
        wikidata: Annotated[
            str | None,
            Parameter(description="A Wikidata item id, e.g. Q15031.", pattern=r"^Q[1-9][0-9]{0,11}$"),
        ] = None,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[EntityPage]:
        """Entities by name; `q` matches names and aliases, `wikidata` an exact Wikidata id."""
        fp = fingerprint({"q": q, "wikidata": wikidata})
        direction, after = read_cursor(cursor, fp, tuple[str, uuid.UUID])
        rows = await service.list_entities(
            db, q=q, wikidata=wikidata, after=after, direction=direction, limit=limit
        )
        page = keyed_page(rows, limit=limit, direction=direction, from_cursor=cursor is not None, fp=fp)
        return page_response(request, EntityPage, page)

    @post(
        "/",
        operation_id="create_entity",
        dto=StrictBody[EntityIn],
        return_dto=None,
        responses=CREATE,
        summary="Create an entity",
    )
    async def create_entity(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        data: JSONBody[EntityIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[Entity]:
        """Create an entity; a Wikidata id the newsroom already uses is a 409 naming the existing one."""

        return await created(
            request,
            actor,
            db,
            lambda: service.create_entity(db, actor=actor, data=data),
            lambda entity: f"/v1/entities/{entity.id}",
        )

    @get("/{entity_id:uuid}", operation_id="get_entity", responses=READ, summary="Read an entity")
    async def get_entity(
        self, request: Request[Any, Any, Any], db: DatabaseDep, entity_id: EntityId
    ) -> Response[Entity]:
        """One entity."""
        entity = await service.get_entity(db, entity_id=entity_id)
        return json_response(request, entity, version=entity.version)

    @patch(
        "/{entity_id:uuid}",
        operation_id="update_entity",
        dto=StrictBody[EntityPatch],
        return_dto=None,
        responses=WRITE | CREATE,
        summary="Update an entity",
    )
    async def update_entity(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        entity_id: EntityId,
        data: JSONBody[EntityPatch],
        if_match: IfMatch = None,
    ) -> Response[Entity]:
        """JSON merge patch of an entity."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_entity(db, entity_id=entity_id)),
        )
        entity = await service.patch_entity(
            db, actor=actor, entity_id=entity_id, patch=data, if_match=version
        )
        return json_response(request, entity, version=entity.version)
