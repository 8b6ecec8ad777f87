"""/v1/timelines/{slug}/export/{format}: a timeline in another format, streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import Parameter
from litestar.response import Stream

from service import expensive
from service.auth.actor import ActorDep
from service.db import DatabaseDep
from service.exports import service
from service.exports.formats import FORMATS, ExportFormat
from service.head import is_head
from service.http import conditional
from service.openapi_docs import READ, problems
from service.proxies import base_url
from service.timelines.controller import TimelineSlug

# A timeline holds at most 10,000 events when written; events that joined it since may take it past that.
_TOO_LARGE = "The timeline now holds more events than the 10,000 an export may hold."
EXPORT_RESPONSES = {**READ, 409: replace(problems(409)[409], description=_TOO_LARGE)}

FormatParam = Annotated[
    ExportFormat,
    Parameter(description="The export format: " + "; ".join(f.description for f in FORMATS.values()) + "."),
]

_OBJECT = Schema(type=OpenAPIType.OBJECT)
_SCHEMAS = {
    "timelinejs": Schema(
        type=OpenAPIType.OBJECT,
        required=["events"],
        properties={"title": _OBJECT, "events": Schema(type=OpenAPIType.ARRAY, items=_OBJECT)},
        description="TimelineJS3 JSON: `title` (the timeline) and `events` (slides with `start_date`, "
        "`end_date`, `display_date`, `text`, `group`, `media`).",
    ),
    "jsonld": Schema(
        type=OpenAPIType.OBJECT,
        required=["@context", "@type", "itemListElement"],
        description="schema.org JSON-LD: an `ItemList` whose `itemListElement`s hold `Event`s with "
        "`citation`s.",
    ),
    "csljson": Schema(
        type=OpenAPIType.ARRAY,
        items=_OBJECT,
        description="CSL-JSON items, one per cited source.",
    ),
    "ics": Schema(type=OpenAPIType.STRING, description="An iCalendar (RFC 5545) VCALENDAR."),
    "atom": Schema(type=OpenAPIType.STRING, description="An Atom (RFC 4287) feed."),
    "csv": Schema(type=OpenAPIType.STRING, description="CSV (RFC 4180) with a header row."),
}


@dataclass
class ExportOperation(Operation):
    """The 200 response in each format's media type (Litestar declares one media type per response)."""

    def __post_init__(self) -> None:
        if self.responses is None:  # pragma: no cover - Litestar always passes the responses
            return
        self.responses["200"] = OpenAPIResponse(
            description="The timeline in the requested format (the media type follows `format`); streamed.",
            content={
                fmt.media_type: OpenAPIMediaType(schema=_SCHEMAS[name]) for name, fmt in FORMATS.items()
            },
        )


class ExportController(Controller):
    path = "/v1/timelines"
    tags = ["timelines"]

    @get("/{slug:str}/export/{format:str}", operation_id="export_timeline", responses=EXPORT_RESPONSES,
         operation_class=ExportOperation, summary="Export a timeline")  # fmt: skip
    async def export_timeline(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        slug: TimelineSlug,
        format: FormatParam,  # noqa: A002 - the path segment's name
    ) -> Response[Any]:
        """The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
        another format: `timelinejs`, `jsonld` (schema.org), `csljson` (its sources), `ics` (iCalendar),
        `atom` (newest change first) or `csv` (importable with `POST /v1/import`).

        A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
        streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
        so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
        kept until what it shows changes, so the next reader gets it without rendering it again;
        one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).
        """
        base = base_url(request.scope)
        plan = await service.plan_export(db, actor=actor, slug=slug, fmt=format, base_url=base)
        spec = FORMATS[format]
        disposition = {"Content-Disposition": f'inline; filename="{slug}.{spec.extension}"'}
        headers, not_modified = conditional(request, plan.etag, private=plan.private, headers=disposition)
        if not_modified:
            return Response(content=b"", status_code=304, headers=headers)
        if is_head(request.scope):  # the headers are known: nothing is rendered for a HEAD
            return Stream(_nothing(), media_type=spec.media_type, headers=headers)
        body = await service.export_body(
            db, plan, format, request.app.state.export_store, admit=lambda: expensive.enter(request, actor)
        )
        return Stream(body, media_type=spec.media_type, headers=headers)


async def _nothing() -> AsyncIterator[bytes]:
    return
    yield  # an async generator that yields nothing
