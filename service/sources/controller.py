"""/v1/sources: the pages, documents and recordings that events cite."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import JSONBody, Parameter

from service.auth.actor import ActorDep
from service.body import StrictBody
from service.db import DatabaseDep
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
from service.sources import service
from service.sources.schemas import Source, SourceDetail, SourceIn, SourcePatch
from service.writes import owned, precondition

SourceId = Annotated[uuid.UUID, Parameter(description="The source's id.")]
IfMatch = if_match("the source")


class SourcePage(Output, kw_only=True):
    """A page of sources, newest first."""

    items: list[Source]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


class SourceController(Controller):
    path = "/v1/sources"
    tags = ["sources"]

    @get("/", operation_id="list_sources", responses=READ, summary="List or find sources")
    async def list_sources(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        url: Annotated[
            str | None,
            Parameter(
                description="Find the sources with this URL (compared in canonical form): at most one per "
                "newsroom, each newsroom's own; with `newsroom`, that newsroom's one.",
                max_length=2000,
            ),
        ] = None,
        newsroom: Annotated[
            str | None, Parameter(description="Only sources of this newsroom.", max_length=64)
        ] = None,
        q: Annotated[
            str | None,
            Parameter(description="Search titles and publishers (web-search syntax).", max_length=200),
        ] = None,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[SourcePage]:
        """Sources, newest first; `url` finds the sources with that URL (one per newsroom that has one),
        `newsroom` keeps one newsroom's, `q` searches. A source made by a draft's citation is listed only to
        its own newsroom's keys until an event citing it is published."""
        fp = fingerprint({"url": url, "newsroom": newsroom, "q": q})
        direction, after = read_cursor(cursor, fp, tuple[dt.datetime, uuid.UUID])
        rows = await service.list_sources(
            db,
            url=url,
            newsroom=newsroom,
            q=q,
            drafts_of=actor.drafts_of,
            after=after,
            direction=direction,
            limit=limit,
        )
        page = keyed_page(rows, limit=limit, direction=direction, from_cursor=cursor is not None, fp=fp)
        return page_response(request, SourcePage, page)

    @post(
        "/",
        operation_id="create_source",
        dto=StrictBody[SourceIn],
        return_dto=None,
        responses=CREATE,
        summary="Create a source",
    )
    async def create_source(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        data: JSONBody[SourceIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[SourceDetail]:
        """Create a source of the caller's newsroom; a URL that one of its sources already has is a 409 whose
        `existing_id` names it."""

        return await created(
            request,
            actor,
            db,
            lambda: service.create_source(db, actor=actor, data=data),
            lambda source: f"/v1/sources/{source.id}",
        )

    @get("/{source_id:uuid}", operation_id="get_source", responses=READ, summary="Read a source")
    async def get_source(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, source_id: SourceId
    ) -> Response[SourceDetail]:
        """One source with the published events it backs, and how (`stance`). A source made by a draft's
        citation is a 404 to other callers than its newsroom's keys until an event citing it is published."""
        source = await service.get_source(db, source_id=source_id, drafts_of=actor.drafts_of)
        return json_response(request, source, version=source.version)

    @patch(
        "/{source_id:uuid}",
        operation_id="update_source",
        dto=StrictBody[SourcePatch],
        return_dto=None,
        responses=WRITE | CREATE,
        summary="Update a source",
    )
    async def update_source(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        source_id: SourceId,
        data: JSONBody[SourcePatch],
        if_match: IfMatch = None,
    ) -> Response[SourceDetail]:
        """JSON merge patch; only the owning newsroom edits a source."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_source(db, source_id=source_id, drafts_of=actor.drafts_of)),
        )
        source = await service.patch_source(
            db, actor=actor, source_id=source_id, patch=data, if_match=version
        )
        return json_response(request, source, version=source.version)

    @post(
        "/{source_id:uuid}/restore",
        operation_id="restore_source",
        responses=WRITE | CREATE,
        status_code=200,
        summary="Restore a deleted source",
    )
    async def restore_source(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, source_id: SourceId
    ) -> Response[SourceDetail]:
        """Bring back a deleted source and the citations deleted with it (409 if its URL was taken since)."""
        source = await service.restore_source(db, actor=actor, source_id=source_id)
        return json_response(request, source, version=source.version)

    @delete("/{source_id:uuid}", operation_id="delete_source", responses=WRITE, summary="Delete a source")
    async def delete_source(
        self, db: DatabaseDep, actor: ActorDep, source_id: SourceId, if_match: IfMatch = None
    ) -> None:
        """Delete a source and its citations; 422 if a published event would be left without support."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_source(db, source_id=source_id, drafts_of=actor.drafts_of)),
        )
        await service.delete_source(db, actor=actor, source_id=source_id, if_match=version)
