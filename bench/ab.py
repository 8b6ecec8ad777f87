"""Two checkouts of the project measured in interleaved pairs, for a change smaller than the noise
between full runs: workload 1's worker CPU per page, workload 3's per event, or the bulk import's
events per second.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/ab.py page /tmp/before . [--pairs 3] [--seconds 10]
    .venv/bin/python bench/ab.py event /tmp/before . [--pairs 3] [--seconds 10]
    .venv/bin/python bench/ab.py import /tmp/before . [--pairs 3] [--events 100000]

Each measurement runs in a process of its own, in the checkout it measures, with that checkout's
bench/run.py (its `Server`, `wrk` and `bulk_import`) and this virtual environment's packages.
`page`: one cache-off server on the 1M dataset, 3 s of warm-up, then wrk -c10 on workload 1's pages
and the worker's CPU over the run; `event`: the same on workload 3 (published events by id).
`import`: `bulk_import` into a copy of the 10k dataset, with the CPU of the command (and its workers)
and of PostgreSQL (its live and reaped backends).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ONE = r"""
import json, os, random, resource, sys, tempfile, argparse
from pathlib import Path
tree = Path(sys.argv[1]).resolve(); sys.path[:0] = [str(tree), str(tree / "bench")]
import psutil, run, generate
kind, size = sys.argv[2], float(sys.argv[3])
server = "postgresql://postgres@127.0.0.1:5432/postgres"
if kind in ("page", "event"):
    dsn = generate.database_url(server, run.dataset_name(1_000_000))
    srv = run.Server(dsn=dsn, port=8799, workers=1, cache=False).start()
    try:
        requests = Path(tempfile.mkdtemp()) / "requests.txt"
        if kind == "page":
            paths = run.page_paths(random.Random(1), 4000)
        else:  # 2 % of events are drafts (a 404): only the published ones of 4,000 random ids, asked
            # over HTTP (run.http is in every checkout's run.py, so an older one can be measured too)
            paths, rnd = [], random.Random(1)
            for _ in range(4000):
                path = "/v1/events/" + str(run.event_id(1 + rnd.randrange(1_000_000)))
                if run.http(srv.url + path)[0] == 200:
                    paths.append(path)
        run.write_requests(requests, [("GET", p, {}, None) for p in paths])
        run.wrk(srv.url, requests, seconds=3, connections=10)
        pid = srv.worker_pids()[-1]
        before = run.cpu_seconds([pid])
        sample = run.wrk(srv.url, requests, seconds=size, connections=10)
        cpu = run.cpu_seconds([pid]) - before
    finally:
        srv.stop()
    print(json.dumps({"req/s": sample.rps, f"worker CPU ms/{kind}": cpu * 1000 / max(sample.count, 1)}))
else:
    postmaster = psutil.Process(int(open("/var/run/postgresql/15-main.pid").readline()))
    def pg():
        backends = [c.pid for c in postmaster.children()]
        return run.reaped_cpu_seconds(postmaster.pid) + run.cpu_seconds(backends)
    args = argparse.Namespace(server=server, import_events=int(size), import_timeout=1200)
    with tempfile.TemporaryDirectory() as tmp:
        c0, p0 = resource.getrusage(resource.RUSAGE_CHILDREN), pg()
        out = run.bulk_import(args, {10_000: "x"}, Path(tmp), random.Random(3), jobs=2)
        c1, p1 = resource.getrusage(resource.RUSAGE_CHILDREN), pg()
    n = max(out.get("events", 0), 1)
    command = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    print(json.dumps({"events/s": out.get("rate", 0), "command CPU us/event": command * 1e6 / n,
                      "PostgreSQL CPU us/event": (p1 - p0) * 1e6 / n}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["page", "event", "import"])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10, help="wrk's run (page, event)")
    parser.add_argument("--events", type=int, default=100_000, help="events imported (import)")
    args = parser.parse_args()
    size = args.events if args.kind == "import" else args.seconds
    for pair in range(1, args.pairs + 1):
        for label, tree in (("before", args.before), ("after", args.after)):
            result = subprocess.run(
                [sys.executable, "-c", ONE, str(tree), args.kind, str(size)],
                cwd=tree,
                capture_output=True,
                text=True,
                check=False,
            )
            figures = result.stdout.strip().splitlines()[-1:] if result.returncode == 0 else []
            if not figures:
                raise SystemExit(f"{label} ({tree}) failed:\n{result.stderr[-2000:]}")
            shown = ", ".join(f"{k} {v:,.2f}" for k, v in json.loads(figures[0]).items())
            print(f"pair {pair} {label:6} {shown}", flush=True)


if __name__ == "__main__":
    main()
