"""What every response carries, and the answer when the app fails before it starts one.

* `Vary: Authorization` on every response: a key can change any answer (a newsroom's drafts, a 401,
  `Cache-Control: private`), so a cache between us and the client must never give one caller's
  answer to another. Said everywhere, errors, 304s and health checks included, so no route can
  forget it; merged into a `Vary` the response has already (CORS's `Origin`).
* `X-Content-Type-Options: nosniff` on every response: JSON, problems, exports and the documentation
  are never to be read by a browser as anything but their declared type.
* An exception that escapes the app before a response has started would be the server's plain-text
  500; it is a problem document here instead (after the start nothing can be said: the server
  drops the connection).
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

        doc = ProblemDoc(type="about:blank", title="Internal Server Error", status=500,
                         detail="The server could not complete the request.")  # fmt: skip
        body = msgspec.json.encode(doc)
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
        await send_all({"type": "http.response.start", "status": 500, "headers": headers})
        await send_all({"type": "http.response.body", "body": body})
