"""Promise 12: on SIGTERM the requests in flight complete, then the pool closes within its timeout and
the process exits 0. Connection resets: 0.

200 PATCHes are made to wait on row locks held by another session; once all 200 connections are
established at the server and the pool's connections wait on the locks, the server gets SIGTERM, and
the locks are released about a second later. Every request must complete with a 2xx.

That the pool was closed, not dropped with the process, is seen from PostgreSQL's side, whatever the
service's logging delivers: at log_min_messages = debug1 a backend whose client goes away without the
protocol's Terminate message logs "unexpected EOF on client connection" (checked first with a raw
connection dropped on purpose); asyncpg sends Terminate when it closes a connection, a killed worker
does not. The service's own "database pool closed in N s" line must be in the output too (a worker has
its log's queue emptied before it exits: service/stopping.py).
"""

from __future__ import annotations

import asyncio
import signal
import socket
import struct
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import psutil

from service.demo.seed import demo_id
from tests.resilience.conftest import LOCK_WAITERS, Stack, counts, outcome, run

IN_FLIGHT = 200
POOL = 10
POOL_CLOSE_TIMEOUT = 5.0
SHUTDOWN_TIMEOUT = 20.0
EVENTS = [demo_id("event", key) for key in ("mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus")]


def _established(port: int) -> int:
    return sum(
        1
        for c in psutil.net_connections("tcp4")
        if c.laddr and c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED
    )


async def scenario(stack: Stack) -> tuple[list[int | str], float, int | None, int, int]:
    admin = await stack.connect()  # holds the locks
    observer = await stack.connect()  # pg_stat_activity is a snapshot per transaction: not in admin's
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=0)
    async with httpx.AsyncClient(
        base_url=stack.base, timeout=30, limits=limits, headers=stack.auth
    ) as client:

        async def patch(i: int) -> int | str:
            try:
                response = await client.patch(
                    f"/v1/events/{EVENTS[i % len(EVENTS)]}", json={"importance": 1 + i % 5}
                )
                return outcome(response)
            except httpx.TimeoutException:
                return "hung"
            except httpx.HTTPError as exc:  # a reset or a refused connection
                return type(exc).__name__

        lock = admin.transaction()
        await lock.start()
        await admin.execute("SELECT 1 FROM events WHERE id = ANY($1::uuid[]) FOR UPDATE", EVENTS)
        tasks = [asyncio.create_task(patch(i)) for i in range(IN_FLIGHT)]
        deadline = time.monotonic() + 10
        while True:  # all 200 accepted by the server, the pool's connections all waiting on the locks
            waiting = await observer.fetchval(LOCK_WAITERS)
            accepted = await asyncio.to_thread(_established, stack.port)
            if accepted >= IN_FLIGHT and waiting >= POOL:
                break
            assert time.monotonic() < deadline, f"requests not in flight in time ({accepted=}, {waiting=})"
            await asyncio.sleep(0.1)
        assert not any(t.done() for t in tasks), "a request finished before the shutdown began"

        sigterm_at = time.monotonic()
        stack.server.send_signal(signal.SIGTERM)
        await asyncio.sleep(1.0)
        await lock.rollback()
        results = await asyncio.gather(*tasks)
        code = await asyncio.to_thread(stack.server.wait, SHUTDOWN_TIMEOUT + 5)
        exit_after = time.monotonic() - sigterm_at
        left = await observer.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dateline'"
        )
    await admin.close()
    await observer.close()
    return results, exit_after, code, accepted, left


UNEXPECTED_EOF = "unexpected EOF on client connection"


def _drop_a_connection(stack: Stack) -> None:
    """Log in over PostgreSQL's socket, then close it without Terminate, as a killed process would."""
    query = parse_qs(urlsplit(stack.dsn).query)
    path = f"{query['host'][0]}/.s.PGSQL.{query['port'][0]}"
    body = struct.pack("!i", 196608) + b"user\0postgres\0database\0dateline\0\0"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(10)
        sock.connect(path)
        sock.sendall(struct.pack("!i", len(body) + 4) + body)
        received = b""
        while b"Z\0\0\0\x05" not in received:  # ReadyForQuery: logged in (trust on the socket)
            chunk = sock.recv(4096)
            assert chunk, received
            received += chunk


async def _log_abrupt_disconnects(stack: Stack) -> None:
    """Make PostgreSQL log every client that vanishes without Terminate, and check that it does."""
    conn = await stack.connect()
    try:
        await conn.execute("ALTER SYSTEM SET log_min_messages = 'debug1'")
        await conn.fetchval("SELECT pg_reload_conf()")
    finally:
        await conn.close()
    deadline = time.monotonic() + 10
    while UNEXPECTED_EOF not in _pg_log(stack):
        assert time.monotonic() < deadline, "PostgreSQL does not log abrupt disconnects"
        await asyncio.to_thread(_drop_a_connection, stack)
        await asyncio.sleep(0.2)


def _pg_log(stack: Stack) -> str:
    return (stack.pg.pgdata / "server.log").read_text(errors="replace")


def test_sigterm_lets_requests_in_flight_finish_then_closes_the_pool(stack: Stack):
    run(_log_abrupt_disconnects(stack), timeout=30)
    abrupt_before = _pg_log(stack).count(UNEXPECTED_EOF)
    stack.serve(
        pool_max_size=str(POOL),
        pool_acquire_timeout="15",  # the 190 requests waiting for a connection must outlast the shutdown
        pool_close_timeout=str(POOL_CLOSE_TIMEOUT),
        shutdown_timeout=str(SHUTDOWN_TIMEOUT),
    )
    results, exit_after, code, accepted, left = run(scenario(stack), timeout=90)
    log = stack.log()
    completed = sum(1 for r in results if isinstance(r, int) and 200 <= r < 300)
    resets = sum(1 for r in results if not isinstance(r, int) and r != "hung")
    pool_closed = [line for line in log.splitlines() if "database pool closed" in line]
    dropped = _pg_log(stack).count(UNEXPECTED_EOF) - abrupt_before
    print(
        f"\n[graceful shutdown] in flight {IN_FLIGHT} (connections accepted {accepted}),"
        f" completed {completed}, reset {resets}; statuses {counts(results)};"
        f" exit code {code} after {exit_after:.2f} s;"
        f" service connections left {left}, closed without Terminate {dropped}"
        f" ({pool_closed[-1].split(' - ')[-1] if pool_closed else 'the service logged no pool close'})"
    )
    assert accepted >= IN_FLIGHT
    assert completed == IN_FLIGHT, counts(results)
    assert resets == 0
    assert code == 0
    assert exit_after < SHUTDOWN_TIMEOUT
    assert left == 0, "connections of the service outlived it"
    assert dropped == 0, "the pool's connections were dropped with the process, not closed"
    assert "Killing worker" not in log, "granian had to kill the worker"
    assert len(pool_closed) == 1, "the worker's closing line did not reach the log"
