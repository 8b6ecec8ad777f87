"""A response cache for anonymous GETs that a write empties only where it changed something.

How and why: docs/architecture.md, "The response cache".
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator, Collection, Iterable
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import asyncpg
from litestar import Litestar
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.access import note_cache
from service.config import Settings
from service.credentials import sends_credential
from service.db import Database, filling
from service.head import is_head
from service.http import etag_matches, not_modified
from service.metrics import CACHE_HIT, CACHE_INVALIDATIONS, CACHE_MISS
from service.proxies import base_url
from service.replicas import Q as POSITIONS
from service.shared import host_bytes, host_file
from service.surrogate import EVERYTHING, keys_of

log = logging.getLogger(__name__)

CHANNEL = "dateline_changes"
MAX_ENTRY_BYTES = 2 * 1024 * 1024
# ~0.75 kB each with a page URL and its cursor (key, ETag, the headers a 304 repeats): ~2 MiB in all.
MAX_VALIDATORS = 3_000
_REPEATED_IN_304 = (b"etag", b"cache-control", b"vary")
_SAFE = ("GET", "HEAD", "OPTIONS")
_VARIES = (b"if-none-match", b"host")
# Buckets of surrogate keys whose counters the host's workers share: 512 KiB of /dev/shm per database.
SLOTS = 1 << 16


def slot_of(key: str) -> int:
    """Where a surrogate key's counter is: 0 for `all` (everything), else one of SLOTS buckets."""
    if key == EVERYTHING:
        return 0
    return 1 + int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % SLOTS


def slots_of(keys: Iterable[str]) -> tuple[int, ...]:
    """The counters an entry of these keys depends on: everything's first, each bucket once."""
    return (0, *sorted({slot_of(key) for key in keys} - {0}))


class Generation:
    """Which state of a database's content the caches of this host have seen: one 8-byte counter for
    everything and one per bucket of surrogate keys (SLOTS of them, by hash), in a file mapped into the
    memory of every worker serving that database (`/dev/shm` where there is one). A change a worker
    hears of rewrites the counters of its keys with fresh random bytes (a flush, everything's), and an
    entry is dead once any counter it was made under has moved: a write handled by one worker thus
    empties what it changed in the caches of all the host's workers of that database at once; those on
    other hosts hear of it from PostgreSQL. Two keys that share a bucket only empty each other's entries
    too often, never too rarely. The file is named after a hash of the database's URL, so services of
    other databases on the host (another deployment, a test run) neither empty these caches nor are
    emptied by them. With no database (before the listener starts), or on a host without a writable
    temporary directory, it is this process's alone."""

    SIZE = 8 * (1 + SLOTS)

    def __init__(self, database: str | None = None) -> None:
        self._map = host_bytes("keys", database, self.SIZE)

    @staticmethod
    def file_of(database: str) -> Path:
        """The file a database's generation is shared through on this host."""
        return host_file("keys", database)

    @property
    def value(self) -> bytes:
        """Everything's counter."""
        return self._map[:8]

    def stamp(self, slots: tuple[int, ...]) -> bytes:
        """The counters of these slots now: an entry made under another stamp is dead."""
        m = self._map
        return b"".join(m[8 * slot : 8 * slot + 8] for slot in slots)

    def bump(self, slots: Iterable[int] = (0,)) -> None:
        for slot in slots:
            self._map[8 * slot : 8 * slot + 8] = secrets.token_bytes(8)


_SHARED: dict[str, Generation] = {}


def generation_of(database: str) -> Generation:
    """The generation of this database's caches on this host (one mapping per process)."""
    if database not in _SHARED:
        _SHARED[database] = Generation(database)
    return _SHARED[database]


class ChangeFeed:
    """One app's listener: whether it is connected now (else nothing is cached), and the generation of
    its database's caches (this process's own until the listener starts and knows the database)."""

    def __init__(self) -> None:
        self.live = False
        self.generation = Generation()
        self.invalidations = 0  # how many changes emptied something, in this process

    def invalidate(self, keys: Collection[str] | None) -> None:
        """Every invalidation this process learns of, heard from PostgreSQL or made by its own write,
        comes through here: the entries of these surrogate keys are dead on the whole host (None or
        `all`: every entry)."""
        self.invalidations += 1
        CACHE_INVALIDATIONS.inc()
        if keys is None or EVERYTHING in keys:
            self.generation.bump()
        else:
            self.generation.bump(slots_of(keys)[1:])

    def heard(self, payload: str) -> None:
        """The keys a change named (a notification's payload, or a transaction's `dateline.invalidated`):
        space-separated; an empty one is a change from before keys were named, so everything."""
        keys = payload.split()
        self.invalidate(keys or None)


