"""Wall time of the same tests run serially and in pytest-xdist workers, back to back, in rounds.

    .venv/bin/python bench/suite_wall_time.py                         # the whole suite: -n 0, then -n auto
    .venv/bin/python bench/suite_wall_time.py -w 0,2,3 -r 2 tests/events tests/auth

Each run is `pytest -q -p no:cacheprovider -n W <paths>` in a fresh process; rounds alternate the
settings, so a machine that gets busier or quieter weighs on each alike. Prints each run's wall time
and exit status, then each setting's median and its ratio to the first setting's.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(workers: str, paths: list[str]) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", workers, *paths]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    last = (done.stdout.strip().splitlines() or [""])[-1]
    return time.perf_counter() - started, done.returncode, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-w", "--workers", default="0,auto", help="comma-separated -n values (first: baseline)"
    )
    parser.add_argument("-r", "--rounds", type=int, default=1)
    parser.add_argument("paths", nargs="*", default=["tests"])
    args = parser.parse_args()
    settings = args.workers.split(",")
    walls: dict[str, list[float]] = {w: [] for w in settings}
    for round_ in range(args.rounds):
        for workers in settings:
            wall, status, summary = run(workers, args.paths)
            walls[workers].append(wall)
            print(f"round {round_ + 1} -n {workers}: {wall:7.1f} s  exit {status}  {summary}", flush=True)
    base = statistics.median(walls[settings[0]])
    for workers in settings:
        median = statistics.median(walls[workers])
        print(f"-n {workers}: median {median:7.1f} s  = {median / base:5.0%} of -n {settings[0]}")


if __name__ == "__main__":
    main()
