"""The whole benchmark in one command: datasets, workloads, the PostgreSQL limit, scale, a report.

    .venv/bin/python bench/run.py                      # everything; writes bench/results/latest.md
    .venv/bin/python bench/run.py --quick              # 3 s runs, 10k/100k only: a smoke test

Needs wrk and pgbench (Debian), PostgreSQL at --server (a role that may create databases), loopback
only. Every load loop is bounded: wrk and pgbench run for a fixed number of seconds, the import has a
timeout. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

from service.config import Settings  # noqa: E402
from service.db import _init_connection  # noqa: E402
from service.events import document, pages  # noqa: E402
from service.events import repository as events_repo  # noqa: E402
from service.events.filters import check_event_filters  # noqa: E402
from service.keys.repository import create_key  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.pages import NIL_ID, encode_cursor, fingerprint  # noqa: E402
from service.timelines import repository as timelines_repo  # noqa: E402

SIZES = {10_000: "10k", 100_000: "100k", 1_000_000: "1m", 10_000_000: "10m"}
FROM, TO = "2015", "2022"
RANGE = (dt.datetime(2015, 1, 1, tzinfo=dt.UTC), dt.datetime(2022, 12, 31, tzinfo=dt.UTC))
TIMELINE_TAGS = list(range(0, 200, 10))  # one saved-filter timeline per tag-000, tag-010, … tag-190
FIRST_PAGES = 0.2  # the share of workload-1/2 requests without a cursor (the rest follow a random one)
LUA = BENCH / "requests.lua"
NEWSROOM = generate.NEWSROOM
IMPORT_JOBS = 2  # files imported at once by `dateline import` (its default)
CACHE_MIB = Settings().response_cache_bytes / 2**20  # the response cache's default size, per worker


def tag_name(n: int) -> str:
    return f"tag-{n:03d}"


def event_id(i: int) -> uuid.UUID:
    """The generator's id of event number i: md5('ev' || i)::uuid."""
    return uuid.UUID(hashlib.md5(f"ev{i}".encode()).hexdigest())


def source_id(j: int) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"src{j}".encode()).hexdigest())


# ---------------------------------------------------------------- processes and measurements


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def reaped_cpu_seconds(pid: int) -> float:
    """CPU of the children a process has reaped: a postmaster's exited backends (pgbench's)."""
    times = psutil.Process(pid).cpu_times()
    return times.children_user + times.children_system


