"""HEAD: every GET answers it too (RFC 9110 §9.3.2: a general-purpose server must).

How and why: docs/architecture.md, "HEAD".
"""

from __future__ import annotations

from litestar.types import Message, Receive, Scope, Send

from service.access import logged
from service.compat.litestar import LitestarWithoutModelPlugins
from service.envelope import answer
from service.metrics import measure

_HEAD = "dateline_head"
_HEAD_END: Message = {"type": "http.response.body", "body": b"", "more_body": False}


def _without_body(send: Send) -> Send:
    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.start":
            await send(message)
        elif not message.get("more_body", False):  # the body's last part, or a file sent whole
            await send(_HEAD_END)

    return send_head


class App(LitestarWithoutModelPlugins):
    """The service's Litestar app, answering HEAD wherever it answers GET, each request counted in the
    metrics and logged with its request id (routing's own 404s and 405s too: service/access.py), every
    response with the headers of service.envelope."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        method = scope["method"]
        scope["app"] = self  # as Litestar sets it: what proxies.py reads the trusted proxies from
        if method == "HEAD":
            scope, send = {**scope, "method": "GET", _HEAD: True}, _without_body(send)  # type: ignore[typeddict-unknown-key]

        async def measured(scope: Scope, receive: Receive, send: Send) -> None:
            await measure(super(App, self).__call__, method, scope, receive, send)

        async def answered(scope: Scope, receive: Receive, send: Send) -> None:
            await answer(measured, scope, receive, send)

        await logged(answered, method, scope, receive, send)


def is_head(scope: Scope) -> bool:
    """Whether this GET is answering a HEAD: only its status and headers will be sent."""
    return bool(scope.get(_HEAD))
