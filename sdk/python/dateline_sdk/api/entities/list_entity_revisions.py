from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.revision_page import RevisionPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    entity_id: UUID,
    *,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/entities/{entity_id}/revisions".format(
            entity_id=quote(str(entity_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDoc | RevisionPage | None:
    if response.status_code == 200:
        response_200 = RevisionPage.from_dict(response.json())

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
) -> Response[ProblemDoc | RevisionPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[ProblemDoc | RevisionPage]:
    """History of an entity

     Every change to the entity, newest first: the whole state it left, the key that made it, when, and
    its change note. Only for keys of the newsroom that owns it.

    Args:
        entity_id (UUID): The entity's id.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | RevisionPage]
    """

    kwargs = _get_kwargs(
        entity_id=entity_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> ProblemDoc | RevisionPage | None:
    """History of an entity

     Every change to the entity, newest first: the whole state it left, the key that made it, when, and
    its change note. Only for keys of the newsroom that owns it.

    Args:
        entity_id (UUID): The entity's id.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | RevisionPage
    """

    return sync_detailed(
        entity_id=entity_id,
        client=client,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[ProblemDoc | RevisionPage]:
    """History of an entity

     Every change to the entity, newest first: the whole state it left, the key that made it, when, and
    its change note. Only for keys of the newsroom that owns it.

    Args:
        entity_id (UUID): The entity's id.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | RevisionPage]
    """

    kwargs = _get_kwargs(
        entity_id=entity_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    entity_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> ProblemDoc | RevisionPage | None:
    """History of an entity

     Every change to the entity, newest first: the whole state it left, the key that made it, when, and
    its change note. Only for keys of the newsroom that owns it.

    Args:
        entity_id (UUID): The entity's id.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | RevisionPage
    """

    return (
        await asyncio_detailed(
            entity_id=entity_id,
            client=client,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
