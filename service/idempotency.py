"""Safe retries of POSTs: the same `Idempotency-Key` and body replay the first response.

The key is stored in the same transaction as the write it answers, so a retry can never see a
key without its write or a write without its key. A duplicate that arrives while the first is
still in flight finds its advisory lock taken and gets a 409 with `Retry-After`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from litestar import Request, Response

from service.auth.actor import Actor
from service.db import Database
from service.errors import BadRequest, Conflict, Invalid
from service.http import json_response
from service.problem_types import IDEMPOTENCY_IN_FLIGHT, IDEMPOTENCY_MISMATCH
from service.sql import load_queries

Q = load_queries(Path(__file__).with_name("idempotency.sql"))
KEEP = "24 hours"
HEADER = "idempotency-key"


async def _stored(conn: Any, actor: Actor, key: str) -> Any:
    return await conn.fetchrow(Q.stored, actor.key_id, key, KEEP)


def _location(response: Response[Any]) -> str | None:
    """The response's Location: its headers are a plain dict, so look the name up case-insensitively."""
    return next((str(v) for k, v in response.headers.items() if k.lower() == "location"), None)


async def idempotent(
    request: Request[Any, Any, Any],
    actor: Actor,
    db: Database,
    produce: Callable[[], Awaitable[Response[Any]]],
    keep: Callable[[Response[Any]], tuple[int, bytes]] | None = None,
) -> Response[Any]:
    """Run `produce` once per (API key, Idempotency-Key); later identical requests get its response, or
    the status and body `keep` makes of it (for a response that must not be stored, like a secret)."""
    key = request.headers.get(HEADER)
    if key is None:
        return await produce()
    if not 1 <= len(key) <= 200 or not key.isprintable():
        raise BadRequest("Idempotency-Key must be 1-200 printable characters.")
    body = await request.body()
    request_hash = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body).digest()
    async with db.transaction() as conn:
        # A completed request replays without the lock: only a duplicate of one still in flight is a 409
        # (else concurrent retries of a finished request would keep refusing each other).
        stored = await _stored(conn, actor, key)
        if stored is None:
            lock = f"{actor.key_id}:{key}"
            if not await conn.fetchval(Q.lock, lock):
                retry = str(request.app.state.settings.retry_after_seconds)
                raise Conflict(
                    "A request with this Idempotency-Key is still in flight; retry shortly.",
                    headers={"Retry-After": retry},
                    type=IDEMPOTENCY_IN_FLIGHT,
                )
            stored = await _stored(conn, actor, key)  # the first may have committed since the first look
        if stored is not None:
            if stored["request_hash"] != request_hash:
                raise Invalid(
                    "This Idempotency-Key was used with another request; use a new key for a new request.",
                    type=IDEMPOTENCY_MISMATCH,
                )
            headers = {"Location": stored["location"]} if stored["location"] else {}
            headers["Idempotent-Replayed"] = "true"
            return Response(
                stored["body"], status_code=stored["status"], headers=headers, media_type="application/json"
            )
        response = await produce()
        status, kept = keep(response) if keep is not None else (response.status_code, response.content)
        await conn.execute(Q.keep, actor.key_id, key, request_hash, status, _location(response), kept)
    return response


async def created(
    request: Request[Any, Any, Any],
    actor: Actor,
    db: Database,
    create: Callable[[], Awaitable[Any]],
    location: Callable[[Any], str],
) -> Response[Any]:
    """A POST that creates: 201 with the new object and its `Location`, replayable by Idempotency-Key."""

    async def produce() -> Response[Any]:
        obj = await create()
        return json_response(
            request, obj, version=obj.version, status_code=201, headers={"Location": location(obj)}
        )

    return await idempotent(request, actor, db, produce)
