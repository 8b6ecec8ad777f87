"""Promise 10: every wait on the database is bounded. A full pool or a slow query is a 503 problem with
Retry-After, never a hang.

A pool of 5, rows locked by another session (`SELECT ... FOR UPDATE` in an open transaction) until
every answer is in, and 100 concurrent PATCHes of those rows: five at a time get a connection and wait
on a lock until statement_timeout cancels them, the others wait for a connection until the acquire
timeout. Every answer arrives, the slowest within the waits a PATCH can make + 1 s: one acquire for its
key lookup, one for its transaction, one statement. On a busy machine a burst of 100 requests takes time
to get through the server even without any database wait, so that time, measured just before with a
burst of unblocked requests, is added to the bound and printed.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from service.demo.seed import demo_id
from tests.resilience.conftest import LOCK_WAITERS, Stack, counts, outcome, run

POOL = 5
ACQUIRE_TIMEOUT = 1.0
STATEMENT_TIMEOUT = 1.5
COMMAND_TIMEOUT = 3.0
REQUESTS = 100
EVENTS = [demo_id("event", key) for key in ("mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus")]
BOUND = 2 * ACQUIRE_TIMEOUT + STATEMENT_TIMEOUT + 1.0


async def scenario(stack: Stack) -> tuple[list[tuple[int | str, float]], int, list[int], float]:
    admin = await stack.connect()  # holds the locks
    observer = await stack.connect()  # pg_stat_activity is a snapshot per transaction: not in admin's
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(
        base_url=stack.base, timeout=15, limits=limits, headers=stack.auth
    ) as client:
        # Warm the client's connections, so the clock below measures the service, not TCP handshakes.
        await asyncio.gather(*(client.get("/health/live") for _ in range(REQUESTS)))

        async def timed_read(i: int) -> float:
            started = time.monotonic()
            assert (await client.get(f"/v1/events/{EVENTS[i % len(EVENTS)]}")).status_code == 200
            return time.monotonic() - started

        # The same burst with nothing to wait for: the server's own time for 100 requests with a key.
        overhead = max(await asyncio.gather(*(timed_read(i) for i in range(REQUESTS))))

        async def patch(i: int) -> tuple[int | str, float]:
            started = time.monotonic()
            try:
                response = await client.patch(
                    f"/v1/events/{EVENTS[i % len(EVENTS)]}", json={"importance": 1 + i % 5}
                )
                return outcome(response), time.monotonic() - started
            except httpx.TimeoutException:
                return "hung", time.monotonic() - started
            except httpx.HTTPError as exc:
                return type(exc).__name__, time.monotonic() - started

        lock = admin.transaction()
        await lock.start()
        await admin.execute("SELECT 1 FROM events WHERE id = ANY($1::uuid[]) FOR UPDATE", EVENTS)
        burst = [asyncio.create_task(patch(i)) for i in range(REQUESTS)]
        await asyncio.sleep(ACQUIRE_TIMEOUT / 2)
        waiting = await observer.fetchval(LOCK_WAITERS)
        results = await asyncio.gather(*burst)  # bounded: the client gives up (a "hung") after 15 s
        await lock.rollback()

        # Afterwards the pool is whole again: a read and a write both succeed.
        after = [
            (await client.get(f"/v1/events/{EVENTS[0]}")).status_code,
            (await client.patch(f"/v1/events/{EVENTS[0]}", json={"importance": 2})).status_code,
        ]
    await admin.close()
    await observer.close()

    return results, waiting, after, overhead


def test_full_pool_and_locked_rows_answer_503_within_the_timeouts(stack: Stack):
    stack.serve(
        pool_max_size=str(POOL),
        pool_acquire_timeout=str(ACQUIRE_TIMEOUT),
        statement_timeout_ms=str(int(STATEMENT_TIMEOUT * 1000)),
        command_timeout=str(COMMAND_TIMEOUT),
    )
    results, waiting, after, overhead = run(scenario(stack), timeout=60)
    bound = BOUND + overhead
    log = stack.log()
    statuses = [r[0] for r in results]
    slowest = max(r[1] for r in results)
    acquire_timeouts, statement_timeouts = (
        log.count(": TimeoutError()"),
        log.count("due to statement timeout"),
    )
    print(
        f"\n[bounded waits] pool {POOL}, {REQUESTS} concurrent PATCHes of locked rows: {counts(statuses)};"
        f" {waiting} waiting on the locks; 503s from the acquire timeout {acquire_timeouts},"
        f" from statement_timeout {statement_timeouts}; slowest answer {slowest:.2f} s"
        f" (bound {bound:.2f} s: 2 x acquire {ACQUIRE_TIMEOUT:g} + statement {STATEMENT_TIMEOUT:g} + 1"
        f" + {overhead:.2f} s for an unblocked burst)"
    )
    assert set(statuses) <= {200, 503}, counts(statuses)  # 503 with Retry-After and a problem, see outcome()
    assert 1 <= waiting <= POOL
    assert acquire_timeouts >= 1 and statement_timeouts >= 1, "both bounded waits should have been hit"
    assert slowest <= bound, f"slowest answer took {slowest:.2f} s"
    assert after == [200, 200], "the service did not recover once the locks were released"
    assert "unhandled error" not in log, "a request ended in a 500"
