"""Rate limits per API key and per client address, answered with 429 and `Retry-After`.

Counted in fixed one-minute windows in each worker process, each worker allowing its share
(limit / workers), so the total across a server's workers never exceeds the limit. Hand-written
because Litestar's rate-limit middleware has one limit for everyone and counts per process.
"""

from __future__ import annotations

import hashlib
import math
import time

import msgspec
from litestar.types import ASGIApp, Receive, Scope, Send

from service.config import Settings
from service.errors import PROBLEM_JSON, ProblemDoc

WINDOW = 60.0


class FixedWindow:
    """Counts per identity in the current window; a new window forgets the old one entirely."""

    def __init__(self, anon_limit: int, key_limit: int, workers: int) -> None:
        self.limits = {
            "anon": math.ceil(anon_limit / workers) if anon_limit else 0,
            "key": math.ceil(key_limit / workers) if key_limit else 0,
        }
        self.window = 0
        self.counts: dict[str, int] = {}

    def hit(self, kind: str, identity: str, now: float) -> float | None:
        """Count a request; the seconds to wait when it is over the limit, else None."""
        limit = self.limits[kind]
        if not limit:
            return None
        window = int(now // WINDOW)
        if window != self.window:
            self.window, self.counts = window, {}
        count = self.counts.get(identity, 0) + 1
        self.counts[identity] = count
        return (window + 1) * WINDOW - now if count > limit else None


def client_address(scope: Scope) -> str:
    """The address of the client that sent this request (the peer's, or "unknown")."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def _identities(scope: Scope) -> list[tuple[str, str]]:
    """What a request counts against: its address, and its key when it sends one.

    A request with a key also counts against its address at the key limit, so sending a new
    made-up key with every request cannot escape the address's limit.
    """
    address = client_address(scope)
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return [("key", "k:" + hashlib.blake2b(value, digest_size=12).hexdigest()), ("key", "ka:" + address)]
    return [("anon", "a:" + address)]


def rate_limit(settings: Settings):
    """ASGI middleware factory; health checks are never limited."""
    counter = FixedWindow(settings.rate_limit_anon, settings.rate_limit_key, max(settings.workers, 1))

    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].startswith("/health/"):
                await app(scope, receive, send)
                return
            now = time.time()
            counted = _identities(scope)
            waits = [w for kind, identity in counted if (w := counter.hit(kind, identity, now)) is not None]
            if not waits:
                await app(scope, receive, send)
                return
            wait, kind = max(waits), counted[0][0]
            retry = str(max(1, math.ceil(wait)))
            body = msgspec.json.encode(ProblemDoc(
                type="about:blank", title="Too Many Requests", status=429,
                detail=f"Rate limit exceeded for this {'key' if kind == 'key' else 'address'}; retry in {retry} s.",
            ))  # fmt: skip
            await send({"type": "http.response.start", "status": 429, "headers": [
                (b"content-type", PROBLEM_JSON.encode()), (b"retry-after", retry.encode()),
                (b"content-length", str(len(body)).encode()),
            ]})  # fmt: skip
            await send({"type": "http.response.body", "body": body})

        return limited

    return middleware
