import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.event import Event
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    event_id: UUID,
    *,
    as_of: datetime.datetime | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_as_of: str | Unset = UNSET
    if not isinstance(as_of, Unset):
        json_as_of = as_of.isoformat()
    params["as_of"] = json_as_of

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/events/{event_id}".format(
            event_id=quote(str(event_id), safe=""),
        ),
        "params": params,
    }

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
    client: AuthenticatedClient | Client,
    as_of: datetime.datetime | Unset = UNSET,
) -> Response[Event | ProblemDoc]:
    """Read an event

     One event with its citations (each with its source), entities and public corrections.

    With `as_of`, the event as it stood at that instant, from its history.

    Args:
        event_id (UUID): The event's id.
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Event | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        as_of=as_of,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    event_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.datetime | Unset = UNSET,
) -> Event | ProblemDoc | None:
    """Read an event

     One event with its citations (each with its source), entities and public corrections.

    With `as_of`, the event as it stood at that instant, from its history.

    Args:
        event_id (UUID): The event's id.
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Event | ProblemDoc
    """

    return sync_detailed(
        event_id=event_id,
        client=client,
        as_of=as_of,
    ).parsed


async def asyncio_detailed(
    event_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.datetime | Unset = UNSET,
) -> Response[Event | ProblemDoc]:
    """Read an event

     One event with its citations (each with its source), entities and public corrections.

    With `as_of`, the event as it stood at that instant, from its history.

    Args:
        event_id (UUID): The event's id.
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Event | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        as_of=as_of,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    event_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    as_of: datetime.datetime | Unset = UNSET,
) -> Event | ProblemDoc | None:
    """Read an event

     One event with its citations (each with its source), entities and public corrections.

    With `as_of`, the event as it stood at that instant, from its history.

    Args:
        event_id (UUID): The event's id.
        as_of (datetime.datetime | Unset): Read the state at this RFC 3339 instant, from the
            history.

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
            as_of=as_of,
        )
    ).parsed
