"""How long one import of 1,000 hostile dates takes, and how long `/health/live` waits meanwhile.

    .venv/bin/python bench/hostile_dates.py [--root CHECKOUT] [--dates 1000] [--server DSN]

`dateline serve --workers 1` from CHECKOUT (default: this one; give a checkout of an older commit to
compare) on a fresh migrated database; a thread asks `/health/live` every 10 ms while one
`POST /v1/import` (CSV) carries the dates of each family, one family at a time. Prints, per family, the
import's status and time and the longest and 99th-percentile `/health/live` latency during it. Loopback
only; the database is dropped afterwards.

Families: `set` (76-character sets of 15 years, each different), `list` (the same as lists),
`near` (impossible days such as 1234-02-30, each different: the package path before this bound),
`nearmoment` (impossible days in a moment, 1234-02-30T10:00:00Z: still the package's to refuse),
`moment` (valid moments with an offset without minutes, each different: a form only the package read
before; the import is written).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import io
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent


def family(name: str, count: int) -> list[str]:
    years = [f"{1000 + i % 8000:04d}" for i in range(count)]
    if name == "set":
        return ["{" + ",".join([y] + ["2020"] * 14) + "}" for y in years]
    if name == "list":
        return ["[" + ",".join([y] + ["2020"] * 14) + "]" for y in years]
    if name == "near":
        return [f"{y}-02-30" for y in years]
    if name == "nearmoment":
        return [f"{y}-02-30T10:00:00Z" for y in years]
    return [f"2021-12-15T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}-03" for i in range(count)]


def csv_body(dates: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date"])
    writer.writerows([f"Hostile {i}", text] for i, text in enumerate(dates))
    return out.getvalue().encode()


def command(root: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout.strip().splitlines()[-1]


def ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/health/ready", timeout=1):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


class Poller(threading.Thread):
    """`/health/live` every 10 ms: each answer's latency, in ms."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.latencies, self.stop = base, [], threading.Event()

    def get(self) -> None:
        with urllib.request.urlopen(f"{self.base}/health/live", timeout=300):  # noqa: S310 - loopback
            pass

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.perf_counter()
            with contextlib.suppress(OSError):  # still the time it was kept waiting
                self.get()
            self.latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)


def measure(base: str, key: str, dates: list[str]) -> tuple[int, float, list[float]]:
    poller = Poller(base)
    poller.start()
    time.sleep(0.3)
    poller.latencies.clear()
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}/v1/import",
        data=csv_body(dates),
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "text/csv"},
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - loopback
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    took = time.perf_counter() - started
    time.sleep(0.05)
    poller.stop.set()
    poller.join()
    return status, took, poller.latencies


@contextlib.contextmanager
def served(
    root: Path, server_url: str, port: int, prefix: str, **extra: str
) -> Iterator[tuple[str, dict[str, str]]]:
    """`dateline serve --workers 1` from `root` on a fresh migrated database, rate limits off; yields its
    base URL and the environment for `command`. The database is dropped afterwards."""
    name = f"dateline_{prefix}_{uuid.uuid4().hex[:8]}"
    dsn = server_url.rsplit("/", 1)[0] + f"/{name}"
    asyncio.run(admin(server_url, f'CREATE DATABASE "{name}"'))
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")},
           "PYTHONPATH": str(root), "DATELINE_DATABASE_URL": dsn, "DATELINE_RATE_LIMIT_ANON": "0",
           "DATELINE_RATE_LIMIT_KEY": "0", **extra}  # fmt: skip
    server = None
    try:
        command(root, env, "migrate")
        server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "1"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        ready(base, server)
        yield base, env
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still busy with abandoned requests
                server.kill()
                server.wait()
        asyncio.run(admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--dates", type=int, default=1000)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--families", default="set,list,near,nearmoment,moment")
    parser.add_argument("--port", type=int, default=8391)
    args = parser.parse_args()
    with served(args.root, args.server, args.port, "hostile") as (base, env):
        key = command(args.root, env, "keys", "create", "--newsroom", "hostile", "--role", "editor")
        print(f"checkout {args.root}: an import of {args.dates:,} dates per family, /health/live every 10 ms")
        for kind in args.families.split(","):
            status, took, latencies = measure(base, key, family(kind, args.dates))
            print(f"  {kind:7s} import {status} in {took:6.2f} s; /health/live: {stall(latencies)}")


def stall(latencies: list[float]) -> str:
    """The answers, the longest and the 99th percentile of `/health/live` latencies (ms)."""
    p99 = statistics.quantiles(latencies, n=100, method="inclusive")[98]
    return f"{len(latencies)} answers, longest {max(latencies):7.1f} ms, p99 {p99:6.1f} ms"


async def admin(dsn: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
