from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entity import Entity
from ...models.entity_in import EntityIn
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EntityIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/entities",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Entity | ProblemDoc | None:
    if response.status_code == 201:
        response_201 = Entity.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Entity | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EntityIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Entity | ProblemDoc]:
    """Create an entity

     Create an entity; a Wikidata id the newsroom already uses is a 409 naming the existing one.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (EntityIn): A new entity; `wikidata` is unique within a newsroom.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Entity | ProblemDoc]
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
    body: EntityIn,
    idempotency_key: str | Unset = UNSET,
) -> Entity | ProblemDoc | None:
    """Create an entity

     Create an entity; a Wikidata id the newsroom already uses is a 409 naming the existing one.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (EntityIn): A new entity; `wikidata` is unique within a newsroom.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Entity | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EntityIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[Entity | ProblemDoc]:
    """Create an entity

     Create an entity; a Wikidata id the newsroom already uses is a 409 naming the existing one.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (EntityIn): A new entity; `wikidata` is unique within a newsroom.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Entity | ProblemDoc]
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
    body: EntityIn,
    idempotency_key: str | Unset = UNSET,
) -> Entity | ProblemDoc | None:
    """Create an entity

     Create an entity; a Wikidata id the newsroom already uses is a 409 naming the existing one.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (EntityIn): A new entity; `wikidata` is unique within a newsroom.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Entity | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
