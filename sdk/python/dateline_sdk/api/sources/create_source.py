from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_doc import ProblemDoc
from ...models.source_detail import SourceDetail
from ...models.source_in import SourceIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SourceIn,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sources",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDoc | SourceDetail | None:
    if response.status_code == 201:
        response_201 = SourceDetail.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDoc | SourceDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SourceIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDoc | SourceDetail]:
    """Create a source

     Create a source of the caller's newsroom; a URL that one of its sources already has is a 409 whose
    `existing_id` names it.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (SourceIn): A new source. Its URL is stored canonical: lower-case host, no fragment,
            no `utm_*` parameters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | SourceDetail]
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
    body: SourceIn,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDoc | SourceDetail | None:
    """Create a source

     Create a source of the caller's newsroom; a URL that one of its sources already has is a 409 whose
    `existing_id` names it.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (SourceIn): A new source. Its URL is stored canonical: lower-case host, no fragment,
            no `utm_*` parameters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | SourceDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SourceIn,
    idempotency_key: str | Unset = UNSET,
) -> Response[ProblemDoc | SourceDetail]:
    """Create a source

     Create a source of the caller's newsroom; a URL that one of its sources already has is a 409 whose
    `existing_id` names it.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (SourceIn): A new source. Its URL is stored canonical: lower-case host, no fragment,
            no `utm_*` parameters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDoc | SourceDetail]
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
    body: SourceIn,
    idempotency_key: str | Unset = UNSET,
) -> ProblemDoc | SourceDetail | None:
    """Create a source

     Create a source of the caller's newsroom; a URL that one of its sources already has is a 409 whose
    `existing_id` names it.

    Args:
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (SourceIn): A new source. Its URL is stored canonical: lower-case host, no fragment,
            no `utm_*` parameters.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDoc | SourceDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
