"""A cap on expensive requests: `as_of` pages, export renders and imports.

How and why: docs/architecture.md, "Expensive requests".
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.types import ASGIApp, Receive, Scope, Send

from service.auth.actor import Actor
from service.config import Settings
from service.errors import Unavailable
from service.limits import TooManyRequests, client_address

_SCOPE_KEY = "dateline_expensive"


class Gate:
    """The expensive requests in progress in this worker: per client, and in all."""

    def __init__(self, per_client: int, total: int) -> None:
        self.per_client, self.total = per_client, total
        self.running = 0
        self.held: dict[str, int] = {}

    def enter(self, identity: str, retry_after: int) -> None:
        retry = {"Retry-After": str(retry_after)}
        if self.held.get(identity, 0) >= self.per_client:
            raise TooManyRequests(
                f"At most {self.per_client} expensive requests (as_of pages, export renders, imports) "
                f"of one client at a time; retry in {retry_after} s.",
                headers=retry,
            )
        if self.running >= self.total:
            raise Unavailable(
                f"The server is busy with expensive requests; retry in {retry_after} s.", headers=retry
            )
        self.held[identity] = self.held.get(identity, 0) + 1
        self.running += 1

    def leave(self, identity: str) -> None:
        self.running -= 1
        left = self.held[identity] - 1
        if left:
            self.held[identity] = left
        else:
            del self.held[identity]


def expensive_gate(settings: Settings):
    """ASGI middleware factory: gives back, when a response is over, the places its request took."""
    total = settings.expensive_total or max(1, settings.pool_max_size // 2)
    gate = Gate(settings.expensive_per_client, total)

    def middleware(app: ASGIApp) -> ASGIApp:
        async def gated(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or not gate.per_client:
                await app(scope, receive, send)
                return
            taken: list[str] = []
            scope[_SCOPE_KEY] = (gate, taken)  # type: ignore[typeddict-unknown-key]
            try:
                await app(scope, receive, send)
            finally:
                for identity in taken:
                    gate.leave(identity)

        return gated

    return middleware


def enter(request: Request[Any, Any, Any], actor: Actor) -> None:
    """Count this request as expensive for its client until its response is sent; a 429 (or a 503 when
    the worker is full of them) if it may not run now."""
    found = request.scope.get(_SCOPE_KEY)
    if found is None:  # the cap is off
        return
    gate, taken = found
    identity = f"k:{actor.key_id}" if actor.key_id is not None else "a:" + client_address(request.scope)
    gate.enter(identity, request.app.state.settings.retry_after_seconds)
    taken.append(identity)