class Entry:
    """A kept response, made under the `generation` stamp of its `slots` (its surrogate keys' counters)."""

    __slots__ = ("generation", "slots", "status", "headers", "body", "etag")

    def __init__(
        self,
        generation: bytes,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        slots: tuple[int, ...] = (0,),
    ) -> None:
        self.generation, self.slots, self.status = generation, slots, status
        self.headers, self.body = headers, body
        self.etag = next((v for k, v in headers if k == b"etag"), None)


class Validator:
    """What a 304 needs of a kept response: its ETag and the headers a 304 repeats (RFC 9110 15.4.5)."""

    __slots__ = ("generation", "slots", "etag", "headers")

    def __init__(self, entry: Entry) -> None:
        self.generation, self.slots, self.etag = entry.generation, entry.slots, entry.etag
        self.headers = [(k, v) for k, v in entry.headers if k in _REPEATED_IN_304]


class ResponseCache:
    """Whole responses by (host, path, query), at most `capacity` bytes of bodies; and the validators
    of up to MAX_VALIDATORS responses, kept after their bodies were pushed out, to answer 304s."""

    def __init__(self, capacity: int, feed: ChangeFeed) -> None:
        self.capacity = capacity
        self.feed = feed
        self.size = 0
        self.entries: OrderedDict[tuple[bytes, str, bytes], Entry] = OrderedDict()
        self.validators: OrderedDict[tuple[bytes, str, bytes], Validator] = OrderedDict()
        # Pages being made now: a burst of requests for a page that is not kept (the first readers of a
        # viral article, or all of them just after a write) makes it once, not once per request.
        self.filling: dict[tuple[bytes, str, bytes], asyncio.Future[None]] = {}

    def get(self, key: tuple[bytes, str, bytes]) -> Entry | None:
        entry = self.entries.get(key)
        if entry is None or entry.generation != self.feed.generation.stamp(entry.slots):
            return None
        self.entries.move_to_end(key)
        return entry

    def validator(self, key: tuple[bytes, str, bytes]) -> Validator | None:
        validator = self.validators.get(key)
        if validator is None or validator.generation != self.feed.generation.stamp(validator.slots):
            return None
        self.validators.move_to_end(key)
        return validator

    def put(self, key: tuple[bytes, str, bytes], entry: Entry) -> None:
        if entry.generation != self.feed.generation.stamp(entry.slots):
            return
        if entry.etag is not None:
            self.validators[key] = Validator(entry)
            self.validators.move_to_end(key)
            if len(self.validators) > MAX_VALIDATORS:
                self.validators.popitem(last=False)
        if len(entry.body) > min(MAX_ENTRY_BYTES, self.capacity):
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > self.capacity:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)


def _cacheable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    if status != 200:
        return False
    for name, value in headers:
        if name == b"set-cookie" or (
            name == b"cache-control" and (b"private" in value or b"no-store" in value)
        ):
            return False
    return True


def _etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    return etag_matches(if_none_match.decode("latin-1"), etag.decode("latin-1"))


async def _replay(entry: Entry, if_none_match: bytes | None, send: Send) -> None:
    if if_none_match is not None and entry.etag is not None and _etag_matches(if_none_match, entry.etag):
        await not_modified([(k, v) for k, v in entry.headers if k in _REPEATED_IN_304], send)
        return
    await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


