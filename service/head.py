"""HEAD: every GET answers it too (RFC 9110 §9.3.2: a general-purpose server must).

How and why: docs/architecture.md, "HEAD".
"""

from __future__ import annotations

from litestar import Litestar
from litestar.plugins import PluginProtocol
from litestar.plugins.core import MsgspecDIPlugin
from litestar.types import Message, Receive, Scope, Send

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


class App(Litestar):
    """The service's Litestar app, answering HEAD wherever it answers GET, each request counted in the
    metrics (routing's own 404s and 405s too), every response with the headers of service.envelope."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:  # type: ignore[override]
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        method = scope["method"]
        if method == "HEAD":
            scope, send = {**scope, "method": "GET", _HEAD: True}, _without_body(send)  # type: ignore[typeddict-unknown-key]

        async def measured(scope: Scope, receive: Receive, send: Send) -> None:
            await measure(super(App, self).__call__, method, scope, receive, send)

        await answer(measured, scope, receive, send)

    @staticmethod
    def _get_default_plugins(plugins: list[PluginProtocol]) -> list[PluginProtocol]:
        """Litestar's default plugins less those for pydantic and attrs models, which the service has none
        of: Litestar adds its pydantic plugins whenever pydantic can be imported (here a test dependency
        brings it), and importing them costs every worker 10 MB of memory."""
        return [*plugins, MsgspecDIPlugin()]


def is_head(scope: Scope) -> bool:
    """Whether this GET is answering a HEAD: only its status and headers will be sent."""
    return bool(scope.get(_HEAD))
