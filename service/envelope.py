"""What every response carries, and the answer when the app fails before it starts one.

How and why: docs/architecture.md, "What every response carries".
"""

from __future__ import annotations

import logging

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("dateline")

_NOSNIFF = (b"x-content-type-options", b"nosniff")


def with_every_header(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response's headers plus `Vary: Authorization` and `X-Content-Type-Options: nosniff`."""
    out: list[tuple[bytes, bytes]] = []
    varied = sniff = False
    for name, value in headers:
        name = name.lower()
        if name == b"vary" and not varied:
            varied = True
            names = {part.strip().lower() for part in value.split(b",")}
            if b"*" not in names and b"authorization" not in names:
                value += b", Authorization"
        elif name == b"x-content-type-options":
            sniff = True
        out.append((name, value))
    if not varied:
        out.append((b"vary", b"Authorization"))
    if not sniff:
        out.append(_NOSNIFF)
    return out


async def answer(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Run an HTTP request through `app` with every header added, and a problem for a bare failure."""
    started = False

    async def send_all(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
            message = {**message, "headers": with_every_header(list(message.get("headers", ())))}
        await send(message)

    try:
        await app(scope, receive, send_all)
    except Exception:
        if started:
            raise
        log.exception("unhandled error before a response on %s %s", scope.get("method"), scope.get("path"))
        from service.errors import PROBLEM_JSON, ProblemDoc  # service.errors imports this module's caller

        doc = ProblemDoc(
            type="about:blank",
            title="Internal Server Error",
            status=500,
            detail="The server could not complete the request.",
        )
        body = msgspec.json.encode(doc)
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
        await send_all({"type": "http.response.start", "status": 500, "headers": headers})
        await send_all({"type": "http.response.body", "body": body})
