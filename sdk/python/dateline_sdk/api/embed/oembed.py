from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.o_embed import OEmbed
from ...models.oembed_format import OembedFormat
from ...models.problem_doc import ProblemDoc
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    url_query: str,
    maxwidth: int | Unset = UNSET,
    maxheight: int | Unset = UNSET,
    format_: OembedFormat | Unset = OembedFormat.JSON,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["url"] = url_query

    params["maxwidth"] = maxwidth

    params["maxheight"] = maxheight

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/oembed",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OEmbed | ProblemDoc | None:
    if response.status_code == 200:
        response_200 = OEmbed.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OEmbed | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    maxwidth: int | Unset = UNSET,
    maxheight: int | Unset = UNSET,
    format_: OembedFormat | Unset = OembedFormat.JSON,
) -> Response[OEmbed | ProblemDoc]:
    """oEmbed for an embed URL

     oEmbed 1.0: a `rich` response whose `html` is an iframe of the timeline's embed page, sized
    within `maxwidth` and `maxheight`, as JSON or as the oEmbed XML format (`<oembed>` with the
    same fields as child elements). A URL that is not an embed, or names an unknown or draft
    timeline, is a 404 problem in either format.

    Args:
        url_query (str): The page to embed: a URL whose path is `/embed/timelines/{slug}`, on any
            host.
        maxwidth (int | Unset): The most pixels wide the iframe may be (1-10000).
        maxheight (int | Unset): The most pixels high the iframe may be (1-10000).
        format_ (OembedFormat | Unset): `json` (`application/json`) or `xml` (`text/xml`, oEmbed
            1.0 §2.3.4). Default: OembedFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OEmbed | ProblemDoc]
    """

    kwargs = _get_kwargs(
        url_query=url_query,
        maxwidth=maxwidth,
        maxheight=maxheight,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    maxwidth: int | Unset = UNSET,
    maxheight: int | Unset = UNSET,
    format_: OembedFormat | Unset = OembedFormat.JSON,
) -> OEmbed | ProblemDoc | None:
    """oEmbed for an embed URL

     oEmbed 1.0: a `rich` response whose `html` is an iframe of the timeline's embed page, sized
    within `maxwidth` and `maxheight`, as JSON or as the oEmbed XML format (`<oembed>` with the
    same fields as child elements). A URL that is not an embed, or names an unknown or draft
    timeline, is a 404 problem in either format.

    Args:
        url_query (str): The page to embed: a URL whose path is `/embed/timelines/{slug}`, on any
            host.
        maxwidth (int | Unset): The most pixels wide the iframe may be (1-10000).
        maxheight (int | Unset): The most pixels high the iframe may be (1-10000).
        format_ (OembedFormat | Unset): `json` (`application/json`) or `xml` (`text/xml`, oEmbed
            1.0 §2.3.4). Default: OembedFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OEmbed | ProblemDoc
    """

    return sync_detailed(
        client=client,
        url_query=url_query,
        maxwidth=maxwidth,
        maxheight=maxheight,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    maxwidth: int | Unset = UNSET,
    maxheight: int | Unset = UNSET,
    format_: OembedFormat | Unset = OembedFormat.JSON,
) -> Response[OEmbed | ProblemDoc]:
    """oEmbed for an embed URL

     oEmbed 1.0: a `rich` response whose `html` is an iframe of the timeline's embed page, sized
    within `maxwidth` and `maxheight`, as JSON or as the oEmbed XML format (`<oembed>` with the
    same fields as child elements). A URL that is not an embed, or names an unknown or draft
    timeline, is a 404 problem in either format.

    Args:
        url_query (str): The page to embed: a URL whose path is `/embed/timelines/{slug}`, on any
            host.
        maxwidth (int | Unset): The most pixels wide the iframe may be (1-10000).
        maxheight (int | Unset): The most pixels high the iframe may be (1-10000).
        format_ (OembedFormat | Unset): `json` (`application/json`) or `xml` (`text/xml`, oEmbed
            1.0 §2.3.4). Default: OembedFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OEmbed | ProblemDoc]
    """

    kwargs = _get_kwargs(
        url_query=url_query,
        maxwidth=maxwidth,
        maxheight=maxheight,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    url_query: str,
    maxwidth: int | Unset = UNSET,
    maxheight: int | Unset = UNSET,
    format_: OembedFormat | Unset = OembedFormat.JSON,
) -> OEmbed | ProblemDoc | None:
    """oEmbed for an embed URL

     oEmbed 1.0: a `rich` response whose `html` is an iframe of the timeline's embed page, sized
    within `maxwidth` and `maxheight`, as JSON or as the oEmbed XML format (`<oembed>` with the
    same fields as child elements). A URL that is not an embed, or names an unknown or draft
    timeline, is a 404 problem in either format.

    Args:
        url_query (str): The page to embed: a URL whose path is `/embed/timelines/{slug}`, on any
            host.
        maxwidth (int | Unset): The most pixels wide the iframe may be (1-10000).
        maxheight (int | Unset): The most pixels high the iframe may be (1-10000).
        format_ (OembedFormat | Unset): `json` (`application/json`) or `xml` (`text/xml`, oEmbed
            1.0 §2.3.4). Default: OembedFormat.JSON.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OEmbed | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            url_query=url_query,
            maxwidth=maxwidth,
            maxheight=maxheight,
            format_=format_,
        )
    ).parsed