@dataclass
class Server:
    """`dateline serve` on one database: granian with its worker processes. `cache`: the response
    cache as deployed (its default size), else off (`DATELINE_RESPONSE_CACHE_BYTES=0`: each request
    runs its SQL)."""

    dsn: str
    port: int
    workers: int
    cache: bool
    proc: subprocess.Popen | None = None
    log: Path | None = None

    def start(self) -> Server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
        env.update(
            DATELINE_DATABASE_URL=self.dsn,
            DATELINE_RATE_LIMIT_ANON="0",
            DATELINE_RATE_LIMIT_KEY="0",
            DATELINE_LOG_LEVEL="WARNING",
            DATELINE_WORKERS=str(self.workers),
        )
        if not self.cache:
            env["DATELINE_RESPONSE_CACHE_BYTES"] = "0"
        self.log = Path(tempfile.mkstemp(prefix=f"dateline-{self.port}-", suffix=".log")[1])
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health/ready", timeout=2) as response:  # noqa: S310
                    if (
                        response.status == 200
                        and len(self.worker_pids()) >= self.workers
                        and (not self.cache or len(self.backends("dateline-listen")) >= self.workers)
                    ):  # with the cache: every worker's change listener is connected (else it serves nothing)
                        return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server on {self.port} did not start: {self.log.read_text()[-2000:]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        try:
            return [c.pid for c in psutil.Process(self.proc.pid).children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def client_ports(self) -> set[int]:
        """The local ports of the workers' TCP connections: PostgreSQL's `client_port` of their backends."""
        ports = set()
        for pid in self.worker_pids():
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                ports |= {c.laddr.port for c in psutil.Process(pid).net_connections(kind="tcp") if c.raddr}
        return ports

    def backends(self, application_name: str = "dateline") -> list[int]:
        """This server's backends of the given application_name (two servers may share one database)."""
        ports = self.client_ports()

        async def run() -> list[int]:
            conn = await asyncpg.connect(self.dsn)
            try:
                rows = await conn.fetch(
                    "SELECT pid, client_port FROM pg_stat_activity WHERE datname = current_database() "
                    "AND application_name = $1",
                    application_name,
                )
            finally:
                await conn.close()
            # No port (a Unix socket): this server's backends cannot be told apart, so count them all.
            return [r["pid"] for r in rows if r["client_port"] in ports or r["client_port"] in (None, -1)]

        return asyncio.run(run())

    def rss_mb(self) -> float:
        rss = [psutil.Process(pid).memory_info().rss for pid in self.worker_pids()]
        return max(rss) / 2**20 if rss else 0.0

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def http(
    url: str, *, method: str = "GET", body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    data = msgspec.json.encode(body) if body is not None else None
    hdrs = (
        {"Content-Type": "application/json", **(headers or {})} if data is not None else dict(headers or {})
    )
    request = urllib.request.Request(url, data=data, method=method, headers=hdrs)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@dataclass
class Sample:
    """One timed run: throughput and latency, and CPU per request where measured."""

    rps: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    app_cpu_ms: float | None = None
    db_cpu_ms: float | None = None
    count: int = 0
    disk_read_kb: float | None = None  # read from the disks during the run, per request (the whole machine)


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, requests_file: Path, *, seconds: float, connections: int, threads: int = 2) -> Sample:
    """wrk at fixed concurrency for a fixed time, requests drawn at random from the file."""
    threads = min(threads, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "REQUESTS": str(requests_file)},
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    count = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = re.search(r"\s50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+\w+)", out)
    errors = sum(
        int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors:.*?timeout)\s*:?\s*(\d+)", out)
    )
    return Sample(
        rps=rps,
        p50_ms=_ms(p50.group(1)) if p50 else None,
        p99_ms=_ms(p99.group(1)) if p99 else None,
        errors=errors,
        count=count,
    )


@dataclass
class PgbenchScript:
    """A pgbench script replaying one statement the service runs, and its -D variables."""

    text: str
    defines: dict[str, str] = field(default_factory=dict)


def _literal(value: Any) -> str:
    if isinstance(value, list):
        return "{" + ",".join(str(v) for v in value) + "}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def pgbench_statement(sql: str, args: list[Any], slots: dict[int, str], prefix: str) -> PgbenchScript:
    """The service's statement with each `$n` a pgbench variable: the random ones (`slots`, by index)
    become the given expressions of `\\set` variables, the fixed ones -D variables sent as parameters."""
    defines: dict[str, str] = {}

    def sub(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        if index in slots:
            return slots[index]
        name = f"{prefix}{index + 1}"
        defines[name] = _literal(args[index])
        return f":{name}"

    return PgbenchScript(" ".join(re.sub(r"\$(\d+)", sub, sql).split()), defines)


def pgbench(
    dsn: str,
    scripts: list[tuple[Path, int]],
    defines: dict[str, str],
    *,
    seconds: float,
    clients: int,
    postmaster: int,
) -> Sample:
    """pgbench -M prepared at fixed concurrency; PostgreSQL CPU from its reaped backends."""
    parts = re.match(r"postgresql://(?P<user>[^@/]+)@(?P<host>[^:/]+):(?P<port>\d+)/(?P<db>.+)$", dsn)
    argv = ["pgbench", "-h", parts["host"], "-p", parts["port"], "-U", parts["user"], "-n", "-M", "prepared",
            "-c", str(clients), "-j", str(min(2, clients)), "-T", str(int(seconds))]  # fmt: skip
    for path, weight in scripts:
        argv += ["-f", f"{path}@{weight}"]
    for name, value in defines.items():
        argv += ["-D", f"{name}={value}"]
    before = reaped_cpu_seconds(postmaster)
    out = subprocess.run([*argv, parts["db"]], capture_output=True, text=True, timeout=seconds + 120)
    time.sleep(0.3)  # the backends exit and are reaped
    if out.returncode != 0:
        raise SystemExit(f"pgbench failed: {out.stderr[-2000:]}")
    tps = float(re.search(r"tps = ([\d.]+)", out.stdout).group(1))
    count = int(re.search(r"number of transactions actually processed: (\d+)", out.stdout).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", out.stdout).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    db_cpu = (reaped_cpu_seconds(postmaster) - before) * 1000 / max(count, 1)
    return Sample(
        rps=tps, p50_ms=latency, errors=int(failed.group(1)) if failed else 0, db_cpu_ms=db_cpu, count=count
    )


# ---------------------------------------------------------------- datasets and fixtures


def dataset_name(events: int) -> str:
    return f"dateline_bench_{SIZES.get(events, events)}"


async def dataset_events(dsn: str) -> int | None:
    try:
        conn = await asyncpg.connect(dsn)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        comment = await conn.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        match = re.fullmatch(r"dateline bench: (\d+) events, complete", comment or "")
        return int(match.group(1)) if match else None
    finally:
        await conn.close()


def ensure_dataset(server: str, events: int, stats: dict[str, Any], max_generate_s: float) -> str | None:
    """The dataset's DSN, generated when missing (and when it fits the time given)."""
    name = dataset_name(events)
    dsn = generate.database_url(server, name)
    have = asyncio.run(dataset_events(dsn))
    if have is not None and have >= events:
        upgrade(dsn)  # a dataset made before a new migration gets it (and its backfill)
        return dsn
    rate = stats.get("generation", {}).get("events_per_s")
    if rate and events / rate > max_generate_s:
        print(
            f"{name}: skipped; at {rate:,.0f} events/s it would take {events / rate / 60:,.0f} min",
            flush=True,
        )
        return None
    print(f"generating {name} …", flush=True)
    timings = asyncio.run(generate.generate(server, name, events))
    generate.record(name, events, timings)
    stats.update(json.loads(generate.STATS.read_text()))
    return dsn


async def dataset_facts(dsn: str) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        return {
            "events": await conn.fetchval("SELECT count(*) FROM events"),
            "event_tags": await conn.fetchval("SELECT count(*) FROM event_tags"),
            "citations": await conn.fetchval("SELECT count(*) FROM citations"),
            "size": await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))"),
            "shared_buffers": await conn.fetchval("SHOW shared_buffers"),
            "version": (await conn.fetchval("SHOW server_version")).split()[0],
            "postmaster": psutil.Process(await conn.fetchval("SELECT pg_backend_pid()")).ppid(),
        }
    finally:
        await conn.close()


async def published_event_paths(dsn: str, rnd: random.Random, events: int, count: int = 6000) -> list[str]:
    """Workload 3: `count` random events of the dataset, less the drafts among them (2 %: a 404 for
    everyone)."""
    ids = [event_id(1 + rnd.randrange(events)) for _ in range(count)]
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT id FROM events WHERE id = ANY($1::uuid[]) AND status <> 'draft'", ids)
        return [f"/v1/events/{r['id']}" for r in rows]
    finally:
        await conn.close()


async def editor_key(dsn: str) -> str:
    """An editor key of the bench newsroom (as `dateline keys create --newsroom bench --role editor`)."""
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            return (await create_key(conn, newsroom=NEWSROOM, role="editor", name="bench")).key
    finally:
        await conn.close()


def ensure_timelines(base: str, dsn: str, key: str) -> tuple[dict[str, uuid.UUID], str]:
    """The saved-filter timelines of workload 2, and a ~200-event timeline for the embed and export."""
    auth = {"Authorization": f"Bearer {key}"}
    ids: dict[str, uuid.UUID] = {}
    for n in TIMELINE_TAGS:
        slug = f"bench-{tag_name(n)}"
        status, _, body = http(f"{base}/v1/timelines/{slug}")
        if status == 404:
            status, _, body = http(
                f"{base}/v1/timelines",
                method="POST",
                headers=auth,
                body={
                    "slug": slug,
                    "title": f"Everything tagged {tag_name(n)}, {FROM}–{TO}",
                    "status": "published",
                    "filter": {"tag": [tag_name(n)], "from": FROM, "to": TO},
                },
            )
        if status not in (200, 201):
            raise SystemExit(f"timeline {slug}: {status} {body[:300]!r}")
        ids[slug] = uuid.UUID(msgspec.json.decode(body)["id"])

    # About 200 events: tag-007 from January 2020 to the month that reaches 200.
    async def months() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            for month in range(1, 121):
                last = f"{2020 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
                f = check_event_filters(tag=[tag_name(7)], from_="2020-01", to=last)
                sql, args = pages.page_statement(f, order="asc", after=None, backwards=False, limit=400)
                if len(await conn.fetch(f"SELECT 1 FROM ({sql}) x", *args)) >= 200:
                    return last
            return "2029-12"
        finally:
            await conn.close()

    last = asyncio.run(months())
    slug = "bench-embed-200"
    if http(f"{base}/v1/timelines/{slug}")[0] == 404:
        status, _, body = http(
            f"{base}/v1/timelines",
            method="POST",
            headers=auth,
            body={
                "slug": slug,
                "title": "About 200 events for the embed",
                "status": "published",
                "filter": {"tag": [tag_name(7)], "from": "2020-01", "to": last},
            },
        )
        if status != 201:
            raise SystemExit(f"timeline {slug}: {status} {body[:300]!r}")
    return ids, slug


# ---------------------------------------------------------------- requests for wrk


def write_requests(path: Path, lines: list[tuple[str, str, dict[str, str], bytes | None]]) -> Path:
    """One request a line for requests.lua: method, path, headers, body, tab-separated."""
    with path.open("w") as out:
        for method, target, headers, body in lines:
            hdrs = "|".join(f"{k}: {v}" for k, v in headers.items())
            out.write(f"{method}\t{target}\t{hdrs}\t{(body or b'').decode()}\n")
    return path


def random_cursor_key(rnd: random.Random) -> list[Any]:
    ts = dt.datetime.fromtimestamp(int(rnd.uniform(RANGE[0].timestamp(), RANGE[1].timestamp())), dt.UTC)
    return msgspec.to_builtins([ts, NIL_ID])


def page_paths(rnd: random.Random, count: int) -> list[str]:
    """Workload 1: a random tag, from 2015 to 2022, first pages and pages after a random cursor."""
    paths = []
    for _ in range(count):
        tag = tag_name(rnd.randrange(200))
        path = f"/v1/events?tag={tag}&from={FROM}&to={TO}&limit=50"
        if rnd.random() >= FIRST_PAGES:
            fp = fingerprint({**check_event_filters(tag=[tag], from_=FROM, to=TO).key(), "order": "asc"})
            path += "&cursor=" + encode_cursor("next", random_cursor_key(rnd), fp)
        paths.append(path)
    return paths


def timeline_paths(rnd: random.Random, count: int, timelines: dict[str, uuid.UUID]) -> list[str]:
    """Workload 2: the same pages through a timeline whose saved filter is the tag and range."""
    paths = []
    slugs = sorted(timelines)
    for _ in range(count):
        slug = rnd.choice(slugs)
        path = f"/v1/timelines/{slug}/events?limit=50"
        if rnd.random() >= FIRST_PAGES:
            fp = fingerprint(
                {**check_event_filters().key(), "order": "asc", "timeline": str(timelines[slug])}
            )
            path += "&cursor=" + encode_cursor("next", random_cursor_key(rnd), fp)
        paths.append(path)
    return paths


def with_etags(
    base: str, paths: list[str], sizes: list[int] | None = None
) -> list[tuple[str, str, dict[str, str], None]]:
    """Conditional GETs: each path with the ETag it answers now, so each gets a 304 (`sizes`: the bodies'
    lengths, what a response cache keeps for them)."""
    out = []
    for path in paths:
        status, headers, body = http(base + path)
        if status == 200:
            out.append(("GET", path, {"If-None-Match": headers["etag"]}, None))
            if sizes is not None:
                sizes.append(len(body))
    return out


def invalidation_check(cached: Server, other: Server, embed_path: str, key: str) -> dict[str, Any]:
    """Once, outside the timed runs: does a write reach the next read of a cached page? The embed page
    of the ~200-event timeline from the cached server (twice, so the second is served from its entry),
    an event of that page retitled with `PATCH /v1/events/{id}`, then the page again at once: is the
    new title in it? Written first through the cached server itself, then through the other server
    (another process: only PostgreSQL's NOTIFY tells the cache). The title is put back afterwards."""
    auth = {"Authorization": f"Bearer {key}"}
    status, _, page = http(cached.url + embed_path)
    if status != 200:
        return {"absent": f"the embed page answers HTTP {status}"}
    found = re.search(r'id="t-([0-9a-f-]{36})"', page.decode())
    if found is None:
        return {"absent": "no event on the embed page"}
    event_path = f"/v1/events/{found.group(1)}"
    status, _, body = http(cached.url + event_path, headers=auth)  # with a key: never from the cache
    if status != 200:
        return {"absent": f"GET {event_path} answers HTTP {status}"}
    original = msgspec.json.decode(body)["title"]
    out: dict[str, Any] = {"event": found.group(1), "checks": []}
    try:
        for label, writer in (("through the cached server", cached), ("through the other server", other)):
            http(cached.url + embed_path)
            before = http(cached.url + embed_path)[2].decode()
            marker = f"bench-check-{uuid.uuid4().hex[:12]}"
            status, _, body = http(
                writer.url + event_path,
                method="PATCH",
                headers=auth,
                body={"title": f"{original[:270]} {marker}"},
            )
            written = time.monotonic()
            check: dict[str, Any] = {"writer": label, "stale_before": marker not in before}
            if status != 200:
                check["error"] = f"PATCH {event_path}: HTTP {status} {body[:200]!r}"
                out["checks"].append(check)
                continue
            check["seen"] = marker in http(cached.url + embed_path)[2].decode()
            while not check["seen"] and time.monotonic() - written < 5:  # how late, if it was
                time.sleep(0.005)
                if marker in http(cached.url + embed_path)[2].decode():
                    check["seen_after_ms"] = (time.monotonic() - written) * 1000
                    break
            out["checks"].append(check)
    finally:
        status, _, body = http(
            cached.url + event_path, method="PATCH", headers=auth, body={"title": original}
        )
        out["restored"] = status == 200 and msgspec.json.decode(body)["title"] == original
    return out


def event_bodies(rnd: random.Random, count: int) -> list[bytes]:
    """Workload 6: POST /v1/events bodies, published, with two citations of existing sources."""
    bodies = []
    for i in range(count):
        day = dt.date(1990, 1, 1) + dt.timedelta(days=rnd.randrange(13149))
        bodies.append(
            msgspec.json.encode(
                {
                    "title": f"Bench write {i}",
                    "summary": "Written by the benchmark.",
                    "date": day.isoformat(),
                    "tags": [tag_name(rnd.randrange(200)), tag_name(rnd.randrange(200))],
                    "status": "published",
                    "citations": [
                        {
                            "source_id": str(source_id(1 + rnd.randrange(generate.SOURCES))),
                            "quote": "The benchmark says so.",
                            "stance": "supports",
                        },
                        {
                            "source_id": str(source_id(1 + rnd.randrange(generate.SOURCES))),
                            "quote": "Another source says so too.",
                            "stance": "context",
                        },
                    ],
                }
            )
        )
    return bodies


# ---------------------------------------------------------------- pgbench scripts


def pgbench_scripts(workdir: Path, events: int) -> dict[str, tuple[list[tuple[Path, int]], dict[str, str]]]:
    """The exact statements of workloads 1–3 (from the repository code), with random parameters drawn as
    the wrk requests draw them: a uniform tag, a uniform cursor instant, a uniform event number."""
    sentinel_tag, sentinel_at = "tag-sentinel", dt.datetime(2018, 6, 1, tzinfo=dt.UTC)
    tag = "('tag-' || lpad({}::text, 3, '0'))"  # of a pgbench variable
    draws = (
        f"\\set t random(0, 199)\n\\set ts random({int(RANGE[0].timestamp())}, {int(RANGE[1].timestamp())})\n"
    )
    filters = check_event_filters(tag=[sentinel_tag], from_=FROM, to=TO)

    def page(after: Any, prefix: str, tag_var: str = ":t") -> PgbenchScript:
        sql, args = pages.page_statement(filters, order="asc", after=after, backwards=False, limit=50)
        slots = {i: tag.format(tag_var) for i, v in enumerate(args) if v == sentinel_tag}
        slots |= {i: "to_timestamp(:ts)" for i, v in enumerate(args) if v == sentinel_at}
        return pgbench_statement(sql, args, slots, prefix)

    first, cursor = page(None, "f"), page((sentinel_at, NIL_ID), "c")
    # A timeline's page: its row by slug, then the page of its saved filter (the same statement as above).
    scope_sql = " ".join(
        timelines_repo.Q.timeline_scope.replace("$1", f"('bench-' || {tag.format(':tl')})").split()
    )
    tl_first, tl_cursor = page(None, "f", ":tl"), page((sentinel_at, NIL_ID), "c", ":tl")
    tl_draws = "\\set tl 10 * random(0, 19)\n" + draws
    get_event = pgbench_statement(events_repo.Q.get_event, [None], {0: "md5('ev' || :i)::uuid"}, "g")
    files = {
        "first": draws + first.text, "cursor": draws + cursor.text,
        "timeline_first": f"{tl_draws}{scope_sql};\n{tl_first.text}",
        "timeline_cursor": f"{tl_draws}{scope_sql};\n{tl_cursor.text}",
        "event": f"\\set i random(1, {events})\n{get_event.text}",
    }  # fmt: skip
    paths = {}
    for name, text in files.items():
        paths[name] = workdir / f"{name}.pgbench"
        paths[name].write_text(text + "\n")
    defines = {**first.defines, **cursor.defines}
    first_weight, cursor_weight = round(FIRST_PAGES * 10), round((1 - FIRST_PAGES) * 10)
    return {
        "page": ([(paths["first"], first_weight), (paths["cursor"], cursor_weight)], defines),
        "timeline": (
            [(paths["timeline_first"], first_weight), (paths["timeline_cursor"], cursor_weight)],
            defines,
        ),
        "event": ([(paths["event"], 1)], {}),
    }


async def page_buffers(dsn: str, rnd: random.Random, pages: int = 100) -> tuple[float, float]:
    """Shared buffers that workload 1's statement touches per page, found in memory and read from the
    operating system (its cache or the disk): the mean over random pages drawn as wrk draws them."""
    conn = await asyncpg.connect(dsn)
    hit = read = 0
    try:
        for _ in range(pages):
            filters = check_event_filters(tag=[f"tag-{rnd.randrange(200):03}"], from_=FROM, to=TO)
            at = dt.datetime.fromtimestamp(rnd.uniform(RANGE[0].timestamp(), RANGE[1].timestamp()), dt.UTC)
            after = None if rnd.random() < FIRST_PAGES else (at, NIL_ID)
            sql, args = pages.page_statement(filters, order="asc", after=after, backwards=False, limit=50)
            plan = json.loads(await conn.fetchval(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", *args))
            hit += plan[0]["Plan"]["Shared Hit Blocks"]
            read += plan[0]["Plan"]["Shared Read Blocks"]
    finally:
        await conn.close()
    return hit / pages, read / pages


def stored_vs_built_scripts(workdir: Path) -> dict[str, tuple[list[tuple[Path, int]], dict[str, str]]]:
    """Workload 1's cursor page two ways: its events' stored documents (event_docs: what the service
    runs), and the same documents built from the rows for each request (fragment_event_json, the
    definition event_docs is kept to)."""
    scripts, defines = pgbench_scripts(workdir, 1)["page"]
    text = scripts[1][0].read_text()
    built_doc = "convert_to((" + " ".join(document.EVENT_JSON.split()) + ")::text, 'UTF8') AS doc"
    built = text.replace(pages.PAGE_DOC, built_doc).replace(
        "JOIN event_docs d ON d.event_id = p.id", "JOIN events e ON e.id = p.id"
    )
    if built.count("json_build_object") == 0 or "event_docs" in built:
        raise SystemExit("could not find the stored-document select list in the page statement")
    path = workdir / "cursor_built.pgbench"
    path.write_text(built)
    return {"stored": ([scripts[1]], defines), "built": ([(path, 1)], defines)}


async def python_page_cost(dsn: str, repeat: int = 40) -> tuple[float, float]:
    """Python CPU per 50-event page of workload 1: asyncpg fetching the documents and msgspec encoding the
    page, with the documents as the service takes them (`page_item`: as stored), and decoded into Events."""
    conn = await asyncpg.connect(dsn)
    try:
        await _init_connection(conn)
        f = check_event_filters(tag=[tag_name(42)], from_=FROM, to=TO)
        after = (dt.datetime(2018, 6, 1, tzinfo=dt.UTC), NIL_ID)
        sql, args = pages.page_statement(f, order="asc", after=after, backwards=False, limit=50)
        for _ in range(3):
            await conn.fetch(sql, *args)
        spent = []
        for item in (document.page_item, document.event_from_doc):
            cpu = time.process_time()
            for _ in range(repeat):
                msgspec.json.encode([item(row["doc"]) for row in await conn.fetch(sql, *args)])
            spent.append((time.process_time() - cpu) * 1000 / repeat)
        return spent[0], spent[1]
    finally:
        await conn.close()


async def plans(dsn: str) -> list[str]:
    """The plans the pool's prepared statements get: EXPLAIN ANALYZE EXECUTE after 6 runs (generic or
    custom)."""
    conn = await asyncpg.connect(dsn, server_settings={"application_name": "dateline-plans"})
    lines = []
    try:
        for label, after in (
            ("workload 1, first page", None),
            ("workload 1, after a cursor", (dt.datetime(2018, 6, 1, tzinfo=dt.UTC), NIL_ID)),
        ):
            f = check_event_filters(tag=[tag_name(42)], from_=FROM, to=TO)
            sql, args = pages.page_statement(f, order="asc", after=after, backwards=False, limit=50)
            await conn.execute(f"PREPARE bench_page AS {sql}")
            values = ", ".join(f"'{_literal(v)}'" for v in args)
            for n in range(7):
                values_n = values.replace(f"'{tag_name(42)}'", f"'{tag_name(40 + n)}'")
                await conn.execute(f"EXECUTE bench_page({values_n})")
            plan = [
                r[0] for r in await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_page({values})")
            ]
            await conn.execute("DEALLOCATE bench_page")
            generic = any("$1" in line for line in plan)
            top = [
                ln
                for ln in plan
                if re.search(
                    r"Limit|Merge Append|Index Only Scan|Index Cond|Planning Time|Execution Time", ln
                )
            ]
            top = top[:6] + top[-2:]
            lines.append(f"{label}: {'generic' if generic else 'custom'} plan after 7 executions")
            lines += [f"    {ln.strip()[:160]}" for ln in top]
    finally:
        await conn.close()
    return lines


# ---------------------------------------------------------------- the run


def median_line(values: list[float], fmt: str = "{:,.0f}") -> str:
    if not values:
        return "–"
    med = statistics.median(values)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
            out[pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return out


def measure_service(
    server: Server, requests_file: Path, *, seconds: float, connections: int, warmup: float
) -> Sample:
    """One wrk run; CPU per request of the workers and of the pool's backends (per process, so a
    backend that comes or goes during the run counts for what it used while measured; only this
    server's, told by their client ports, when two servers share the database)."""
    if warmup:
        wrk(server.url, requests_file, seconds=warmup, connections=connections)
    workers, backends = server.worker_pids(), server.backends()
    app0, db0 = cpu_seconds(workers), cpu_by_pid(backends)
    disk0 = psutil.disk_io_counters().read_bytes
    sample = wrk(server.url, requests_file, seconds=seconds, connections=connections)
    sample.disk_read_kb = (psutil.disk_io_counters().read_bytes - disk0) / 1024 / max(sample.count, 1)
    db1 = cpu_by_pid(sorted(set(backends) | set(server.backends())))
    sample.app_cpu_ms = (cpu_seconds(workers) - app0) * 1000 / max(sample.count, 1)
    sample.db_cpu_ms = sum(cpu - db0.get(pid, 0.0) for pid, cpu in db1.items()) * 1000 / max(sample.count, 1)
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Dateline benchmark: every workload, the PostgreSQL limit, scale."
    )
    parser.add_argument(
        "--server", default=generate.DEFAULT_SERVER, help="admin DSN of the PostgreSQL server"
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="events in the dataset of workloads 1–6")
    parser.add_argument(
        "--scale", default="10000,100000,1000000,10000000", help="dataset sizes for the scale run"
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--connections", type=int, default=10, help="wrk connections = pgbench clients = pool size"
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--import-events", type=int, default=100_000)
    parser.add_argument("--import-timeout", type=float, default=1200, help="seconds for the whole import")
    parser.add_argument("--max-generate-minutes", type=float, default=90)
    parser.add_argument("--quick", action="store_true", help="3 s runs on 10k/100k: checks the harness")
    parser.add_argument("--out", default=str(BENCH / "results" / "latest.md"))
    args = parser.parse_args()
    if args.quick:
        args.size, args.scale, args.seconds, args.warmup, args.runs = 100_000, "10000,100000", 3, 1, 1
        args.import_events, args.import_timeout = 2_000, 120
    started = time.time()
    stats = json.loads(generate.STATS.read_text()) if generate.STATS.exists() else {}
    rnd = random.Random(20261201)
    workdir = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    report: list[str] = []
    load_before = os.getloadavg()

    # Datasets.
    sizes = sorted({int(s) for s in args.scale.split(",")} | {args.size})
    dsns = {n: ensure_dataset(args.server, n, stats, args.max_generate_minutes * 60) for n in sizes}
    main_dsn = dsns[args.size]
    if main_dsn is None:
        raise SystemExit(f"no dataset of {args.size:,} events")
    facts = asyncio.run(dataset_facts(main_dsn))
    postmaster = facts["postmaster"]

    # The service on the main dataset, twice: the response cache off (every request runs its SQL: the
    # comparison with pgbench) and on (the default deployment), its timelines and requests.
    server = Server(main_dsn, 8790, args.workers, cache=False).start()
    cached_server: Server | None = None
    try:
        cached_server = Server(main_dsn, 8791, args.workers, cache=True).start()
        key = asyncio.run(editor_key(main_dsn))
        timelines, embed_slug = ensure_timelines(server.url, main_dsn, key)
        reqs = {
            "page": write_requests(
                workdir / "page.tsv", [("GET", p, {}, None) for p in page_paths(rnd, 4000)]
            ),
            "timeline": write_requests(
                workdir / "timeline.tsv", [("GET", p, {}, None) for p in timeline_paths(rnd, 4000, timelines)]
            ),
        }
        events = asyncio.run(published_event_paths(main_dsn, rnd, args.size))
        reqs["event"] = write_requests(workdir / "event.tsv", [("GET", p, {}, None) for p in events])
        bodies: dict[str, list[int]] = {"event_304": [], "page_304": []}  # bytes a cache would keep
        reqs["event_304"] = write_requests(
            workdir / "event_304.tsv", with_etags(server.url, events[:1000], bodies["event_304"])
        )
        reqs["page_304"] = write_requests(
            workdir / "page_304.tsv", with_etags(server.url, page_paths(rnd, 300), bodies["page_304"])
        )
        optional = {
            "embed": f"/embed/timelines/{embed_slug}",
            "export": f"/v1/timelines/{embed_slug}/export/timelinejs",
        }
        absent = {}
        for name, path in optional.items():
            status, _, body = http(server.url + path)
            if status == 200 and http(cached_server.url + path)[0] != 200:
                raise SystemExit(f"{path}: 200 with the response cache off, not with it on")
            if status == 200:
                reqs[name] = write_requests(workdir / f"{name}.tsv", [("GET", path, {}, None)])
            else:
                absent[name] = f"HTTP {status}"
        auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        reqs_write = write_requests(
            workdir / "write.tsv", [("POST", "/v1/events", auth, b) for b in event_bodies(rnd, 3000)]
        )
        scripts = pgbench_scripts(workdir, args.size)
        jr_scripts = stored_vs_built_scripts(workdir)

        # Interleaved runs: every workload once per run: the service with the cache off, the same SQL
        # in pgbench (workloads 1–3), then the service with the cache on. Nothing writes during these
        # runs, so the cached server's entries live until its memory bound pushes them out.
        service: dict[str, list[Sample]] = {}
        cached: dict[str, list[Sample]] = {}
        limit: dict[str, list[Sample]] = {}
        sql_build: dict[str, list[Sample]] = {}
        rss: list[float] = []
        rss_cached: list[float] = []
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs}", flush=True)
            for name, path in reqs.items():
                service.setdefault(name, []).append(
                    measure_service(
                        server, path, seconds=args.seconds, connections=args.connections, warmup=args.warmup
                    )
                )
                rss.append(server.rss_mb())
                if name in scripts:
                    files, defines = scripts[name]
                    limit.setdefault(name, []).append(
                        pgbench(
                            main_dsn,
                            files,
                            defines,
                            seconds=args.seconds,
                            clients=args.connections,
                            postmaster=postmaster,
                        )
                    )
                cached.setdefault(name, []).append(
                    measure_service(
                        cached_server,
                        path,
                        seconds=args.seconds,
                        connections=args.connections,
                        warmup=args.warmup,
                    )
                )
                rss_cached.append(cached_server.rss_mb())
                print(
                    f"  {name}: {service[name][-1].rps:,.0f} req/s"
                    + (f", pgbench {limit[name][-1].rps:,.0f} tps" if name in limit else "")
                    + f", with the cache {cached[name][-1].rps:,.0f} req/s",
                    flush=True,
                )
            for name, (files, defines) in jr_scripts.items():
                sql_build.setdefault(name, []).append(
                    pgbench(
                        main_dsn,
                        files,
                        defines,
                        seconds=args.seconds,
                        clients=args.connections,
                        postmaster=postmaster,
                    )
                )
        # Once, outside the timed runs: a write is seen by the next read of the cached embed page.
        invalidation = invalidation_check(cached_server, server, optional["embed"], key)
        print(f"  write seen by the next read: {invalidation}", flush=True)
        python_cost = asyncio.run(python_page_cost(main_dsn))
        plan_lines = asyncio.run(plans(main_dsn))
        writes = []
        for _ in range(args.runs):
            writes.append(
                measure_service(
                    server, reqs_write, seconds=args.seconds, connections=args.connections, warmup=0
                )
            )
            rss.append(server.rss_mb())
    finally:
        server.stop()
        if cached_server is not None:
            cached_server.stop()

    # Scale: single-client latency of workload 1 on every dataset, interleaved.
    scale: dict[int, list[Sample]] = {}
    scale_sql: dict[int, list[Sample]] = {}
    scale_seen: dict[int, list[Sample]] = {}
    scale_warm: dict[int, list[Sample]] = {}
    buffers: dict[int, list[tuple[float, float]]] = {}  # per page: (found in shared buffers, read), each run
    # Cache off: random pages measure the database path, not the memory of earlier answers.
    servers = {
        n: Server(dsn, 8800 + i, 1, cache=False).start() for i, (n, dsn) in enumerate(dsns.items()) if dsn
    }
    try:
        # 1,000 pages each read once before the timed runs: their rows are in the operating system's
        # cache when it can hold them, not all in PostgreSQL's shared buffers.
        seen = page_paths(rnd, 1000)
        seen_reqs = write_requests(workdir / "scale_seen.tsv", [("GET", p, {}, None) for p in seen])
        # The same 20 pages over and over: their rows stay in shared buffers, whatever the dataset's size.
        warm_reqs = write_requests(workdir / "scale_warm.tsv", [("GET", p, {}, None) for p in seen[:20]])
        for srv in servers.values():
            for path in seen:
                http(srv.url + path)
        for run in range(args.runs):
            # Random pages new to each run (20,000 to draw from): read from memory only if the dataset's
            # rows are still in the operating system's cache, else from the disk.
            fresh = [("GET", p, {}, None) for p in page_paths(rnd, 20_000)]
            scale_reqs = write_requests(workdir / f"scale_{run}.tsv", fresh)
            for n, srv in servers.items():
                scale.setdefault(n, []).append(
                    measure_service(srv, scale_reqs, seconds=args.seconds, connections=1, warmup=args.warmup)
                )
                scale_seen.setdefault(n, []).append(
                    measure_service(srv, seen_reqs, seconds=args.seconds, connections=1, warmup=0)
                )
                scale_warm.setdefault(n, []).append(
                    measure_service(srv, warm_reqs, seconds=args.seconds / 2, connections=1, warmup=1)
                )
                buffers.setdefault(n, []).append(asyncio.run(page_buffers(srv.dsn, rnd)))
                files, defines = pgbench_scripts(workdir, n)["page"]
                scale_sql.setdefault(n, []).append(
                    pgbench(srv.dsn, files, defines, seconds=args.seconds, clients=1, postmaster=postmaster)
                )
                print(
                    f"  scale {n:,}: p50 {scale[n][-1].p50_ms:.2f} ms, "
                    f"seen {scale_seen[n][-1].p50_ms:.2f} ms, "
                    f"warm {scale_warm[n][-1].p50_ms:.2f} ms, "
                    f"disk {scale[n][-1].disk_read_kb:.1f} KB/page",
                    flush=True,
                )
    finally:
        for srv in servers.values():
            srv.stop()

    # Bulk import through `dateline import` into a copy of the smallest dataset.
    # `--runs` interleaved runs of each, with --jobs 2 (the default) and 1 (a file at a time).
    imports: dict[int, list[dict[str, Any]]] = {IMPORT_JOBS: [], 1: []}
    for _ in range(args.runs):
        for jobs, runs in imports.items():
            runs.append(bulk_import(args, dsns, workdir, rnd, jobs=jobs))
    import_result = summed_imports(imports[IMPORT_JOBS])
    import_result["one_job"] = summed_imports(imports[1])

    facts_all = {n: asyncio.run(dataset_facts(dsn)) for n, dsn in dsns.items() if dsn}
    report = render(
        args,
        facts,
        facts_all,
        stats,
        service,
        cached,
        limit,
        sql_build,
        python_cost,
        plan_lines,
        writes,
        rss,
        rss_cached,
        invalidation,
        bodies,
        scale,
        scale_sql,
        scale_seen,
        scale_warm,
        buffers,
        absent,
        import_result,
        load_before,
        started,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report)
    print(report)
    print(f"written to {out}")


def bulk_import(
    args: argparse.Namespace, dsns: dict[int, str | None], workdir: Path, rnd: random.Random, *, jobs: int
) -> dict[str, Any]:
    """One `dateline import` of `--import-events` events in NDJSON files of at most 10,000 (its limit per
    file), into a copy of the smallest dataset, timed from the command's start to its exit (interpreter
    start included), within `--import-timeout` seconds. The files are written before the clock starts."""
    if not (ROOT / "service" / "imports").is_dir():
        return {"absent": "no `dateline import` in this tree"}
    base = min(n for n, dsn in dsns.items() if dsn)
    name = f"dateline_bench_import_{os.getpid()}"
    asyncio.run(generate._admin(args.server, f'CREATE DATABASE "{name}" TEMPLATE "{dataset_name(base)}"'))
    dsn = generate.database_url(args.server, name)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")},
        "DATELINE_DATABASE_URL": dsn,
    }
    out: dict[str, Any] = {"into": f"a copy of the {base:,}-event dataset", "events": 0, "seconds": 0.0,
                           "files": 0, "jobs": jobs}  # fmt: skip
    paths = []
    for start in range(0, args.import_events, 10_000):
        count = min(10_000, args.import_events - start)
        path = workdir / f"import-{len(paths):03}.ndjson"
        path.write_bytes(b"\n".join(event_bodies(rnd, count)) + b"\n")
        paths.append(path)
    argv = [sys.executable, "-m", "service.cli", "import", *map(str, paths), "--newsroom", NEWSROOM,
            "--format", "ndjson", "--jobs", str(jobs)]  # fmt: skip
    try:
        t0 = time.monotonic()
        result = subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=args.import_timeout
        )
        seconds = time.monotonic() - t0
        if result.returncode != 0:
            out["error"] = (result.stdout + result.stderr)[-500:]
        else:
            imported = sum(int(m) for m in re.findall(r"imported (\d+) events", result.stdout))
            out.update(events=imported, seconds=seconds, files=len(paths), rate=imported / seconds)
            print(
                f"  import --jobs {jobs}: {imported:,} in {seconds:.1f} s, {out['rate']:,.0f}/s", flush=True
            )
    except subprocess.TimeoutExpired:
        out["error"] = f"timed out after {args.import_timeout:.0f} s"
    finally:
        asyncio.run(generate._admin(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return out


def summed_imports(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs of one import setting: the median run's figures, with every run's rate (or the first
    error)."""
    done = [r for r in runs if "rate" in r]
    if len(done) < len(runs):
        return next(r for r in runs if "rate" not in r)
    rates = sorted(r["rate"] for r in done)
    median = min(done, key=lambda r: abs(r["rate"] - statistics.median(rates)))
    return {**median, "rate": statistics.median(rates), "rates": rates}


def render(
    args,
    facts,
    facts_all,
    stats,
    service,
    cached,
    limit,
    sql_build,
    python_cost,
    plan_lines,
    writes,
    rss,
    rss_cached,
    invalidation,
    bodies,
    scale,
    scale_sql,
    scale_seen,
    scale_warm,
    page_buffers,
    absent,
    import_result,
    load_before,
    started,
) -> str:  # noqa: ANN001
    runs = (
        f"median (min–max) of {args.runs} interleaved run{'s' if args.runs > 1 else ''} of {args.seconds:g} s"
    )
    lines = [
        "# Dateline benchmark",
        "",
        f"Command: `{shlex.join(['.venv/bin/python', 'bench/run.py', *sys.argv[1:]])}` — "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{(time.time() - started) / 60:.0f} min. Machine: {os.cpu_count()} cores shared by PostgreSQL "
        f"{facts['version']} (shared_buffers {facts['shared_buffers']}), the service (two servers, response "
        f"cache off and on, each {args.workers} granian worker{'s' if args.workers > 1 else ''} and a pool "
        f"of {args.connections}; one measured at a time), wrk and pgbench, and whatever else "
        f"runs here (load average {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end). "
        f"Python {platform.python_version()}.",
        "",
        f"Dataset: {facts['events']:,} events ({facts['size']}), {facts['citations']:,} citations, "
        f"{facts['event_tags']:,} event-tag rows. Concurrency {args.connections} "
        f"(wrk -t2 -c{args.connections}; pgbench -c{args.connections} -M prepared). Each figure: {runs}.",
        "",
        "## Workloads 1–3 against the same SQL in pgbench",
        "",
        "The service with its response cache off (`DATELINE_RESPONSE_CACHE_BYTES=0`): every request runs "
        "the SQL that pgbench runs.",
        "",
        "| workload | service req/s | pgbench tps (same SQL) | ratio | service p50 / p99 ms | "
        "service CPU ms/req | PostgreSQL CPU ms/req (service) | PostgreSQL CPU ms/tx (pgbench) | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "page": "1. `GET /v1/events?tag=…&from=2015&to=2022&limit=50` "
        "(20 % first pages, 80 % random cursors)",
        "timeline": "2. `GET /v1/timelines/{slug}/events?limit=50` (saved filter: tag, 2015–2022)",
        "event": "3. `GET /v1/events/{id}`",
        "event_304": "4a. `GET /v1/events/{id}` with `If-None-Match` → 304",
        "page_304": "4b. workload 1 with `If-None-Match` → 304",
        "embed": "5a. `GET /embed/timelines/{slug}` (~200 events)",
        "export": "5b. `GET /v1/timelines/{slug}/export/timelinejs` (~200 events)",
    }
    for name in ("page", "timeline", "event"):
        s, p = service[name], limit[name]
        ratios = [a.rps / b.rps for a, b in zip(s, p, strict=True)]
        lines.append(
            f"| {labels[name]} | {median_line([x.rps for x in s])} | {median_line([x.rps for x in p])} | "
            f"{median_line(ratios, '{:.2f}')} | {statistics.median(x.p50_ms for x in s):.1f} / "
            f"{statistics.median(x.p99_ms for x in s):.1f} | "
            f"{median_line([x.app_cpu_ms for x in s], '{:.2f}')} | "
            f"{median_line([x.db_cpu_ms for x in s], '{:.2f}')} | "
            f"{median_line([x.db_cpu_ms for x in p], '{:.2f}')} | "
            f"{sum(x.errors for x in s)} |"
        )
    med = statistics.median

    def p50_p99(samples: list[Sample]) -> str:
        return f"{med(x.p50_ms for x in samples):.1f} / {med(x.p99_ms for x in samples):.1f}"

    lines += [
        "",
        "### Workloads 1–3 with the response cache (the default deployment)",
        "",
        f"The same requests, in the same runs, to a second server with the response cache on ({CACHE_MIB:g} "
        "MiB of bodies per worker, the default). The requests repeat, but only partly: workloads 1 and 2 "
        "draw at random from 4,000 pages of which 20 % are first pages (of the 200 tags; of the 20 "
        "timelines) and 80 % follow a random cursor (nearly all distinct), workload 3 from the published "
        "ones of 6,000 random events; a request is a hit only if its URL was asked before and its entry is "
        f"still within the {CACHE_MIB:g} MiB. So only part of them are hits; the PostgreSQL CPU per request, "
        "divided by the cache-off server's, estimates the share that still reaches the database.",
        "",
        "| workload | req/s, cache off | req/s, cache on | on ÷ off | p50 / p99 ms, cache on | "
        "service CPU ms/req, cache on | PostgreSQL CPU ms/req, cache on | PostgreSQL CPU on ÷ off "
        "(≈ share of misses) | non-2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("page", "timeline", "event"):
        s, c = service[name], cached[name]
        db_off = med(x.db_cpu_ms for x in s)
        lines.append(
            f"| {labels[name]} | {median_line([x.rps for x in s])} | {median_line([x.rps for x in c])} | "
            f"{median_line([b.rps / a.rps for a, b in zip(s, c, strict=True)], '{:.2f}')} | {p50_p99(c)} | "
            f"{median_line([x.app_cpu_ms for x in c], '{:.2f}')} | "
            f"{median_line([x.db_cpu_ms for x in c], '{:.2f}')} | "
            f"{med(x.db_cpu_ms for x in c) / db_off if db_off else 0:.2f} | {sum(x.errors for x in c)} |"
        )
    lines += [
        "",
        "## Workloads 4–5: response cache off and on",
        "",
        "Side by side, in the same runs: the server with the response cache off (the application answers "
        "every request, from the database) and on (the default deployment, which the issue's targets for 4 "
        "and 5 are about: a 304 or a page served from an entry that any write empties). 4a draws from "
        f"{len(bodies['event_304']):,} events ({sum(bodies['event_304']) / 2**20:.1f} MiB of bodies), 4b "
        f"from {len(bodies['page_304']):,} pages ({sum(bodies['page_304']) / 2**20:.1f} MiB), 5a and 5b ask "
        f"for one URL each; the cache keeps at most {CACHE_MIB:g} MiB of bodies per worker, least recently "
        "used out, so a larger set is only partly hits.",
        "",
        "| workload | req/s, cache off | req/s, cache on | p50 / p99 ms, off | p50 / p99 ms, on | "
        "service CPU ms/req, off / on | PostgreSQL CPU ms/req, off / on | non-2xx/3xx, off / on |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in ("event_304", "page_304", "embed", "export"):
        if name in absent:
            lines.append(f"| {labels[name]} | not yet measurable ({absent[name]}) | | | | | | |")
            continue
        s, c = service[name], cached[name]
        lines.append(
            f"| {labels[name]} | {median_line([x.rps for x in s])} | {median_line([x.rps for x in c])} | "
            f"{p50_p99(s)} | {p50_p99(c)} | "
            f"{med(x.app_cpu_ms for x in s):.2f} / {med(x.app_cpu_ms for x in c):.2f} | "
            f"{med(x.db_cpu_ms for x in s):.2f} / {med(x.db_cpu_ms for x in c):.2f} | "
            f"{sum(x.errors for x in s)} / {sum(x.errors for x in c)} |"
        )
    lines += [
        "",
        "**A write is seen by the next read** (once, outside the timed runs): the cached server's embed page "
        "(5a), an event on it retitled with `PATCH /v1/events/{id}`, the page again at once.",
        "",
    ]
    if "absent" in invalidation:
        lines.append(f"- not checked: {invalidation['absent']}")
    else:
        for check in invalidation["checks"]:
            if "error" in check:
                lines.append(f"- written {check['writer']}: not checked, {check['error']}")
                continue
            what = "**yes**" if check["seen"] else "**no**"
            if "seen_after_ms" in check:
                what += f" (seen {check['seen_after_ms']:.0f} ms after the write's response)"
            elif not check["seen"]:
                what += " (still the old page 5 s later)"
            how = (
                " (the worker that handles the write bumps the generation the host's workers share)"
                if "cached" in check["writer"]
                else " (another server on the same host: the shared generation, else PostgreSQL's NOTIFY)"
            )
            lines.append(f"- written {check['writer']}{how}: write seen by the next read: {what}")
        lines.append(
            f"- event `{invalidation['event']}`; its title restored afterwards: "
            f"{'yes' if invalidation['restored'] else '**no**'}"
        )
    lines += [
        "",
        "## Workload 6 (response cache off)",
        "",
        "| workload | req/s | p50 / p99 ms | service CPU ms/req | PostgreSQL CPU ms/req | non-2xx/3xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines.append(
        f"| 6a. `POST /v1/events` with two citations (editor key) | {median_line([x.rps for x in writes])} | "
        f"{p50_p99(writes)} | {median_line([x.app_cpu_ms for x in writes], '{:.2f}')} | "
        f"{median_line([x.db_cpu_ms for x in writes], '{:.2f}')} | {sum(x.errors for x in writes)} |"
    )
    if "rate" in import_result:
        what = (
            f"{import_result['events']:,} events in {import_result['files']} files, one command "
            f"(`--jobs {import_result['jobs']}`): **{median_line(import_result['rates'])} events/s** "
            f"({len(import_result['rates'])} runs, each into {import_result['into']})"
        )
        one = import_result.get("one_job", {})
        if "rate" in one:
            what += f"; the same with `--jobs 1`: {median_line(one['rates'])} events/s"
        elif one.get("error"):
            what += f"; with `--jobs 1`: {one['error']}"
    else:
        what = f"not measured: {import_result.get('absent') or import_result.get('error')}"
    lines.append(
        f"| 6b. `dateline import` of NDJSON (`POST /v1/events` bodies, two citations each) | {what} | | | | |"
    )
    lines += [
        "",
        "Worker RSS, the largest worker after each run, max over the runs: response cache off "
        f"{max(rss):.0f} MB, on {max(rss_cached):.0f} MB (its entries hold at most {CACHE_MIB:g} MiB of "
        "bodies).",
        "",
    ]
    lines += [
        "## Page JSON: stored documents, or built for each request",
        "",
        "Workload 1's cursor page, the same page statement with two select lists: the events' stored "
        "documents (`event_docs`, what the service runs) and the same documents built from the rows "
        "(`fragment_event_json`, the definition they are kept to); pgbench as above.",
        "",
        "| select list | pgbench tps | PostgreSQL CPU ms/page |",
        "| --- | ---: | ---: |",
    ]
    for name, label in (
        ("stored", "stored documents, `event_docs` (what the service runs)"),
        ("built", "built for each request from events, citations, sources, entities and revisions"),
    ):
        s = sql_build[name]
        lines.append(
            f"| {label} | {median_line([x.rps for x in s])} | "
            f"{median_line([x.db_cpu_ms for x in s], '{:.2f}')} |"
        )
    lines += [
        "",
        f"Python CPU per page in the service's process for the same statement (asyncpg fetching the 50 "
        f"documents, msgspec encoding them): {python_cost[0]:.2f} ms as the service sends them (as stored), "
        f"{python_cost[1]:.2f} ms when each is decoded into an Event and encoded.",
        "",
        "## Scale: workload 1 from one client",
        "",
        "Three sets of pages, as workload 1 draws them (a random tag and cursor): random pages new to each",
        "run (drawn from 20,000 fresh ones per run), whose rows are read from the disk unless the operating",
        "system's cache still holds them; 1,000 pages each read once before the runs, whose rows are in that",
        "cache if it can hold them; the same 20 pages over and over, whose rows stay in PostgreSQL's shared",
        "buffers. The buffers column is the statement's own count (`EXPLAIN (ANALYZE, BUFFERS)` of 100",
        "random pages after each run, mean per page): found in shared buffers + read from the operating",
        "system (its cache or the disk). The disk column is what the machine's disks read during the timed",
        "runs of new pages, per request: the reads the operating system's cache did not answer.",
        "",
        "| events | service p50 ms, new pages | SQL (pgbench -c1) mean ms, new pages | "
        "service p50 ms, 1,000 pages read before | service p50 ms, 20 pages repeated | "
        "buffers per page: hit + read | disk read per new page | dataset |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]

    def disk(n: int) -> str:
        return median_line([x.disk_read_kb for x in scale[n]], "{:,.1f}") + " KB"

    def buffers(n: int) -> str:
        runs = page_buffers.get(n)
        if not runs:
            return ""
        hit, read = statistics.median(h for h, _ in runs), statistics.median(r for _, r in runs)
        return f"{hit:.0f} + {read:.0f}"

    def versus(samples: dict[int, list[Sample]], n: int) -> str:
        p50 = [x.p50_ms for x in samples[n]]
        if n == 100_000 or 100_000 not in samples:
            return median_line(p50, "{:.2f}")
        base = statistics.median(x.p50_ms for x in samples[100_000])
        return f"{median_line(p50, '{:.2f}')} ({statistics.median(p50) / base:.2f} × 100k)"

    for n in sorted(scale):
        lines.append(
            f"| {n:,} | {versus(scale, n)} | {versus(scale_sql, n)} | {versus(scale_seen, n)} | "
            f"{versus(scale_warm, n)} | {buffers(n)} | {disk(n)} | {facts_all[n]['size']} |"
        )
    skipped = [n for n in sorted(int(s) for s in args.scale.split(",")) if n not in scale]
    for n in skipped:
        rate = stats.get("generation", {}).get("events_per_s")
        lines.append(
            f"| {n:,} | not run: generating it would take ~{n / rate / 60:,.0f} min at the measured "
            f"{rate:,.0f} events/s | | | | | | |"
            if rate
            else f"| {n:,} | not run | | | | | | |"
        )
    if stats.get("datasets"):
        lines += ["", "Dataset generation (bench/generate.py):", ""]
        for name, t in stats["datasets"].items():
            lines.append(
                f"- {name}: {t['events']:,} events in {t['total_s'] / 60:.1f} min = {t['events_per_s']:,.0f} "
                f"events/s (load {t['load_s']:.0f} s, indexes {t['index_s']:.0f} s"
                + (f", documents {t['docs_s']:.0f} s" if "docs_s" in t else "")
                + f", vacuum {t['vacuum_s']:.0f} s"
                + (f", documents stored again {t['docs_again_s']:.0f} s" if "docs_again_s" in t else "")
                + ")"
                + (f"; {t['note']}" if "note" in t else "")
            )
    lines += [
        "",
        "## Plans the pool gets (prepared statements, after 7 executions)",
        "",
        "```",
        *plan_lines,
        "```",
        "",
    ]
    top = targets(
        args.size,
        service,
        cached,
        limit,
        scale,
        scale_seen,
        scale_warm,
        import_result,
        rss,
        rss_cached,
        invalidation,
        absent,
    )
    return "\n".join(lines[:6] + top + lines[6:]) + "\n"


def targets(
    size,
    service,
    cached,
    limit,
    scale,
    scale_seen,
    scale_warm,
    import_result,
    rss,
    rss_cached,
    invalidation,
    absent,
) -> list[str]:  # noqa: ANN001
    """The issue's targets, each against the medians above: the ratios to pgbench on the server with the
    response cache off, the conditional GETs, the embed and export and the RSS on the one with it on
    (the deployment), the cache-off figure beside them."""
    med = statistics.median
    rows = [
        (
            f"timeline-page SQL (workload 1) at {size:,} events in pgbench ≥ 1,000 tps",
            med(x.rps for x in limit["page"]),
            1000,
            "{:,.0f} tps",
        )
    ]
    for name, label in (("page", "1"), ("timeline", "2"), ("event", "3")):
        ratio = med(a.rps / b.rps for a, b in zip(service[name], limit[name], strict=True))
        rows.append((f"service ≥ 0.8 × pgbench, workload {label} (response cache off)", ratio, 0.8, "{:.2f}"))
    if 10_000_000 in scale and 100_000 in scale:
        for label, samples in (
            ("random pages new to the run", scale),
            ("1,000 pages read before", scale_seen),
            ("20 pages repeated", scale_warm),
        ):
            ratio = med(x.p50_ms for x in samples[10_000_000]) / med(x.p50_ms for x in samples[100_000])
            rows.append(
                (f"workload 1 single-client p50 at 10M ≤ 1.5 × at 100k ({label})", ratio, -1.5, "{:.2f} ×")
            )
    elif 1_000_000 in scale and 100_000 in scale:
        ratio = med(x.p50_ms for x in scale[1_000_000]) / med(x.p50_ms for x in scale[100_000])
        rows.append(
            ("workload 1 single-client p50 at 1M (10M not run) ≤ 1.5 × at 100k", ratio, -1.5, "{:.2f} ×")
        )
    for name, label, bound in (
        ("event_304", "conditional GET 4a", 5000),
        ("page_304", "conditional GET 4b", 5000),
        ("embed", "embed page 5a", 3000),
        ("export", "timelinejs export 5b", 3000),
    ):
        if name in absent:
            continue
        rows.append(
            (
                f"{label} ≥ {bound:,} req/s (response cache on)",
                med(x.rps for x in cached[name]),
                bound,
                "{:,.0f} req/s" + f" (cache off: {med(x.rps for x in service[name]):,.0f})",
            )
        )
    if "rate" in import_result:
        rows.append(("bulk import ≥ 5,000 events/s", import_result["rate"], 5000, "{:,.0f} events/s"))
    rows.append(
        (
            "worker RSS ≤ 100 MB (response cache on)",
            max(rss_cached),
            -100,
            "{:.0f} MB" + f" (cache off: {max(rss):.0f} MB)",
        )
    )
    out = ["## Targets", "", "| target | measured | met |", "| --- | ---: | :---: |"]
    for label, value, bound, fmt in rows:
        met = value <= -bound if bound < 0 else value >= bound
        out.append(f"| {label} | {fmt.format(value)} | {'yes' if met else '**no**'} |")
    checks = invalidation.get("checks", [])
    if checks:
        seen = all(c.get("seen") for c in checks)
        how = "; ".join(f"{c['writer']}: {'yes' if c.get('seen') else 'no'}" for c in checks)
        out.append(
            "| the cache is emptied by a write: a retitled event is in the next read of the cached embed "
            f"page | {how} | {'yes' if seen else '**no**'} |"
        )
    return out + [""]


if __name__ == "__main__":
    main()
