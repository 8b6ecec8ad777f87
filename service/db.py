"""The connection pools: created once in the app's lifespan, every wait on them bounded.

Writes go to the primary; reads (`read=True`) to a replica that may serve them (service/replicas.py),
else to the primary. A request made with a key reads only from replicas that have replayed that key's
last write; a read that fills the response cache, only from those that have replayed the change that
last emptied it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar
from litestar.di import NamedDependency

from service.config import Settings
from service.replicas import TIMEOUT as REPLICA_TIMEOUT
from service.replicas import Q, Replica, Replicas, ReplicaState, SharedPosition

log = logging.getLogger("dateline")

database_used: ContextVar[str] = ContextVar("dateline_database_used", default="none")

# The connection of the write transaction this request has open, so nested writes join it.
_transaction: ContextVar[asyncpg.Connection | None] = ContextVar("dateline_transaction", default=None)
# The surrogate keys this transaction's changes named so far (migration 0014's dateline_invalidate).
_INVALIDATED = "SELECT current_setting('dateline.invalidated', true)"
# The key this request is made with, and the WAL position its reads must see (its last write's).
_key: ContextVar[uuid.UUID | None] = ContextVar("dateline_key", default=None)
_reads_after: ContextVar[int] = ContextVar("dateline_reads_after", default=0)
# Whether this request's response may be kept by the response cache.
_filling: ContextVar[bool] = ContextVar("dateline_filling", default=False)


def note_key(key_id: uuid.UUID | None, written: int | None) -> None:
    """This request is made with that key (None: anonymous), which last wrote at `written`."""
    _key.set(key_id)
    _reads_after.set(written or 0)


@contextmanager
def filling() -> Iterator[None]:
    """Reads made inside are kept by the response cache: they must see every change that emptied it."""
    token = _filling.set(True)
    try:
        yield
    finally:
        _filling.reset(token)


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


async def create_pool(dsn: str, settings: Settings, *, replica: bool = False) -> asyncpg.Pool:
    """A pool that starts even when the database is down, so the service can answer 503 until it returns.

    A replica's connects are bounded by REPLICA_TIMEOUT, and its pool keeps no minimum of connections:
    while it is down, reads skip it, and nothing needs to reconnect to it in the background."""
    kwargs: dict[str, Any] = {
        "max_size": settings.pool_max_size,
        "command_timeout": settings.command_timeout,
        "statement_cache_size": settings.statement_cache_size,
        "init": _init_connection,
        "reset": _keep_session,
        "timeout": REPLICA_TIMEOUT if replica else settings.pool_acquire_timeout,
        "server_settings": {
            "application_name": "dateline",
            "statement_timeout": str(settings.statement_timeout_ms),
            "idle_in_transaction_session_timeout": str(max(settings.statement_timeout_ms * 2, 10_000)),
            # Instants in the JSON that PostgreSQL builds (revisions' states) read `+00:00`, as those the
            # import builds itself (events/document.py, state_text), whatever the server's time zone.
            "TimeZone": "UTC",
            # Its writes keep the event documents themselves; the triggers that follow writes made
            # elsewhere (migration 0007) stand aside.
            "dateline.keeps_docs": "on",
        },
    }
    if replica:
        return await asyncpg.create_pool(dsn, min_size=0, **kwargs)
    try:
        return await asyncpg.create_pool(
            dsn, min_size=min(settings.pool_min_size, settings.pool_max_size), **kwargs
        )
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
    if (_lost(conn, exc) or isinstance(exc, asyncpg.exceptions.InternalClientError)) and not _dead(conn):
        log.warning("discarding a broken database connection: %r", exc)
        conn.terminate()


class _RetryingReads:
    """A read connection whose fetch/fetchrow/fetchval, outside a transaction, is run once more on a
    fresh connection when its connection is lost under it: such a statement stands alone, so running
    it again is safe. The dead connection is given back first, so a request never holds two.
    A replica's connection is replaced by one of the primary (`retry_pool`), and `lost` is told.
    Everything else is the connection's own."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        conn: asyncpg.Connection,
        acquire_timeout: float,
        retry_pool: asyncpg.Pool | None = None,
        lost: Any = None,
    ) -> None:
        self.pool = pool
        self.current: asyncpg.Connection | None = conn  # None only between the dead one and its replacement
        self._acquire_timeout = acquire_timeout
        self._retry_pool = retry_pool or pool
        self._lost = lost
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
            if self._lost is not None:
                self._lost(exc)
        self._retry = False
        if not _dead(conn):
            conn.terminate()
        self.current = None
        await self.pool.release(conn)  # a no-op when the pool already took it back
        if self._retry_pool is not self.pool:
            self.pool = self._retry_pool
            database_used.set("primary")
        self.current = await self.pool.acquire(timeout=self._acquire_timeout)
        return await getattr(self.current, method)(query, *args, **kwargs)


