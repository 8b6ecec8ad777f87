"""/v1/{events,sources,entities}/{id}/revisions: an object's history, for its own newsroom's keys."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import Parameter

from service.auth.actor import Actor, ActorDep
from service.db import Database, DatabaseDep
from service.errors import NotFound
from service.http import CursorParam, LimitParam, keyed_page, page_response, read_cursor
from service.openapi_docs import problems
from service.pages import fingerprint
from service.revisions.repository import Revision, list_revisions, live_timeline_id
from service.schemas import NextCursor, Output, PrevCursor

VIEWER = {"role": "viewer"}


class RevisionPage(Output, kw_only=True):
    """A page of an object's history, newest first."""

    items: list[Revision]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


async def revision_page(
    request: Request[Any, Any, Any], db: Database, actor: Actor, *, object_type: str, object_id: uuid.UUID,
    limit: int, cursor: str | None, named: str | None = None,
) -> Response[RevisionPage]:  # fmt: skip
    """Newest first; another newsroom's object is a 404, as if it did not exist: its problem names the
    object only as the request did (`named`, else its id), never by anything the caller did not send."""
    fp = fingerprint({"revisions": str(object_id)})
    _, after = read_cursor(cursor, fp, tuple[int])
    async with db.connection() as conn:
        rows = await list_revisions(
            conn, object_id=object_id, object_type=object_type, newsroom=actor.newsroom,
            before=after[0] if after else None, limit=limit,
        )  # fmt: skip
    if not rows and cursor is None:
        raise NotFound(f"No {object_type} {named or object_id}.")
    page = keyed_page(rows, limit=limit, direction="next", from_cursor=False, fp=fp)
    return page_response(request, RevisionPage, page, private=True)


_DOC = (
    "Every change to the {0}, newest first: the whole state it left, the key that made it, when, "
    "and its change note. Only for keys of the newsroom that owns it."
)
_RESPONSES = problems(401, 403, 404)


@get("/v1/events/{event_id:uuid}/revisions", operation_id="list_event_revisions", opt=VIEWER, tags=["events"],
     responses=_RESPONSES, summary="History of an event", description=_DOC.format("event"))  # fmt: skip
async def list_event_revisions(
    request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep,
    event_id: Annotated[uuid.UUID, Parameter(description="The event's id.")],
    limit: LimitParam = 50, cursor: CursorParam = None,
) -> Response[RevisionPage]:  # fmt: skip
    return await revision_page(request, db, actor, object_type="event", object_id=event_id, limit=limit,
                               cursor=cursor)  # fmt: skip


@get("/v1/sources/{source_id:uuid}/revisions", operation_id="list_source_revisions", opt=VIEWER, tags=["sources"],
     responses=_RESPONSES, summary="History of a source", description=_DOC.format("source"))  # fmt: skip
async def list_source_revisions(
    request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep,
    source_id: Annotated[uuid.UUID, Parameter(description="The source's id.")],
    limit: LimitParam = 50, cursor: CursorParam = None,
) -> Response[RevisionPage]:  # fmt: skip
    return await revision_page(request, db, actor, object_type="source", object_id=source_id, limit=limit,
                               cursor=cursor)  # fmt: skip


@get("/v1/entities/{entity_id:uuid}/revisions", operation_id="list_entity_revisions", opt=VIEWER,
     tags=["entities"], responses=_RESPONSES, summary="History of an entity",
     description=_DOC.format("entity"))  # fmt: skip
async def list_entity_revisions(
    request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep,
    entity_id: Annotated[uuid.UUID, Parameter(description="The entity's id.")],
    limit: LimitParam = 50, cursor: CursorParam = None,
) -> Response[RevisionPage]:  # fmt: skip
    return await revision_page(request, db, actor, object_type="entity", object_id=entity_id, limit=limit,
                               cursor=cursor)  # fmt: skip


@get("/v1/timelines/{slug:str}/revisions", operation_id="list_timeline_revisions", opt=VIEWER, tags=["timelines"],
     responses=_RESPONSES, summary="History of a timeline", description=_DOC.format("timeline"))  # fmt: skip
async def list_timeline_revisions(
    request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep,
    slug: Annotated[str, Parameter(description="The timeline's slug.", max_length=64)],
    limit: LimitParam = 50, cursor: CursorParam = None,
) -> Response[RevisionPage]:  # fmt: skip
    async with db.connection() as conn:
        timeline_id = await live_timeline_id(conn, slug=slug)
    if timeline_id is None:
        raise NotFound(f"No timeline {slug}.")
    return await revision_page(request, db, actor, object_type="timeline", object_id=timeline_id,
                               limit=limit, cursor=cursor, named=slug)  # fmt: skip


REVISION_HANDLERS = [list_event_revisions, list_source_revisions, list_entity_revisions, list_timeline_revisions]
