"""Where a worker's CPU goes under workloads 1 and 3, response cache off: the profile behind the ratios.

    .venv/bin/python bench/cpu_profile.py [--seconds 20] [--events 1000000]   # needs py-spy: pip install -e
    '.[bench]'

`dateline serve` with one worker on the dataset (run.py makes it), loaded as run.py loads it (wrk -c10,
the same random requests). The worker's CPU per request is measured thread by thread: its main thread,
where Python runs (the event loop, asyncpg, Litestar, Dateline's code), and granian's runtime threads
(Rust: reading requests and writing responses). Meanwhile py-spy samples the main thread's Python stack
at 100 Hz without stopping it; each sample is put in one part of the request's path by the innermost
frame that belongs to one (asyncpg, Litestar, msgspec, Dateline's own code, …), and the main thread's
CPU per request is split in their proportion. Writes bench/results/profile.md.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

import run  # noqa: E402

RATE = 100  # samples a second
LOOP = "the event loop: uvloop's C code, granian's Rust calling into Python"
SEND = "the response's messages handed to granian (its Rust code takes the body's bytes)"
INNERMOST = [  # what the innermost frame alone tells: C and Rust work with no Python frame of its own
    (LOOP, re.compile(r"_spawn_asgi_lifespan_worker \(|run_until_complete \(")),
    (SEND, re.compile(r"noting_status \(service/metrics\.py")),
]
PARTS = [  # (part, pattern of a frame's text) in the order they are tried, innermost frame first
    ("asyncpg: running the statement, its protocol and rows (Cython)", re.compile(r"asyncpg/")),
    ("msgspec: JSON encoding and decoding", re.compile(r"msgspec/")),
    ("xxhash: ETags", re.compile(r"xxhash/")),
    ("prometheus_client: the request counters", re.compile(r"prometheus_client/")),
    ("granian's Python side: handing the request to the app, the response back", re.compile(r"granian/")),
    ("Litestar: routing, parameters, middleware, the response", re.compile(r"litestar/")),
    ("Dateline's code (service/)", re.compile(r"\bservice/")),
    ("asyncio and uvloop: tasks, futures, the loop", re.compile(r"asyncio/|uvloop/")),
]
OTHER = "elsewhere (the loop's own C code between callbacks, other modules)"


def classify(frames: list[str]) -> str:
    """The part a sample belongs to: what its innermost frame alone tells, else the part of its innermost
    frame that has one."""
    for part, pattern in INNERMOST:
        if pattern.search(function_of(frames[-1])):
            return part
    for frame in reversed(frames):
        for part, pattern in PARTS:
            if pattern.search(frame):
                return part
    return OTHER


def record(pid: int, seconds: float, out: Path) -> subprocess.Popen:
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if py_spy is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -e '.[bench]'")
    return subprocess.Popen(
        [
            py_spy,
            "record",
            "--pid",
            str(pid),
            "--rate",
            str(RATE),
            "--duration",
            str(round(seconds)),
            "--threads",
            "--nonblocking",
            "--format",
            "raw",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def function_of(frame: str) -> str:
    """`name (…/site-packages/asyncpg/pool.py:123)` → `name (asyncpg/pool.py)`."""
    match = re.fullmatch(r"(.*) \((.*?):\d+\)", frame)
    if match is None:
        return frame
    name, path = match.groups()
    path = re.sub(r"^.*?/site-packages/", "", path)
    path = re.sub(r"^.*?/(service|granian|litestar|asyncpg)/", r"\1/", path)
    return f"{name} ({path})"


def parse(raw: Path) -> tuple[collections.Counter[str], collections.Counter[str]]:
    """The main thread's samples by part and by innermost function, from py-spy's collapsed stacks (a
    thread's name comes first). C functions (msgspec's, xxhash's, asyncpg's Cython) are not frames: their
    time is that of the Python function that calls them."""
    parts: collections.Counter[str] = collections.Counter()
    leaves: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if count.isdigit() and "MainThread" in frames[0] and len(frames) > 1:
            parts[classify(frames[1:])] += int(count)
            leaves[function_of(frames[-1])] += int(count)
    return parts, leaves


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds of a worker's main thread and of all its other threads."""
    main = other = 0.0
    for thread in psutil.Process(pid).threads():
        if thread.id == pid:
            main += thread.user_time + thread.system_time
        else:
            other += thread.user_time + thread.system_time
    return {"main": main, "other": other}


def profile(server: run.Server, requests_file: Path, seconds: float, workdir: Path, name: str) -> dict:
    """Two wrk runs of the same requests: the first measures the worker's CPU by thread, undisturbed,
    and its backends'; during the second, py-spy samples the main thread."""
    run.wrk(server.url, requests_file, seconds=3, connections=10)  # warm up
    worker = server.worker_pids()[0]
    cpu0 = thread_cpu(worker)
    backends = server.backends()
    db0 = run.cpu_by_pid(backends)
    sample = run.wrk(server.url, requests_file, seconds=seconds, connections=10)
    cpu1 = thread_cpu(worker)
    db1 = run.cpu_by_pid(sorted(set(backends) | set(server.backends())))
    ms = {k: (cpu1[k] - cpu0[k]) * 1000 / max(sample.count, 1) for k in cpu0}
    ms["db"] = sum(cpu - db0.get(pid, 0.0) for pid, cpu in db1.items()) * 1000 / max(sample.count, 1)
    raw = workdir / f"{name}.txt"
    spy = record(worker, seconds, raw)
    profiled = run.wrk(server.url, requests_file, seconds=seconds, connections=10)
    _, err = spy.communicate(timeout=seconds + 60)
    if not raw.exists():
        raise SystemExit(f"py-spy wrote no profile: {err}")
    parts, leaves = parse(raw)
    return {"sample": sample, "profiled": profiled, "ms": ms, "parts": parts, "leaves": leaves}


