"""A response cache for anonymous GETs that every write empties at once.

A viral article's embed and the timeline behind it are read thousands of times a minute and written
rarely, so whole public responses are kept in each worker's memory and served without touching the
database, until the next write anywhere. What makes that safe:

* **Every write invalidates.** Statement triggers on the content tables (migration 0006) send a
  `NOTIFY dateline_changes` that PostgreSQL delivers when the writing transaction commits, whoever
  wrote (this service, another replica, `dateline import`, a migration or psql). Each worker listens
  on its own connection and bumps the generation; an entry made in an older generation is dead.
* **The writer sees its write at once.** Keyed reads never come from the cache, and a write handled
  by any worker of a host bumps the generation that all the host's workers serving the same database
  share (`Generation`)
  before its response starts, without waiting for the notification: an anonymous read that follows
  it on the same host, through any worker, is fresh. Other hosts hear of it with the notification,
  a few milliseconds later.
* **No fill from a replica that is behind.** With read replicas, the writer and the listener note the
  primary's WAL position before they empty the caches (service/db.py, `saw_change`); a fill reads a
  replica only once it has replayed past it, else the primary.
* **No listener, no cache.** While the listening connection is down (the database restarting, say),
  nothing is served from or stored in the cache; it reconnects in the background and starts empty.
* **Only what anyone may see.** Requests with a key (a newsroom's own view, with its drafts) or a
  malformed `Authorization` (a 401) always go to the application, as do responses that are not a
  public 200. A blank `Authorization` is no key (service/auth/credentials.py): served from the cache.

Conditional GETs are answered from the cache: a matching `If-None-Match` is a 304 without a body, also
after the body itself was pushed out (the ETags of the last MAX_VALIDATORS responses are kept). On a
miss the application is asked for the whole response, so a conditional GET fills the cache too;
requests for a page that is being made meanwhile wait for it rather than make it again (a burst of
readers just after a write costs the database one query, not one per reader).
A HEAD is answered from a kept response, else by the application without keeping anything (it may
make no body: service/head.py). Entries are keyed by host, path and query string (the `Link` headers and exports name the host), and
the cache holds at most `response_cache_bytes` of bodies, least recently used first out.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from litestar import Litestar
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.auth.credentials import sends_credential
from service.config import Settings
from service.db import Database, filling
from service.head import is_head
from service.http import etag_matches, not_modified
from service.metrics import CACHE_HIT, CACHE_MISS
from service.replicas import Q as POSITIONS
from service.shared import host_bytes, host_file

log = logging.getLogger(__name__)

CHANNEL = "dateline_changes"
MAX_ENTRY_BYTES = 2 * 1024 * 1024
# ~0.75 kB each with a page URL and its cursor (key, ETag, the headers a 304 repeats): ~2 MiB in all.
MAX_VALIDATORS = 3_000
_REPEATED_IN_304 = (b"etag", b"cache-control", b"vary")
_SAFE = ("GET", "HEAD", "OPTIONS")
_VARIES = (b"if-none-match", b"host")


class Generation:
    """Which state of a database's content the caches of this host have seen: 8 bytes in a file mapped
    into the memory of every worker serving that database (`/dev/shm` where there is one), rewritten with
    fresh random bytes by every change a worker hears of. A write handled by one worker thus empties the
    caches of all the host's workers of that database at once; those on other hosts hear of it from
    PostgreSQL. The file is named after a hash of the database's URL, so services of other databases on
    the host (another deployment, a test run) neither empty these caches nor are emptied by them. With
    no database (before the listener starts), or on a host without a writable temporary directory, it
    is this process's alone."""

    def __init__(self, database: str | None = None) -> None:
        self._map = host_bytes("changes", database)

    @staticmethod
    def file_of(database: str) -> Path:
        """The file a database's generation is shared through on this host."""
        return host_file("changes", database)

    @property
    def value(self) -> bytes:
        return self._map[:8]

    def bump(self) -> None:
        self._map[:8] = secrets.token_bytes(8)


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


