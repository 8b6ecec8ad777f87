"""Where a worker's memory goes, workload by workload: the RSS of a cached server's worker (the deployed
configuration, as run.py's RSS target is judged) after each of run.py's read workloads and its peak
during them, sampled every 0.1 s.

    .venv/bin/python bench/rss.py [--rounds 2] [--seconds 5] [NAME=VALUE ...]

NAME=VALUE pairs are put into the server's environment, to try a setting without changing the code:
`_RJEM_MALLOC_CONF=narenas:1,dirty_decay_ms:1000` (granian's own allocator is jemalloc, read under that
name), `DATELINE_RESPONSE_CACHE_BYTES=1048576`. Needs the 1M dataset (run.py or generate.py makes it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import threading
from pathlib import Path

import generate
import psutil
import run


def breakdown(pid: int) -> dict[str, int]:
    """MB by kind of page (/proc/PID/smaps_rollup): resident, anonymous, shared with the parent."""
    wanted = {"Rss", "Anonymous", "Shared_Dirty", "Private_Dirty"}
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        pairs = (line.split()[:2] for line in rollup if line.split()[0].rstrip(":") in wanted)
        return {name.rstrip(":"): int(kb) // 1024 for name, kb in pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("env", nargs="*", help="NAME=VALUE for the server's environment")
    args = parser.parse_args()
    os.environ.update(pair.split("=", 1) for pair in args.env)
    dsn = generate.database_url(args.server, run.dataset_name(1_000_000))
    rnd, workdir = random.Random(20261201), Path(tempfile.mkdtemp(prefix="dateline-rss-"))
    server = run.Server(dsn, 8795, 1, cache=True).start()
    stop, peak = threading.Event(), [0]
    try:
        timelines, embed = run.ensure_timelines(server.url, dsn, asyncio.run(run.editor_key(dsn)))
        ids = [run.event_id(1 + rnd.randrange(1_000_000)) for _ in range(6000)]
        events = [f"/v1/events/{i}" for i in ids if run.http(f"{server.url}/v1/events/{i}")[0] == 200]
        lines = {
            "1 page": [("GET", p, {}, None) for p in run.page_paths(rnd, 4000)],
            "2 timeline": [("GET", p, {}, None) for p in run.timeline_paths(rnd, 4000, timelines)],
            "3 event": [("GET", p, {}, None) for p in events],
            "4a event 304": run.with_etags(server.url, events[:1000], []),
            "4b page 304": run.with_etags(server.url, run.page_paths(rnd, 300), []),
            "5a embed": [("GET", f"/embed/timelines/{embed}", {}, None)],
            "5b export": [("GET", f"/v1/timelines/{embed}/export/timelinejs", {}, None)],
        }
        files = {
            name: run.write_requests(workdir / f"{i}.tsv", reqs)
            for i, (name, reqs) in enumerate(lines.items())
        }
        worker = psutil.Process(server.worker_pids()[-1])

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], worker.memory_info().rss // 2**20)
                stop.wait(0.1)

        threading.Thread(target=sample, daemon=True).start()
        print(f"at start: {breakdown(worker.pid)}")
        print("| round | workload | req/s | RSS after, MB | peak so far, MB | anonymous, MB |")
        print("| ---: | --- | ---: | ---: | ---: | ---: |")
        for round_ in range(1, args.rounds + 1):
            for name, path in files.items():
                run.wrk(server.url, path, seconds=2, connections=10)
                sample_ = run.wrk(server.url, path, seconds=args.seconds, connections=10)
                now = breakdown(worker.pid)
                memory = f"{now['Rss']} | {peak[0]} | {now['Anonymous']}"
                print(f"| {round_} | {name} | {sample_.rps:,.0f} | {memory} |", flush=True)
    finally:
        stop.set()
        server.stop()


if __name__ == "__main__":
    main()
