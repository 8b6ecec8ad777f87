"""A newsroom day: readers of many newsrooms' embeds, exports and pages while editors write, under the old
whole-cache rule and the new targeted one, with a real Varnish in front.

    .venv/bin/python bench/newsroom_day.py --old /tmp/dateline-main [--seconds 20] [--rates 0,1,5]

`--old` is a checkout of the code before targeted invalidation (`git archive <commit> | tar -x -C DIR`);
this checkout is the new rule. The dataset: 50 newsrooms, 20 published timelines each (1,000, each the
saved filter of its own tag, 5 published events apiece) and one draft per newsroom, loaded through the
API (NDJSON imports) once into `dateline_newsroom_day_old` (the old schema), cloned for the new rule
(`dateline serve` migrates the clone). Per rule and write rate, for `--seconds`:

* readers: wrk (-c10) over 20,000 requests drawn Zipf(s=1.1) over the timelines' embeds, CSV exports
  and event pages (a timeline's three URLs share its rank), straight to the service (2 workers);
* writers at 0, 1 and 5 writes/s: 60 % a newsroom's draft retitled, 30 % a published event of a
  timeline outside the 20 hottest, 10 % an event of one of the 20 hottest;
* staleness: after each published write, the embed of its timeline polled every 10 ms through the
  service and through Varnish until it shows the new title (10 s at most, then counted as stale);
* throughput (and its ratio to the same rule without writes), the response cache's hit ratio, the CPU
  of the database's backends per request, and the largest worker RSS.

Needs wrk, varnishd with varnish-modules (xkey), and a PostgreSQL whose role may create databases.
Absolute figures are noisy on a shared machine: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import asyncpg
import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.keys.repository import create_key  # noqa: E402

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
NEWSROOMS, TIMELINES_EACH, EVENTS_EACH = 50, 20, 5
HOT = 20
DB_OLD, DB_NEW = "dateline_newsroom_day_old", "dateline_newsroom_day_new"
COMPLETE = "dateline bench: newsroom day, complete"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def dsn_of(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """`dateline serve --workers 2` of a checkout on a database, until stopped."""

    def __init__(self, root: Path, dsn: str, port: int | None = None, **settings: str) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "PROMETHEUS_"))}
        env.update(
            PYTHONPATH=str(root),
            DATELINE_DATABASE_URL=dsn,
            DATELINE_RATE_LIMIT_ANON="0",
            DATELINE_RATE_LIMIT_KEY="0",
            DATELINE_LOG_LEVEL="WARNING",
            **{f"DATELINE_{k.upper()}": v for k, v in settings.items()},
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port), "--workers", "2"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            try:
                if httpx.get(self.url + "/health/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{root}: the service did not become ready")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Varnish:
    def __init__(self, backend_port: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-bench-varnish-"))
        self.folder.chmod(0o755)
        shutil.copy(VCL, self.folder / "default.vcl")
        (self.folder / "site.vcl").write_text(
            f'backend default {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n'
            'acl purgers { "127.0.0.1"; }\n'
        )
        self.process = subprocess.Popen(
            [
                "varnishd",
                "-F",
                "-n",
                str(self.folder / "n"),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(self.folder / "default.vcl"),
                "-T",
                "127.0.0.1:0",
                "-s",
                "malloc,256m",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the dataset -------------------------------------------------------------------------------------


def slug(n: int, k: int) -> str:
    return f"n{n:02d}-t{k:02d}"


async def keys_for(dsn: str) -> dict[str, str]:
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            return {
                f"n{n:02d}": (await create_key(conn, newsroom=f"n{n:02d}", role="admin")).key
                for n in range(NEWSROOMS)
            }
    finally:
        await conn.close()


async def _admin(server: str, *statements: str) -> object:
    conn = await asyncpg.connect(dsn_of(server, "postgres"))
    try:
        result = None
        for sql in statements:
            result = await conn.fetchval(sql)
        return result
    finally:
        await conn.close()


def admin(server: str, *statements: str) -> object:
    return asyncio.run(_admin(server, *statements))


def load(server: str, old_root: Path) -> None:
    """The dataset, once, through the old checkout's API (its schema), then cloned for the new rule."""
    comment = admin(
        server,
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{DB_OLD}'",  # noqa: S608
    )
    if comment != COMPLETE:
        admin(server, f'DROP DATABASE IF EXISTS "{DB_OLD}" WITH (FORCE)', f'CREATE DATABASE "{DB_OLD}"')
        started = time.monotonic()
        dsn = dsn_of(server, DB_OLD)
        served = Served(old_root, dsn)
        try:
            keys = asyncio.run(keys_for(dsn))
            for n in range(NEWSROOMS):
                newsroom = httpx.Client(
                    base_url=served.url, timeout=60, headers={"Authorization": f"Bearer {keys[f'n{n:02d}']}"}
                )
                lines = [json.dumps({"title": f"Draft of n{n:02d}", "date": "2024-01-01", "tags": ["draft"]})]
                for k in range(TIMELINES_EACH):
                    for e in range(EVENTS_EACH):
                        lines.append(
                            json.dumps(
                                {
                                    "title": f"Event {e} of {slug(n, k)}",
                                    "date": f"20{10 + e}-0{1 + k % 9}-1{e}",
                                    "tags": [slug(n, k)],
                                    "status": "published",
                                    "citations": [
                                        {
                                            "source": {
                                                "url": f"https://{slug(n, k)}.example/{e}",
                                                "title": "Report",
                                            },
                                            "quote": "As reported.",
                                        }
                                    ],
                                }
                            )
                        )
                answer = newsroom.post(
                    "/v1/import?format=ndjson",
                    content="\n".join(lines) + "\n",
                    headers={"Content-Type": "application/x-ndjson"},
                )
                assert answer.status_code == 201, answer.text
                for k in range(TIMELINES_EACH):
                    answer = newsroom.post(
                        "/v1/timelines",
                        json={
                            "slug": slug(n, k),
                            "title": f"Timeline {slug(n, k)}",
                            "status": "published",
                            "filter": {"tag": [slug(n, k)]},
                        },
                    )
                    assert answer.status_code == 201, answer.text
        finally:
            served.stop()
        admin(server, f"COMMENT ON DATABASE \"{DB_OLD}\" IS '{COMPLETE}'")
        print(f"dataset loaded in {time.monotonic() - started:.0f} s", flush=True)
    admin(
        server,
        f'DROP DATABASE IF EXISTS "{DB_NEW}" WITH (FORCE)',
        f'CREATE DATABASE "{DB_NEW}" TEMPLATE "{DB_OLD}"',
    )


