"""The floor under workload 1: what the serving stack costs per timeline page before Dateline's code.

    .venv/bin/python bench/floor.py [--runs 3] [--seconds 10]     # needs the 1M dataset (run.py makes it)

Four servers, each one granian worker on uvloop over HTTP/1 (as `dateline serve` runs), loaded as
run.py loads the service (wrk -c10 on loopback, workload 1's requests), in interleaved runs; for each,
requests per second and the worker's CPU per request:

- `static`: an ASGI callable that sends a page's bytes (a real 50-event page of the dataset, ~130 kB);
- `litestar`: a Litestar app whose one handler returns the same bytes;
- `asyncpg`: an ASGI callable that runs workload 1's page statement (the service's own, a random tag,
  20 % first pages, 80 % after a random cursor) through an asyncpg pool of 10 and sends the documents;
- `service`: `dateline serve` with its response cache off (workload 1 itself),

and pgbench of the same statement at the same concurrency. Writes bench/results/floor.md.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import asyncpg
import psutil
from litestar import Litestar, Response, get

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import generate  # noqa: E402
import run  # noqa: E402

from service.events import pages  # noqa: E402
from service.events.filters import check_event_filters  # noqa: E402
from service.pages import NIL_ID  # noqa: E402

SENTINEL_TAG = "tag-sentinel"
SENTINEL_AT = run.RANGE[0]


def page_statements() -> dict[bool, tuple[str, list[Any]]]:
    """Workload 1's statement, without and with a cursor (by `after`), and its arguments with sentinels."""
    filters = check_event_filters(tag=[SENTINEL_TAG], from_=run.FROM, to=run.TO)
    return {
        after: pages.page_statement(
            filters, order="asc", after=(SENTINEL_AT, NIL_ID) if after else None, backwards=False, limit=50
        )
        for after in (False, True)
    }


def page_args(args: list[Any], rnd: random.Random) -> list[Any]:
    """The statement's arguments for a random page, drawn as run.page_paths draws them."""
    tag = run.tag_name(rnd.randrange(200))
    at = run.dt.datetime.fromtimestamp(
        int(rnd.uniform(run.RANGE[0].timestamp(), run.RANGE[1].timestamp())), run.dt.UTC
    )
    return [tag if a == SENTINEL_TAG else at if a == SENTINEL_AT else a for a in args]


def page_body(rows: list[asyncpg.Record]) -> bytes:
    """The page's documents as a JSON array (the statement reads one row more, for the cursor)."""
    return b"[" + b",".join(row["doc"] for row in rows[:50]) + b"]"


# ---------------------------------------------------------------- the apps (run in granian's worker)


async def _lifespan(receive: Any, send: Any, startup: Any = None, shutdown: Any = None) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            if startup is not None:
                await startup()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            if shutdown is not None:
                await shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return


_HEADERS = [(b"content-type", b"application/json")]


async def static(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        return await _lifespan(receive, send)
    body = _body()
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": body})


@functools.cache
def _body() -> bytes:
    """The page's bytes, read once per worker."""
    return Path(os.environ["FLOOR_BODY"]).read_bytes()


def litestar() -> Any:
    @get("/v1/events", sync_to_thread=False)
    def page() -> Response[bytes]:
        return Response(_body(), media_type="application/json")

    return Litestar([page], openapi_config=None)


class _Database:
    pool: asyncpg.Pool

    def __init__(self) -> None:
        self.statements = page_statements()
        self.rnd = random.Random()

    async def start(self) -> None:
        self.pool = await asyncpg.create_pool(os.environ["FLOOR_DSN"], min_size=10, max_size=10)

    async def stop(self) -> None:
        await self.pool.close()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            return await _lifespan(receive, send, self.start, self.stop)
        sql, args = self.statements[b"cursor=" in scope["query_string"]]
        rows = await self.pool.fetch(sql, *page_args(args, self.rnd))
        body = page_body(rows)
        await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
        await send({"type": "http.response.body", "body": body})


def database() -> Any:
    return _Database()


# ---------------------------------------------------------------- the runner


class Granian:
    """granian serving one of the apps above, as `dateline serve` runs the service."""

    def __init__(self, target: str, port: int, env: dict[str, str], *, factory: bool = True) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--loop",
                "uvloop",
                "--http",
                "1",
                "--no-ws",
                "--workers",
                "1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--factory" if factory else "--no-factory",
                target,
            ],
            cwd=BENCH,
            env={**os.environ, **env, "PYTHONPATH": f"{BENCH.parent}:{BENCH}"},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/v1/events", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"{target} did not start")

    def worker_pids(self) -> list[int]:
        return [c.pid for c in psutil.Process(self.proc.pid).children(recursive=True)]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


