"""Where a bulk import's time goes: one NDJSON file through `dateline import`'s own code, in-process,
with the wall time and the Python CPU of each of its statements.

    .venv/bin/python bench/import_profile.py [--events 10000] [--server postgresql://…]

Imports into a copy of the 10k dataset (made by bench/run.py or bench/generate.py), dropped after.
A statement's wall time less its Python CPU is, on this otherwise idle connection, PostgreSQL's time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
from run import NEWSROOM, dataset_name, event_bodies  # noqa: E402

from service.config import load_settings  # noqa: E402
from service.events import citations_repository as citations_repo  # noqa: E402
from service.events import repository as events_repo  # noqa: E402
from service.imports import service as imports_service  # noqa: E402
from service.imports.cli import run_import  # noqa: E402
from service.sources import repository as sources_repo  # noqa: E402

STATEMENTS = [
    (events_repo, "live_entity_refs"),
    (sources_repo, "live_sources"),
    (sources_repo, "find_sources_by_urls"),
    (sources_repo, "insert_sources"),
    (events_repo, "insert_events"),
    (events_repo, "insert_event_entities"),
    (citations_repo, "insert_citations"),
    (events_repo, "insert_created_revisions"),
]


@contextlib.contextmanager
def spend(totals: dict[str, list[float]], name: str) -> Iterator[None]:
    """Add the block's wall time, Python CPU and one call to totals[name]."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        spent = totals.setdefault(name, [0.0, 0.0, 0])
        spent[0] += time.perf_counter() - wall
        spent[1] += time.process_time() - cpu
        spent[2] += 1


def timed(module: Any, name: str, totals: dict[str, list[float]]) -> None:
    """Replace module.name (a coroutine function) with one that adds its time to totals."""
    original = getattr(module, name)

    @functools.wraps(original)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        with spend(totals, name):
            return await original(*args, **kwargs)

    setattr(module, name, wrapper)


def timed_check(check: Any, totals: dict[str, list[float]]) -> Any:
    """The rows' checks (parsing, EDTF, rules): Python only."""

    @functools.wraps(check)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with spend(totals, "checking the rows (Python)"):
            return check(*args, **kwargs)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--server", default=generate.DEFAULT_SERVER)
    args = parser.parse_args()
    name = "dateline_bench_import_profile"
    asyncio.run(generate._admin(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(generate._admin(args.server, f'CREATE DATABASE "{name}" TEMPLATE "{dataset_name(10_000)}"'))
    totals: dict[str, list[float]] = {}
    for module, statement in STATEMENTS:
        timed(module, statement, totals)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "import.ndjson"
            path.write_bytes(b"\n".join(event_bodies(random.Random(5), args.events)) + b"\n")
            imports_service._check_rows = timed_check(imports_service._check_rows, totals)
            wall, cpu = time.perf_counter(), time.process_time()
            code = run_import(
                generate.database_url(args.server, name),
                load_settings(),
                paths=[path],
                newsroom=NEWSROOM,
                fmt="ndjson",
            )  # one file: in this process
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        asyncio.run(generate._admin(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if code != 0:
        raise SystemExit(f"the import failed ({code})")
    print(
        f"\n{args.events:,} events in {wall:.2f} s = {args.events / wall:,.0f} events/s "
        f"(Python CPU {cpu:.2f} s, in process: no interpreter start)\n"
    )
    print("| step | calls | wall s | Python CPU s | PostgreSQL and waiting s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for step, (spent, py, calls) in totals.items():
        print(f"| `{step}` | {calls:.0f} | {spent:.2f} | {py:.2f} | {max(spent - py, 0):.2f} |")


if __name__ == "__main__":
    main()