# --- one run -----------------------------------------------------------------------------------------


class World:
    """What the readers and writers of a database pick from: timelines by rank, one event of each, and
    each newsroom's draft, with a key per newsroom."""

    def __init__(self, dsn: str, seed: int) -> None:
        rows, drafts, self.keys = asyncio.run(self._read(dsn))
        self.event_of = {row["tag"]: (row["id"], row["newsroom"]) for row in rows}
        self.drafts = [(row["id"], row["newsroom"]) for row in drafts]
        self.ranked = sorted(self.event_of)
        random.Random(seed).shuffle(self.ranked)  # rank 0 is the most read

    @staticmethod
    async def _read(dsn: str) -> tuple[list, list, dict[str, str]]:
        conn = await asyncpg.connect(dsn)
        try:
            rows = await conn.fetch(
                "SELECT DISTINCT ON (tags[1]) tags[1] AS tag, id, newsroom FROM events "
                "WHERE status = 'published' ORDER BY tags[1], id"
            )
            drafts = await conn.fetch(
                "SELECT DISTINCT ON (newsroom) newsroom, id FROM events "
                "WHERE status = 'draft' "
                "ORDER BY newsroom, id"
            )
        finally:
            await conn.close()
        return rows, drafts, await keys_for(dsn)


def zipf_paths(world: World, count: int, rng: random.Random, s: float = 1.1) -> list[str]:
    weights = [1 / (rank + 1) ** s for rank in range(len(world.ranked))]
    paths = []
    for rank in rng.choices(range(len(world.ranked)), weights, k=count):
        tag = world.ranked[rank]
        paths.append(
            rng.choice(
                [f"/embed/timelines/{tag}", f"/v1/timelines/{tag}/export/csv", f"/v1/timelines/{tag}/events"]
            )
        )
    return paths


