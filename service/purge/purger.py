"""The purger: sends the keys commits left in the purge outbox to the edge, from one process per deployment.

How and why: docs/architecture.md, "The purger".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
from litestar import Litestar

from service.config import Settings
from service.metrics import PURGE_DEPTH, PURGE_FAILURES, PURGE_HOLDER, PURGE_LAG
from service.purge.edge import send
from service.sql import load_queries

log = logging.getLogger(__name__)

Q = load_queries(Path(__file__).with_name("queries.sql"))
CHANNEL = "dateline_purge"
LOCK = int.from_bytes(b"dateline", "big") >> 1  # the deployment's purger lock (a bigint advisory lock key)
STANDBY = 1.0  # seconds between a standing-by process's attempts to take the lock
FIRST_RETRY = 0.2  # seconds before the first retry of a failed purge; doubled each time


@asynccontextmanager
async def purger(app: Litestar) -> AsyncIterator[None]:
    """Run the purger while the app runs, when an edge is configured."""
    settings: Settings = app.state.settings
    if not settings.purge_url:
        yield
        return
    task = asyncio.create_task(run(app.state.dsn, settings))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def run(dsn: str, settings: Settings) -> None:
    """Hold the lock and drain the outbox; on a lost connection, connect again with backoff."""
    delay = 0.5
    async with httpx.AsyncClient(timeout=settings.purge_timeout) as client:
        while True:
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(
                    dsn,
                    timeout=settings.pool_acquire_timeout,
                    server_settings={"application_name": "dateline-purge"},
                )
                while not await conn.fetchval(Q.try_lock, LOCK):
                    await asyncio.sleep(STANDBY)
                log.info("purger: this process sends the purges to %s", settings.purge_kind)
                delay = 0.5
                await _drain(conn, client, settings)
            except asyncio.CancelledError:
                raise
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                log.warning("purger lost its database connection (%r); connecting again", exc)
            finally:
                PURGE_HOLDER.set(0)
                if conn is not None and not conn.is_closed():
                    conn.terminate()  # the lock goes with the session, at once
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


async def _drain(conn: asyncpg.Connection, client: httpx.AsyncClient, settings: Settings) -> None:
    """Send the outbox's rows, oldest first, until the connection is lost."""
    wake = asyncio.Event()
    lost = asyncio.Event()
    conn.add_termination_listener(lambda _conn: (lost.set(), wake.set()))
    await conn.add_listener(CHANNEL, lambda *_: wake.set())
    PURGE_HOLDER.set(1)
    failures = 0
    while not lost.is_set():
        wake.clear()
        rows = await conn.fetch(Q.next_batch, settings.purge_batch_rows)
        backlog = await conn.fetchrow(Q.backlog)
        PURGE_DEPTH.set(backlog["depth"])
        PURGE_LAG.set(backlog["lag"])
        if not rows:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), settings.purge_poll_seconds)
            continue
        keys = list(dict.fromkeys(key for row in rows for key in row["keys"]))
        if not keys or await send(client, settings, keys):
            await conn.execute(Q.forget_sent, [row["id"] for row in rows])
            failures = 0
            continue
        PURGE_FAILURES.inc()
        failures += 1
        pause = min(FIRST_RETRY * 2 ** (failures - 1), settings.purge_retry_max_seconds)
        await asyncio.sleep(pause * random.uniform(0.8, 1.0))  # noqa: S311 - jitter, not a secret
