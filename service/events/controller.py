"""/v1/events: search, read and write events, and cite or uncite their sources."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.params import JSONBody, Parameter

from service.auth.actor import ActorDep
from service.body import StrictBody
from service.db import DatabaseDep
from service.events import citations, service
from service.events.filters import instant_param
from service.events.parameters import FiltersDep, provide_event_filters
from service.events.schemas import Citation, CitationCreate, Event, EventIn, EventPage, EventPatch
from service.http import (
    Around,
    AsOf,
    CursorParam,
    IdempotencyKey,
    IfMatch,
    LimitParam,
    Order,
    around_param,
    json_response,
    page_response,
)
from service.idempotency import created, idempotent
from service.openapi_docs import CREATE, READ, WRITE
from service.writes import owned, precondition

EventId = Annotated[uuid.UUID, Parameter(description="The event's id.")]
CitationId = Annotated[uuid.UUID, Parameter(description="The citation's id.")]


class EventController(Controller):
    path = "/v1/events"
    tags = ["events"]
    dependencies = {"filters": Provide(provide_event_filters, sync_to_thread=False)}

    @get("/", operation_id="list_events", responses=READ, summary="Search events")
    async def list_events(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        filters: FiltersDep,
        order: Order = "asc",
        limit: LimitParam = 50,
        cursor: CursorParam = None,
        around: Around = None,
    ) -> Response[EventPage]:
        """Events matching every filter given, as whole documents with their citations, in keyset pages."""
        page = await service.list_events(
            db, filters=filters, order=order, limit=limit, cursor=cursor, around=around_param(around)
        )
        return page_response(request, EventPage, page, private=filters.status is not None)

    @post(
        "/",
        operation_id="create_event",
        dto=StrictBody[EventIn],
        return_dto=None,
        responses=CREATE,
        summary="Create an event",
    )
    async def create_event(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        data: JSONBody[EventIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[Event]:
        """Create an event with its citations inline (an existing `source_id`, or a new `source`)."""

        return await created(
            request,
            actor,
            db,
            lambda: service.create_event(db, actor=actor, data=data),
            lambda event: f"/v1/events/{event.id}",
        )

    @get("/{event_id:uuid}", operation_id="get_event", responses=READ, summary="Read an event")
    async def get_event(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        event_id: EventId,
        as_of: AsOf = None,
    ) -> Response[Event]:
        """One event with its citations (each with its source), entities and public corrections.

        With `as_of`, the event as it stood at that instant, from its history.
        """
        at = instant_param("as_of", as_of)
        if at is not None:
            event = await service.event_as_of(db, event_id=event_id, at=at, drafts_of=actor.drafts_of)
        else:
            event = await service.get_event(db, event_id=event_id, drafts_of=actor.drafts_of)
        return json_response(request, event, version=event.version, private=event.status == "draft")

    @post(
        "/{event_id:uuid}/restore",
        operation_id="restore_event",
        responses=WRITE,
        status_code=200,
        summary="Restore a deleted event",
    )
    async def restore_event(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, event_id: EventId
    ) -> Response[Event]:
        """Bring back a deleted event with its citations; a published one must still be supported."""
        event = await service.restore_event(db, actor=actor, event_id=event_id)
        return json_response(request, event, version=event.version)

    @patch(
        "/{event_id:uuid}",
        operation_id="update_event",
        dto=StrictBody[EventPatch],
        return_dto=None,
        responses=WRITE,
        summary="Update an event",
    )
    async def update_event(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        event_id: EventId,
        data: JSONBody[EventPatch],
        if_match: IfMatch = None,
    ) -> Response[Event]:
        """JSON merge patch of the event's own fields; the whole result is checked as if new."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_event(db, event_id=event_id, drafts_of=actor.drafts_of)),
        )
        event = await service.patch_event(db, actor=actor, event_id=event_id, patch=data, if_match=version)
        return json_response(request, event, version=event.version)

    @delete("/{event_id:uuid}", operation_id="delete_event", responses=WRITE, summary="Delete an event")
    async def delete_event(
        self, db: DatabaseDep, actor: ActorDep, event_id: EventId, if_match: IfMatch = None
    ) -> None:
        """Delete the event: later reads are a 404, and sync feeds show a tombstone."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_event(db, event_id=event_id, drafts_of=actor.drafts_of)),
        )
        await service.delete_event(db, actor=actor, event_id=event_id, if_match=version)

    @post(
        "/{event_id:uuid}/citations",
        operation_id="create_citation",
        dto=StrictBody[CitationCreate],
        return_dto=None,
        responses=WRITE | CREATE,
        summary="Cite a source for an event",
    )
    async def create_citation(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        event_id: EventId,
        data: JSONBody[CitationCreate],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[Citation]:
        """Add a citation: an existing `source_id`, or a new `source` (reused when its URL exists)."""

        async def produce() -> Response[Citation]:
            event, citation_id = await citations.cite(db, actor=actor, event_id=event_id, data=data)
            citation = next(c for c in event.citations if c.id == citation_id)
            return json_response(
                request,
                citation,
                version=citation.version,
                status_code=201,
                headers={"Location": f"/v1/events/{event_id}/citations/{citation_id}"},
            )

        return await idempotent(request, actor, db, produce)

    @get(
        "/{event_id:uuid}/citations/{citation_id:uuid}",
        operation_id="get_citation",
        responses=READ,
        summary="Read a citation",
    )
    async def get_citation(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        event_id: EventId,
        citation_id: CitationId,
    ) -> Response[Citation]:
        """One citation of an event, with its source."""
        event, citation = await citations.get_citation(
            db, event_id=event_id, citation_id=citation_id, drafts_of=actor.drafts_of
        )
        return json_response(request, citation, version=citation.version, private=event.status == "draft")

    @delete(
        "/{event_id:uuid}/citations/{citation_id:uuid}",
        operation_id="delete_citation",
        responses=WRITE,
        summary="Remove a citation",
    )
    async def delete_citation(
        self,
        db: DatabaseDep,
        actor: ActorDep,
        event_id: EventId,
        citation_id: CitationId,
        if_match: IfMatch = None,
    ) -> None:
        """Remove a citation; a published event's last supporting citation cannot go (422)."""

        async def current() -> tuple[str, Citation]:
            event, citation = await citations.get_citation(
                db, event_id=event_id, citation_id=citation_id, drafts_of=actor.drafts_of
            )
            return event.newsroom, citation

        version = await precondition(if_match, actor, current)
        await citations.uncite(db, actor=actor, event_id=event_id, citation_id=citation_id, if_match=version)
