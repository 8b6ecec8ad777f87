"""How long `/health/live` and another client wait while one client floods expensive reads.

    .venv/bin/python bench/expensive_reads.py [--root CHECKOUT] [--seconds 20] [--concurrency 8]
        [--timeout 5] [--patience 60] [--server DSN]

`dateline serve --workers 1` from CHECKOUT (default: this one; give a checkout of an older commit to
compare), rate limits off, on a fresh database with the demo data and a published timeline of 10,000
events (`bulk`). For `--seconds`, one client (127.0.0.2, anonymous) keeps `--concurrency` requests in
flight: `as_of` pages of `bulk` (each at a new instant, so none is a response-cache hit) and each export
format of `bulk`, by GET and by HEAD, in turn. Meanwhile a thread asks `/health/live` every 10 ms
(127.0.0.3) and another client (127.0.0.4) sends ordinary GETs one at a time (`/v1/events?limit=N`, a
new N each time, and the embed). The flooder's requests time out after `--timeout` s, the measured
ones after `--patience` s (longer, so that a stall is measured, not cut short): a checkout with no cap
still finishes. Prints the flooder's statuses by kind, the longest and 99th-percentile
`/health/live` latency, and the other client's p95 and longest. Loopback only; the database is dropped
afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from hostile_dates import ROOT, Poller, command, served, stall  # noqa: E402

from service.exports.formats import FORMATS  # noqa: E402
from tests.security.test_expensive_reads import _bulk_lines  # noqa: E402

FLOODER, HEALTH, OTHER, SETUP = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.9"
EVENTS = 10_000


def client(base: str, address: str, timeout: float, key: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=base, transport=transport, headers=headers, timeout=timeout)


class HealthPoller(Poller):
    """`hostile_dates.Poller`, from an address of its own."""

    def __init__(self, base: str, timeout: float) -> None:
        super().__init__(base)
        self.http = client(base, HEALTH, timeout)

    def get(self) -> None:
        self.http.get("/health/live")

    def run(self) -> None:
        try:
            super().run()
        finally:
            self.http.close()


def setup(base: str, root: Path, env: dict[str, str]) -> dt.datetime:
    """The demo data and the `bulk` timeline; returns an instant after every write of the setup."""
    command(root, env, "seed", "--demo")
    key = command(root, env, "keys", "create", "--newsroom", "demo", "--role", "admin")
    with client(base, SETUP, 600, key) as admin:
        made = admin.post(
            "/v1/import",
            content=_bulk_lines(EVENTS, "bulk"),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert made.status_code == 201, made.text
        body = {"slug": "bulk", "title": "Bulk", "filter": {"tag": ["bulk"]}, "status": "published"}
        made = admin.post("/v1/timelines", json=body)
        assert made.status_code == 201, made.text
    time.sleep(0.05)
    return dt.datetime.now(dt.UTC)


def flood_request(i: int, after: dt.datetime) -> tuple[str, str, str]:
    """The flooder's i-th request: (kind, method, path), an as_of page, then each format by GET and HEAD."""
    formats = list(FORMATS)
    turn = i % (1 + 2 * len(formats))
    if turn == 0:
        as_of = (after + dt.timedelta(microseconds=i)).isoformat().replace("+00:00", "Z")
        return "as_of", "GET", f"/v1/timelines/bulk/events?limit=20&as_of={as_of}"
    method = "GET" if turn <= len(formats) else "HEAD"
    fmt = formats[(turn - 1) % len(formats)]
    return f"{method} export", method, f"/v1/timelines/bulk/export/{fmt}"


def outcome(http: httpx.Client, method: str, path: str) -> tuple[str, float]:
    """The status (or `timeout`/`error`) and the seconds it took."""
    started = time.perf_counter()
    try:
        status = str(http.request(method, path).status_code)
    except httpx.TimeoutException:
        status = "timeout"
    except httpx.HTTPError:
        status = "error"
    return status, time.perf_counter() - started


def run(
    base: str, after: dt.datetime, seconds: float, concurrency: int, timeout: float, patience: float
) -> None:
    deadline = time.monotonic() + seconds
    statuses: dict[str, Counter[str]] = {}
    other: list[tuple[str, float]] = []
    count = iter(range(10**9))
    lock = threading.Lock()

    def flooder() -> None:
        with client(base, FLOODER, timeout) as http:
            while time.monotonic() < deadline:
                with lock:
                    i = next(count)
                kind, method, path = flood_request(i, after)
                status, _ = outcome(http, method, path)
                with lock:
                    statuses.setdefault(kind, Counter())[status] += 1

    def other_client() -> None:
        with client(base, OTHER, patience) as http:
            n = 0
            while time.monotonic() < deadline:
                path = f"/v1/events?limit={1 + n % 90}" if n % 2 == 0 else "/embed/timelines/xi-putin-summit"
                other.append(outcome(http, "GET", path))
                n += 1

    poller = HealthPoller(base, patience)
    poller.start()
    time.sleep(0.3)
    poller.latencies.clear()
    watcher = threading.Thread(target=other_client)
    watcher.start()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(flooder)
    watcher.join()
    poller.stop.set()
    poller.join()
    print(f"  flooder ({FLOODER}, {concurrency} at a time, {seconds:.0f} s, {timeout:.0f} s timeout):")
    for kind, counter in sorted(statuses.items()):
        print(f"    {kind:11s} {sum(counter.values()):5d} requests: {dict(sorted(counter.items()))}")
    print(f"  /health/live ({HEALTH}, every 10 ms): {stall(poller.latencies)}")
    took = sorted(s * 1000 for _, s in other)
    p95 = took[math.ceil(0.95 * len(took)) - 1]
    print(
        f"  other client ({OTHER}): {len(took)} GETs, p95 {p95:.0f} ms, longest {took[-1]:.0f} ms, "
        f"statuses {dict(sorted(Counter(s for s, _ in other).items()))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=5, help="the flooder's requests' timeout (s)")
    parser.add_argument("--patience", type=float, default=60, help="the measured requests' timeout (s)")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--port", type=int, default=8392)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as data,
        served(args.root, args.server, args.port, "expensive", DATELINE_DATA_DIR=data) as (base, env),
    ):
        after = setup(base, args.root, env)
        print(f"checkout {args.root.resolve()}: {EVENTS:,}-event timeline, expensive reads from {FLOODER}")
        run(base, after, args.seconds, args.concurrency, args.timeout, args.patience)


if __name__ == "__main__":
    main()
