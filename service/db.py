"""The connection pools: created once in the app's lifespan, every wait on them bounded."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

import asyncpg
import msgspec
from litestar import Litestar

from service.config import Settings

log = logging.getLogger("dateline")

# The connection of the write transaction this request has open, so nested writes join it.
_transaction: ContextVar[asyncpg.Connection | None] = ContextVar("dateline_transaction", default=None)


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


async def create_pool(dsn: str, settings: Settings) -> asyncpg.Pool:
    """A pool that starts even when the database is down, so the service can answer 503 until it returns."""
    kwargs: dict[str, Any] = {
        "max_size": settings.pool_max_size,
        "command_timeout": settings.command_timeout,
        "init": _init_connection,
        "timeout": settings.pool_acquire_timeout,
        "server_settings": {
            "application_name": "dateline",
            "statement_timeout": str(settings.statement_timeout_ms),
            "idle_in_transaction_session_timeout": str(max(settings.statement_timeout_ms * 2, 10_000)),
        },
    }
    try:
        return await asyncpg.create_pool(dsn, min_size=min(settings.pool_min_size, settings.pool_max_size), **kwargs)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        log.warning("database not reachable at start (%r); serving 503 until it is", exc)
        return await asyncpg.create_pool(dsn, min_size=0, **kwargs)


class Database:
    """The write pool and, when configured, a read pool on a replica."""

    def __init__(self, pool: asyncpg.Pool, settings: Settings, read_pool: asyncpg.Pool | None = None) -> None:
        self.pool = pool
        self.read_pool = read_pool or pool
        self.acquire_timeout = settings.pool_acquire_timeout

    @asynccontextmanager
    async def connection(self, *, read: bool = False) -> AsyncIterator[asyncpg.Connection]:
        """A connection for one request; a full pool raises TimeoutError (a 503) instead of waiting forever.

        Inside a write transaction, reads use its connection and see its writes.
        """
        if (current := _transaction.get()) is not None:
            yield current
            return
        pool = self.read_pool if read else self.pool
        async with pool.acquire(timeout=self.acquire_timeout) as conn:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        """A write transaction; the response is sent only after it commits.

        A transaction opened inside another (an idempotent POST around a create) joins the outer one,
        so both commit or roll back together.
        """
        if (current := _transaction.get()) is not None:
            yield current
            return
        async with self.connection() as conn, conn.transaction():
            token = _transaction.set(conn)
            try:
                yield conn
            finally:
                _transaction.reset(token)

    async def ready(self) -> bool:
        try:
            async with self.connection() as conn:
                return await conn.fetchval("SELECT 1", timeout=self.acquire_timeout) == 1
        except Exception:  # noqa: BLE001 - any failure means not ready
            return False

    async def close(self, timeout: float = 10.0) -> None:
        for pool in {id(p): p for p in (self.pool, self.read_pool)}.values():
            try:
                await asyncio.wait_for(pool.close(), timeout)
            except TimeoutError:
                pool.terminate()


@asynccontextmanager
async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
    """Open the pools when the app starts and close them, bounded, when it stops."""
    settings: Settings = app.state.settings
    dsn = resolve_database_url(settings)
    pool = await create_pool(dsn, settings)
    read_pool = await create_pool(settings.read_database_url, settings) if settings.read_database_url else None
    app.state.db = Database(pool, settings, read_pool)
    try:
        yield
    finally:
        await app.state.db.close()
