"""Input PostgreSQL cannot store: a NUL character is refused at the door, never sent to the database."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.types import ASGIApp, Receive, Scope, Send

from service.errors import PROBLEM_JSON, ProblemDoc

_BODY = msgspec.json.encode(
    ProblemDoc(
        type="about:blank",
        title="Bad Request",
        status=400,
        detail="The URL contains a NUL character (%00), which no parameter may hold.",
    )
)


def contains_nul(value: Any) -> bool:
    """Whether any string in a decoded JSON document holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


def reject_nul_in_url(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: a 400 problem for `%00` anywhere in the path or query string."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", "")
            or b"%00" in scope.get("raw_path", b"")
        ):
            await send({"type": "http.response.start", "status": 400,
                        "headers": [(b"content-type", PROBLEM_JSON.encode()),
                                    (b"content-length", str(len(_BODY)).encode())]})  # fmt: skip
            await send({"type": "http.response.body", "body": _BODY})
            return
        await app(scope, receive, send)

    return middleware
