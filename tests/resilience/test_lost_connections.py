"""The one boundary where dead connections are handled: `Database.connection()` (service/db.py).

asyncpg does not reconnect by itself (asyncpg #447): a connection killed under a request fails that
request. Reads (`read=True`, outside a transaction) run the statement once more on a fresh connection,
after giving the dead one back, so even a pool of one suffices; writes fail (a 503 upstream) and are
never retried; either way the dead connection is discarded, and the next request gets a live one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from service.db import Database, create_pool
from service.embedded import EmbeddedPostgres
from tests.conftest import app_settings
from tests.resilience.conftest import run


@pytest.fixture
def dsn(tmp_path: Path) -> Iterator[str]:
    pg = EmbeddedPostgres(tmp_path / "pg")
    try:
        yield pg.start()
    finally:
        pg.stop()


async def _kill(dsn: str, pid: int) -> None:
    admin = await asyncpg.connect(dsn, timeout=10)
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
        # Wait until the backend is really gone, so the next statement meets a dead connection.
        for _ in range(100):
            if not await admin.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid):
                return
            await admin.execute("SELECT pg_sleep(0.02)")
    finally:
        await admin.close()


async def scenario(dsn: str) -> dict[str, object]:
    settings = app_settings(dsn, pool_min_size=1, pool_max_size=1, pool_acquire_timeout=2.0)
    db = Database(await create_pool(dsn, settings), settings)
    seen: dict[str, object] = {}
    try:
        # A read whose connection is killed under it: retried once, on a fresh connection.
        async with db.connection(read=True) as conn:
            first = await conn.fetchval("SELECT pg_backend_pid()")
            await _kill(dsn, first)
            second = await conn.fetchval("SELECT pg_backend_pid()")
            seen["read retried on a new backend"] = second != first

        # A write: the error reaches the caller (the handler answers 503); nothing is retried.
        with pytest.raises((asyncpg.PostgresConnectionError, asyncpg.InterfaceError)):
            async with db.transaction() as conn:
                await _kill(dsn, await conn.fetchval("SELECT pg_backend_pid()"))
                await conn.fetchval("SELECT 1")
        # ... and the dead connection was discarded: the next request gets a live one.
        async with db.connection() as conn:
            seen["write pool usable after"] = await conn.fetchval("SELECT 1") == 1

        # A read in an explicit transaction is not retried either: its snapshot is gone.
        with pytest.raises((asyncpg.PostgresConnectionError, asyncpg.InterfaceError)):
            async with db.connection(read=True) as conn, conn.transaction():
                await _kill(dsn, await conn.fetchval("SELECT pg_backend_pid()"))
                await conn.fetchval("SELECT 1")
        seen["ready after"] = await db.ready()
    finally:
        await db.close()
    return seen


def test_dead_connections_are_discarded_and_reads_retried_once(dsn: str):
    seen = run(scenario(dsn), timeout=60)
    print(f"\n[lost connections] {seen}")
    assert seen == {
        "read retried on a new backend": True,
        "write pool usable after": True,
        "ready after": True,
    }
