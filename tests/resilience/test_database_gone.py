"""Promise 11: the service survives its database going away, under steady load, without a restart.

First every connection of the service is killed (`pg_terminate_backend` on application_name
'dateline'), then PostgreSQL itself is stopped (`pg_ctl stop -m fast`) for about 3 s and started again.
During the outage: 503 (with Retry-After, as a problem), never 500, never a hang, and /health/ready
says not ready; afterwards 100 % success again within RECOVER_WITHIN seconds.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from service.demo.seed import demo_id
from tests.resilience.conftest import Load, Stack, counts, run

CLIENT_TIMEOUT = 10.0  # well above every bounded wait of the service: a request this slow is "hung"
RECOVER_WITHIN = 3.0  # seconds after PostgreSQL accepts connections again
OUTAGE = 3.0
SETTINGS = {
    "pool_max_size": "5",
    "pool_acquire_timeout": "1",
    "command_timeout": "2",
    "statement_timeout_ms": "1500",
}
ALLOWED = {200, 201, 503}


def _ok(result: int | str) -> bool:
    return isinstance(result, int) and 200 <= result < 300


def _recovery(load: Load, since: float, until: float) -> tuple[float, int]:
    """Seconds from `since` to the end of the last failed request of those run between `since` and
    `until`, and how many succeeded after it."""
    window = [r for r in load.records if since <= r[0] and r[1] < until]  # as Load.between
    failed = [r for r in window if not _ok(r[3])]
    last = max((r[1] for r in failed), default=since)
    return max(0.0, last - since), sum(1 for r in window if r[0] > last and _ok(r[3]))


async def scenario(stack: Stack) -> None:
    event = demo_id("event", "mclaren")
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=20)
    async with (
        httpx.AsyncClient(base_url=stack.base, timeout=CLIENT_TIMEOUT, limits=limits) as client,
        httpx.AsyncClient(base_url=stack.base, timeout=CLIENT_TIMEOUT) as probe,
    ):
        load = Load(client)
        n = iter(range(1_000_000))
        loops = [
            *(load.loop("list", lambda c: c.get("/v1/events", params={"limit": 5})) for _ in range(2)),
            *(load.loop("read", lambda c: c.get(f"/v1/events/{event}")) for _ in range(2)),
            load.loop(
                "write",
                lambda c: c.post(
                    "/v1/events",
                    headers=stack.auth,
                    json={"title": f"Resilience write {next(n)}", "date": "2024-05-01"},
                ),
            ),
        ]
        tasks = [asyncio.create_task(loop) for loop in loops]
        try:
            await asyncio.sleep(1.5)
            kill_at = time.monotonic()

            # (a) Every connection of the service killed under it.
            admin = await stack.connect()
            try:
                killed = await admin.fetchval(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'dateline' AND pid <> pg_backend_pid()"
                )
            finally:
                await admin.close()
            terminated_at = time.monotonic()
            await asyncio.sleep(3.0)
            stop_at = time.monotonic()

            # (b) PostgreSQL stopped, readiness probed while it is down, then started again.
            await asyncio.to_thread(stack.pg_stop, "fast")
            down_at = time.monotonic()
            ready_during: list[int | str] = []
            while time.monotonic() - down_at < OUTAGE:
                try:
                    ready_during.append((await probe.get("/health/ready")).status_code)
                except httpx.TimeoutException:
                    ready_during.append("hung")
                await asyncio.sleep(0.3)
            outage_end = time.monotonic()
            await asyncio.to_thread(stack.pg_start)
            up_at = time.monotonic()
            await asyncio.sleep(RECOVER_WITHIN + 2.5)
            ready_after = (await probe.get("/health/ready")).status_code
        finally:
            load.stopped.set()
            await asyncio.wait_for(asyncio.gather(*tasks), CLIENT_TIMEOUT + 5)
        end = time.monotonic()

    everything = [r[3] for r in load.records]
    baseline = [r[3] for r in load.records if r[1] < kill_at]
    outage = load.between(down_at + 0.2, outage_end)
    kill_recovery, after_kill = _recovery(load, terminated_at, stop_at)
    restart_recovery, after_restart = _recovery(load, up_at, end)
    first_ok = min((r[1] for r in load.records if r[0] >= outage_end and _ok(r[3])), default=end) - outage_end
    print(
        f"\n[database gone] all requests: {counts(everything)}"
        f"\n  baseline: {counts(baseline)}"
        f"\n  after pg_terminate_backend of {killed} connections:"
        f" {counts(load.between(terminated_at, stop_at))}, seconds to recover {kill_recovery:.2f}"
        f"\n  postgres stopped {outage_end - down_at:.1f} s: {counts(outage)},"
        f" /health/ready {counts(ready_during)}"
        f"\n  while it starts ({up_at - outage_end:.1f} s): {counts(load.between(outage_end, up_at))},"
        f" first success {first_ok:.2f} s after `pg_ctl start`"
        f"\n  after restart: {counts(load.between(up_at, end))}, seconds to recover {restart_recovery:.2f},"
        f" then {after_restart} successes in a row"
    )
    assert killed >= 1, "the service had no connection to terminate"
    assert set(baseline) <= {200, 201}, counts(baseline)
    assert set(everything) <= ALLOWED, (
        f"statuses beyond 200/201/503 (500, hung, reset, malformed 503): {counts(everything)}"
    )
    assert outage and set(outage) == {503}, counts(outage)
    assert ready_during and set(ready_during) == {503}, counts(ready_during)
    assert kill_recovery <= RECOVER_WITHIN and after_kill > 0
    assert restart_recovery <= RECOVER_WITHIN, f"took {restart_recovery:.2f} s to recover"
    # 100 % success again, by every kind of request, for at least two seconds of load.
    recovered_from = up_at + restart_recovery
    tail = [r for r in load.records if r[0] > recovered_from]
    assert end - recovered_from >= 2.0
    assert {r[2] for r in tail} == {"list", "read", "write"} and all(_ok(r[3]) for r in tail), counts(
        [r[3] for r in tail]
    )
    assert ready_after == 200


def test_database_gone_under_load_recovers_without_restart(stack: Stack):
    stack.serve(**SETTINGS)
    run(scenario(stack), timeout=60)
    log = stack.log()
    print(
        f"  reads retried on a fresh connection: {log.count('retrying once on a fresh one')},"
        f" broken connections discarded: {log.count('discarding a broken database connection')}"
    )
    assert stack.server.poll() is None, "the service died"
    assert "unhandled error" not in stack.log(), "a request ended in a 500"