class Writers(threading.Thread):
    """Writes at `rate` per second until stopped; after each published write, how long until its
    timeline's embed shows it through the service and through Varnish."""

    PROBE_SECONDS = 5.0

    def __init__(self, world: World, service: str, varnish: str, rate: float, seed: int) -> None:
        super().__init__(daemon=True)
        self.world, self.service, self.varnish, self.rate = world, service, varnish, rate
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.writes = {"draft": 0, "cold": 0, "hot": 0}
        self.staleness: dict[str, list[float | None]] = {"service": [], "varnish": []}
        self.failed = 0  # writes refused (a 503 under load)
        self.unkept = 0  # probes skipped: Varnish did not keep the page before the write

    def run(self) -> None:
        if self.rate:
            asyncio.run(self._write())

    async def _write(self) -> None:
        probes = []
        async with httpx.AsyncClient(timeout=30) as client:
            started = time.monotonic()
            n = 0
            while not self.stopping.is_set():
                await asyncio.sleep(max(0.0, started + n / self.rate - time.monotonic()))
                n += 1
                draw = self.rng.random()
                if draw < 0.6:
                    event, newsroom = self.rng.choice(self.world.drafts)
                    kind, tag = "draft", None
                else:
                    ranks = range(HOT) if draw >= 0.9 else range(HOT, len(self.world.ranked))
                    tag = self.world.ranked[self.rng.choice(ranks)]
                    event, newsroom = self.world.event_of[tag]
                    kind = "hot" if draw >= 0.9 else "cold"
                self.writes[kind] += 1
                title = f"Retitled {kind} {n} {self.rng.getrandbits(32):08x}"
                if tag is None:
                    await self._patch(client, event, newsroom, title)
                else:
                    probes.append(asyncio.create_task(self._probe(client, event, newsroom, title, tag)))
            await asyncio.gather(*probes)

    async def _patch(self, client: httpx.AsyncClient, event: object, newsroom: str, title: str) -> bool:
        answer = await client.patch(
            f"{self.service}/v1/events/{event}",
            json={"title": title},
            headers={"Authorization": f"Bearer {self.world.keys[newsroom]}"},
        )
        if answer.status_code != 200:
            self.failed += 1
        return answer.status_code == 200

    async def _probe(
        self, client: httpx.AsyncClient, event: object, newsroom: str, title: str, tag: str
    ) -> None:
        urls = {
            "service": f"{self.service}/embed/timelines/{tag}",
            "varnish": f"{self.varnish}/embed/timelines/{tag}",
        }
        # Kept by both before the write, so that what follows measures the invalidation (under load a
        # request may be refused with a 503, which Varnish does not keep).
        for _ in range(50):
            await client.get(urls["service"])
            if (await client.get(urls["varnish"])).headers.get("x-cache") == "HIT":
                break
            await asyncio.sleep(0.05)
        else:
            self.unkept += 1
            return
        if not await self._patch(client, event, newsroom, title):
            return
        committed = time.monotonic()

        async def fresh(where: str) -> None:
            while (elapsed := time.monotonic() - committed) < self.PROBE_SECONDS:
                if title in (await client.get(urls[where])).text:
                    self.staleness[where].append(elapsed)
                    return
                await asyncio.sleep(0.02)
            self.staleness[where].append(None)

        await asyncio.gather(fresh("service"), fresh("varnish"))


