"""The API reference page at /schema: Scalar, pinned, served from this service with no request to any
other host (no CDN, no fonts, no proxy, no telemetry, no AI agent), and every other /schema/* path a
problem 404 rather than Litestar's HTML page."""

from __future__ import annotations

import functools
import gzip
import html
import importlib.resources
from typing import Any

import msgspec
from litestar import Request, Response, Router, get
from litestar.openapi.plugins import ScalarRenderPlugin
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.errors import PROBLEM_JSON, ProblemDoc

SCALAR_VERSION = "1.76.4"  # @scalar/api-reference on npm: see README.md here
SCALAR_SHA384 = "hwB9WroDTpZaI38gr+u9CXA6ksz5gUYgD2GxXazKl/agT1L2GWUiRFWGJYNiFu4Q"
ASSET_PATH = f"/assets/scalar-api-reference-{SCALAR_VERSION}.js"  # under /schema; versioned, so immutable
# What Scalar would otherwise fetch from its own hosts: fonts.scalar.com, proxy.scalar.com (requests
# sent from the page's client), api.scalar.com (telemetry, the agent), registry and dashboard links.
OPTIONS: dict[str, Any] = {
    "withDefaultFonts": False,
    "telemetry": False,
    "agent": {"disabled": True},
    "proxyUrl": "",
}
_NOT_FOUND = msgspec.json.encode(
    ProblemDoc(
        type="about:blank",
        title="Not Found",
        status=404,
        detail="No such page: the API reference is at /schema, the OpenAPI document at /schema/openapi.json.",
    )
)


_NOT_FOUND_LENGTH = str(len(_NOT_FOUND)).encode()


@functools.cache
def _script() -> tuple[bytes, bytes]:
    """The script, plain and gzipped (4.9 MB and ~1.3 MB), read on first use: an API-only worker never
    holds it."""
    plain = importlib.resources.files(__package__).joinpath("scalar-api-reference.js").read_bytes()
    return plain, gzip.compress(plain, compresslevel=6, mtime=0)


@get(ASSET_PATH, include_in_schema=False, sync_to_thread=False, media_type="text/javascript")
def scalar_script(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The pinned script; its URL names the version, so it is cached for a year (the router's middleware
    gives it an ETag and answers If-None-Match)."""
    plain, packed = _script()
    headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(packed, headers={**headers, "Content-Encoding": "gzip"}, media_type="text/javascript")
    return Response(plain, headers=headers, media_type="text/javascript")


class ApiReference(ScalarRenderPlugin):
    """Scalar's page, with its script from this service (with Subresource Integrity) and options that
    keep it from calling Scalar's hosts."""

    def __init__(self) -> None:
        super().__init__(path="/scalar", options=OPTIONS, favicon='<link rel="icon" href="data:,">')

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        title = html.escape(str(openapi_schema["info"]["title"]))
        base = request.app.openapi_config.path if request.app.openapi_config else "/schema"
        configuration = html.escape(msgspec.json.encode(self.options).decode())
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API reference</title>
{self.favicon}
</head>
<body>
<noscript>The API reference needs JavaScript; the document itself is at {base}/openapi.json.</noscript>
<script id="api-reference" data-url="{html.escape(self.get_openapi_json_route(request))}"
 data-configuration="{configuration}"></script>
<script src="{base}{ASSET_PATH}" integrity="sha384-{SCALAR_SHA384}" crossorigin="anonymous"></script>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        router.register(scalar_script)


def problem_not_found(app: ASGIApp) -> ASGIApp:
    """ASGI middleware for the /schema router: Litestar answers an unknown /schema/* path with an HTML
    404 page; send the problem document every other 404 of this service is."""

    async def answered(scope: Scope, receive: Receive, send: Send) -> None:
        replaced = False

        async def replace(message: Message) -> None:
            nonlocal replaced
            if message["type"] == "http.response.start" and message["status"] == 404:
                replaced = True
                headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", _NOT_FOUND_LENGTH)]
                await send({"type": "http.response.start", "status": 404, "headers": headers})
                await send({"type": "http.response.body", "body": _NOT_FOUND})
            elif not replaced:
                await send(message)

        await app(scope, receive, replace)

    return answered
