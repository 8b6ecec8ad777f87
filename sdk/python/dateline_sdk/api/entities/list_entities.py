from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entity_page import EntityPage
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    wikidata: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    params["wikidata"] = wikidata

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/entities",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EntityPage | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = EntityPage.from_dict(response.json())

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
) -> Response[EntityPage | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    wikidata: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[EntityPage | ProblemDoc]:
    """List or find entities

     Entities by name; `q` matches names and aliases, `wikidata` an exact Wikidata id.

    Args:
        q (str | Unset): Part of a name or alias, case-insensitive.
        wikidata (str | Unset): A Wikidata item id, e.g. Q15031.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntityPage | ProblemDoc]
    """

    kwargs = _get_kwargs(
        q=q,
        wikidata=wikidata,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    wikidata: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> EntityPage | ProblemDoc | None:
    """List or find entities

     Entities by name; `q` matches names and aliases, `wikidata` an exact Wikidata id.

    Args:
        q (str | Unset): Part of a name or alias, case-insensitive.
        wikidata (str | Unset): A Wikidata item id, e.g. Q15031.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntityPage | ProblemDoc
    """

    return sync_detailed(
        client=client,
        q=q,
        wikidata=wikidata,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    wikidata: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[EntityPage | ProblemDoc]:
    """List or find entities

     Entities by name; `q` matches names and aliases, `wikidata` an exact Wikidata id.

    Args:
        q (str | Unset): Part of a name or alias, case-insensitive.
        wikidata (str | Unset): A Wikidata item id, e.g. Q15031.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntityPage | ProblemDoc]
    """

    kwargs = _get_kwargs(
        q=q,
        wikidata=wikidata,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    q: str | Unset = UNSET,
    wikidata: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> EntityPage | ProblemDoc | None:
    """List or find entities

     Entities by name; `q` matches names and aliases, `wikidata` an exact Wikidata id.

    Args:
        q (str | Unset): Part of a name or alias, case-insensitive.
        wikidata (str | Unset): A Wikidata item id, e.g. Q15031.
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntityPage | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            wikidata=wikidata,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
