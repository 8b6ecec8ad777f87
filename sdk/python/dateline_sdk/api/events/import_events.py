from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_format import ImportFormat
from ...models.import_report import ImportReport
from ...models.problem_doc import ProblemDoc
from ...models.timeline_js_file import TimelineJsFile
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: TimelineJsFile | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/import",
        "params": params,
    }

    if isinstance(body, TimelineJsFile):
        _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportReport | ProblemDoc | None:
    if response.status_code == 201:
        response_201 = ImportReport.from_dict(response.json())

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
) -> Response[ImportReport | ProblemDoc]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: TimelineJsFile | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportReport | ProblemDoc]:
    """Import events from a file

     Create the events of a file in one transaction: our CSV export, NDJSON (one `POST /v1/events`
    body per line, sources inline), TimelineJS3 JSON or the TimelineJS spreadsheet template as CSV.

    All or nothing: any bad row is a 422 whose `errors` name each one (`row 7: date`), and nothing is
    written. Every rule of `POST /v1/events` applies. A cited source whose URL the service already has
    is reused, not created again; the report lists those. TimelineJS has no sources, so its events are
    drafts unless their text quotes a source as our TimelineJS export writes it (`<q cite="URL">`):
    such quotes become citations, and an event with a supporting one is published.

    Args:
        format_ (ImportFormat | Unset): The format of an imported file.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineJsFile): A TimelineJS3 file to import (timeline.knightlab.com/docs/json-
            format.html), as our `timelinejs` export or other tools write it: only `events` is needed,
            and unknown members are ignored.
        body (File): The file as it is, in any of the formats.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportReport | ProblemDoc]
    """

    kwargs = _get_kwargs(
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: TimelineJsFile | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ImportReport | ProblemDoc | None:
    """Import events from a file

     Create the events of a file in one transaction: our CSV export, NDJSON (one `POST /v1/events`
    body per line, sources inline), TimelineJS3 JSON or the TimelineJS spreadsheet template as CSV.

    All or nothing: any bad row is a 422 whose `errors` name each one (`row 7: date`), and nothing is
    written. Every rule of `POST /v1/events` applies. A cited source whose URL the service already has
    is reused, not created again; the report lists those. TimelineJS has no sources, so its events are
    drafts unless their text quotes a source as our TimelineJS export writes it (`<q cite="URL">`):
    such quotes become citations, and an event with a supporting one is published.

    Args:
        format_ (ImportFormat | Unset): The format of an imported file.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineJsFile): A TimelineJS3 file to import (timeline.knightlab.com/docs/json-
            format.html), as our `timelinejs` export or other tools write it: only `events` is needed,
            and unknown members are ignored.
        body (File): The file as it is, in any of the formats.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportReport | ProblemDoc
    """

    return sync_detailed(
        client=client,
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: TimelineJsFile | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportReport | ProblemDoc]:
    """Import events from a file

     Create the events of a file in one transaction: our CSV export, NDJSON (one `POST /v1/events`
    body per line, sources inline), TimelineJS3 JSON or the TimelineJS spreadsheet template as CSV.

    All or nothing: any bad row is a 422 whose `errors` name each one (`row 7: date`), and nothing is
    written. Every rule of `POST /v1/events` applies. A cited source whose URL the service already has
    is reused, not created again; the report lists those. TimelineJS has no sources, so its events are
    drafts unless their text quotes a source as our TimelineJS export writes it (`<q cite="URL">`):
    such quotes become citations, and an event with a supporting one is published.

    Args:
        format_ (ImportFormat | Unset): The format of an imported file.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineJsFile): A TimelineJS3 file to import (timeline.knightlab.com/docs/json-
            format.html), as our `timelinejs` export or other tools write it: only `events` is needed,
            and unknown members are ignored.
        body (File): The file as it is, in any of the formats.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportReport | ProblemDoc]
    """

    kwargs = _get_kwargs(
        body=body,
        format_=format_,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: TimelineJsFile | File | Unset = UNSET,
    format_: ImportFormat | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ImportReport | ProblemDoc | None:
    """Import events from a file

     Create the events of a file in one transaction: our CSV export, NDJSON (one `POST /v1/events`
    body per line, sources inline), TimelineJS3 JSON or the TimelineJS spreadsheet template as CSV.

    All or nothing: any bad row is a 422 whose `errors` name each one (`row 7: date`), and nothing is
    written. Every rule of `POST /v1/events` applies. A cited source whose URL the service already has
    is reused, not created again; the report lists those. TimelineJS has no sources, so its events are
    drafts unless their text quotes a source as our TimelineJS export writes it (`<q cite="URL">`):
    such quotes become citations, and an event with a supporting one is published.

    Args:
        format_ (ImportFormat | Unset): The format of an imported file.
        idempotency_key (str | Unset): Makes a retry safe: the same key and body replay the first
            response (kept 24 h); the same key with another body is a 422; while the first is in
            flight, a 409 with Retry-After.
        body (TimelineJsFile): A TimelineJS3 file to import (timeline.knightlab.com/docs/json-
            format.html), as our `timelinejs` export or other tools write it: only `events` is needed,
            and unknown members are ignored.
        body (File): The file as it is, in any of the formats.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportReport | ProblemDoc
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            format_=format_,
            idempotency_key=idempotency_key,
        )
    ).parsed
