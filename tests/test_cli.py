"""The `dateline` command as a newcomer runs it: serve with nothing configured, seed, migrate."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from service.cli import granian_server
from service.config import load_settings
from service.demo.seed import demo_id
from tests.conftest import fetch, stale_event_docs

DATELINE = [sys.executable, "-m", "service.cli"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    return {**env, **extra}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, json.loads(response.read())


def _ready(server: subprocess.Popen, base: str) -> tuple[int, dict]:
    """/health/ready's answer once the server gives one (within 60 s, while it runs)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return _get(f"{base}/health/ready")
        except OSError:
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "server did not become ready in 60 s"
            time.sleep(0.2)


def test_serve_with_no_database_configured_starts_embedded_postgres_with_demo_data(tmp_path: Path):
    port = _free_port()
    server = subprocess.Popen(
        [*DATELINE, "serve", "--port", str(port)],
        env=_env(DATELINE_DATA_DIR=str(tmp_path / "data")),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, body = _ready(server, base)
        assert (status, body) == (200, {"status": "ready"})
        status, page = _get(f"{base}/v1/events?limit=200")
        assert status == 200
        assert len(page["items"]) == 15
        status, event = _get(f"{base}/v1/events/{demo_id('event', 'boycott')}")
        assert event["title"] == "US announces a diplomatic boycott of the Beijing 2022 Winter Olympics"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            pytest.fail("server did not stop on SIGTERM within 20 s")
    assert server.returncode == 0
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert not (tmp_path / "data" / "postgres" / "postmaster.pid").exists(), (
        "the embedded server was left running"
    )


def _serve_in_a_session(db_url: str, port: int) -> subprocess.Popen:
    """`serve` with two workers in a process group of its own, as a terminal runs it."""
    return subprocess.Popen(
        [*DATELINE, "serve", "--port", str(port), "--workers", "2"],
        env=_env(DATELINE_DATABASE_URL=db_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _workers(server: subprocess.Popen) -> list[int]:
    return [child.pid for child in psutil.Process(server.pid).children(recursive=True)]


def _stopped_within(server: subprocess.Popen, seconds: float, workers: list[int]) -> tuple[float, str]:
    """Wait for `serve` to end; how long it took, and what it printed. Killed (and failed) at 25 s: a
    worker that does not stop is killed by `serve` itself after 30 s (DATELINE_SHUTDOWN_TIMEOUT)."""
    started = time.monotonic()
    try:
        server.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    took = time.monotonic() - started
    output = server.stdout.read()
    assert took < seconds, f"serve took {took:.1f} s to stop:\n{output}"
    assert server.returncode == 0, output
    assert not [pid for pid in workers if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    # Each worker's lifespan shutdown ran to its end, and its last log line reached the output (a worker
    # ends without running atexit, which empties the log's queue: service/stopping.py).
    assert output.count("database pool closed") == len(workers) == 2, output
    return took, output


def test_a_stop_signal_while_the_workers_load_stops_them_once_loaded(db_url: str):
    """A SIGTERM just after `serve` forks its workers reaches them while they load the app: each must
    take it as soon as it can, not serve on until the kill timeout (30 s) ends it (service/stopping.py)."""
    server = _serve_in_a_session(db_url, _free_port())
    workers: list[int] = []
    try:
        for line in server.stdout:
            if "Spawning worker-2" in line:
                break
        workers = _workers(server)
        server.send_signal(signal.SIGTERM)
    finally:
        _stopped_within(server, 10, workers)


def test_ctrl_c_twice_while_serving_stops_every_process_at_once(db_url: str):
    """A terminal's Ctrl-C signals the whole process group: the command and each worker get SIGINT,
    and the workers get the command's SIGTERM besides; a second Ctrl-C, another of each. Whatever the
    order, `serve` must end within seconds with status 0 and leave no worker behind."""
    port = _free_port()
    server = _serve_in_a_session(db_url, port)
    base = f"http://127.0.0.1:{port}"
    workers: list[int] = []
    try:
        _ready(server, base)
        for _ in range(20):  # both workers are likely serving by now: their pools, caches and listeners open
            assert _get(f"{base}/v1/events?limit=5")[0] == 200
        workers = _workers(server)
        os.killpg(server.pid, signal.SIGINT)
        time.sleep(0.02)
        os.killpg(server.pid, signal.SIGINT)
    finally:
        _stopped_within(server, 10, workers)


# service/logs.py: time, level, logger, message, for granian's lines and the app's alike.
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) +[a-z][\w.]*: \S")


def test_serve_writes_one_log_format_for_the_server_and_the_app(db_url: str):
    """A terminal shows `serve`'s lines, granian's and each worker app's in one format."""
    port = _free_port()
    server = _serve_in_a_session(db_url, port)
    workers: list[int] = []
    try:
        _ready(server, f"http://127.0.0.1:{port}")
        workers = _workers(server)
        server.send_signal(signal.SIGTERM)
    finally:
        _, output = _stopped_within(server, 10, workers)
    lines = output.splitlines()
    assert [line for line in lines if not LOG_LINE.match(line)] == []
    names = {LOG_LINE.match(line)[0].split()[3].rstrip(":") for line in lines}
    assert {"granian", "dateline"} <= names, names
    assert any("granian: Listening at" in line for line in lines)  # the server's
    assert sum("dateline: database pool closed" in line for line in lines) == 2  # each worker app's
    assert any("dateline: migrate: migrated to head" in line for line in lines)  # a child command's


def test_the_server_runs_its_workers_on_uvloop():
    """The loop the serve test above runs on (granian starts no worker if uvloop is missing)."""
    server = granian_server(load_settings(), host="127.0.0.1", port=_free_port(), workers=1)
    assert (server.loop, server.interface) == ("uvloop", "asgi")


def test_a_worker_imports_no_pydantic_although_it_is_installed(db_url: str):
    """Litestar loads its pydantic plugins whenever pydantic can be imported (a test dependency brings it
    here); the service has no pydantic models, and those modules would cost each worker 10 MB."""
    probe = "import importlib.util, sys; "
    probe += "assert importlib.util.find_spec('pydantic'), 'pydantic is not installed'; "
    probe += "from service.cli import served_app; served_app(); "
    probe += "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    worker = subprocess.run(
        [sys.executable, "-c", probe],
        env=_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert worker.returncode == 0, worker.stderr
    assert worker.stdout.strip() == "[]"


def test_seed_demo_is_idempotent_and_migrate_is_repeatable(db_url: str):
    env = _env(DATELINE_DATABASE_URL=db_url)
    migrate = subprocess.run([*DATELINE, "migrate"], env=env, capture_output=True, text=True, timeout=60)
    assert migrate.returncode == 0, migrate.stderr
    fetch(db_url, "DELETE FROM event_entities WHERE event_id = $1", demo_id("event", "icarus"))
    fetch(db_url, "DELETE FROM citations WHERE event_id = $1", demo_id("event", "icarus"))
    fetch(db_url, "DELETE FROM events WHERE id = $1", demo_id("event", "icarus"))
    first = subprocess.run([*DATELINE, "seed", "--demo"], env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("1 new objects")
    again = subprocess.run([*DATELINE, "seed", "--demo"], env=env, capture_output=True, text=True, timeout=60)
    assert again.stdout.strip().endswith("0 new objects")
    assert fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"] == 15


def test_rebuild_docs_brings_documents_back_in_step_after_a_change_outside_the_api(db_url: str):
    # Rows changed with the triggers off (a restore with --disable-triggers, a replica's apply).
    event_id = demo_id("event", "icarus")
    fetch(db_url, "ALTER TABLE events DISABLE TRIGGER USER")
    fetch(db_url, "UPDATE events SET title = 'Fixed by hand' WHERE id = $1", event_id)
    fetch(db_url, "ALTER TABLE events ENABLE TRIGGER USER")
    fetch(
        db_url,
        "DELETE FROM event_docs WHERE event_id = (SELECT id FROM events WHERE id <> $1 LIMIT 1)",
        event_id,
    )
    assert len(stale_event_docs(db_url)) == 2
    run = subprocess.run(
        [*DATELINE, "rebuild-docs"],
        env=_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "event documents rebuilt: 15"
    assert stale_event_docs(db_url) == []
    doc = fetch(db_url, "SELECT doc->>'title' AS title FROM event_docs WHERE event_id = $1", event_id)
    assert doc[0]["title"] == "Fixed by hand"
