"""One granian worker or two: the same checkout served both ways, side by side on the 1M dataset, in
interleaved runs of workload 1 (pages) and workload 3 (events by id), response cache off.

    .venv/bin/python bench/workers.py [--runs 3] [--seconds 10]

Prints each run's req/s, p50 and p99, then the medians and the ratio of req/s (two workers ÷ one).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
from pathlib import Path

import generate
import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    dsn = generate.database_url(args.server, run.dataset_name(1_000_000))
    folder, rnd = Path(tempfile.mkdtemp(prefix="dateline-workers-")), random.Random(7)
    ids = [run.event_id(1 + rnd.randrange(1_000_000)) for _ in range(3000)]
    workloads = {
        "1 page": [("GET", p, {}, None) for p in run.page_paths(rnd, 4000)],
        "3 event": [("GET", f"/v1/events/{i}", {}, None) for i in ids],
    }
    files = {name: run.write_requests(folder / f"{name[0]}.txt", lines) for name, lines in workloads.items()}
    servers = {workers: run.Server(dsn, 8800 + workers, workers, cache=False).start() for workers in (1, 2)}
    samples: dict[tuple[str, int], list[run.Sample]] = {(name, w): [] for name in files for w in servers}
    try:
        for server in servers.values():
            for requests in files.values():
                run.wrk(server.url, requests, seconds=3, connections=10)
        for i in range(args.runs):
            for name, requests in files.items():
                for workers in (1, 2) if i % 2 == 0 else (2, 1):  # who goes first alternates
                    sample = run.wrk(servers[workers].url, requests, seconds=args.seconds, connections=10)
                    samples[(name, workers)].append(sample)
                    print(
                        f"run {i + 1}, workload {name}, {workers} worker(s): {sample.rps:,.0f} req/s, "
                        f"p50 {sample.p50_ms} ms, p99 {sample.p99_ms} ms",
                        flush=True,
                    )
    finally:
        for server in servers.values():
            server.stop()
    for name in files:
        one, two = (
            {key: statistics.median(getattr(s, key) for s in samples[(name, w)]) for key in ("rps", "p99_ms")}
            for w in (1, 2)
        )
        print(
            f"workload {name}: one worker {one['rps']:,.0f} req/s (p99 {one['p99_ms']} ms), "
            f"two {two['rps']:,.0f} (p99 {two['p99_ms']} ms): {two['rps'] / one['rps']:.2f} ×"
        )


if __name__ == "__main__":
    main()