def response_cache(settings: Settings, feed: ChangeFeed):
    """ASGI middleware factory: serve and keep anonymous public GETs; note this process's own writes."""

    def middleware(app: ASGIApp) -> ASGIApp:
        cache = ResponseCache(settings.response_cache_bytes, feed)

        async def cached(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            method = scope["method"]
            if method not in _SAFE:  # its transaction empties what it changed as it commits (service/db.py)
                note_cache("bypass")
                await app(scope, receive, send)
                return
            found = {name: value for name, value in scope["headers"] if name in _VARIES}
            if (
                method != "GET"
                or not cache.capacity
                or not feed.live
                or sends_credential(scope)
                or scope["path"].startswith(("/health/", "/schema", "/metrics"))
            ):
                note_cache("bypass")
                await app(scope, receive, send)
                return
            key = (base_url(scope).encode("latin-1"), scope["path"], scope["query_string"])
            if_none_match = found.get(b"if-none-match")
            valid = cache.validator(key) if if_none_match is not None else None
            if valid is not None and valid.etag is not None and _etag_matches(if_none_match, valid.etag):
                CACHE_HIT.inc()
                note_cache("hit")
                await not_modified(valid.headers, send)
                return
            entry = cache.get(key)
            head = is_head(scope)
            if entry is None and not head and (pending := cache.filling.get(key)) is not None:
                await asyncio.shield(pending)  # the same page is being made: wait for it, once
                entry = cache.get(key)
            if entry is not None:
                CACHE_HIT.inc()
                note_cache("hit")
                await _replay(entry, if_none_match, send)
                return
            CACHE_MISS.inc()
            note_cache("miss")
            if head:  # what it makes has no body to keep
                await app(scope, receive, send)
                return
            # Its maker's answer could not be kept (a 404, say): make our own, the next ones wait for it.
            leads = key not in cache.filling
            if leads:
                cache.filling[key] = asyncio.get_running_loop().create_future()
            try:
                await _fill(app, scope, receive, send, cache, key, if_none_match)
            finally:
                if leads:
                    cache.filling.pop(key).set_result(None)

        return cached

    return middleware


async def _fill(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    cache: ResponseCache,
    key: tuple[bytes, str, bytes],
    if_none_match: bytes | None,
) -> None:
    """Run the request for the whole response (without `If-None-Match`, so a 304 still fills the
    entry), keep it if it is a public 200 made within one generation, and answer the client."""
    slots = slots_of(keys_of(scope["path"], scope["query_string"]))
    generation = cache.feed.generation.stamp(slots)
    if if_none_match is not None:
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"if-none-match"]}
    start: dict[str, Any] = {}
    chunks: list[bytes] = []
    size = 0
    streaming = False  # the body went out as it came (too big, or not cacheable): just pass it on

    async def capture(message: Message) -> None:
        nonlocal size, streaming
        if message["type"] == "http.response.start":
            start.update(message)
            if not _cacheable(message["status"], list(message.get("headers", []))):
                streaming = True
                await send(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        if streaming:
            await send(message)
            return
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_ENTRY_BYTES:
            streaming = True
            await send(start)
            await send(
                {
                    "type": "http.response.body",
                    "body": b"".join(chunks),
                    "more_body": message.get("more_body", False),
                }
            )
            chunks.clear()
            return
        if not message.get("more_body", False):
            entry = Entry(
                generation, start["status"], list(start.get("headers", [])), b"".join(chunks), slots
            )
            cache.put(key, entry)
            await _replay(entry, if_none_match, send)

    with filling():  # from a replica only once it has replayed the change that emptied the cache
        await app(scope, receive, capture)


@asynccontextmanager
async def change_listener(app: Litestar) -> AsyncIterator[None]:
    """Listen for `dateline_changes` while the app runs, reconnecting with backoff when the link drops."""
    settings: Settings = app.state.settings
    feed: ChangeFeed = app.state.change_feed
    feed.generation = generation_of(app.state.dsn)  # with the cache off too: its writes still empty others'
    app.state.db.committed = feed.heard  # a write's own keys, as it commits (service/db.py)
    if not settings.response_cache_bytes:
        yield
        return
    task = asyncio.create_task(_listen(app.state.dsn, settings, feed, app.state.db))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def _on_change(conn: asyncpg.Connection, feed: ChangeFeed, db: Database) -> Any:
    """What a notification does: empty the entries of the keys it names; with replicas, once the position
    of the change is noted (asked of the primary once for a burst of notifications), so no fill reads
    from before it."""
    if db.replicas is None:
        return lambda _conn, _pid, _channel, payload: feed.heard(payload)
    running: list[asyncio.Task[None]] = []
    heard: list[str] = []

    async def note() -> None:
        try:
            while heard:
                payloads = heard[:]
                heard.clear()
                db.saw_change(await conn.fetchval(POSITIONS.written))
                for payload in payloads:
                    feed.heard(payload)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
            feed.live = False  # nothing is kept until the listener is back, which starts the caches empty
            conn.terminate()
        finally:
            running.clear()

    def heard_one(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
        heard.append(payload)
        if not running:
            running.append(asyncio.get_running_loop().create_task(note()))

    return heard_one


async def _listen(dsn: str, settings: Settings, feed: ChangeFeed, db: Database) -> None:
    delay = 0.5
    while True:
        conn: asyncpg.Connection | None = None
        lost = asyncio.Event()
        try:
            conn = await asyncpg.connect(
                dsn,
                timeout=settings.pool_acquire_timeout,
                server_settings={"application_name": "dateline-listen"},
            )
            conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
            await conn.add_listener(CHANNEL, _on_change(conn, feed, db))
            if db.replicas is not None:
                db.saw_change(await conn.fetchval(POSITIONS.written))
            feed.invalidate(None)  # whatever changed while nobody listened
            feed.live = True
            delay = 0.5
            try:
                await lost.wait()
            finally:
                feed.live = False
                feed.invalidate(None)
            log.warning("change listener lost its connection; the response cache is off until it is back")
        except asyncio.CancelledError:
            if conn is not None and not conn.is_closed():
                await conn.close(timeout=1)
            raise
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            log.warning("change listener cannot connect (%r); the response cache is off", exc)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 10.0)
