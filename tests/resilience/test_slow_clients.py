"""Input limits: slow-loris clients are cut off within a bounded time while others are still served.

Some clients connect and never send a byte, some send their headers a byte at a time and never
finish them: both are cut by granian's HTTP/1 header_read_timeout (DATELINE_HEADER_READ_TIMEOUT;
`serve` speaks HTTP/1.1 only, as granian's HTTP/1-or-2 detection reads the first bytes with no
timeout). Others send complete headers with a key, then trickle the body a byte at a time: `dateline
serve` bounds the whole body (DATELINE_BODY_READ_TIMEOUT) and answers 408. Meanwhile normal requests
keep getting answers quickly.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.resilience.conftest import Stack, counts, run

HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0
SLACK = 1.5  # the server's timer granularity and the trickle's own 0.5 s period
LORIS = 10  # of each kind
GIVE_UP = 12.0  # a loris still connected by then is a failure


async def loris(
    port: int, headers: bytes, trickle: bytes, give_up: float = GIVE_UP
) -> tuple[str, float, bytes]:
    """Send `headers`, then one byte of `trickle` every 0.5 s until the server answers or hangs up."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(headers)
        await writer.drain()
        received = b""
        while time.monotonic() - started < give_up:
            try:
                chunk = await asyncio.wait_for(reader.read(4096), 0.5)
            except TimeoutError:
                chunk = None
            if chunk == b"":
                return "closed", time.monotonic() - started, received
            if chunk:
                received += chunk
                continue
            writer.write(trickle)
            await writer.drain()
        return "still open", time.monotonic() - started, received
    except (ConnectionError, OSError):
        return "closed", time.monotonic() - started, b""
    finally:
        writer.close()


async def scenario(
    stack: Stack,
) -> tuple[list[tuple[str, float, bytes]], list[tuple[str, float, bytes]], list[int | str], float]:
    port = stack.port
    head = f"POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode()
    slow_headers = [
        asyncio.create_task(loris(port, head + b"Content-Type: application/json\r\nX-Pad", b"a"))
        for _ in range(LORIS)
    ] + [asyncio.create_task(loris(port, b"", b"")) for _ in range(LORIS)]
    full = (
        head
        + (
            f"Authorization: Bearer {stack.key}\r\nContent-Type: application/json\r\n"
            'Content-Length: 4096\r\n\r\n{"title": "slow", "date": "2024-01-01", "summary": "'
        ).encode()
    )
    slow_bodies = [asyncio.create_task(loris(port, full, b"x")) for _ in range(LORIS)]

    normal: list[int | str] = []
    slowest = 0.0
    async with httpx.AsyncClient(base_url=stack.base, timeout=5) as client:
        while not all(t.done() for t in slow_headers + slow_bodies):
            started = time.monotonic()
            try:
                normal.append((await client.get("/v1/events", params={"limit": 5})).status_code)
            except httpx.HTTPError as exc:
                normal.append(type(exc).__name__)
            slowest = max(slowest, time.monotonic() - started)
            await asyncio.sleep(0.1)
    return await asyncio.gather(*slow_headers), await asyncio.gather(*slow_bodies), normal, slowest


def test_slow_loris_clients_are_cut_off_while_others_are_served(stack: Stack):
    stack.serve(header_read_timeout=str(HEADER_TIMEOUT), body_read_timeout=str(BODY_TIMEOUT))
    slow_headers, slow_bodies, normal, slowest = run(scenario(stack), timeout=60)
    header_cut = max(r[1] for r in slow_headers)
    body_cut = max(r[1] for r in slow_bodies)
    body_answers = counts(
        [r[2].split(b"\r\n", 1)[0].decode(errors="replace") or "(no answer)" for r in slow_bodies]
    )
    print(
        f"\n[slow clients] {LORIS} silent connections and {LORIS} never-ending headers: cut off after"
        f" at most {header_cut:.1f} s (timeout {HEADER_TIMEOUT:g} s); {LORIS} trickled bodies: cut off"
        f" after at most {body_cut:.1f} s (timeout {BODY_TIMEOUT:g} s), answered {body_answers};"
        f"\n  meanwhile {len(normal)} normal requests: {counts(normal)}, slowest {slowest:.2f} s"
    )
    assert all(r[0] == "closed" for r in slow_headers + slow_bodies)
    assert header_cut <= HEADER_TIMEOUT + SLACK
    assert body_cut <= BODY_TIMEOUT + SLACK
    assert all(r[2].startswith(b"HTTP/1.1 408 ") for r in slow_bodies), body_answers
    assert all(b"application/problem+json" in r[2] for r in slow_bodies)
    assert normal and set(normal) == {200}, counts(normal)
    assert slowest < 2.0
