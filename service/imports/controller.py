"""/v1/import: a file of events (CSV, NDJSON, TimelineJS) written all at once, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, post
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import Parameter

from service import expensive
from service.auth.actor import ActorDep
from service.db import DatabaseDep
from service.errors import BadRequest, UnsupportedMediaType
from service.http import IdempotencyKey, json_response, refuse_null
from service.idempotency import idempotent
from service.imports import readers
from service.imports.schemas import FORMAT_DESCRIPTION, ImportFormat, ImportReport
from service.imports.service import import_batch, read_file
from service.openapi_dict import to_schema
from service.openapi_docs import problems

MAX_BODY = 20 * 1024 * 1024  # a file of 10,000 events with their sources fits; other writes stay at 1 MiB

FormatParam = Annotated[ImportFormat | None, Parameter(description=FORMAT_DESCRIPTION)]

_QUOTED = (
    '<p>They spoke for 90 minutes.</p><q cite="https://example.com/readout">The leaders spoke by video.</q>'
)
TIMELINEJS_EXAMPLE = {
    "title": {"text": {"headline": "Summits", "text": ""}},
    "events": [
        {
            "start_date": {"year": 2021, "month": 12, "day": 15},
            "text": {"headline": "Xi and Putin hold a video summit", "text": _QUOTED},
            "group": "diplomacy",
        }
    ],
}
CSV_EXAMPLE = (
    "title,date,status,tags,location_name,location_country,citation_1_url,citation_1_title,citation_1_publisher,"
    "citation_1_kind,citation_1_quote,citation_1_stance\r\n"
    "Xi and Putin hold a video summit,2021-12-15,published,diplomacy;summit,Moscow,RU,"
    'https://example.com/readout,Readout of the call,Example News,readout,"The leaders spoke by '
    'video.",supports\r\n'
)
NDJSON_EXAMPLE = (
    '{"title":"Xi and Putin hold a video summit","date":"2021-12-15","status":"published","citations":[{'
    '"source":{"url":"https://example.com/readout","title":"Readout of the call"},'
    '"quote":"The leaders spoke by video.","stance":"supports"}]}\n'
)


def _text(description: str, example: str) -> OpenAPIMediaType:
    return OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, description=description), example=example)


@dataclass
class ImportOperation(Operation):
    """The body is a file, not a JSON object Litestar could describe: say what it may be."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description="The file, up to 20 MiB and 10,000 events: TimelineJS3 JSON as `application/json`; "
            "CSV (`text/csv`), NDJSON (`application/x-ndjson`) or any of them as `application/octet-stream`.",
            content={
                "application/json": OpenAPIMediaType(
                    schema=to_schema({"$ref": "#/components/schemas/TimelineJsFile"}),
                    example=TIMELINEJS_EXAMPLE,
                ),
                "text/csv": _text(
                    "Our CSV export's columns (any subset with `title` and `date`; citations in numbered "
                    "`citation_<n>_<field>` columns), or the TimelineJS spreadsheet template saved as CSV.",
                    CSV_EXAMPLE,
                ),
                "application/x-ndjson": _text(
                    "One `POST /v1/events` body per line, sources inline in `citations[].source`.",
                    NDJSON_EXAMPLE,
                ),
                "application/octet-stream": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.STRING,
                        format="binary",  # type: ignore[arg-type]
                        description="The file as it is, in any of the formats.",
                    ),
                    example=CSV_EXAMPLE,
                ),
            },
        )


def _format(request: Request[Any, Any, Any], explicit: ImportFormat | None, body: bytes) -> ImportFormat:
    if explicit is not None:
        return explicit
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type in readers.CSV_MEDIA_TYPES:
        return "csv"  # ours or the TimelineJS template: read_file tells them apart by the header
    if (fmt := readers.media_type_format(media_type)) is not None:
        return fmt
    if media_type in readers.SNIFFED_MEDIA_TYPES:
        return readers.sniff(body.decode("utf-8", errors="replace"))
    raise UnsupportedMediaType(
        f"Send the file as text/csv, application/x-ndjson, application/json or application/octet-stream, "
        f"or name its format with ?format= (got {media_type})."
    )


@post(
    "/v1/import",
    operation_id="import_events",
    tags=["events"],
    status_code=201,
    request_max_body_size=MAX_BODY,
    operation_class=ImportOperation,
    responses=problems(401, 403, 409, 413, 415, 422),
    summary="Import events from a file",
)
async def import_events(
    request: Request[Any, Any, Any],
    db: DatabaseDep,
    actor: ActorDep,
    format: FormatParam = None,  # noqa: A002 - the query parameter's name
    idempotency_key: IdempotencyKey = None,
) -> Response[ImportReport]:
    """Create the events of a file in one transaction: our CSV export, NDJSON (one `POST /v1/events`
    body per line, sources inline), TimelineJS3 JSON or the TimelineJS spreadsheet template as CSV.

    All or nothing: any bad row is a 422 whose `errors` name each one (`row 7: date`), and nothing is
    written. Every rule of `POST /v1/events` applies. A cited source whose URL the service already has
    is reused, not created again; the report lists those. TimelineJS has no sources, so its events are
    drafts unless their text quotes a source as our TimelineJS export writes it (`<q cite="URL">`):
    such quotes become citations, and an event with a supporting one is published.
    """
    expensive.enter(request, actor)
    refuse_null(request, "format")
    body = await request.body()
    fmt = _format(request, format, body)
    try:
        batch = read_file(body, fmt)
    except msgspec.DecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}") from None

    async def produce() -> Response[ImportReport]:
        report = await import_batch(db, actor=actor, batch=batch)
        return json_response(request, report, status_code=201)

    return await idempotent(request, actor, db, produce)
