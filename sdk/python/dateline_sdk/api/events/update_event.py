from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event import Event
from ...models.event_patch import EventPatch
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    event_id: UUID,
    *,
    body: EventPatch | EventPatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/events/{event_id}".format(
            event_id=quote(str(event_id), safe=""),
        ),
    }

    if isinstance(body, EventPatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, EventPatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/merge-patch+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Event | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = Event.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDoc.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDoc.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDoc.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 412:
        response_412 = ProblemDoc.from_dict(response.json())

        return response_412

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Event | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EventPatch | EventPatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Event | ProblemDoc]:
    """Update an event

     JSON merge patch of the event's own fields; the whole result is checked as if new.

    Args:
        event_id (UUID): The event's id.
        if_match (str | Unset): Only write if the object still has this ETag (else 412).
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Event | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EventPatch | EventPatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Event | ProblemDoc | None:
    """Update an event

     JSON merge patch of the event's own fields; the whole result is checked as if new.

    Args:
        event_id (UUID): The event's id.
        if_match (str | Unset): Only write if the object still has this ETag (else 412).
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Event | ProblemDoc
    """

    return sync_detailed(
        event_id=event_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EventPatch | EventPatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Event | ProblemDoc]:
    """Update an event

     JSON merge patch of the event's own fields; the whole result is checked as if new.

    Args:
        event_id (UUID): The event's id.
        if_match (str | Unset): Only write if the object still has this ETag (else 412).
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Event | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: EventPatch | EventPatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Event | ProblemDoc | None:
    """Update an event

     JSON merge patch of the event's own fields; the whole result is checked as if new.

    Args:
        event_id (UUID): The event's id.
        if_match (str | Unset): Only write if the object still has this ETag (else 412).
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.
        body (EventPatch): JSON merge patch (RFC 7396) of an event: a field left out stays, `null`
            clears it, `location` and
                `media` are merged member by member, lists are replaced whole. Citations change
            through their own
                endpoints.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Event | ProblemDoc
    """

    return (
        await asyncio_detailed(
            event_id=event_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
