"""The event filters as query parameters: the Litestar side of service/events/filters.py."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import Parameter, QueryParameter

from service.auth.actor import ActorDep
from service.edtf import BOUND_FORMS, BOUND_MAX_LENGTH
from service.events.filters import EventFilters, check_event_filters
from service.http import refuse_null


def provide_event_filters(
    request: Request[Any, Any, Any],
    actor: ActorDep,
    from_: Annotated[
        str | None,
        QueryParameter(
            name="from",
            description=f"Events that end on or after the first day of this date: {BOUND_FORMS}.",
            max_length=BOUND_MAX_LENGTH,
        ),
    ] = None,
    to: Annotated[
        str | None,
        Parameter(
            description=f"Events that start on or before the last day of this date: {BOUND_FORMS}.",
            max_length=BOUND_MAX_LENGTH,
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, Parameter(description="Repeatable: the event carries every one of these tags.")
    ] = None,
    any_tag: Annotated[
        list[str] | None, Parameter(description="Repeatable: the event carries at least one of these tags.")
    ] = None,
    entity: Annotated[
        list[uuid.UUID] | None,
        Parameter(description="Repeatable entity id: the event involves every one of them."),
    ] = None,
    country: Annotated[
        str | None, Parameter(description="ISO 3166-1 alpha-2 country of the event's location.", max_length=2)
    ] = None,
    source: Annotated[uuid.UUID | None, Parameter(description="Id of a source the event cites.")] = None,
    publisher: Annotated[
        str | None,
        Parameter(description="Publisher of a cited source (exact, case-insensitive).", max_length=500),
    ] = None,
    stance: Annotated[
        Literal["supports", "disputes", "context"] | None,
        Parameter(description="Stance of a citation; with `source` or `publisher`, of that same citation."),
    ] = None,
    q: Annotated[
        str | None,
        Parameter(
            description="Full-text search over title, summary and quotes (web-search syntax: "
            '`"exact phrase"`, `or`, `-not`).',
            max_length=200,
        ),
    ] = None,
    min_importance: Annotated[
        int | None, Parameter(description="Only events at least this important (1-5).", ge=1, le=5)
    ] = None,
    newsroom: Annotated[
        str | None, Parameter(description="Only events of this newsroom.", max_length=64)
    ] = None,
    status: Annotated[
        Literal["draft", "published", "retracted"] | None,
        Parameter(
            description="Only events with this status; without it, published and retracted events. "
            "Drafts are listed only for a key of their newsroom."
        ),
    ] = None,
    updated_since: Annotated[
        str | None,
        Parameter(
            description="Sync feed: events changed at or after this RFC 3339 instant, ordered by "
            "(updated_at, id). Events the caller could see and no longer can (deleted, unpublished) are "
            "tombstones, matched on the last state it could see; a key's own newsroom's drafts are events.",
            max_length=40,
            schema_extra={"format": "date-time"},
        ),
    ] = None,
) -> EventFilters:
    """The request's filters, checked by `check_event_filters`."""
    refuse_null(request, "source", "stance", "status", "min_importance")
    return check_event_filters(
        from_=from_,
        to=to,
        tag=tag,
        any_tag=any_tag,
        entity=entity,
        country=country,
        source=source,
        publisher=publisher,
        stance=stance,
        q=q,
        min_importance=min_importance,
        newsroom=newsroom,
        status=status,
        updated_since=updated_since,
        drafts_of=actor.drafts_of,
    )


# A handler's `filters`: the event filters of its query, provided by `provide_event_filters`.
FiltersDep = NamedDependency[EventFilters]
