from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.timeline import Timeline
from ...models.timeline_patch import TimelinePatch
from ...types import UNSET, Response, Unset


def _get_kwargs(
    slug: str,
    *,
    body: TimelinePatch | TimelinePatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/timelines/{slug}".format(
            slug=quote(str(slug), safe=""),
        ),
    }

    if isinstance(body, TimelinePatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, TimelinePatch):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/merge-patch+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ProblemDoc | Timeline | None:
    if response.status_code == 200:
        response_200 = Timeline.from_dict(response.json())

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
) -> Response[ProblemDoc | Timeline]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: TimelinePatch | TimelinePatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[ProblemDoc | Timeline]:
    """Update a timeline

     JSON merge patch; `filter`, `include` and `exclude` are replaced whole. Only the owning
    newsroom edits a timeline; a new slug is taken as on create (409 when taken).

    Args:
        slug (str): The timeline's slug.
        if_match (str | Unset): Only write if the timeline still has this ETag (else 412).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | Timeline]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: TimelinePatch | TimelinePatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> ProblemDoc | Timeline | None:
    """Update a timeline

     JSON merge patch; `filter`, `include` and `exclude` are replaced whole. Only the owning
    newsroom edits a timeline; a new slug is taken as on create (409 when taken).

    Args:
        slug (str): The timeline's slug.
        if_match (str | Unset): Only write if the timeline still has this ETag (else 412).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | Timeline
    """

    return sync_detailed(
        slug=slug,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: TimelinePatch | TimelinePatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[ProblemDoc | Timeline]:
    """Update a timeline

     JSON merge patch; `filter`, `include` and `exclude` are replaced whole. Only the owning
    newsroom edits a timeline; a new slug is taken as on create (409 when taken).

    Args:
        slug (str): The timeline's slug.
        if_match (str | Unset): Only write if the timeline still has this ETag (else 412).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | Timeline]
    """

    kwargs = _get_kwargs(
        slug=slug,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    slug: str,
    *,
    client: AuthenticatedClient,
    body: TimelinePatch | TimelinePatch | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> ProblemDoc | Timeline | None:
    """Update a timeline

     JSON merge patch; `filter`, `include` and `exclude` are replaced whole. Only the owning
    newsroom edits a timeline; a new slug is taken as on create (409 when taken).

    Args:
        slug (str): The timeline's slug.
        if_match (str | Unset): Only write if the timeline still has this ETag (else 412).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).
        body (TimelinePatch): JSON merge patch (RFC 7396) of a timeline: absent fields stay;
            `filter` is merged parameter by
                parameter; `include` and `exclude` are replaced whole; `null` clears `description` and
            resets the
                others to their defaults (`filter` to `{}`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | Timeline
    """

    return (
        await asyncio_detailed(
            slug=slug,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
