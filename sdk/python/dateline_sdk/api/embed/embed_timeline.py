from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.theme import Theme
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    cursor: str | Unset = UNSET,
    theme: Theme | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    json_theme: str | Unset = UNSET
    if not isinstance(theme, Unset):
        json_theme = theme.value

    params["theme"] = json_theme

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/embed/timelines/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
        "params": params,
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
    cursor: str | Unset = UNSET,
    theme: Theme | Unset = UNSET,
) -> Response[ProblemDoc | str]:
    """A timeline's embeddable page

     A self-contained HTML page of a published timeline for an `<iframe>`: an ordered list of its
    events with their footnoted sources, readable without JavaScript, enhanced by a small script
    (keyboard navigation, further pages from `GET /v1/timelines/{slug}/events`, opening at
    `start_at`). No request leaves this service's origin; a strict Content-Security-Policy allows
    only the page's own script and style. A draft timeline is a 404. `cursor` (from the page's
    links) shows another page of the events without JavaScript. A page that opens at `start_at`
    shows that entry first, under its title and a notice of the earlier entries (folded above it).

    Args:
        slug (str): The timeline's slug.
        cursor (str | Unset): Another page of the events than the one the page opens on: from the
            page's own *Earlier events* and *Later events* links (`next_cursor` and `prev_cursor` of
            `GET /v1/timelines/{slug}/events` without filters work too).
        theme (Theme | Unset): The embed's colours: `light`, `dark`, or `auto` (the reader's
            preference).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | str]
    """

    kwargs = _get_kwargs(
        slug=slug,
        cursor=cursor,
        theme=theme,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    theme: Theme | Unset = UNSET,
) -> ProblemDoc | str | None:
    """A timeline's embeddable page

     A self-contained HTML page of a published timeline for an `<iframe>`: an ordered list of its
    events with their footnoted sources, readable without JavaScript, enhanced by a small script
    (keyboard navigation, further pages from `GET /v1/timelines/{slug}/events`, opening at
    `start_at`). No request leaves this service's origin; a strict Content-Security-Policy allows
    only the page's own script and style. A draft timeline is a 404. `cursor` (from the page's
    links) shows another page of the events without JavaScript. A page that opens at `start_at`
    shows that entry first, under its title and a notice of the earlier entries (folded above it).

    Args:
        slug (str): The timeline's slug.
        cursor (str | Unset): Another page of the events than the one the page opens on: from the
            page's own *Earlier events* and *Later events* links (`next_cursor` and `prev_cursor` of
            `GET /v1/timelines/{slug}/events` without filters work too).
        theme (Theme | Unset): The embed's colours: `light`, `dark`, or `auto` (the reader's
            preference).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | str
    """

    return sync_detailed(
        slug=slug,
        client=client,
        cursor=cursor,
        theme=theme,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    theme: Theme | Unset = UNSET,
) -> Response[ProblemDoc | str]:
    """A timeline's embeddable page

     A self-contained HTML page of a published timeline for an `<iframe>`: an ordered list of its
    events with their footnoted sources, readable without JavaScript, enhanced by a small script
    (keyboard navigation, further pages from `GET /v1/timelines/{slug}/events`, opening at
    `start_at`). No request leaves this service's origin; a strict Content-Security-Policy allows
    only the page's own script and style. A draft timeline is a 404. `cursor` (from the page's
    links) shows another page of the events without JavaScript. A page that opens at `start_at`
    shows that entry first, under its title and a notice of the earlier entries (folded above it).

    Args:
        slug (str): The timeline's slug.
        cursor (str | Unset): Another page of the events than the one the page opens on: from the
            page's own *Earlier events* and *Later events* links (`next_cursor` and `prev_cursor` of
            `GET /v1/timelines/{slug}/events` without filters work too).
        theme (Theme | Unset): The embed's colours: `light`, `dark`, or `auto` (the reader's
            preference).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | str]
    """

    kwargs = _get_kwargs(
        slug=slug,
        cursor=cursor,
        theme=theme,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient | Client,
    cursor: str | Unset = UNSET,
    theme: Theme | Unset = UNSET,
) -> ProblemDoc | str | None:
    """A timeline's embeddable page

     A self-contained HTML page of a published timeline for an `<iframe>`: an ordered list of its
    events with their footnoted sources, readable without JavaScript, enhanced by a small script
    (keyboard navigation, further pages from `GET /v1/timelines/{slug}/events`, opening at
    `start_at`). No request leaves this service's origin; a strict Content-Security-Policy allows
    only the page's own script and style. A draft timeline is a 404. `cursor` (from the page's
    links) shows another page of the events without JavaScript. A page that opens at `start_at`
    shows that entry first, under its title and a notice of the earlier entries (folded above it).

    Args:
        slug (str): The timeline's slug.
        cursor (str | Unset): Another page of the events than the one the page opens on: from the
            page's own *Earlier events* and *Later events* links (`next_cursor` and `prev_cursor` of
            `GET /v1/timelines/{slug}/events` without filters work too).
        theme (Theme | Unset): The embed's colours: `light`, `dark`, or `auto` (the reader's
            preference).

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
            cursor=cursor,
            theme=theme,
        )
    ).parsed
