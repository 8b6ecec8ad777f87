"""Surrogate keys: what a public response depends on, named so that a change can say what it changed.

How and why: docs/architecture.md, "Surrogate keys".
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.config import Settings
from service.credentials import sends_credential
from service.embed.service import slug_of
from service.errors import BadRequest, NotFound

EVERYTHING = "all"  # on every response: a flush of everything purges it
UNKNOWN = "misc"  # on responses of paths without a precise key: every change purges it
LISTS = {
    "/v1/events": "list-events",
    "/v1/timelines": "list-timelines",
    "/v1/sources": "list-sources",
    "/v1/entities": "list-entities",
    "/v1/tags": "list-tags",
}
_SLUG = r"([a-z0-9]+(?:-[a-z0-9]+)*)"
_UUID = r"([0-9a-fA-F-]{32,36})"
_ONE = [
    (re.compile(rf"^/v1/events/{_UUID}(?:/citations/[^/]+)?$"), "ev-"),
    (re.compile(rf"^/v1/timelines/{_SLUG}(?:/events|/export/[^/]+)?$"), "tl-"),
    (re.compile(rf"^/embed/timelines/{_SLUG}$"), "tl-"),
    (re.compile(rf"^/v1/sources/{_UUID}$"), "src-"),
    (re.compile(rf"^/v1/entities/{_UUID}$"), "ent-"),
]


def keys_of(path: str, query_string: bytes) -> tuple[str, ...]:
    """The surrogate keys of the public response to a GET of `path`: at most two."""
    if (listed := LISTS.get(path)) is not None:
        return listed, EVERYTHING
    if path == "/oembed":
        urls = parse_qs(query_string.decode("latin-1")).get("url", [])
        try:
            return (f"tl-{slug_of(urls[0])}", EVERYTHING) if len(urls) == 1 else (UNKNOWN, EVERYTHING)
        except (BadRequest, NotFound):
            return UNKNOWN, EVERYTHING
    for pattern, prefix in _ONE:
        if (match := pattern.match(path)) is not None:
            name = match[1]
            if prefix != "tl-":
                try:
                    name = str(uuid.UUID(name))
                except ValueError:  # a 404 or a 400: nothing to purge, but a key all the same
                    return UNKNOWN, EVERYTHING
            return f"{prefix}{name}", EVERYTHING
    return UNKNOWN, EVERYTHING


def surrogate_headers(settings: Settings):
    """ASGI middleware factory: tell an edge cache the keys of each public answer to an anonymous GET,
    and that it may keep it long (purges keep it fresh); browsers keep the `Cache-Control` they get."""
    edge = f"max-age={settings.edge_max_age}".encode()

    def middleware(app: ASGIApp) -> ASGIApp:
        async def tagged(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or sends_credential(scope):
                await app(scope, receive, send)
                return
            keys = keys_of(scope["path"], scope["query_string"])

            async def tag(message: Message) -> None:
                if message["type"] == "http.response.start" and _public(message.get("headers", [])):
                    message = {**message, "headers": [*message.get("headers", []), *headers_of(keys, edge)]}
                await send(message)

            await app(scope, receive, tag)

        return tagged

    return middleware


def headers_of(keys: tuple[str, ...], edge: bytes) -> list[tuple[bytes, bytes]]:
    """Fastly's and Varnish xkey's `Surrogate-Key` (space-separated), Cloudflare's `Cache-Tag` (commas),
    and the edge's lifetime of the response."""
    return [
        (b"surrogate-key", " ".join(keys).encode()),
        (b"cache-tag", ",".join(keys).encode()),
        (b"surrogate-control", edge),
        (b"cdn-cache-control", edge),
    ]


def _public(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name == b"cache-control" and b"public" in (part.strip() for part in value.lower().split(b","))
        for name, value in headers
    )