def wrk(url: str, requests_file: Path, seconds: int) -> tuple[float, int]:
    out = subprocess.run(
        ["wrk", "-t2", "-c10", f"-d{seconds}s", "-s", str(ROOT / "bench" / "requests.lua"), url],
        env={**os.environ, "REQUESTS": str(requests_file)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rate, total


def cache_counts(url: str) -> tuple[float, float]:
    text = httpx.get(url + "/metrics").text
    counts = {
        m[0]: float(m[1])
        for m in re.findall(r'^dateline_response_cache_total\{result="(\w+)"\} (\S+)$', text, re.M)
    }
    return counts.get("hit", 0.0), counts.get("miss", 0.0)


def backend_cpu(dsn: str, name: str) -> dict[int, float]:
    async def pids() -> list[int]:
        conn = await asyncpg.connect(dsn)
        try:
            return [
                r["pid"]
                for r in await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1", name)
            ]
        finally:
            await conn.close()

    out = {}
    for pid in asyncio.run(pids()):
        try:
            times = psutil.Process(pid).cpu_times()
            out[pid] = times.user + times.system
        except psutil.Error:
            pass
    return out


def measure(
    rule: str,
    served: Served,
    varnish: Varnish,
    world: World,
    dsn: str,
    name: str,
    rate: float,
    seconds: int,
    requests_file: Path,
    seed: int,
) -> dict[str, object]:
    rss = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss[0] = max([rss[0], *(w.memory_info().rss for w in served.workers() if w.is_running())])
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    hits0, misses0 = cache_counts(served.url)
    cpu0 = backend_cpu(dsn, name)
    writers = Writers(world, served.url, varnish.url, rate, seed)
    sampler.start()
    writers.start()
    throughput, total = wrk(served.url, requests_file, seconds)
    writers.stopping.set()
    cpu1 = backend_cpu(dsn, name)
    hits1, misses1 = cache_counts(served.url)
    writers.join()
    done.set()
    sampler.join()
    cpu = sum(t - cpu0.get(pid, 0.0) for pid, t in cpu1.items())
    hits, misses = hits1 - hits0, misses1 - misses0
    return {
        "rule": rule,
        "rate": rate,
        "throughput": throughput,
        "requests": total,
        "hit_ratio": hits / max(hits + misses, 1),
        "misses": misses,
        "pg_cpu_ms": 1000 * cpu / max(total, 1),
        "rss_mb": rss[0] / 2**20,
        "writes": dict(writers.writes),
        "staleness": writers.staleness,
        "unkept": writers.unkept,
        "failed": writers.failed,
    }


def percentile(values: list[float | None], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(float("inf") if v is None else v for v in values)
    value = ordered[min(len(ordered) - 1, int(q * len(ordered)))]
    return f"> {Writers.PROBE_SECONDS:.0f} s" if value == float("inf") else f"{1000 * value:.0f} ms"


def report(results: list[dict[str, object]], args: argparse.Namespace, commit: str) -> str:
    base = {r["rule"]: r["throughput"] for r in results if r["rate"] == 0}
    lines = [
        f"# Newsroom day: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit} "
        f"against {args.old}",
        f"{NEWSROOMS} newsrooms, {NEWSROOMS * TIMELINES_EACH} published timelines, readers Zipf(1.1) over "
        "embeds, "
        f"exports and pages (wrk -t2 -c10, {args.seconds} s a run, 2 workers); writes 60 % drafts, 30 % "
        f"published outside the {HOT} hottest timelines, 10 % on them.",
        "",
        "| rule | writes/s | req/s | × no writes | hit ratio | misses | PG CPU ms/req | worker RSS MB "
        "| writes d/c/h (failed) | stale p50 / p99 / max service | stale p50 / p99 / max Varnish "
        "| never fresh: service, Varnish (probes skipped) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        st = r["staleness"]
        lines.append(
            f"| {r['rule']} | {r['rate']:g} | {r['throughput']:,.0f} "
            f"| {r['throughput'] / base[r['rule']]:.2f} "
            f"| {r['hit_ratio']:.3f} | {r['misses']:,.0f} | {r['pg_cpu_ms']:.3f} | {r['rss_mb']:.0f} "
            f"| {r['writes']['draft']}/{r['writes']['cold']}/{r['writes']['hot']} ({r['failed']}) "
            f"| {' / '.join(percentile(st['service'], q) for q in (0.5, 0.99, 1.0))} "
            f"| {' / '.join(percentile(st['varnish'], q) for q in (0.5, 0.99, 1.0))} "
            f"| {st['service'].count(None)}/{len(st['service'])}, "
            f"{st['varnish'].count(None)}/{len(st['varnish'])} "
            f"({r['unkept']}) |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--old", type=Path, required=True, help="a checkout of the code with the whole-cache rule"
    )
    parser.add_argument("--server", default=DEFAULT_SERVER)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rates", default="0,1,5")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "newsroom_day.txt")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    load(args.server, args.old)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for rule, root, name in (("old", args.old, DB_OLD), ("new", ROOT, DB_NEW)):
            dsn = dsn_of(args.server, name)
            port = free_port()
            varnish = Varnish(port)
            try:
                served = Served(root, dsn, port, **({"purge_url": varnish.url} if rule == "new" else {}))
                try:
                    world = World(dsn, args.seed)
                    requests_file = Path(folder) / f"{rule}.tsv"
                    paths = zipf_paths(world, 20_000, random.Random(args.seed))
                    host = served.url.removeprefix("http://")  # wrk.format sends no Host of its own
                    requests_file.write_text("".join(f"GET\t{p}\tHost: {host}\t\n" for p in paths))
                    wrk(served.url, requests_file, args.seconds)  # warm-up: fill the caches
                    for rate in rates:
                        results.append(
                            measure(
                                rule,
                                served,
                                varnish,
                                world,
                                dsn,
                                name,
                                rate,
                                args.seconds,
                                requests_file,
                                args.seed,
                            )
                        )
                        print(report(results, args, commit).splitlines()[-1], flush=True)
                finally:
                    served.stop()
            finally:
                varnish.stop()
    text = report(results, args, commit)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
