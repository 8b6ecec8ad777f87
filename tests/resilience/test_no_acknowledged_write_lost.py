"""Promise 6: a 2xx is sent only after COMMIT, with fsync and synchronous_commit on.

Writers POST events and record every id acknowledged with a 2xx; mid-load PostgreSQL is crashed
(`pg_ctl stop -m immediate`: no checkpoint, recovery from the WAL on start) and started again. Every
acknowledged id must be there afterwards. Requests that failed may or may not have committed; only the
acknowledged ones are promised.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.resilience.conftest import Load, Stack, counts, run

WRITERS = 4
BEFORE_CRASH = 2.0
AFTER_RESTART = 1.5


async def scenario(stack: Stack) -> tuple[set[str], Load, float, float]:
    acknowledged: set[str] = set()
    n = iter(range(1_000_000))

    async def post(client: httpx.AsyncClient) -> httpx.Response:
        response = await client.post(
            "/v1/events", headers=stack.auth, json={"title": f"Durable write {next(n)}", "date": "2024-06-01"}
        )
        if 200 <= response.status_code < 300:
            acknowledged.add(response.json()["id"])
        return response

    async with httpx.AsyncClient(base_url=stack.base, timeout=10) as client:
        load = Load(client)
        tasks = [asyncio.create_task(load.loop("write", post)) for _ in range(WRITERS)]
        try:
            await asyncio.sleep(BEFORE_CRASH)
            crash_at = time.monotonic()
            await asyncio.to_thread(stack.pg_stop, "immediate")
            await asyncio.sleep(0.5)
            await asyncio.to_thread(stack.pg_start)
            up_at = time.monotonic()
            await asyncio.sleep(AFTER_RESTART)
        finally:
            load.stopped.set()
            await asyncio.wait_for(asyncio.gather(*tasks), 15)
    return acknowledged, load, crash_at, up_at


async def check(stack: Stack, acknowledged: set[str]) -> tuple[str, str, set[str]]:
    conn = await stack.connect()
    try:
        fsync, synchronous_commit = (
            await conn.fetchval("SHOW fsync"),
            await conn.fetchval("SHOW synchronous_commit"),
        )
        found = {
            str(row["id"])
            for row in await conn.fetch(
                "SELECT id FROM events WHERE id = ANY($1::uuid[])", list(acknowledged)
            )
        }
    finally:
        await conn.close()
    return fsync, synchronous_commit, acknowledged - found


def test_every_acknowledged_write_survives_a_crash(stack: Stack):
    stack.serve(pool_acquire_timeout="1", command_timeout="3", statement_timeout_ms="2000")
    acknowledged, load, crash_at, up_at = run(scenario(stack), timeout=60)
    fsync, synchronous_commit, missing = run(check(stack, acknowledged), timeout=30)
    statuses = [r[3] for r in load.records]
    before = [r[3] for r in load.records if r[1] < crash_at]
    after = [r[3] for r in load.records if r[0] > up_at + 0.5]
    print(
        f"\n[nothing lost] writes: {counts(statuses)}"
        f" (before the crash {counts(before)}, after restart {counts(after)});"
        f" fsync={fsync}, synchronous_commit={synchronous_commit}"
        f"\n  acknowledged {len(acknowledged)}, missing {len(missing)}"
    )
    assert fsync == "on" and synchronous_commit == "on"
    assert len(acknowledged) >= 20, "too few acknowledged writes for the check to mean anything"
    assert set(statuses) <= {201, 503}, counts(statuses)
    assert 503 in statuses, "the crash was not seen by any request"
    assert after and set(after) == {201}, "the service did not recover after the restart"
    assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    assert "unhandled error" not in stack.log(), "a request ended in a 500"
