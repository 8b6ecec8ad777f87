import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event_page import EventPage
from ...models.event_status import EventStatus
from ...models.order import Order
from ...models.problem_doc import ProblemDoc
from ...models.stance import Stance
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    any_tag: list[str] | Unset = UNSET,
    entity: list[UUID] | Unset = UNSET,
    country: str | Unset = UNSET,
    source: UUID | Unset = UNSET,
    publisher: str | Unset = UNSET,
    stance: Stance | Unset = UNSET,
    q: str | Unset = UNSET,
    min_importance: int | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    status: EventStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    order: Order | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    around: str | Unset = UNSET,
    as_of: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["from"] = from_

    params["to"] = to

    json_tag: list[str] | Unset = UNSET
    if not isinstance(tag, Unset):
        json_tag = tag

    params["tag"] = json_tag

    json_any_tag: list[str] | Unset = UNSET
    if not isinstance(any_tag, Unset):
        json_any_tag = any_tag

    params["any_tag"] = json_any_tag

    json_entity: list[str] | Unset = UNSET
    if not isinstance(entity, Unset):
        json_entity = []
        for entity_item_data in entity:
            entity_item = str(entity_item_data)
            json_entity.append(entity_item)

    params["entity"] = json_entity

    params["country"] = country

    json_source: str | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = str(source)
    params["source"] = json_source

    params["publisher"] = publisher

    json_stance: str | Unset = UNSET
    if not isinstance(stance, Unset):
        json_stance = stance.value

    params["stance"] = json_stance

    params["q"] = q

    params["min_importance"] = min_importance

    params["newsroom"] = newsroom

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["limit"] = limit

    params["cursor"] = cursor

    params["around"] = around

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/timelines/{slug}/events".format(
            slug=quote(str(slug), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EventPage | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = EventPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ProblemDoc.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ProblemDoc.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EventPage | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    any_tag: list[str] | Unset = UNSET,
    entity: list[UUID] | Unset = UNSET,
    country: str | Unset = UNSET,
    source: UUID | Unset = UNSET,
    publisher: str | Unset = UNSET,
    stance: Stance | Unset = UNSET,
    q: str | Unset = UNSET,
    min_importance: int | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    status: EventStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    order: Order | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    around: str | Unset = UNSET,
    as_of: datetime.datetime | Unset = UNSET,
) -> Response[EventPage | ProblemDoc]:
    """A timeline's events

     The timeline's events, narrowed by the same filters as `GET /v1/events`, in the same keyset
    pages; a cursor only works on the timeline and with the filters that issued it.

    With `as_of`, the timeline and its events as they stood at that instant, from their revisions
    (what did the timeline say when the article ran?). It rebuilds the past from the whole history,
    so it is slower than a present-day page, and one client may have at most a few in progress
    (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.
        from_ (str | Unset): Events that end on or after the first day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        to (str | Unset): Events that start on or before the last day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        tag (list[str] | Unset): Repeatable: the event carries every one of these tags.
        any_tag (list[str] | Unset): Repeatable: the event carries at least one of these tags.
        entity (list[UUID] | Unset): Repeatable entity id: the event involves every one of them.
        country (str | Unset): ISO 3166-1 alpha-2 country of the event's location.
        source (UUID | Unset): Id of a source the event cites.
        publisher (str | Unset): Publisher of a cited source (exact, case-insensitive).
        stance (Stance | Unset): Whether a source `supports` or `disputes` an event, or gives
            `context`.
        q (str | Unset): Full-text search over title, summary and quotes (web-search syntax:
            `"exact phrase"`, `or`, `-not`).
        min_importance (int | Unset): Only events at least this important (1-5).
        newsroom (str | Unset): Only events of this newsroom.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or
            `retracted` (public, with its note).
        updated_since (datetime.datetime | Unset): Sync feed: events changed at or after this RFC
            3339 instant, ordered by (updated_at, id). Events the caller could see and no longer can
            (deleted, unpublished) are tombstones, matched on the last state it could see; a key's own
            newsroom's drafts are events.
        order (Order | Unset): The order of a list: `asc` (oldest first) or `desc`.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.
        around (str | Unset): Open on the page that holds this date: YYYY, YYYY-MM or YYYY-MM-DD
            (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z
            or ±hh:mm (its own calendar day).
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | ProblemDoc]
    """

    kwargs = _get_kwargs(
        slug=slug,
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
        order=order,
        limit=limit,
        cursor=cursor,
        around=around,
        as_of=as_of,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    any_tag: list[str] | Unset = UNSET,
    entity: list[UUID] | Unset = UNSET,
    country: str | Unset = UNSET,
    source: UUID | Unset = UNSET,
    publisher: str | Unset = UNSET,
    stance: Stance | Unset = UNSET,
    q: str | Unset = UNSET,
    min_importance: int | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    status: EventStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    order: Order | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    around: str | Unset = UNSET,
    as_of: datetime.datetime | Unset = UNSET,
) -> EventPage | ProblemDoc | None:
    """A timeline's events

     The timeline's events, narrowed by the same filters as `GET /v1/events`, in the same keyset
    pages; a cursor only works on the timeline and with the filters that issued it.

    With `as_of`, the timeline and its events as they stood at that instant, from their revisions
    (what did the timeline say when the article ran?). It rebuilds the past from the whole history,
    so it is slower than a present-day page, and one client may have at most a few in progress
    (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.
        from_ (str | Unset): Events that end on or after the first day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        to (str | Unset): Events that start on or before the last day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        tag (list[str] | Unset): Repeatable: the event carries every one of these tags.
        any_tag (list[str] | Unset): Repeatable: the event carries at least one of these tags.
        entity (list[UUID] | Unset): Repeatable entity id: the event involves every one of them.
        country (str | Unset): ISO 3166-1 alpha-2 country of the event's location.
        source (UUID | Unset): Id of a source the event cites.
        publisher (str | Unset): Publisher of a cited source (exact, case-insensitive).
        stance (Stance | Unset): Whether a source `supports` or `disputes` an event, or gives
            `context`.
        q (str | Unset): Full-text search over title, summary and quotes (web-search syntax:
            `"exact phrase"`, `or`, `-not`).
        min_importance (int | Unset): Only events at least this important (1-5).
        newsroom (str | Unset): Only events of this newsroom.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or
            `retracted` (public, with its note).
        updated_since (datetime.datetime | Unset): Sync feed: events changed at or after this RFC
            3339 instant, ordered by (updated_at, id). Events the caller could see and no longer can
            (deleted, unpublished) are tombstones, matched on the last state it could see; a key's own
            newsroom's drafts are events.
        order (Order | Unset): The order of a list: `asc` (oldest first) or `desc`.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.
        around (str | Unset): Open on the page that holds this date: YYYY, YYYY-MM or YYYY-MM-DD
            (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z
            or ±hh:mm (its own calendar day).
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | ProblemDoc
    """

    return sync_detailed(
        slug=slug,
        client=client,
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
        order=order,
        limit=limit,
        cursor=cursor,
        around=around,
        as_of=as_of,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    any_tag: list[str] | Unset = UNSET,
    entity: list[UUID] | Unset = UNSET,
    country: str | Unset = UNSET,
    source: UUID | Unset = UNSET,
    publisher: str | Unset = UNSET,
    stance: Stance | Unset = UNSET,
    q: str | Unset = UNSET,
    min_importance: int | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    status: EventStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    order: Order | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    around: str | Unset = UNSET,
    as_of: datetime.datetime | Unset = UNSET,
) -> Response[EventPage | ProblemDoc]:
    """A timeline's events

     The timeline's events, narrowed by the same filters as `GET /v1/events`, in the same keyset
    pages; a cursor only works on the timeline and with the filters that issued it.

    With `as_of`, the timeline and its events as they stood at that instant, from their revisions
    (what did the timeline say when the article ran?). It rebuilds the past from the whole history,
    so it is slower than a present-day page, and one client may have at most a few in progress
    (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.
        from_ (str | Unset): Events that end on or after the first day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        to (str | Unset): Events that start on or before the last day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        tag (list[str] | Unset): Repeatable: the event carries every one of these tags.
        any_tag (list[str] | Unset): Repeatable: the event carries at least one of these tags.
        entity (list[UUID] | Unset): Repeatable entity id: the event involves every one of them.
        country (str | Unset): ISO 3166-1 alpha-2 country of the event's location.
        source (UUID | Unset): Id of a source the event cites.
        publisher (str | Unset): Publisher of a cited source (exact, case-insensitive).
        stance (Stance | Unset): Whether a source `supports` or `disputes` an event, or gives
            `context`.
        q (str | Unset): Full-text search over title, summary and quotes (web-search syntax:
            `"exact phrase"`, `or`, `-not`).
        min_importance (int | Unset): Only events at least this important (1-5).
        newsroom (str | Unset): Only events of this newsroom.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or
            `retracted` (public, with its note).
        updated_since (datetime.datetime | Unset): Sync feed: events changed at or after this RFC
            3339 instant, ordered by (updated_at, id). Events the caller could see and no longer can
            (deleted, unpublished) are tombstones, matched on the last state it could see; a key's own
            newsroom's drafts are events.
        order (Order | Unset): The order of a list: `asc` (oldest first) or `desc`.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.
        around (str | Unset): Open on the page that holds this date: YYYY, YYYY-MM or YYYY-MM-DD
            (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z
            or ±hh:mm (its own calendar day).
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EventPage | ProblemDoc]
    """

    kwargs = _get_kwargs(
        slug=slug,
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
        order=order,
        limit=limit,
        cursor=cursor,
        around=around,
        as_of=as_of,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    from_: str | Unset = UNSET,
    to: str | Unset = UNSET,
    tag: list[str] | Unset = UNSET,
    any_tag: list[str] | Unset = UNSET,
    entity: list[UUID] | Unset = UNSET,
    country: str | Unset = UNSET,
    source: UUID | Unset = UNSET,
    publisher: str | Unset = UNSET,
    stance: Stance | Unset = UNSET,
    q: str | Unset = UNSET,
    min_importance: int | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    status: EventStatus | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    order: Order | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
    around: str | Unset = UNSET,
    as_of: datetime.datetime | Unset = UNSET,
) -> EventPage | ProblemDoc | None:
    """A timeline's events

     The timeline's events, narrowed by the same filters as `GET /v1/events`, in the same keyset
    pages; a cursor only works on the timeline and with the filters that issued it.

    With `as_of`, the timeline and its events as they stood at that instant, from their revisions
    (what did the timeline say when the article ran?). It rebuilds the past from the whole history,
    so it is slower than a present-day page, and one client may have at most a few in progress
    (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.
        from_ (str | Unset): Events that end on or after the first day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        to (str | Unset): Events that start on or before the last day of this date: YYYY, YYYY-MM
            or YYYY-MM-DD (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-
            DDThh:mm:ss with Z or ±hh:mm (its own calendar day).
        tag (list[str] | Unset): Repeatable: the event carries every one of these tags.
        any_tag (list[str] | Unset): Repeatable: the event carries at least one of these tags.
        entity (list[UUID] | Unset): Repeatable entity id: the event involves every one of them.
        country (str | Unset): ISO 3166-1 alpha-2 country of the event's location.
        source (UUID | Unset): Id of a source the event cites.
        publisher (str | Unset): Publisher of a cited source (exact, case-insensitive).
        stance (Stance | Unset): Whether a source `supports` or `disputes` an event, or gives
            `context`.
        q (str | Unset): Full-text search over title, summary and quotes (web-search syntax:
            `"exact phrase"`, `or`, `-not`).
        min_importance (int | Unset): Only events at least this important (1-5).
        newsroom (str | Unset): Only events of this newsroom.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or
            `retracted` (public, with its note).
        updated_since (datetime.datetime | Unset): Sync feed: events changed at or after this RFC
            3339 instant, ordered by (updated_at, id). Events the caller could see and no longer can
            (deleted, unpublished) are tombstones, matched on the last state it could see; a key's own
            newsroom's drafts are events.
        order (Order | Unset): The order of a list: `asc` (oldest first) or `desc`.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.
        around (str | Unset): Open on the page that holds this date: YYYY, YYYY-MM or YYYY-MM-DD
            (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z
            or ±hh:mm (its own calendar day).
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EventPage | ProblemDoc
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
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
            order=order,
            limit=limit,
            cursor=cursor,
            around=around,
            as_of=as_of,
        )
    ).parsed