class Database:
    """The write pool on the primary and, when configured, the replicas reads may use."""

    def __init__(
        self, pool: asyncpg.Pool, settings: Settings, replicas: Replicas | None = None, dsn: str | None = None
    ) -> None:
        self.pool = pool
        self.replicas = replicas if replicas and replicas.all else None
        # The last change the caches of this host were emptied for (only kept with replicas to read from).
        self.changed = SharedPosition(dsn if self.replicas else None)
        self.acquire_timeout = settings.pool_acquire_timeout
        self.close_timeout = settings.pool_close_timeout
        # Told the surrogate keys each write transaction invalidated once it commits (service/cache.py).
        self.committed: Callable[[str], None] = lambda _keys: None

    def saw_change(self, position: int) -> None:
        """A change committed at or before `position`: cache fills must see it (said before emptying them)."""
        self.changed.raise_to(position)

    def replica_states(self) -> list[ReplicaState]:
        return [] if self.replicas is None else [r.state() for r in self.replicas.all]

    async def _read_connection(self) -> tuple[asyncpg.Pool, asyncpg.Connection, Replica | None]:
        """A connection of a replica that has replayed what this request must see, else of the primary.
        A replica that cannot give one within REPLICA_TIMEOUT is skipped from then on."""
        if self.replicas is not None:
            position = max(_reads_after.get(), self.changed.value if _filling.get() else 0)
            replica = self.replicas.pick(position)
            if replica is not None:
                try:
                    conn = await replica.pool.acquire(timeout=REPLICA_TIMEOUT)
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                    self.replicas.failed(replica, exc)
                else:
                    database_used.set("replica")
                    return replica.pool, conn, replica
        conn = await self.pool.acquire(timeout=self.acquire_timeout)
        database_used.set("primary")
        return self.pool, conn, None

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
        replica = None
        if read:
            pool, conn, replica = await self._read_connection()
        else:
            pool = self.pool
            conn = await pool.acquire(timeout=self.acquire_timeout)
            database_used.set("primary")
        reads = None
        if read:
            lost = None if replica is None else (lambda exc: self.replicas.failed(replica, exc))  # type: ignore[union-attr]
            reads = _RetryingReads(pool, conn, self.acquire_timeout, self.pool, lost)
        try:
            yield conn if reads is None else reads
        except BaseException as exc:
            held = conn if reads is None else reads.current
            if held is not None:
                _discard(held, exc)
            raise
        finally:
            held = conn if reads is None else reads.current
            if held is not None:  # to its own pool: a replica's replacement is the primary's
                await (pool if reads is None else reads.pool).release(held)

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
            if self.replicas is not None:  # first the position cache fills must reach, then the emptying
                await self._committed(conn)
            if changed:  # committed: the host's caches drop what it changed before its response starts
                self.committed(changed)

    async def _committed(self, conn: asyncpg.Connection) -> None:
        """After a commit, with replicas: the position this request's key and this host's cache fills
        must read from now on (the key's is kept on its row, for every worker and host)."""
        key = _key.get()
        try:
            written = (await conn.fetchval(Q.key_wrote, key)) if key is not None else None
            written = written or await conn.fetchval(Q.written)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
            log.warning("could not note where a commit is (%r): its reads may come from a replica", exc)
            return
        self.changed.raise_to(written)
        _reads_after.set(max(_reads_after.get(), written))

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
        replicas = [] if self.replicas is None else [r.pool for r in self.replicas.all]
        for pool in {id(p): p for p in (self.pool, *replicas)}.values():
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
    urls = settings.read_database_urls
    reading = [Replica(url, await create_pool(url, settings, replica=True)) for url in urls]
    replicas = Replicas(reading, pool, settings.replica_max_lag)
    app.state.db = Database(pool, settings, replicas, dsn)
    app.state.dsn = dsn
    checking = None
    if replicas.all:
        await replicas.check()  # reads go to the primary until a replica is found fit
        checking = asyncio.create_task(replicas.run())
    try:
        yield
    finally:
        if checking is not None:
            checking.cancel()
            await asyncio.gather(checking, return_exceptions=True)
        await app.state.db.close()


# A handler's `db`: the Database that the app provides under that name.
DatabaseDep = NamedDependency[Database]
