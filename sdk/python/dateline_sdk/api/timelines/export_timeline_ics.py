from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...types import Response


def _get_kwargs(
    slug: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/timelines/{slug}/export/ics".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDoc | str | None:
    if response.status_code == 200:
        response_200 = response.text
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

    if response.status_code == 409:
        response_409 = ProblemDoc.from_dict(response.json())

        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ProblemDoc | str]:
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
) -> Response[ProblemDoc | str]:
    """Export a timeline: ics

     The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
    an iCalendar (RFC 5545) calendar, one VEVENT per event.

    A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
    streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
    so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
    kept until what it shows changes, so the next reader gets it without rendering it again;
    one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | str]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ProblemDoc | str | None:
    """Export a timeline: ics

     The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
    an iCalendar (RFC 5545) calendar, one VEVENT per event.

    A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
    streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
    so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
    kept until what it shows changes, so the next reader gets it without rendering it again;
    one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | str
    """

    return sync_detailed(
        slug=slug,
        client=client,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ProblemDoc | str]:
    """Export a timeline: ics

     The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
    an iCalendar (RFC 5545) calendar, one VEVENT per event.

    A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
    streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
    so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
    kept until what it shows changes, so the next reader gets it without rendering it again;
    one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | str]
    """

    kwargs = _get_kwargs(
        slug=slug,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> ProblemDoc | str | None:
    """Export a timeline: ics

     The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
    an iCalendar (RFC 5545) calendar, one VEVENT per event.

    A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
    streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
    so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
    kept until what it shows changes, so the next reader gets it without rendering it again;
    one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).

    Args:
        slug (str): The timeline's slug.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | str
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
        )
    ).parsed
