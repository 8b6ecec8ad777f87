from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.source_page import SourcePage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    url_query: str | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["url"] = url_query

    params["newsroom"] = newsroom

    params["q"] = q

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/sources",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDoc | SourcePage | None:
    if response.status_code == 200:
        response_200 = SourcePage.from_dict(response.json())

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
) -> Response[ProblemDoc | SourcePage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    url_query: str | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[ProblemDoc | SourcePage]:
    """List or find sources

     Sources, newest first; `url` finds the sources with that URL (one per newsroom that has one),
    `newsroom` keeps one newsroom's, `q` searches. A source made by a draft's citation is listed only to
    its own newsroom's keys until an event citing it is published.

    Args:
        url_query (str | Unset): Find the sources with this URL (compared in canonical form): at
            most one per newsroom, each newsroom's own; with `newsroom`, that newsroom's one.
        newsroom (str | Unset): Only sources of this newsroom.
        q (str | Unset): Search titles and publishers (web-search syntax).
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | SourcePage]
    """

    kwargs = _get_kwargs(
        url_query=url_query,
        newsroom=newsroom,
        q=q,
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
    url_query: str | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> ProblemDoc | SourcePage | None:
    """List or find sources

     Sources, newest first; `url` finds the sources with that URL (one per newsroom that has one),
    `newsroom` keeps one newsroom's, `q` searches. A source made by a draft's citation is listed only to
    its own newsroom's keys until an event citing it is published.

    Args:
        url_query (str | Unset): Find the sources with this URL (compared in canonical form): at
            most one per newsroom, each newsroom's own; with `newsroom`, that newsroom's one.
        newsroom (str | Unset): Only sources of this newsroom.
        q (str | Unset): Search titles and publishers (web-search syntax).
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | SourcePage
    """

    return sync_detailed(
        client=client,
        url_query=url_query,
        newsroom=newsroom,
        q=q,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    url_query: str | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[ProblemDoc | SourcePage]:
    """List or find sources

     Sources, newest first; `url` finds the sources with that URL (one per newsroom that has one),
    `newsroom` keeps one newsroom's, `q` searches. A source made by a draft's citation is listed only to
    its own newsroom's keys until an event citing it is published.

    Args:
        url_query (str | Unset): Find the sources with this URL (compared in canonical form): at
            most one per newsroom, each newsroom's own; with `newsroom`, that newsroom's one.
        newsroom (str | Unset): Only sources of this newsroom.
        q (str | Unset): Search titles and publishers (web-search syntax).
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | SourcePage]
    """

    kwargs = _get_kwargs(
        url_query=url_query,
        newsroom=newsroom,
        q=q,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    url_query: str | Unset = UNSET,
    newsroom: str | Unset = UNSET,
    q: str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> ProblemDoc | SourcePage | None:
    """List or find sources

     Sources, newest first; `url` finds the sources with that URL (one per newsroom that has one),
    `newsroom` keeps one newsroom's, `q` searches. A source made by a draft's citation is listed only to
    its own newsroom's keys until an event citing it is published.

    Args:
        url_query (str | Unset): Find the sources with this URL (compared in canonical form): at
            most one per newsroom, each newsroom's own; with `newsroom`, that newsroom's one.
        newsroom (str | Unset): Only sources of this newsroom.
        q (str | Unset): Search titles and publishers (web-search syntax).
        limit (int | Unset): Items per page, 1-200 (default 50); outside that range a 400.
            Default: 50.
        cursor (str | Unset): Opaque cursor from `next_cursor` or `prev_cursor` of a page read
            with the same filters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | SourcePage
    """

    return (
        await asyncio_detailed(
            client=client,
            url_query=url_query,
            newsroom=newsroom,
            q=q,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
