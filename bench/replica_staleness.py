"""How stale reads are with a lagging streaming replica, and how reads fare when it dies.

    .venv/bin/python bench/replica_staleness.py [--workers 2] [--writes 10] [--delay 2]

Starts its own PostgreSQL primary and a streaming replica on loopback (tests/replicas/cluster.py) that
applies every commit `--delay` seconds late, and `dateline serve` on them. Then:

- writer: after each PATCH, how many of the writer's own GETs until one shows it (expected: 1, 0 s);
- anonymous: two readers poll the event all along; for each PATCH, the latest start, after the PATCH
  returned, of a read that still showed the old title (expected: at most the replica's lag + 1 s), and
  how many reads that started after the replica had replayed the PATCH showed the old title (expected 0);
  with the response cache on (its fills read a replica only once it has replayed the change) and off
  (reads go to the replica as it is);
- failover: the replica is stopped under a steady read load: the slowest read, failed reads, how long
  until /health/ready says `degraded`; then restarted: how long until it is used again (`ready`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.migrate import upgrade  # noqa: E402
from tests.conftest import create_key  # noqa: E402
from tests.replicas.cluster import Cluster  # noqa: E402
from tests.replicas.conftest import serve  # noqa: E402
from tests.replicas.test_replicas import new_event, retitle  # noqa: E402


class Readers:
    """Threads that GET `path` in a loop, noting (start, end, status, body) of each read."""

    def __init__(self, url: str, path: str, count: int, key: str | None = None, vary: bool = False) -> None:
        self.records: list[tuple[float, float, int | str, str]] = []
        self.stop = threading.Event()
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        read = (url, path, headers, vary)
        self.threads = [threading.Thread(target=self._read, args=read) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def _read(self, url: str, path: str, headers: dict[str, str], vary: bool) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=10) as http:
            i = 0
            while not self.stop.is_set():
                i += 1
                started = time.monotonic()
                try:
                    response = http.get(path, params={"limit": 1 + i % 200} if vary else None)
                    result: int | str = response.status_code
                    body = response.text
                except httpx.HTTPError as exc:
                    result, body = type(exc).__name__, ""
                self.records.append((started, time.monotonic(), result, body))
                time.sleep(0.01)

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def wait_status(url: str, status: str, timeout: float = 60) -> float:
    """Seconds until /health/ready says `status` on 6 requests in a row."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if all(httpx.get(f"{url}/health/ready", timeout=5).json()["status"] == status for _ in range(6)):
            return time.monotonic() - started
        time.sleep(0.05)
    raise TimeoutError(f"/health/ready never said {status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, default=10)
    parser.add_argument("--delay", type=float, default=2.0, help="the replica's recovery_min_apply_delay, s")
    args = parser.parse_args()
    cluster = Cluster()
    try:
        upgrade(cluster.primary.dsn())
        replica = cluster.add_replica(args.delay)
        key = create_key(cluster.primary.dsn(), "wire", "editor")
        folder = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
        print(f"replica apply delay {args.delay:g} s, serve --workers {args.workers}, {args.writes} PATCHes")
        cache_off = {"DATELINE_RESPONSE_CACHE_BYTES": "0"}
        with serve(cluster, [replica], args.workers, folder / "cache-off.log", **cache_off) as url:
            print("response cache off:")
            measure(url, key, cluster, replica, args)
        with serve(cluster, [replica], args.workers, folder / "cache-on.log") as url:
            print("response cache on:")
            measure(url, key, cluster, replica, args)
            failover(url, key, replica)
    finally:
        cluster.close()


def measure(url: str, key: str, cluster: Cluster, replica, args: argparse.Namespace) -> None:
    writer = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    event = new_event(writer, "Title 0")
    cluster.wait_replayed(replica)
    path = f"/v1/events/{event['id']}"
    readers = Readers(url, path, 2)
    writer_reads, writer_stale, writes = [], [], []
    etag = event["etag"]
    for i in range(1, args.writes + 1):
        time.sleep(0.5)
        etag = retitle(writer, event["id"], f"Title {i}", etag).headers["etag"]
        written = time.monotonic()
        count = 1
        while writer.get(path).json()["title"] != f"Title {i}":
            count += 1
        writer_reads.append(count)
        writer_stale.append(0.0 if count == 1 else time.monotonic() - written)
        position = cluster.written()
        cluster.wait_replayed(replica, position)
        writes.append((i, written, time.monotonic()))
    time.sleep(0.5)
    readers.close()
    first_fresh = sum(1 for count in writer_reads if count == 1)
    print(
        f"  writer: its first GET after a PATCH showed it {first_fresh}/{len(writer_reads)} times; "
        f"staleness max {max(writer_stale):.2f} s"
    )
    stale_after, after_replay, reads = [], 0, len(readers.records)
    for i, written, replayed in writes:
        old = [
            r
            for r in readers.records
            if r[0] > written and f'"Title {i}"' not in r[3] and r[2] == 200 and _title_index(r[3]) < i
        ]
        stale_after.append(max((r[0] - written for r in old), default=0.0))
        after_replay += sum(1 for r in old if r[0] > replayed)
    print(
        f"  anonymous: {reads} reads; old content served up to {max(stale_after):.2f} s after a PATCH "
        f"returned "
        f"(median {sorted(stale_after)[len(stale_after) // 2]:.2f} s; lag {args.delay:g} s); "
        f"reads started after the replica replayed the PATCH that showed old content: {after_replay}"
    )


def _title_index(body: str) -> int:
    import json

    try:
        return int(json.loads(body)["title"].split()[-1])
    except (ValueError, KeyError, IndexError):
        return -1


def failover(url: str, key: str, replica) -> None:
    load = [Readers(url, "/v1/events", 2, vary=True), Readers(url, "/v1/events", 1, key=key, vary=True)]
    time.sleep(1)
    stopped = time.monotonic()
    replica.stop()
    stopping = time.monotonic() - stopped
    degraded = stopping + wait_status(url, "degraded")
    time.sleep(3)
    restarted = time.monotonic()
    replica.start()
    back = wait_status(url, "ready")
    time.sleep(0.5)
    for readers in load:
        readers.close()
    records = [r for readers in load for r in readers.records]
    during = [r for r in records if stopped <= r[0] < restarted + back]
    failed = [r for r in during if r[2] != 200]
    slowest = max(r[1] - r[0] for r in during)
    print(
        f"  failover: replica stopped (pg_ctl stop took {stopping:.2f} s): /health/ready degraded "
        f"{degraded:.2f} s after the stop began; "
        f"{len(during)} reads while it was down or coming back, {len(failed)} failed, slowest "
        f"{slowest:.3f} s; "
        f"restarted: used again after {back:.2f} s"
    )
    for failure in failed:
        print(f"    failed at +{failure[0] - stopped:.2f} s: {failure[2]} {failure[3][:300]}")


if __name__ == "__main__":
    main()
