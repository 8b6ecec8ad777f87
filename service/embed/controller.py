"""/embed/timelines/{slug}: the embeddable page; /oembed: how a CMS turns its URL into an iframe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get
from litestar.enums import MediaType
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Operation
from litestar.params import Parameter

from service.credentials import sends_credential
from service.db import DatabaseDep
from service.embed import service
from service.embed.oembed_xml import MEDIA_TYPE as XML_MEDIA_TYPE
from service.embed.oembed_xml import oembed_xml
from service.embed.render import CSP, render
from service.embed.schemas import OEmbed
from service.http import TimelineSlug, conditional, etag_for, json_response, refuse_null
from service.openapi_docs import READ, problems
from service.proxies import base_url


@dataclass
class OEmbedOperation(Operation):
    """The 200 response in both oEmbed formats (Litestar declares one media type per response)."""

    def __post_init__(self) -> None:
        ok = (self.responses or {}).get("200")
        if isinstance(ok, OpenAPIResponse) and ok.content:
            ok.content[XML_MEDIA_TYPE] = OpenAPIMediaType(schema=ok.content["application/json"].schema)


OEMBED_RESPONSES = problems(401, 404)

# The page may sit in an iframe on any site, so no X-Frame-Options; everything else is locked down.
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "cross-origin",
}


def html_response(request: Request[Any, Any, Any], body: bytes, headers: dict[str, str]) -> Response[bytes]:
    """Like every GET: an ETag, a 304 for a client that has these bytes, public caching without a key."""
    etag = etag_for(body)
    private = sends_credential(request.scope)
    cache = "private, no-cache" if private else request.app.state.settings.cache_control_public
    out = {**headers, "ETag": etag, "Cache-Control": cache}
    inm = request.headers.get("if-none-match")
    if inm and (inm.strip() == "*" or etag in (tag.strip().removeprefix("W/") for tag in inm.split(","))):
        return Response(b"", status_code=304, headers=out)
    return Response(body, headers=out, media_type=MediaType.HTML)


EmbedCursor = Annotated[
    str | None,
    Parameter(
        description="Another page of the events than the one the page opens on: from the page's own "
        "*Earlier events* and *Later events* links (`next_cursor` and `prev_cursor` of "
        "`GET /v1/timelines/{slug}/events` without filters work too).",
        max_length=512,
    ),
]
ThemeQuery = Annotated[
    Literal["light", "dark", "auto"] | None,
    Parameter(
        description="This embed's theme instead of the timeline's stored one: `light`, `dark` or `auto` "
        "(the reader's system). Kept by the page's links and by oEmbed for an embed URL that has it."
    ),
]
Width = Annotated[
    int | None, Parameter(ge=1, le=10_000, description="The most pixels wide the iframe may be (1-10000).")
]
Height = Annotated[
    int | None, Parameter(ge=1, le=10_000, description="The most pixels high the iframe may be (1-10000).")
]


class EmbedController(Controller):
    tags = ["embed"]

    @get(
        "/embed/timelines/{slug:str}",
        operation_id="embed_timeline",
        media_type=MediaType.HTML,
        responses=READ,
        summary="A timeline's embeddable page",
        response_description="The page (HTML) for an `<iframe>`.",
    )
    async def embed_timeline(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        slug: TimelineSlug,
        cursor: EmbedCursor = None,
        theme: ThemeQuery = None,
    ) -> Response[str]:
        """A self-contained HTML page of a published timeline for an `<iframe>`: an ordered list of its
        events with their footnoted sources, readable without JavaScript, enhanced by a small script
        (keyboard navigation, further pages from `GET /v1/timelines/{slug}/events`, opening at
        `start_at`). No request leaves this service's origin; a strict Content-Security-Policy allows
        only the page's own script and style. A draft timeline is a 404. `cursor` (from the page's
        links) shows another page of the events without JavaScript. A page that opens at `start_at`
        shows that entry first, under its title and a notice of the earlier entries (folded above it)."""
        refuse_null(request, "theme")
        base = base_url(request.scope)
        page = await service.embed_page(db, slug=slug, cursor=cursor, base=base, theme=theme)
        links = ", ".join(f'<{href}>; rel="alternate"; type="{kind}"' for kind, href in page.oembed_links())
        return html_response(request, render(page), {**PAGE_HEADERS, "Link": links})

    @get(
        "/oembed",
        operation_id="oembed",
        responses=OEMBED_RESPONSES,
        summary="oEmbed for an embed URL",
        operation_class=OEmbedOperation,
        response_description="The oEmbed `rich` answer for the URL, in JSON or XML (`format`).",
    )
    async def oembed(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        url: Annotated[
            str,
            Parameter(
                description="The page to embed: a URL whose path is `/embed/timelines/{slug}`, on any host.",
                min_length=1,
                max_length=2_000,
            ),
        ],
        maxwidth: Width = None,
        maxheight: Height = None,
        format: Annotated[  # noqa: A002 - the oEmbed parameter's name
            Literal["json", "xml"],
            Parameter(description="`json` (`application/json`) or `xml` (`text/xml`, oEmbed 1.0 §2.3.4)."),
        ] = "json",
    ) -> Response[OEmbed]:
        """oEmbed 1.0: a `rich` response whose `html` is an iframe of the timeline's embed page, sized
        within `maxwidth` and `maxheight`, as JSON or as the oEmbed XML format (`<oembed>` with the
        same fields as child elements). A URL that is not an embed, or names an unknown or draft
        timeline, is a 404 problem in either format."""
        refuse_null(request, "maxwidth", "maxheight")
        answer = await service.oembed(
            db, url=url, maxwidth=maxwidth, maxheight=maxheight, base=base_url(request.scope)
        )
        if format == "json":
            return json_response(request, answer)
        body = oembed_xml(answer)
        headers, unchanged = conditional(request, etag_for(body))
        if unchanged:
            return Response(content=b"", status_code=304, headers=headers)
        return Response(content=body, headers=headers, media_type=XML_MEDIA_TYPE)
