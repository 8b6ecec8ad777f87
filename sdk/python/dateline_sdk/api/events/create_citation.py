from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.citation import Citation
from ...models.citation_create import CitationCreate
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    event_id: UUID,
    *,
    body: CitationCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/events/{event_id}/citations".format(
            event_id=quote(str(event_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Citation | ProblemDoc | None:
    if response.status_code == 201:
        response_201 = Citation.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ProblemDoc.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDoc.from_dict(response.json())

        return response_409

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Citation | ProblemDoc]:
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
    body: CitationCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Citation | ProblemDoc]:
    """Cite a source for an event

     Add a citation: an existing `source_id`, or a new `source` (reused when its URL exists).

    Args:
        event_id (UUID): The event's id.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (CitationCreate): A citation added to an existing event (`POST
            /v1/events/{id}/citations`); with `correction`, the
                event shows it as a correction, `change_note` its note.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Citation | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CitationCreate,
    idempotency_key: str | Unset = UNSET,
) -> Citation | ProblemDoc | None:
    """Cite a source for an event

     Add a citation: an existing `source_id`, or a new `source` (reused when its URL exists).

    Args:
        event_id (UUID): The event's id.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (CitationCreate): A citation added to an existing event (`POST
            /v1/events/{id}/citations`); with `correction`, the
                event shows it as a correction, `change_note` its note.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Citation | ProblemDoc
    """

    return sync_detailed(
        event_id=event_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CitationCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[Citation | ProblemDoc]:
    """Cite a source for an event

     Add a citation: an existing `source_id`, or a new `source` (reused when its URL exists).

    Args:
        event_id (UUID): The event's id.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (CitationCreate): A citation added to an existing event (`POST
            /v1/events/{id}/citations`); with `correction`, the
                event shows it as a correction, `change_note` its note.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Citation | ProblemDoc]
    """

    kwargs = _get_kwargs(
        event_id=event_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    event_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CitationCreate,
    idempotency_key: str | Unset = UNSET,
) -> Citation | ProblemDoc | None:
    """Cite a source for an event

     Add a citation: an existing `source_id`, or a new `source` (reused when its URL exists).

    Args:
        event_id (UUID): The event's id.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (CitationCreate): A citation added to an existing event (`POST
            /v1/events/{id}/citations`); with `correction`, the
                event shows it as a correction, `change_note` its note.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Citation | ProblemDoc
    """

    return (
        await asyncio_detailed(
            event_id=event_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
