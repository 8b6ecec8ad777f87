"""/v1/{events,sources,entities}/{id}/revisions: an object's history, for its own newsroom's keys."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import Parameter

from service.auth.actor import ActorDep
from service.db import DatabaseDep
from service.http import CursorParam, LimitParam, page_response
from service.openapi_docs import problems
from service.revisions import service
from service.revisions.schemas import RevisionPage

VIEWER = {"role": "viewer"}


_DOC = (
    "Every change to the {0}, newest first: the whole state it left, the key that made it, when, "
    "and its change note. Only for keys of the newsroom that owns it."
)
_RESPONSES = problems(401, 403, 404)


@get(
    "/v1/events/{event_id:uuid}/revisions",
    operation_id="list_event_revisions",
    opt=VIEWER,
    tags=["events"],
    responses=_RESPONSES,
    summary="History of an event",
    description=_DOC.format("event"),
)
async def list_event_revisions(
    request: Request[Any, Any, Any],
    db: DatabaseDep,
    actor: ActorDep,
    event_id: Annotated[uuid.UUID, Parameter(description="The event's id.")],
    limit: LimitParam = 50,
    cursor: CursorParam = None,
) -> Response[RevisionPage]:
    page = await service.list_revisions(
        db, actor=actor, object_type="event", object_id=event_id, limit=limit, cursor=cursor
    )
    return page_response(request, RevisionPage, page, private=True)


@get(
    "/v1/sources/{source_id:uuid}/revisions",
    operation_id="list_source_revisions",
    opt=VIEWER,
    tags=["sources"],
    responses=_RESPONSES,
    summary="History of a source",
    description=_DOC.format("source"),
)
async def list_source_revisions(
    request: Request[Any, Any, Any],
    db: DatabaseDep,
    actor: ActorDep,
    source_id: Annotated[uuid.UUID, Parameter(description="The source's id.")],
    limit: LimitParam = 50,
    cursor: CursorParam = None,
) -> Response[RevisionPage]:
    page = await service.list_revisions(
        db, actor=actor, object_type="source", object_id=source_id, limit=limit, cursor=cursor
    )
    return page_response(request, RevisionPage, page, private=True)


@get(
    "/v1/entities/{entity_id:uuid}/revisions",
    operation_id="list_entity_revisions",
    opt=VIEWER,
    tags=["entities"],
    responses=_RESPONSES,
    summary="History of an entity",
    description=_DOC.format("entity"),
)
async def list_entity_revisions(
    request: Request[Any, Any, Any],
    db: DatabaseDep,
    actor: ActorDep,
    entity_id: Annotated[uuid.UUID, Parameter(description="The entity's id.")],
    limit: LimitParam = 50,
    cursor: CursorParam = None,
) -> Response[RevisionPage]:
    page = await service.list_revisions(
        db, actor=actor, object_type="entity", object_id=entity_id, limit=limit, cursor=cursor
    )
    return page_response(request, RevisionPage, page, private=True)


@get(
    "/v1/timelines/{slug:str}/revisions",
    operation_id="list_timeline_revisions",
    opt=VIEWER,
    tags=["timelines"],
    responses=_RESPONSES,
    summary="History of a timeline",
    description=_DOC.format("timeline"),
)
async def list_timeline_revisions(
    request: Request[Any, Any, Any],
    db: DatabaseDep,
    actor: ActorDep,
    slug: Annotated[str, Parameter(description="The timeline's slug.", max_length=64)],
    limit: LimitParam = 50,
    cursor: CursorParam = None,
) -> Response[RevisionPage]:
    page = await service.list_timeline_revisions(db, actor=actor, slug=slug, limit=limit, cursor=cursor)
    return page_response(request, RevisionPage, page, private=True)


REVISION_HANDLERS = [
    list_event_revisions,
    list_source_revisions,
    list_entity_revisions,
    list_timeline_revisions,
]
