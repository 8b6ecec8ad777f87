"""GET /metrics (service/metrics.py): every request counted under its route template and status, timed,
and the response cache's hits and misses; through `dateline serve`, the figures of all its workers."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from service.demo.seed import demo_id
from tests.conftest import clean_env, serving
from tests.test_response_cache import cached, eventually  # noqa: F401  (the fixture)

SUMMIT = demo_id("event", "summit")
EVENT_ROUTE = "/v1/events/{event_id}"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition, by name and sorted labels."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def scrape(client) -> dict:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert response.headers["cache-control"] == "no-store"
    return samples(response.text)


def requests(figures: dict, method: str, route: str, status: int) -> float:
    labels = (("method", method), ("route", route), ("status", str(status)))
    return figures.get(("dateline_http_requests_total", labels), 0.0)


def test_each_request_is_counted_under_its_route_template_and_status(anon):
    before = scrape(anon)
    assert anon.get(f"/v1/events/{SUMMIT}").status_code == 200
    assert anon.get(f"/v1/events/{SUMMIT}").status_code == 200
    assert anon.head(f"/v1/events/{SUMMIT}").status_code == 200
    assert anon.get("/v1/events/00000000-0000-0000-0000-000000000000").status_code == 404
    assert anon.get("/v1/events?limit=0").status_code == 400
    assert anon.get("/no/such/path/123").status_code == 404
    after = scrape(anon)

    def added(method: str, route: str, status: int) -> float:
        return requests(after, method, route, status) - requests(before, method, route, status)

    assert added("GET", EVENT_ROUTE, 200) == 2
    assert added("HEAD", EVENT_ROUTE, 200) == 1
    assert added("GET", EVENT_ROUTE, 404) == 1
    assert added("GET", "/v1/events", 400) == 1
    assert added("GET", "unmatched", 404) == 1  # an unknown path is not a series of its own
    assert not any("/no/such" in str(key) for key in after)
    assert not any(str(SUMMIT) in str(key) for key in after)  # ids never become labels
    count = ("dateline_http_request_duration_seconds_count", (("method", "GET"), ("route", EVENT_ROUTE)))
    assert after[count] - before.get(count, 0.0) == 3
    total = ("dateline_http_request_duration_seconds_sum", (("method", "GET"), ("route", EVENT_ROUTE)))
    assert after[total] > before.get(total, 0.0)


def test_the_response_caches_hits_and_misses_are_counted(cached):  # noqa: F811
    def cache(figures: dict, result: str) -> float:
        return figures.get(("dateline_response_cache_total", (("result", result),)), 0.0)

    path = f"/v1/events/{SUMMIT}"
    before = scrape(cached)
    first = cached.get(path)
    assert cached.get(path).status_code == 200
    assert cached.get(path, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    after = scrape(cached)
    assert cache(after, "miss") - cache(before, "miss") == 1
    assert cache(after, "hit") - cache(before, "hit") == 2
    # a hit is still a request answered: the cache sits inside what is counted
    assert requests(after, "GET", EVENT_ROUTE, 304) - requests(before, "GET", EVENT_ROUTE, 304) == 1


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def one_file(path: Path) -> dict:
    """The figures in one worker's file, read by prometheus_client from a folder holding it alone."""
    with tempfile.TemporaryDirectory() as alone:
        shutil.copy(path, alone)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=alone)
        return samples(generate_latest(registry).decode())


@pytest.fixture
def two_workers(db_url: str, tmp_path: Path):
    """`dateline serve --workers 2` with its metrics folder given; a stale file of an earlier server in it."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_1.db").write_bytes(b"left by an earlier server")
    env = clean_env(
        DATELINE_DATABASE_URL=db_url,
        DATELINE_WORKERS="2",
        DATELINE_RATE_LIMIT_ANON="0",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    with serving(env) as base:
        yield base, folder


def test_every_scrape_sums_the_figures_of_all_the_workers(two_workers):
    base, folder = two_workers
    assert not (folder / "counter_1.db").exists()  # emptied at start
    url = f"{base}/v1/events/{SUMMIT}"

    def per_worker() -> list[float]:  # each worker keeps its own file (counted once a response is sent)
        return [requests(one_file(path), "GET", EVENT_ROUTE, 200) for path in folder.glob("counter_*.db")]

    answered = 0
    with ThreadPoolExecutor(8) as pool:  # a connection each, eight at a time, until both workers took some
        for _ in range(20):
            assert list(pool.map(get, [url] * 50)) == [200] * 50
            answered += 50
            assert eventually(lambda answered=answered: sum(per_worker()) == answered)
            if all(per_worker()):
                break
    assert len(per_worker()) == 2 and all(per_worker()), per_worker()
    for _ in range(6):  # whichever worker answers the scrape, it counts every worker's requests
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:  # noqa: S310
            assert requests(samples(response.read().decode()), "GET", EVENT_ROUTE, 200) == answered


def test_the_served_app_exposes_its_metrics(live_server):
    """`dateline serve` without a folder given makes its own: the scrape still sums what was answered."""
    for _ in range(3):
        assert get(f"{live_server}/v1/events/{SUMMIT}") == 200

    def counted() -> float:  # a request is counted just after its response is sent
        with urllib.request.urlopen(f"{live_server}/metrics", timeout=10) as response:  # noqa: S310
            return requests(samples(response.read().decode()), "GET", EVENT_ROUTE, 200)

    assert eventually(lambda: counted() == 3)


def test_serve_does_not_import_prometheus_client_before_it_sets_the_multiprocess_folder():
    """What `dateline serve` imports before its workers start must leave prometheus_client alone: imported
    earlier, it keeps the figures in memory and every scrape is empty."""
    check = "import sys, service.cli; assert 'prometheus_client' not in sys.modules, 'imported by the cli'"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
