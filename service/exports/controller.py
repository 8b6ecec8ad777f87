"""/v1/timelines/{slug}/export/<format>: a timeline in another format, streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Annotated, Any, ClassVar

from litestar import Controller, Request, Response, get
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation
from litestar.params import Parameter
from litestar.response import Stream

from service import expensive
from service.auth.actor import Actor, ActorDep
from service.db import Database, DatabaseDep
from service.exports import service
from service.exports.documents import BODIES
from service.exports.formats import FORMATS, ExportFormat
from service.head import is_head
from service.http import TimelineSlug, conditional
from service.openapi_dict import to_schema
from service.openapi_docs import READ, problems
from service.proxies import base_url

# A timeline holds at most 10,000 events when written; events that joined it since may take it past that.
_TOO_LARGE = "The timeline now holds more events than the 10,000 an export may hold."
EXPORT_RESPONSES = {**READ, 409: replace(problems(409)[409], description=_TOO_LARGE)}

FormatParam = Annotated[
    ExportFormat,
    Parameter(description="The export format: " + "; ".join(f.description for f in FORMATS.values()) + "."),
]


def _ok(fmt: str) -> OpenAPIResponse:
    schema, example = BODIES[fmt]
    return OpenAPIResponse(
        description=f"The timeline in {FORMATS[fmt].description}; streamed.",
        content={FORMATS[fmt].media_type: OpenAPIMediaType(schema=to_schema(schema), example=example)},
    )


@dataclass
class ExportOperation(Operation):
    """The 200 response in its format's media type, with the format's schema (Litestar would take the
    handler's `Response[Any]` for an untyped JSON body). `fmt` is set by each format's subclass."""

    fmt: ClassVar[str] = "timelinejs"

    def __post_init__(self) -> None:
        if self.responses is not None:  # Litestar always passes the responses
            self.responses["200"] = _ok(self.fmt)


_DESCRIPTION = """The timeline's events (as `GET /v1/timelines/{slug}/events` lists them for the caller) in
{what}.

A published timeline exports for anyone, a draft for its newsroom's keys only. The body is
streamed, so a 10,000-event timeline is never held whole; the ETag is known before rendering,
so `If-None-Match` gets its 304, and HEAD its headers, without rendering. A rendered export is
kept until what it shows changes, so the next reader gets it without rendering it again;
one client may have at most a few renders in progress (a 429 with `Retry-After` beyond).
"""


async def _export(
    request: Request[Any, Any, Any], db: Database, actor: Actor, slug: str, fmt: str
) -> Response[Any]:
    plan = await service.plan_export(db, actor=actor, slug=slug, fmt=fmt, base_url=base_url(request.scope))
    spec = FORMATS[fmt]
    disposition = {"Content-Disposition": f'inline; filename="{slug}.{spec.extension}"'}
    headers, not_modified = conditional(request, plan.etag, private=plan.private, headers=disposition)
    if not_modified:
        return Response(content=b"", status_code=304, headers=headers)
    if is_head(request.scope):  # the headers are known: nothing is rendered for a HEAD
        return Stream(_nothing(), media_type=spec.media_type, headers=headers)
    body = await service.export_body(
        db, plan, fmt, request.app.state.export_store, admit=lambda: expensive.enter(request, actor)
    )
    return Stream(body, media_type=spec.media_type, headers=headers)


class ExportController(Controller):
    path = "/v1/timelines"
    tags = ["timelines"]

    # Kept for clients written before the formats had one operation each; the document lists those.
    @get(
        "/{slug:str}/export/{format:str}",
        operation_id="export_timeline",
        include_in_schema=False,
        summary="Export a timeline",
    )
    async def export_timeline(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        slug: TimelineSlug,
        format: FormatParam,  # noqa: A002 - the path segment's name
    ) -> Response[Any]:
        """The timeline in the format named by the path (`timelinejs`, `jsonld`, `csljson`, `ics`, `atom`,
        `csv`): the same as that format's own operation."""
        return await _export(request, db, actor, slug, format)


def _format_handler(fmt: str) -> HTTPRouteHandler:
    """`GET /v1/timelines/{slug}/export/<fmt>`: one operation per format, each with its own media type
    and schema, so that generated clients read each format as what it is."""
    what = FORMATS[fmt].description.split(": ", 1)[1]

    async def export(
        request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, slug: TimelineSlug
    ) -> Response[Any]:
        return await _export(request, db, actor, slug, fmt)

    export.__doc__ = _DESCRIPTION.replace("{what}", what)
    operation = type(f"Export{fmt.capitalize()}Operation", (ExportOperation,), {"fmt": fmt})
    return get(
        f"/v1/timelines/{{slug:str}}/export/{fmt}",
        operation_id=f"export_timeline_{fmt}",
        name=f"export_{fmt}",
        tags=["timelines"],
        responses=EXPORT_RESPONSES,
        operation_class=operation,
        summary=f"Export a timeline: {fmt}",
    )(export)


FORMAT_HANDLERS = [_format_handler(fmt) for fmt in FORMATS]


async def _nothing() -> AsyncIterator[bytes]:
    return
    yield  # an async generator that yields nothing
