"""Test fixtures: a real PostgreSQL, migrated once; each test that writes gets its own clone.

The server is `DATELINE_TEST_DATABASE_URL` when set (any database on a server where this role may
create databases), else an embedded PostgreSQL started for the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.cache import Generation
from service.config import Settings, load_settings
from service.demo.seed import seed_demo
from service.events.document import stale_docs
from service.exports.kept import folder_of
from service.keys import repository as keys
from service.migrate import upgrade
from service.replicas import SharedPosition

# The markers (registered in pyproject.toml) of the tests that need more than Python and PostgreSQL,
# by path under tests/, so `-m "not browser"` and the like select the rest; a new file there is marked too.
MARKERS = {
    "embed/test_browser.py": "browser",  # Debian's chromium
    "test_docs_page.py": "browser",
    "sdk/": "sdk",  # generated clients; Node.js and npm for the TypeScript one
    "resilience/": "resilience",  # PostgreSQL servers of their own, stopped and killed
    "ops/test_restore_drill.py": "resilience",  # a PostgreSQL of its own, backed up and restored
    "replicas/": "replica",  # a primary and streaming replicas of their own
    "edge/": "edge",  # a real varnishd in front of the service
    "test_contract.py": "slow",  # schemathesis over every operation
}
TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """As root, keep test files (and the embedded servers' data) in a folder of this session's own:
    the servers run as another user, who must be let through every folder above their data, and pytest
    closes its usual temp root (mode 0700) whenever another pytest session starts. Left in place when a
    test failed, for a look; the workers of pytest-xdist take their folders inside it."""
    if os.geteuid() != 0 or config.option.basetemp or hasattr(config, "workerinput"):
        return
    config.option.basetemp = tempfile.mkdtemp(prefix="dateline-tests-")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    basetemp = session.config.option.basetemp
    if exitstatus == 0 and basetemp and Path(basetemp).name.startswith("dateline-tests-"):
        shutil.rmtree(basetemp, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.relative_to(TESTS).as_posix() if item.path.is_relative_to(TESTS) else ""
        for prefix, marker in MARKERS.items():
            if where.startswith(prefix):
                item.add_marker(marker)


def with_database(dsn: str, name: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class Server:
    """A PostgreSQL server on which tests create and drop their databases."""

    def __init__(self, admin_dsn: str) -> None:
        self.admin_dsn = admin_dsn

    def _admin(self, sql: str) -> None:
        async def run() -> None:
            conn = await asyncpg.connect(with_database(self.admin_dsn, "postgres"))
            try:
                await conn.execute(sql)
            finally:
                await conn.close()

        asyncio.run(run())

    def create(self, name: str, template: str | None = None) -> str:
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return with_database(self.admin_dsn, name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # The file through which the apps of that database shared their cache generation (one per database).
        Generation.file_of(with_database(self.admin_dsn, name)).unlink(missing_ok=True)
        SharedPosition.file_of(with_database(self.admin_dsn, name)).unlink(missing_ok=True)
        # The exports kept for it by the apps of the tests (in the default data_dir).
        shutil.rmtree(folder_of(Settings().data_dir, with_database(self.admin_dsn, name)), ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = os.environ.get("DATELINE_TEST_DATABASE_URL")
    if url:
        yield Server(url)
        return
    from service.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(tmp_path_factory.mktemp("pg"))
    dsn = embedded.start()
    try:
        yield Server(dsn)
    finally:
        embedded.stop()


def app_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for a test app: the environment's DATELINE_* values never leak in."""
    return load_settings(
        {}, **{"database_url": database_url, "pool_min_size": 1, "pool_max_size": 4, **overrides}
    )


def create_key(dsn: str, newsroom: str, role: str) -> str:
    """A new API key in that database; returns its secret."""

    async def run() -> str:
        conn = await asyncpg.connect(dsn)
        try:
            async with conn.transaction():
                return (await keys.create_key(conn, newsroom=newsroom, role=role)).key
        finally:
            await conn.close()

    return asyncio.run(run())


class Template(str):
    """The template database's name; `admin_key` is a demo admin key present in every clone."""

    admin_key: str


@pytest.fixture(scope="session")
def template_db(pg_server: Server) -> Iterator[Template]:
    """A migrated database holding the demo dataset and a demo admin key, cloned for each test."""
    name = Template(f"dateline_tpl_{uuid.uuid4().hex[:10]}")
    dsn = pg_server.create(name)
    upgrade(dsn)
    asyncio.run(seed_demo(dsn, app_settings(dsn)))
    name.admin_key = create_key(dsn, "demo", "admin")
    yield name
    pg_server.drop(name)


def stale_event_docs(dsn: str) -> list[str]:
    """Live events whose stored document (event_docs) is not the one their rows make now."""

    async def run() -> list[str]:
        conn = await asyncpg.connect(dsn)
        try:
            if await conn.fetchval("SELECT to_regclass('event_docs')") is None:
                return []  # a test that migrated the database down
            return [str(event_id) for event_id in await stale_docs(conn)]
        finally:
            await conn.close()

    return asyncio.run(run())


def _drop_checked(pg_server: Server, name: str, dsn: str) -> None:
    """Drop a test's database; fail the test if it left an event document out of step with its rows."""
    try:
        stale = stale_event_docs(dsn)
    finally:
        pg_server.drop(name)
    assert not stale, f"{len(stale)} event documents out of step with their events: {stale[:5]}"


@pytest.fixture
def db_url(pg_server: Server, template_db: str) -> Iterator[str]:
    """A fresh copy of the demo database for one test. Whatever the test wrote, every event's stored
    document must still be the one its rows make (checked after the test)."""
    name = f"dateline_t_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    yield dsn
    _drop_checked(pg_server, name, dsn)


@pytest.fixture
def client(db_url: str, template_db: Template) -> Iterator[TestClient]:
    """The app over HTTP (in-process ASGI) on its own database, with a demo admin key; free to write."""
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as test_client:
        test_client.headers["Authorization"] = f"Bearer {template_db.admin_key}"
        yield test_client


@pytest.fixture
def anon(db_url: str) -> Iterator[TestClient]:
    """A client on the same database as `client`, without a key."""
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as test_client:
        yield test_client


class Shared(NamedTuple):
    client: TestClient
    dsn: str


@pytest.fixture(scope="module")
def shared(pg_server: Server, template_db: Template) -> Iterator[Shared]:
    """One writable demo database (with the demo admin key) per module, for cases that must write
    nothing (each compares the database before and after) or only add objects no other case looks
    at: cheaper than a clone per test."""
    name = f"dateline_m_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as test_client:
        test_client.headers["Authorization"] = f"Bearer {template_db.admin_key}"
        yield Shared(test_client, dsn)
    _drop_checked(pg_server, name, dsn)


@pytest.fixture(scope="module")
def reader(pg_server: Server, template_db: str) -> Iterator[TestClient]:
    """One app per module over an untouched demo database, for tests that only read."""
    name = f"dateline_r_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as test_client:
        yield test_client
    pg_server.drop(name)


def fetch(dsn: str, sql: str, *args: object) -> list[asyncpg.Record]:
    """Read the database directly, to check what a request did or did not write."""

    async def run() -> list[asyncpg.Record]:
        conn = await asyncpg.connect(dsn)
        try:
            return await conn.fetch(sql, *args)
        finally:
            await conn.close()

    return asyncio.run(run())


_PORTS = Path(tempfile.gettempdir()) / f"dateline-test-ports-{os.getuid()}"
_HELD_PORTS: dict[int, object] = {}  # the lock file of each port this process took, open until it ends


def free_port() -> int:
    """A free port on 127.0.0.1 that no other test process on this host is given, however many run at
    once (pytest-xdist's workers, other checkouts' suites). It is taken below the kernel's ephemeral
    range, which outgoing connections draw from, and held by a lock file for the life of this process,
    so it is never handed out twice, even between a server's stop and the next one's start."""
    ephemeral = Path("/proc/sys/net/ipv4/ip_local_port_range")
    first_ephemeral = int(ephemeral.read_text().split()[0]) if ephemeral.exists() else 32768
    low = 10000
    _PORTS.mkdir(exist_ok=True)
    span = first_ephemeral - low
    start = secrets.randbelow(span)  # not `random`: hypothesis seeds that one in its tests
    for offset in range(span):
        port = low + (start + offset) % span
        if port in _HELD_PORTS:
            continue
        guard = open(_PORTS / str(port), "a")  # noqa: SIM115 - held open (locked) until the process ends
        try:
            fcntl.flock(guard, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            guard.close()
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:  # some other program listens there: leave it locked, never try it again
                _HELD_PORTS[port] = guard
                continue
        _HELD_PORTS[port] = guard
        return port
    raise RuntimeError(f"no free port left in {low}-{first_ephemeral - 1}")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any DATELINE_* setting of the machine, plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}, **extra}


def start_server(env: dict[str, str], port: int, timeout: float = 60, output: Any = None) -> subprocess.Popen:
    """`dateline serve` in a subprocess, returned once /health/ready answers 200; its output goes to the
    file `output` when given (read it as the server runs), else to a pipe."""
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=output or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            said = server.stdout.read() if server.stdout else Path(output.name).read_text()
            raise RuntimeError(f"server did not become ready: {said}")
        time.sleep(0.1)


@contextlib.contextmanager
def serving(env: dict[str, str], port: int | None = None, output: Any = None) -> Iterator[str]:
    """`dateline serve` with that environment on `port` (else a free one), stopped afterwards; yields its
    base URL."""
    port = port or free_port()
    server = start_server(env, port, output=output)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def live_server(db_url: str) -> Iterator[str]:
    """The real server (granian) on a fresh demo database; yields its base URL."""
    with serving(clean_env(DATELINE_DATABASE_URL=db_url, DATELINE_RATE_LIMIT_ANON="0")) as base:
        yield base
