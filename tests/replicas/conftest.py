"""A primary and a streaming replica that applies each commit APPLY_DELAY seconds late, started once for
the replica tests; `dateline serve` against them with one worker and with two."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from service.migrate import upgrade
from tests.conftest import clean_env, create_key, serving
from tests.replicas.cluster import Cluster, Node

APPLY_DELAY = 2.0
MAX_LAG = 5.0
READ_BOUND = 2.0  # seconds any read may take, a replica down or not


class Served(NamedTuple):
    """Two `serve` processes of the same configuration (two hosts behind a load balancer)."""

    urls: list[str]
    logs: list[Path]
    workers: int


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        upgrade(cluster.primary.dsn())
        cluster.add_replica(APPLY_DELAY)
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="session")
def replica(cluster: Cluster) -> Node:
    return cluster.replicas[0]


@pytest.fixture(scope="session")
def writer(cluster: Cluster) -> str:
    return create_key(cluster.primary.dsn(), "wire", "editor")


@contextlib.contextmanager
def serve(cluster: Cluster, replicas: list[Node], workers: int, log: Path, **extra: str) -> Iterator[str]:
    env = clean_env(
        **extra,
        DATELINE_DATABASE_URL=cluster.primary.dsn(),
        DATELINE_READ_DATABASE_URL=",".join(node.dsn() for node in replicas),
        DATELINE_REPLICA_MAX_LAG=str(MAX_LAG),
        DATELINE_WORKERS=str(workers),
        DATELINE_RATE_LIMIT_ANON="0",
        DATELINE_RATE_LIMIT_KEY="0",
    )
    with open(log, "w") as output, serving(env, output=output) as url:
        yield url


@pytest.fixture(scope="module", params=[1, 2], ids=["1-worker", "2-workers"])
def served(
    request: pytest.FixtureRequest, cluster: Cluster, replica: Node, tmp_path_factory
) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("served")
    logs = [folder / "a.log", folder / "b.log"]
    with (
        serve(cluster, [replica], request.param, logs[0]) as a,
        serve(cluster, [replica], request.param, logs[1]) as b,
    ):
        yield Served([a, b], logs, request.param)


def client(url: str, key: str | None = None) -> httpx.Client:
    """A client whose every request fails unless answered within READ_BOUND seconds."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=url, headers=headers, timeout=READ_BOUND)


def until(check, timeout: float, what: str) -> None:
    """Poll `check` until it is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.1)
