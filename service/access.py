"""The request log and request ids: one line per request, and an `X-Request-Id` on every response.

How and why: docs/architecture.md, "The request log".
"""

from __future__ import annotations

import logging
import re
import time
from contextvars import ContextVar
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from uuid_utils import uuid7

from service.db import database_used
from service.metrics import UNMATCHED
from service.proxies import client_ip, peer_is_trusted

log = logging.getLogger("dateline.access")

HEADER = b"x-request-id"
_VALID_ID = re.compile(rb"[A-Za-z0-9._:+/=@-]{1,128}")


class Note:
    """What the layers below learn of a request for its log line."""

    __slots__ = ("cache", "newsroom", "key_id")

    def __init__(self) -> None:
        self.cache = "bypass"
        self.newsroom: str | None = None
        self.key_id: str | None = None


_note: ContextVar[Note | None] = ContextVar("dateline_request_note", default=None)


def note_cache(result: str) -> None:
    """The response cache's part in this request: `hit`, `miss` or `bypass`."""
    if (note := _note.get()) is not None:
        note.cache = result


def note_caller(newsroom: str | None, key_id: object) -> None:
    """The newsroom and key id the request's key belongs to."""
    if (note := _note.get()) is not None:
        note.newsroom, note.key_id = newsroom, None if key_id is None else str(key_id)


def request_id(scope: Scope) -> str:
    """The id a trusted proxy gave the request, when it is a safe one; else a new one."""
    if peer_is_trusted(scope):
        sent = [value for name, value in scope.get("headers", ()) if name == HEADER]
        if len(sent) == 1 and _VALID_ID.fullmatch(sent[0]):
            return sent[0].decode("ascii")
    return str(uuid7())


async def logged(app: ASGIApp, method: str, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one HTTP request with `app` (`method` as the client sent it: a HEAD is answered as its
    GET), its response carrying its request id, and log it once it is over. The route is read from
    the scope after `app` is done: Litestar's router writes the matched route's template into it."""
    started = time.perf_counter()
    rid = request_id(scope)
    header = (HEADER, rid.encode("ascii"))
    status = 500  # what the server makes of an app that fails before it starts a response
    note = Note()
    note_token = _note.set(note)
    db_token = database_used.set("none")

    async def with_id(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != HEADER]
            message = {**message, "headers": [*headers, header]}
        await send(message)

    try:
        await app(scope, receive, with_id)
    finally:
        fields = _fields(rid, method, scope, status, time.perf_counter() - started, note, database_used.get())
        database_used.reset(db_token)
        _note.reset(note_token)
        log.info(
            "%s %s %s %.1f ms request=%s cache=%s db=%s newsroom=%s key=%s client=%s",
            method,
            fields["route"],
            status,
            fields["duration_ms"],
            rid,
            note.cache,
            fields["database"],
            note.newsroom or "-",
            note.key_id or "-",
            fields["client"],
            extra={"fields": fields},
        )


def _fields(
    rid: str, method: str, scope: Scope, status: int, seconds: float, note: Note, database: str
) -> dict[str, Any]:
    return {
        "request_id": rid,
        "method": method,
        "route": scope.get("path_template") or UNMATCHED,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "cache": note.cache,
        "database": database,
        "newsroom": note.newsroom,
        "key_id": note.key_id,
        "client": str(client_ip(scope)),
    }
