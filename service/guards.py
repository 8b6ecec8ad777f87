"""Input PostgreSQL or the decoder cannot take: a NUL character is refused at the door, never sent to
the database; JSON nested too deeply is malformed, not a crash."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.types import ASGIApp, Receive, Scope, Send

from service.errors import PROBLEM_JSON, ProblemDoc
from service.proxies import valid_host


def _bad_request(detail: str) -> bytes:
    """The body of a 400 problem answered before the app (no handler to raise one)."""
    return msgspec.json.encode(ProblemDoc(type="about:blank", title="Bad Request", status=400, detail=detail))


_BODY = _bad_request("The URL contains a NUL character (%00), which no parameter may hold.")


TOO_DEEP = "it is nested too deeply (more than a few hundred arrays or objects inside one another)"


def decode_json(raw: bytes | str, **kwargs: Any) -> Any:
    """`msgspec.json.decode`, with a document nested beyond the interpreter's recursion limit a
    DecodeError (malformed input, a 400) rather than the RecursionError that escapes as a 500."""
    try:
        return msgspec.json.decode(raw, **kwargs)
    except RecursionError:
        raise msgspec.DecodeError(TOO_DEEP) from None


def nul_at(value: Any) -> str | None:
    """Where a string in a decoded JSON document holds U+0000 (`filter.q`, `tags[2]`, `` for the whole),
    or None; iteratively, as a document may be as deep as the decoder allows."""
    pending: list[tuple[Any, str]] = [(value, "")]
    while pending:
        item, path = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path
        elif isinstance(item, dict):
            for key, member in item.items():
                pending += [(key, path), (member, f"{path}.{key}" if path else str(key))]
        elif isinstance(item, list | tuple):
            pending += [(member, f"{path}[{i}]") for i, member in enumerate(item)]
    return None


def contains_nul(value: Any) -> bool:
    """Whether any string in a decoded JSON document holds U+0000."""
    return nul_at(value) is not None


async def _refuse(send: Send, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def reject_nul_in_url(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: a 400 problem for `%00` anywhere in the path or query string."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            b"%00" in scope.get("query_string", b"")
            or "\x00" in scope.get("path", "")
            or b"%00" in scope.get("raw_path", b"")
        ):
            await _refuse(send, _BODY)
            return
        await app(scope, receive, send)

    return middleware


_BAD_HOST = _bad_request(
    "The Host header is not a host name or address with an optional port (at most 65535)."
)


def reject_bad_host(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: a 400 problem for a Host header that no URL can be built on (a port beyond
    65535, an empty or broken name, a broken IPv6 literal, non-ASCII), before anything reads it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            hosts = [value for name, value in scope.get("headers", ()) if name == b"host"]
            if len(hosts) > 1 or (hosts and not valid_host(hosts[0])):
                await _refuse(send, _BAD_HOST)
                return
        await app(scope, receive, send)

    return middleware
