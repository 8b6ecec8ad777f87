"""Rate limits per API key and per client address, answered with 429 and `Retry-After`.

How and why: docs/architecture.md, "Rate limits".
"""

from __future__ import annotations

import math
import time
import uuid
from collections import OrderedDict

import msgspec
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.config import Settings
from service.credentials import credential, key_hash
from service.errors import PROBLEM_JSON, Problem
from service.proxies import client_address

__all__ = ["client_address", "rate_limit", "report_key", "TooManyRequests"]

WINDOW = 60.0
KNOWN_KEYS = 10_000  # verified keys a worker remembers (hash -> id), least recently used first out
TICKET = "dateline_key_check"  # the scope entry through which the auth tells the limiter about a key


class FixedWindow:
    """Counts per identity in the current window; a new window forgets the old one entirely."""

    def __init__(self, anon_limit: int, key_limit: int, workers: int) -> None:
        self.limits = {
            "anon": math.ceil(anon_limit / workers) if anon_limit else 0,
            "key": math.ceil(key_limit / workers) if key_limit else 0,
        }
        self.window = 0
        self.counts: dict[str, int] = {}

    def _roll(self, now: float) -> int:
        window = int(now // WINDOW)
        if window != self.window:
            self.window, self.counts = window, {}
        return window

    def hit(self, kind: str, identity: str, now: float) -> float | None:
        """Count a request; the seconds to wait when it is over the limit, else None."""
        limit = self.limits[kind]
        if not limit:
            return None
        window = self._roll(now)
        count = self.counts.get(identity, 0) + 1
        self.counts[identity] = count
        return (window + 1) * WINDOW - now if count > limit else None

    def standing(self, kind: str, identity: str, now: float) -> tuple[int, int, int] | None:
        """(quota, remaining, seconds to the window's end) of this bucket; None when its limit is off."""
        limit = self.limits[kind]
        if not limit:
            return None
        window = self._roll(now)
        left = max(0, limit - self.counts.get(identity, 0))
        return limit, left, max(1, math.ceil((window + 1) * WINDOW - now))

    def take_back(self, identity: str, now: float) -> None:
        """Uncount one request of this window (it turned out to belong to another bucket)."""
        self._roll(now)
        if self.counts.get(identity, 0) > 0:
            self.counts[identity] -= 1


class TooManyRequests(Problem):
    status, title = 429, "Too Many Requests"


def _detail(kind: str, retry: str) -> str:
    return f"Rate limit exceeded for this {'key' if kind == 'key' else 'address'}; retry in {retry} s."


def too_many(kind: str, wait: float) -> TooManyRequests:
    retry = str(max(1, math.ceil(wait)))
    return TooManyRequests(_detail(kind, retry), headers={"Retry-After": retry})


class Limiter:
    """A worker's counts, and the keys it has seen verified."""

    def __init__(self, settings: Settings) -> None:
        workers = max(settings.workers, 1)
        self.counter = FixedWindow(settings.rate_limit_anon, settings.rate_limit_key, workers)
        self.known: OrderedDict[bytes, str] = OrderedDict()

    def key_id(self, digest: bytes) -> str | None:
        found = self.known.get(digest)
        if found is not None:
            self.known.move_to_end(digest)
        return found

    def remember(self, digest: bytes, key_id: str) -> None:
        self.known[digest] = key_id
        self.known.move_to_end(digest)
        if len(self.known) > KNOWN_KEYS:
            self.known.popitem(last=False)


class Bucket:
    """Which count a request is in: its policy (`anon` or `key`) and its client's identity."""

    __slots__ = ("kind", "identity")

    def __init__(self, kind: str, identity: str) -> None:
        self.kind, self.identity = kind, identity

    def fields(self, counter: FixedWindow, now: float) -> list[tuple[bytes, bytes]]:
        """The `RateLimit-Policy` and `RateLimit` fields for a response in this bucket (none when off)."""
        standing = counter.standing(self.kind, self.identity, now)
        if standing is None:
            return []
        quota, left, reset = standing
        policy = f'"{self.kind}";q={quota};w={int(WINDOW)}'
        standing_field = f'"{self.kind}";r={left};t={reset}'
        return [(b"ratelimit-policy", policy.encode()), (b"ratelimit", standing_field.encode())]


class KeyCheck:
    """A keyed request on its way to the auth, which reports what its key turned out to be."""

    __slots__ = ("limiter", "digest", "address", "known", "bucket")

    def __init__(self, limiter: Limiter, digest: bytes, address: str, known: bool, bucket: Bucket) -> None:
        self.limiter, self.digest, self.address, self.known = limiter, digest, address, known
        self.bucket = bucket

    def verified(self, key_id: uuid.UUID) -> None:
        """The key is valid: a first sight moves the request from the address's look-ups to the key."""
        if self.known:
            return
        now = time.time()
        self.limiter.counter.take_back("c:" + self.address, now)
        self.limiter.remember(self.digest, str(key_id))
        self.known = True
        self.bucket.kind, self.bucket.identity = "key", "k:" + str(key_id)
        wait = self.limiter.counter.hit("key", "k:" + str(key_id), now)
        if wait is not None:
            raise too_many("key", wait)

    def refused(self) -> None:
        """The key is unknown or revoked: the worker forgets it (the request stays counted)."""
        self.limiter.known.pop(self.digest, None)


def report_key(scope: Scope, key_id: uuid.UUID | None) -> None:
    """The auth's word on the request's key (None: not a valid key); a 429 when the key is over."""
    check: KeyCheck | None = scope.get(TICKET)  # type: ignore[assignment]
    if check is None:
        return
    if key_id is None:
        check.refused()
    else:
        check.verified(key_id)


def _refusal(kind: str, wait: float) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """The 429 the middleware answers itself (the auth's 429s are raised as problems)."""
    problem = too_many(kind, wait)
    body = msgspec.json.encode(problem.doc())
    retry = problem.headers["Retry-After"].encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"retry-after", retry),
               (b"content-length", str(len(body)).encode())]  # fmt: skip
    return headers, body


def rate_limit(settings: Settings):
    """ASGI middleware factory; health checks are never limited."""
    limiter = Limiter(settings)
    counter = limiter.counter

    def middleware(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].startswith("/health/"):
                await app(scope, receive, send)
                return
            now = time.time()
            address = client_address(scope)
            secret = credential(scope)
            if isinstance(secret, str):
                digest = key_hash(secret)
                key_id = limiter.key_id(digest)
                if key_id is not None:
                    bucket = Bucket("key", "k:" + key_id)
                else:  # a key this worker has not seen verified: the address's look-ups pay for it
                    bucket = Bucket("anon", "c:" + address)
                scope[TICKET] = KeyCheck(limiter, digest, address, key_id is not None, bucket)  # type: ignore[literal-required]
            else:  # anonymous, or a malformed header (a 401)
                bucket = Bucket("anon", "a:" + address)
            wait = counter.hit(bucket.kind, bucket.identity, now)
            if wait is None:
                await app(scope, receive, with_fields(send, bucket))
                return
            headers, body = _refusal(bucket.kind, wait)
            headers += bucket.fields(counter, now)
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        def with_fields(send: Send, bucket: Bucket) -> Send:
            """`send`, adding the bucket's fields to the response as it stands when the response starts
            (a key seen for the first time has moved its request to the key's bucket by then)."""

            async def sending(message: Message) -> None:
                if message["type"] == "http.response.start":
                    fields = bucket.fields(counter, time.time())
                    message = {**message, "headers": [*message.get("headers", ()), *fields]}
                await send(message)

            return sending

        return limited

    return middleware