class Entry:
    __slots__ = ("generation", "status", "headers", "body", "etag")

    def __init__(self, generation: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.generation, self.status, self.headers, self.body = generation, status, headers, body
        self.etag = next((v for k, v in headers if k == b"etag"), None)


class Validator:
    """What a 304 needs of a kept response: its ETag and the headers a 304 repeats (RFC 9110 15.4.5)."""

    __slots__ = ("generation", "etag", "headers")

    def __init__(self, entry: Entry) -> None:
        self.generation, self.etag = entry.generation, entry.etag
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
        if entry is None or entry.generation != self.feed.generation.value:
            return None
        self.entries.move_to_end(key)
        return entry

    def validator(self, key: tuple[bytes, str, bytes]) -> Validator | None:
        validator = self.validators.get(key)
        if validator is None or validator.generation != self.feed.generation.value:
            return None
        self.validators.move_to_end(key)
        return validator

    def put(self, key: tuple[bytes, str, bytes], entry: Entry) -> None:
        if entry.generation != self.feed.generation.value:
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
        if name == b"set-cookie" or (name == b"cache-control" and (b"private" in value or b"no-store" in value)):
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
            if method not in _SAFE:
                await app(scope, receive, _noting_the_write(send, feed))
                return
            found = {name: value for name, value in scope["headers"] if name in _VARIES}
            if (
                method != "GET"
                or not cache.capacity
                or not feed.live
                or sends_credential(scope)
                or scope["path"].startswith(("/health/", "/schema", "/metrics"))
            ):
                await app(scope, receive, send)
                return
            key = (found.get(b"host", b""), scope["path"], scope["query_string"])
            if_none_match = found.get(b"if-none-match")
            if if_none_match is not None and (valid := cache.validator(key)) is not None:
                if valid.etag is not None and _etag_matches(if_none_match, valid.etag):
                    CACHE_HIT.inc()
                    await not_modified(valid.headers, send)
                    return
            entry = cache.get(key)
            head = is_head(scope)
            if entry is None and not head and (pending := cache.filling.get(key)) is not None:
                await asyncio.shield(pending)  # the same page is being made: wait for it, once
                entry = cache.get(key)
            if entry is not None:
                CACHE_HIT.inc()
                await _replay(entry, if_none_match, send)
                return
            CACHE_MISS.inc()
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


def _noting_the_write(send: Send, feed: ChangeFeed) -> Send:
    """Bump the generation as a write's response starts: its transaction is over by then."""

    async def noted(message: Message) -> None:
        if message["type"] == "http.response.start":
            feed.generation.bump()
        await send(message)

    return noted


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
    generation = cache.feed.generation.value
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
            await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": message.get("more_body", False)})
            chunks.clear()
            return
        if not message.get("more_body", False):
            entry = Entry(generation, start["status"], list(start.get("headers", [])), b"".join(chunks))
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
    if not settings.response_cache_bytes:
        yield
        return
    task = asyncio.create_task(_listen(app.state.dsn, settings, feed, app.state.db))
    try:
        yield
    finally:
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


def _on_change(conn: asyncpg.Connection, feed: ChangeFeed, db: Database) -> Any:
    """What a notification does: empty the caches; with replicas, once the position of the change is
    noted (asked of the primary once for a burst of notifications), so no fill reads from before it."""
    if db.replicas is None:
        return lambda *_: feed.generation.bump()
    running: list[asyncio.Task[None]] = []
    heard = asyncio.Event()

    async def note() -> None:
        try:
            while heard.is_set():
                heard.clear()
                db.saw_change(await conn.fetchval(POSITIONS.written))
                feed.generation.bump()
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
            feed.live = False  # nothing is kept until the listener is back, which starts the caches empty
            conn.terminate()
        finally:
            running.clear()

    def heard_one(*_: Any) -> None:
        heard.set()
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
                dsn, timeout=settings.pool_acquire_timeout, server_settings={"application_name": "dateline-listen"}
            )
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, _on_change(conn, feed, db))
            if db.replicas is not None:
                db.saw_change(await conn.fetchval(POSITIONS.written))
            feed.generation.bump()  # whatever changed while nobody listened
            feed.live = True
            delay = 0.5
            try:
                await lost.wait()
            finally:
                feed.live = False
                feed.generation.bump()
            log.warning("change listener lost its connection; the response cache is off until it is back")
        except asyncio.CancelledError:
            if conn is not None and not conn.is_closed():
                await conn.close(timeout=1)
            raise
        except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
            log.warning("change listener cannot connect (%r); the response cache is off", exc)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 10.0)
