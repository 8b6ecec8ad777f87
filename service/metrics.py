"""Prometheus metrics: `GET /metrics`, and what every request adds to them.

How and why: docs/architecture.md, "Metrics".
"""

from __future__ import annotations

import os
import time

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

disable_created_metrics()  # no `_created` series beside each counter: the text format has no use for them

UNMATCHED = "unmatched"
# The text format every Prometheus reads (its names are plain ASCII, so newer formats say the same);
# Litestar adds the charset.
MEDIA_TYPE = "text/plain; version=0.0.4"

REQUESTS = Counter(
    "dateline_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
)
DURATION = Histogram(
    "dateline_http_request_duration_seconds",
    "From a request's arrival to its response's last byte.",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
IN_PROGRESS = Gauge(
    "dateline_http_requests_in_progress", "Requests being answered now.", multiprocess_mode="livesum"
)
CACHE = Counter(
    "dateline_response_cache",
    "Anonymous GETs the response cache could answer: `hit` (a kept response "
    "or a 304 from a kept ETag) or `miss` (made by the app, and kept if it may be).",
    ["result"],
)
CACHE_HIT = CACHE.labels("hit")
EXPORTS = Counter(
    "dateline_exports",
    "Export bodies sent, by format and whether each was `rendered` for it or sent as "
    "`kept` on disk from an earlier render.",
    ["format", "result"],
)
CACHE_MISS = CACHE.labels("miss")
CACHE_INVALIDATIONS = Counter(
    "dateline_response_cache_invalidations",
    "Changes that emptied the response cache's entries of their "
    "surrogate keys (a draft's change names none, so it counts none).",
)
# The purger (service/purge/): only the process holding the purger lock reports the outbox, the others 0.
PURGE_DEPTH = Gauge(
    "dateline_purge_outbox_depth",
    "Outbox rows whose keys the edge has not acknowledged yet.",
    multiprocess_mode="livemax",
)
PURGE_LAG = Gauge(
    "dateline_purge_lag_seconds",
    "Age of the oldest outbox row not yet purged at the edge (0: none waits).",
    multiprocess_mode="livemax",
)
PURGE_FAILURES = Counter(
    "dateline_purge_failures", "Batches of purges the edge refused or did not answer (each retried later)."
)
PURGE_HOLDER = Gauge(
    "dateline_purge_holder",
    "1 in the process that holds the purger lock and sends the purges.",
    multiprocess_mode="livesum",
)
# Set by each worker's replica checks (service/replicas.py); a scrape shows the latest of any worker.
REPLICA_LAG = Gauge(
    "dateline_replica_lag_seconds",
    "How far each read replica is behind the primary, in seconds (NaN: not reachable).",
    ["replica"],
    multiprocess_mode="mostrecent",
)
REPLICA_AVAILABLE = Gauge(
    "dateline_replica_available",
    "1 while a read replica serves reads; 0 while it is skipped (down, or "
    "behind by more than DATELINE_REPLICA_MAX_LAG).",
    ["replica"],
    multiprocess_mode="mostrecent",
)


async def measure(answer: ASGIApp, method: str, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one HTTP request with `answer`, counting and timing it under `method` (a HEAD is answered
    as its GET). The route is read from the scope after `answer` is done: Litestar's router writes the
    matched route's template into it."""
    started = time.perf_counter()
    status = 500  # what the server makes of an app that fails before it starts a response

    async def noting_status(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        await send(message)

    IN_PROGRESS.inc()
    try:
        await answer(scope, receive, noting_status)
    finally:
        IN_PROGRESS.dec()
        route = scope.get("path_template") or UNMATCHED
        REQUESTS.labels(method, route, str(status)).inc()
        DURATION.labels(method, route).observe(time.perf_counter() - started)


def exposition() -> bytes:
    """The figures in Prometheus' text format: every worker's in multiprocess mode, else this process's."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)
