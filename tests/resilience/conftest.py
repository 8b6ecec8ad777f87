"""A private stack per test: an embedded PostgreSQL in the test's tmp dir, migrated and seeded with the
demo data, a demo editor key, and a real `dateline serve` (granian) on 127.0.0.1 pointed at it.

The tests stop, kill and restart that PostgreSQL with `pg_ctl`, so none of them may share the session
server the rest of the suite uses. Every wait here is bounded.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from service.embedded import EmbeddedPostgres
from tests.conftest import clean_env, free_port

ROOT = Path(__file__).resolve().parents[2]
# How many of the service's connections are waiting on a lock right now.
LOCK_WAITERS = (
    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'dateline' AND wait_event_type = 'Lock'"
)


def cli(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    """Run `dateline <args>` and return its stdout; fail the test with its output if it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, f"dateline {' '.join(args)} failed: {proc.stdout}\n{proc.stderr}"
    return proc.stdout


class Stack:
    """One PostgreSQL and one `dateline serve` on it, owned by one test."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pg = EmbeddedPostgres(tmp / "pg")
        self.dsn = self.pg.start()
        self.env = clean_env(
            DATELINE_DATABASE_URL=self.dsn, DATELINE_RATE_LIMIT_ANON="0", DATELINE_RATE_LIMIT_KEY="0"
        )
        try:
            cli(self.env, "migrate")
            cli(self.env, "seed", "--demo")
            created = cli(self.env, "keys", "create", "--newsroom", "demo", "--role", "editor")
        except BaseException:
            self.pg.stop()
            raise
        self.key = created.strip().splitlines()[-1]
        assert self.key.startswith("dl_"), self.key
        self.server: subprocess.Popen | None = None
        self.port = 0
        self.log_path = tmp / "server.log"

    # -- the service -----------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def serve(self, timeout: float = 60, **settings: str) -> subprocess.Popen:
        """`dateline serve` with these DATELINE_* settings; returns once /health/ready is 200.

        Its output goes to a file: a pipe nobody reads fills up under a burst of 503 warnings and
        would block the server, which is exactly the kind of hang these tests look for.
        """
        self.port = free_port()
        env = {**self.env, **{f"DATELINE_{k.upper()}": str(v) for k, v in settings.items()}}
        log = open(self.log_path, "a")  # noqa: SIM115 - closed with the process
        self.server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(self.port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/health/ready", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self.server
            except OSError:
                pass
            if self.server.poll() is not None or time.monotonic() > deadline:
                self.kill_service()
                raise RuntimeError(f"server did not become ready:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill_service(self) -> None:
        """SIGTERM, then SIGKILL to the server's own process group, so no granian worker outlives the test."""
        if self.server is None:
            return
        if self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.server.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):  # its own session: only our server and its workers
            os.killpg(self.server.pid, signal.SIGKILL)
        self.server.wait(timeout=10)

    # -- the database ----------------------------------------------------------------------------

    def pg_stop(self, mode: str) -> None:
        """`pg_ctl stop -m <mode>` (fast, or immediate: a crash, recovered from the WAL on start)."""
        self.pg._pg_ctl("stop", "-w", "-t", "30", "-m", mode)

    def pg_start(self) -> None:
        assert self.pg.start() == self.dsn

    async def connect(self) -> asyncpg.Connection:
        """A connection of the test itself (application_name 'resilience-test', never 'dateline')."""
        return await asyncpg.connect(
            self.dsn, timeout=10, server_settings={"application_name": "resilience-test"}
        )

    def close(self) -> None:
        try:
            self.kill_service()
        finally:
            try:
                self.pg.stop()
            except RuntimeError:
                self.pg_stop("immediate")


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    s = Stack(tmp_path)
    try:
        yield s
    finally:
        s.close()


def counts(statuses: list[object]) -> dict[str, int]:
    """Statuses by count, e.g. {'200': 97, '503': 3}; exceptions by class name."""
    return dict(sorted(collections.Counter(str(s) for s in statuses).items()))


def run(coro, timeout: float):
    """Run one scenario with a hard bound on its duration."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def outcome(response: httpx.Response) -> int | str:
    """The status, or a mark when a 503 lacks what the promise says it carries."""
    if response.status_code != 503:
        return response.status_code
    try:
        status = response.json().get("status")
    except ValueError:
        status = None
    well_formed = (
        response.headers.get("retry-after", "").isdigit()
        and response.headers.get("content-type", "").startswith("application/problem+json")
        and status == 503
    )
    return 503 if well_formed else "503-malformed"


class Load:
    """Request loops bounded in count and in time; every answer is kept as (start, end, kind, outcome).

    A request the client gave up on (its timeout) is recorded as "hung", a dropped connection by its
    exception's class name.
    """

    def __init__(self, client: httpx.AsyncClient, max_per_loop: int = 20_000) -> None:
        self.client = client
        self.max_per_loop = max_per_loop
        self.records: list[tuple[float, float, str, int | str]] = []
        self.stopped = asyncio.Event()

    async def loop(
        self, kind: str, request: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]
    ) -> None:
        for _ in range(self.max_per_loop):
            if self.stopped.is_set():
                return
            started = time.monotonic()
            try:
                result = outcome(await request(self.client))
            except httpx.TimeoutException:
                result = "hung"
            except httpx.HTTPError as exc:
                result = type(exc).__name__
            self.records.append((started, time.monotonic(), kind, result))
            if not (isinstance(result, int) and result < 300):
                await asyncio.sleep(0.02)  # a client backing off a little, not a tight error loop

    def between(self, start: float, end: float) -> list[int | str]:
        """Outcomes of the requests begun at or after `start` and answered before `end`."""
        return [r[3] for r in self.records if start <= r[0] and r[1] < end]