def budget(ms: dict[str, float], limit: run.Sample) -> str:
    """What the worker could spend per request at 0.8 × pgbench, the rest of the machine as measured."""
    cores = psutil.cpu_count()
    target = 0.8 * limit.rps
    left = cores * 1000 / target - ms["db"]
    return (
        f"pgbench of the same statement, same concurrency, just before (after 3 s of warm-up): "
        f"**{limit.rps:,.0f} tps** "
        f"(PostgreSQL CPU {limit.db_cpu_ms:.3f} ms per transaction). 0.8 × that is {target:,.0f} req/s: "
        f"{cores} cores give {cores * 1000 / target:.3f} ms of CPU per request to PostgreSQL, wrk and the "
        f"worker together; PostgreSQL took {ms['db']:.3f} ms per request of this server, which leaves "
        + (f"**{left:.3f} ms**" if left > 0 else f"**nothing** ({left:.3f} ms)")
        + f" for the worker and wrk, against the worker's {ms['main'] + ms['other']:.3f} ms."
    )


def render(args: argparse.Namespace, results: dict[str, dict]) -> str:
    lines = [
        "# Where a worker's CPU goes (workloads 1 and 3, response cache off)",
        "",
        "Command: `.venv/bin/python bench/cpu_profile.py "
        f"--seconds {args.seconds:g} --events {args.events}` — "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. `dateline serve`, one granian worker, response cache "
        f"off, on `{run.dataset_name(args.events)}`; wrk -t2 -c10, run.py's random requests, two runs of "
        f"{args.seconds:g} s per workload: in the first the worker's CPU is measured thread by thread, "
        f"in the second py-spy samples its main thread ({RATE} Hz, `--nonblocking`: the worker is not "
        "stopped). A sample goes to the part of its innermost frame that has one; the main thread's CPU "
        "per request (first run) is split in the samples' proportion. wrk, PostgreSQL, py-spy and the "
        "worker share the two cores: compare the parts, not the throughput, with other runs.",
        "",
    ]
    for name, title in (
        ("page", "Workload 1: `GET /v1/events?tag=…&from=2015&to=2022&limit=50`"),
        ("event", "Workload 3: `GET /v1/events/{id}`"),
    ):
        r = results[name]
        ms, total = r["ms"], sum(r["parts"].values()) or 1
        lines += [
            f"## {title}",
            "",
            f"{r['sample'].rps:,.0f} req/s ({r['profiled'].rps:,.0f} under the profiler; not 2xx: "
            f"{r['sample'].errors + r['profiled'].errors}). Worker CPU per request: "
            f"**{ms['main'] + ms['other']:.3f} ms**, of which the main thread (Python) {ms['main']:.3f} ms "
            f"and granian's runtime threads (Rust: HTTP, the sockets) {ms['other']:.3f} ms.",
            "",
            budget(ms, results["pgbench"][name]),
            "",
            f"The main thread's {total:,} samples:",
            "",
            "| part | share of the main thread's samples | main-thread CPU ms per request |",
            "| --- | ---: | ---: |",
        ]
        for part, n in r["parts"].most_common():
            lines.append(f"| {part} | {n / total:.1%} | {ms['main'] * n / total:.3f} |")
        lines += [
            "",
            "The functions the main thread's samples were in (innermost Python frame; the C functions "
            "it calls count for it), the first 15:",
            "",
            "| function | share | ms per request |",
            "| --- | ---: | ---: |",
        ]
        for leaf, n in r["leaves"].most_common(15):
            lines.append(f"| `{leaf}` | {n / total:.1%} | {ms['main'] * n / total:.3f} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--server", default=run.generate.DEFAULT_SERVER)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=8795)
    parser.add_argument("--output", type=Path, default=BENCH / "results" / "profile.md")
    args = parser.parse_args()
    dsn = run.generate.database_url(args.server, run.dataset_name(args.events))
    if (asyncio.run(run.dataset_events(dsn)) or 0) < args.events:
        raise SystemExit(f"no complete dataset of {args.events:,} events: make it with bench/generate.py")
    run.upgrade(dsn)  # as run.py does: a dataset made before a newer migration gets it
    rnd = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="dateline-profile-") as tmp:
        workdir = Path(tmp)
        page = run.write_requests(
            workdir / "page.tsv", [("GET", p, {}, None) for p in run.page_paths(rnd, 4000)]
        )
        events = asyncio.run(run.published_event_paths(dsn, rnd, args.events))
        event = run.write_requests(workdir / "event.tsv", [("GET", p, {}, None) for p in events])
        postmaster = asyncio.run(run.dataset_facts(dsn))["postmaster"]
        scripts = run.pgbench_scripts(workdir, args.events)
        limits = {}
        for name in ("page", "event"):  # 3 s of warm-up first, as the server gets
            run.pgbench(dsn, *scripts[name], seconds=3, clients=10, postmaster=postmaster)
            limits[name] = run.pgbench(
                dsn, *scripts[name], seconds=args.seconds, clients=10, postmaster=postmaster
            )
        server = run.Server(dsn, args.port, 1, cache=False).start()
        try:
            results = {
                name: profile(server, path, args.seconds, workdir, name)
                for name, path in (("page", page), ("event", event))
            }
        finally:
            server.stop()
        results["pgbench"] = limits
    report = render(args, results)
    args.output.write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
