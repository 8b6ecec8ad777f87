"""The connection pools: created once in the app's lifespan, every wait on them bounded."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar
from litestar.di import NamedDependency

from service.config import Settings

log = logging.getLogger("dateline")

# The connection of the write transaction this request has open, so nested writes join it.
_transaction: ContextVar[asyncpg.Connection | None] = ContextVar("dateline_transaction", default=None)
# The surrogate keys this transaction's changes named so far (migration 0014_h23core's dateline_invalidate).
_INVALIDATED = "SELECT current_setting('dateline.invalidated', true)"


def resolve_database_url(settings: Settings) -> str:
    """The configured database, or an embedded PostgreSQL under the data folder."""
    if settings.database_url:
        return settings.database_url
    from service.embedded import EmbeddedPostgres

    return EmbeddedPostgres(settings.data_dir.resolve()).start()


def _encode_json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


async def _init_connection(conn: asyncpg.Connection) -> None:
    """JSON columns decode with msgspec, straight into Python objects."""
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_encode_json, decoder=msgspec.json.decode, format="text"
        )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """On release, skip asyncpg's reset query (`RESET ALL; UNLISTEN *; …`): the service never sets
    session state, and that query was a second round trip on every request. asyncpg still rolls back
    a transaction left open before calling this."""


async def create_pool(dsn: str, settings: Settings) -> asyncpg.Pool:
    """A pool that starts even when the database is down, so the service can answer 503 until it returns."""
    kwargs: dict[str, Any] = {
        "max_size": settings.pool_max_size,
        "command_timeout": settings.command_timeout,
        "init": _init_connection,
        "reset": _keep_session,
        "timeout": settings.pool_acquire_timeout,
        "server_settings": {
            "application_name": "dateline",
            "statement_timeout": str(settings.statement_timeout_ms),
            "idle_in_transaction_session_timeout": str(max(settings.statement_timeout_ms * 2, 10_000)),
            # Instants in the JSON that PostgreSQL builds (revisions' states) read `+00:00`, as those the
            # import builds itself (events/repository.py, _state_text), whatever the server's time zone.
            "TimeZone": "UTC",
            # Its writes keep the event documents themselves; the triggers that follow writes made
            # elsewhere (migration 0007) stand aside.
            "dateline.keeps_docs": "on",
        },
    }
    try:
        return await asyncpg.create_pool(dsn, min_size=min(settings.pool_min_size, settings.pool_max_size), **kwargs)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        log.warning("database not reachable at start (%r); serving 503 until it is", exc)
        return await asyncpg.create_pool(dsn, min_size=0, **kwargs)


# The connection itself is gone or unusable, as opposed to a query that failed or took too long.
CONNECTION_LOST: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.PostgresConnectionError,  # class 08: connection failure, closed mid-operation
    asyncpg.exceptions.AdminShutdownError,  # 57P01: pg_terminate_backend, or the server shutting down
    asyncpg.exceptions.CrashShutdownError,  # 57P02: another backend crashed, this one was dropped
    asyncpg.exceptions.InterfaceError,  # "the underlying connection is closed"
    asyncpg.exceptions.InternalClientError,  # protocol state left behind by a connection dying mid-operation
    ConnectionError,
)


def _dead(conn: asyncpg.Connection) -> bool:
    """Closed; or already taken back by the pool, which detaches a proxy whose connection closes."""
    try:
        return conn.is_closed()
    except asyncpg.exceptions.InterfaceError:
        return True


def _lost(conn: asyncpg.Connection, exc: BaseException) -> bool:
    """Whether `exc` means the connection itself is gone (not a failed, cancelled or slow statement)."""
    if not isinstance(exc, CONNECTION_LOST):
        return False
    # Interface and internal errors also come from misuse; they mean a lost connection only once it is closed.
    misuse = asyncpg.exceptions.InterfaceError | asyncpg.exceptions.InternalClientError
    return not isinstance(exc, misuse) or _dead(conn)


def _discard(conn: asyncpg.Connection, exc: BaseException) -> None:
    """Close a connection that broke under a request, so the pool replaces it instead of reusing it."""
    if _lost(conn, exc) or isinstance(exc, asyncpg.exceptions.InternalClientError):
        if not _dead(conn):
            log.warning("discarding a broken database connection: %r", exc)
            conn.terminate()


class _RetryingReads:
    """A read connection whose fetch/fetchrow/fetchval, outside a transaction, is run once more on a
    fresh connection when its connection is lost under it: such a statement stands alone, so running
    it again is safe. The dead connection is given back first, so a request never holds two.
    Everything else is the connection's own."""

    def __init__(self, pool: asyncpg.Pool, conn: asyncpg.Connection, acquire_timeout: float) -> None:
        self.pool = pool
        self.current: asyncpg.Connection | None = conn  # None only between the dead one and its replacement
        self._acquire_timeout = acquire_timeout
        self._retry = True  # once, and never after a transaction was opened on it

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)

    def transaction(self, **kwargs: Any) -> Any:
        self._retry = False
        return self.current.transaction(**kwargs)

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run("fetch", query, args, kwargs)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run("fetchrow", query, args, kwargs)

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run("fetchval", query, args, kwargs)

    async def _run(self, method: str, query: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        conn = self.current
        try:
            return await getattr(conn, method)(query, *args, **kwargs)
        except CONNECTION_LOST as exc:
            if not (self._retry and _lost(conn, exc)):
                raise
            log.warning("a read lost its database connection (%r); retrying once on a fresh one", exc)
        self._retry = False
        if not _dead(conn):
            conn.terminate()
        self.current = None
        await self.pool.release(conn)  # a no-op when the pool already took it back
        self.current = await self.pool.acquire(timeout=self._acquire_timeout)
        return await getattr(self.current, method)(query, *args, **kwargs)


class Database:
    """The write pool and, when configured, a read pool on a replica."""

    def __init__(self, pool: asyncpg.Pool, settings: Settings, read_pool: asyncpg.Pool | None = None) -> None:
        self.pool = pool
        self.read_pool = read_pool or pool
        self.acquire_timeout = settings.pool_acquire_timeout
        self.close_timeout = settings.pool_close_timeout
        # Told the surrogate keys each write transaction invalidated once it commits (service/cache.py).
        self.committed: Callable[[str], None] = lambda _keys: None

    @asynccontextmanager
    async def connection(self, *, read: bool = False) -> AsyncIterator[asyncpg.Connection]:
        """A connection for one request; a full pool raises TimeoutError (a 503) instead of waiting forever.

        Inside a write transaction, reads use its connection and see its writes. A connection that
        dies under a request is discarded, never handed out again; on a read connection (`read=True`,
        which may be a replica, so only ever reads) a statement that lost its connection is run once
        more on a fresh one: asyncpg does not reconnect by itself (asyncpg #447).
        """
        if (current := _transaction.get()) is not None:
            yield current
            return
        pool = self.read_pool if read else self.pool
        conn = await pool.acquire(timeout=self.acquire_timeout)
        reads = _RetryingReads(pool, conn, self.acquire_timeout) if read else None
        try:
            yield conn if reads is None else reads
        except BaseException as exc:
            held = conn if reads is None else reads.current
            if held is not None:
                _discard(held, exc)
            raise
        finally:
            held = conn if reads is None else reads.current
            if held is not None:
                await pool.release(held)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A write transaction; the response is sent only after it commits.

        A transaction opened inside another (an idempotent POST around a create) joins the outer one,
        so both commit or roll back together.
        """
        if (current := _transaction.get()) is not None:
            yield current
            return
        async with self.connection() as conn:
            async with conn.transaction():
                token = _transaction.set(conn)
                try:
                    yield conn
                    changed = await conn.fetchval(_INVALIDATED)
                finally:
                    _transaction.reset(token)
            if changed:  # committed: the host's caches drop what it changed before its response starts
                self.committed(changed)

    async def ready(self) -> bool:
        try:
            async with self.connection() as conn:
                return await conn.fetchval("SELECT 1", timeout=self.acquire_timeout) == 1
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False

    async def close(self, timeout: float | None = None) -> None:
        """Close the pools gracefully (each waits for its connections to be released), but only for
        `pool_close_timeout` seconds; then whatever is left is terminated."""
        timeout = self.close_timeout if timeout is None else timeout
        started = time.monotonic()
        for pool in {id(p): p for p in (self.pool, self.read_pool)}.values():
            try:
                await asyncio.wait_for(pool.close(), max(timeout - (time.monotonic() - started), 0.001))
            except TimeoutError:
                log.warning("database pool not closed within %.1f s; terminating its connections", timeout)
                pool.terminate()
        log.info("database pool closed in %.2f s", time.monotonic() - started)


@asynccontextmanager
async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
    """Open the pools when the app starts and close them, bounded, when it stops."""
    settings: Settings = app.state.settings
    dsn = resolve_database_url(settings)
    pool = await create_pool(dsn, settings)
    read_pool = await create_pool(settings.read_database_url, settings) if settings.read_database_url else None
    app.state.db = Database(pool, settings, read_pool)
    app.state.dsn = dsn
    try:
        yield
    finally:
        await app.state.db.close()


# A handler's `db`: the Database that the app provides under that name.
DatabaseDep = NamedDependency[Database]
