"""Granian or uvicorn for the same app: requests per second on the same paths, interleaved runs.

    DATELINE_DATABASE_URL=postgresql://... .venv/bin/python bench/servers.py [--seconds 10] [--runs 3]

Needs `wrk` (Debian) and uvicorn (`pip install -e '.[bench]'`). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.demo.seed import demo_id  # noqa: E402

PATHS = {
    "page": "/v1/events?tag=china-russia&limit=50",
    "event": f"/v1/events/{demo_id('event', 'summit')}",
}
SERVERS = {
    "granian": [
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "--workers",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        "--port",
        "{port}",
        "service.app:create_app",
    ],
    "uvicorn": [
        "uvicorn",
        "--factory",
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
        "--port",
        "{port}",
        "service.app:create_app",
    ],
}


def wait_ready(port: int) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} never became ready")


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not os.environ.get("DATELINE_DATABASE_URL"):
        raise SystemExit("set DATELINE_DATABASE_URL to a migrated database holding the demo data")
    bindir = Path(sys.executable).parent
    results: dict[tuple[str, str], list[float]] = {}
    for run in range(args.runs):
        for name, argv in SERVERS.items():
            port = 8700 + run * 10 + list(SERVERS).index(name)
            cmd = [str(bindir / argv[0]), *[a.format(port=port) for a in argv[1:]]]
            server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_ready(port)
                for label, path in PATHS.items():
                    wrk(f"http://127.0.0.1:{port}{path}", 2, args.connections)  # warm-up
                    results.setdefault((name, label), []).append(
                        wrk(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections)
                    )
            finally:
                server.terminate()
                server.wait(timeout=20)
    runs = f"{args.runs} interleaved runs, {args.connections} connections"
    print(f"| server | path | median req/s | min–max ({runs}) |")
    print("| --- | --- | ---: | --- |")
    for (name, label), values in results.items():
        spread = f"{min(values):,.0f}–{max(values):,.0f}"
        print(f"| {name} | {PATHS[label]} | {statistics.median(values):,.0f} | {spread} |")


if __name__ == "__main__":
    main()
