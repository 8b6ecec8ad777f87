from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.timeline import Timeline
from ...models.timeline_in import TimelineIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TimelineIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/timelines",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDoc | Timeline | None:
    if response.status_code == 201:
        response_201 = Timeline.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDoc.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ProblemDoc.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemDoc.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ProblemDoc.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ProblemDoc.from_dict(response.json())

        return response_422

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
) -> Response[ProblemDoc | Timeline]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TimelineIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDoc | Timeline]:
    """Create a timeline

     Create a timeline. Its events are (`filter` ∪ `include`) − `exclude`. The `filter` draws from
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

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineIn): A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at
            most 10,000 of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | Timeline]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TimelineIn,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDoc | Timeline | None:
    """Create a timeline

     Create a timeline. Its events are (`filter` ∪ `include`) − `exclude`. The `filter` draws from
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

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineIn): A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at
            most 10,000 of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | Timeline
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TimelineIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDoc | Timeline]:
    """Create a timeline

     Create a timeline. Its events are (`filter` ∪ `include`) − `exclude`. The `filter` draws from
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

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineIn): A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at
            most 10,000 of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | Timeline]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TimelineIn,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDoc | Timeline | None:
    """Create a timeline

     Create a timeline. Its events are (`filter` ∪ `include`) − `exclude`. The `filter` draws from
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

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineIn): A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at
            most 10,000 of them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | Timeline
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
