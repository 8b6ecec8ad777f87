"""/v1/timelines: saved, curated lists of events for a story, and their events."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.params import JSONBody, Parameter

from service import expensive
from service.auth.actor import ActorDep
from service.body import StrictBody
from service.db import DatabaseDep
from service.events.filters import instant_param
from service.events.parameters import FiltersDep, provide_event_filters
from service.events.schemas import EventPage
from service.http import (
    Around,
    AsOf,
    CursorParam,
    IdempotencyKey,
    LimitParam,
    Order,
    TimelineSlug,
    around_param,
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
from service.timelines import service
from service.timelines.schemas import Timeline, TimelineIn, TimelinePatch
from service.writes import owned, precondition

IfMatch = if_match("the timeline")


class TimelinePage(Output, kw_only=True):
    """A page of timelines, newest first."""

    items: list[Timeline]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


class TimelineController(Controller):
    path = "/v1/timelines"
    tags = ["timelines"]

    @get("/", operation_id="list_timelines", responses=READ, summary="List timelines")
    async def list_timelines(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        newsroom: Annotated[
            str | None, Parameter(description="Only timelines of this newsroom.", max_length=64)
        ] = None,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[TimelinePage]:
        """Published timelines, newest first; a key also sees its own newsroom's drafts."""
        fp = fingerprint({"newsroom": newsroom, "resource": "timelines", "drafts_of": actor.drafts_of})
        direction, after = read_cursor(cursor, fp, tuple[dt.datetime, uuid.UUID])
        rows = await service.list_timelines(
            db, drafts_of=actor.drafts_of, newsroom=newsroom, after=after, direction=direction, limit=limit
        )
        page = keyed_page(rows, limit=limit, direction=direction, from_cursor=cursor is not None, fp=fp)
        return page_response(request, TimelinePage, page)

    @post(
        "/",
        operation_id="create_timeline",
        dto=StrictBody[TimelineIn],
        return_dto=None,
        responses=CREATE,
        summary="Create a timeline",
    )
    async def create_timeline(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        data: JSONBody[TimelineIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[Timeline]:
        """Create a timeline. Its events are (`filter` ∪ `include`) − `exclude`. The `filter` draws from
        the timeline's own newsroom's published and retracted events (plus its drafts for its own keys),
        or from the one newsroom it names in `newsroom` (a partnership); any other newsroom's published
        event joins only by `include`. An empty `filter` (`{}`) selects nothing by itself, so the
        timeline holds only its `include` list. A write that would make it hold more than 10,000 events
        is a 422.

        Slugs are one namespace (they are in embed URLs) and a slug stays with the newsroom that first
        used it: a slug that any timeline has, live or deleted, or that another newsroom's timeline ever
        had, is a 409. Its `existing_id` names a live timeline the caller may see, or the caller's own
        deleted timeline (type `/problems/deleted-timeline`: restore it with
        `POST /v1/timelines/{slug}/restore`).
        """

        return await created(
            request,
            actor,
            db,
            lambda: service.create_timeline(db, actor=actor, data=data),
            lambda timeline: f"/v1/timelines/{timeline.slug}",
        )

    @get("/{slug:str}", operation_id="get_timeline", responses=READ, summary="Read a timeline")
    async def get_timeline(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, slug: TimelineSlug
    ) -> Response[Timeline]:
        """One timeline: its saved filter, included and excluded events, and embed options."""
        timeline = await service.get_timeline(db, slug=slug, drafts_of=actor.drafts_of)
        return json_response(request, timeline, version=timeline.version, private=timeline.status == "draft")

    @patch(
        "/{slug:str}",
        operation_id="update_timeline",
        dto=StrictBody[TimelinePatch],
        return_dto=None,
        responses=WRITE | CREATE,
        summary="Update a timeline",
    )
    async def update_timeline(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        slug: TimelineSlug,
        data: JSONBody[TimelinePatch],
        if_match: IfMatch = None,
    ) -> Response[Timeline]:
        """JSON merge patch; `filter`, `include` and `exclude` are replaced whole. Only the owning
        newsroom edits a timeline; a new slug is taken as on create (409 when taken)."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_timeline(db, slug=slug, drafts_of=actor.drafts_of)),
        )
        timeline = await service.patch_timeline(db, actor=actor, slug=slug, patch=data, if_match=version)
        return json_response(request, timeline, version=timeline.version)

    @delete("/{slug:str}", operation_id="delete_timeline", responses=WRITE, summary="Delete a timeline")
    async def delete_timeline(
        self, db: DatabaseDep, actor: ActorDep, slug: TimelineSlug, if_match: IfMatch = None
    ) -> None:
        """Delete the timeline: later reads are a 404 and its embed shows nothing. Its events stay, and
        it keeps its slug: nobody else can take it, and `POST /v1/timelines/{slug}/restore` brings it
        back."""
        version = await precondition(
            if_match,
            actor,
            lambda: owned(service.get_timeline(db, slug=slug, drafts_of=actor.drafts_of)),
        )
        await service.delete_timeline(db, actor=actor, slug=slug, if_match=version)

    @post(
        "/{slug:str}/restore",
        operation_id="restore_timeline",
        responses=WRITE,
        status_code=200,
        summary="Restore a deleted timeline",
    )
    async def restore_timeline(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, slug: TimelineSlug
    ) -> Response[Timeline]:
        """Bring back a deleted timeline of the caller's newsroom as it was, under its slug, embed and all.
        A slug that is not a deleted timeline of the caller's newsroom (a live one included) is a 404."""
        timeline = await service.restore_timeline(db, actor=actor, slug=slug)
        return json_response(request, timeline, version=timeline.version)

    @get(
        "/{slug:str}/events",
        operation_id="list_timeline_events",
        responses=READ,
        dependencies={"filters": Provide(provide_event_filters, sync_to_thread=False)},
        summary="A timeline's events",
    )
    async def list_timeline_events(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        slug: TimelineSlug,
        filters: FiltersDep,
        order: Order = "asc",
        limit: LimitParam = 50,
        cursor: CursorParam = None,
        around: Around = None,
        as_of: AsOf = None,
    ) -> Response[EventPage]:
        """The timeline's events, narrowed by the same filters as `GET /v1/events`, in the same keyset
        pages; a cursor only works on the timeline and with the filters that issued it.

        With `as_of`, the timeline and its events as they stood at that instant, from their revisions
        (what did the timeline say when the article ran?). It rebuilds the past from the whole history,
        so it is slower than a present-day page, and one client may have at most a few in progress
        (a 429 with `Retry-After` beyond)."""
        if as_of is not None:
            expensive.enter(request, actor)
        page = await service.timeline_events(
            db,
            actor=actor,
            slug=slug,
            filters=filters,
            order=order,
            limit=limit,
            cursor=cursor,
            around=around_param(around),
            as_of=instant_param("as_of", as_of),
            sent=True,
        )
        return page_response(request, EventPage, page, private=filters.status is not None)