async def a_page(dsn: str) -> bytes:
    sql, args = page_statements()[False]
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(sql, *page_args(args, random.Random(1)))
    finally:
        await conn.close()
    return page_body(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=generate.DEFAULT_SERVER)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--out", default=str(BENCH / "results" / "floor.md"))
    args = parser.parse_args()
    dsn = generate.database_url(args.server, run.dataset_name(1_000_000))
    if asyncio.run(run.dataset_events(dsn)) is None:
        raise SystemExit("no 1M dataset: run bench/run.py (or generate.py) first")
    workdir = Path(tempfile.mkdtemp(prefix="dateline-floor-"))
    body = workdir / "page.json"
    body.write_bytes(asyncio.run(a_page(dsn)))
    requests = run.write_requests(
        workdir / "pages.txt", [("GET", p, {}, None) for p in run.page_paths(random.Random(1), 4000)]
    )
    facts = asyncio.run(run.dataset_facts(dsn))
    env = {"FLOOR_BODY": str(body), "FLOOR_DSN": dsn}
    servers: dict[str, Any] = {}
    try:
        servers["static"] = Granian("floor:static", 8781, env, factory=False)
        servers["litestar"] = Granian("floor:litestar", 8782, env)
        servers["asyncpg"] = Granian("floor:database", 8783, env)
        servers["service"] = run.Server(dsn=dsn, port=8784, workers=1, cache=False).start()
        results: dict[str, list[run.Sample]] = {name: [] for name in [*servers, "pgbench", "pgbench-event"]}
        scripts = run.pgbench_scripts(workdir, 1_000_000)
        limits = {"pgbench": scripts["page"], "pgbench-event": scripts["event"]}
        for i in range(args.runs):
            for name, srv in servers.items():
                run.wrk(srv.url, requests, seconds=2, connections=10)
                pid = srv.worker_pids()[-1]
                before = run.cpu_seconds([pid])
                sample = run.wrk(srv.url, requests, seconds=args.seconds, connections=10)
                sample.app_cpu_ms = (run.cpu_seconds([pid]) - before) * 1000 / max(sample.count, 1)
                results[name].append(sample)
                print(f"run {i + 1}, {name}: {sample.rps:,.0f} req/s, {sample.app_cpu_ms:.3f} ms", flush=True)
            for name, (files, defines) in limits.items():
                sample = run.pgbench(
                    dsn, files, defines, seconds=args.seconds, clients=10, postmaster=facts["postmaster"]
                )
                results[name].append(sample)
                print(f"run {i + 1}, {name}: {sample.rps:,.0f} tps", flush=True)
    finally:
        for srv in servers.values():
            srv.stop()
    report = render(args, results, len(body.read_bytes()))
    Path(args.out).write_text(report)
    print(report)


WHAT = {
    "static": "granian + an ASGI callable sending the page's bytes",
    "litestar": "granian + Litestar, one handler returning the page's bytes",
    "asyncpg": "granian + an ASGI callable running the page statement through asyncpg",
    "service": "`dateline serve`, response cache off (workload 1)",
}


def render(args: argparse.Namespace, results: dict[str, list[run.Sample]], size: int) -> str:
    limit = statistics.median(s.rps for s in results["pgbench"])
    lines = [
        "# The floor under workload 1",
        "",
        f"Command: `.venv/bin/python bench/floor.py` — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. "
        f"wrk -t2 -c10 on workload 1's requests, {args.runs} interleaved runs of {args.seconds:g} s, "
        f"median (min–max); one granian worker on uvloop each; the page {size:,} bytes. pgbench: the same "
        f"statement, -c10 -M prepared: {run.median_line([s.rps for s in results['pgbench']])} tps.",
        "",
        "| server | req/s | ÷ pgbench | worker CPU ms/req |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, what in WHAT.items():
        samples = results[name]
        rps = [s.rps for s in samples]
        lines.append(
            f"| {what} | {run.median_line(rps)} | {statistics.median(rps) / limit:.2f} | "
            f"{run.median_line([s.app_cpu_ms for s in samples], '{:.3f}')} |"
        )
    event_limit = statistics.median(s.rps for s in results["pgbench-event"])
    bare = statistics.median(s.rps for s in results["litestar"])
    lines += [
        "",
        f"Workload 3's statement (an event by id) in pgbench, same runs: "
        f"{run.median_line([s.rps for s in results['pgbench-event']])} tps. Litestar answering with no "
        f"database work at all ({bare:,.0f} req/s) is {bare / event_limit:.2f} × that.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
