"""The embedded PostgreSQL: it starts, keeps data durably across restarts, and survives crashes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from service.embedded import EmbeddedPostgres


async def _fetch(dsn: str, *statements: str) -> list:
    """Run statements on one connection; return the value of the last."""
    conn = await asyncpg.connect(dsn)
    try:
        for sql in statements[:-1]:
            await conn.execute(sql)
        return await conn.fetchval(statements[-1])
    finally:
        await conn.close()


def fetch(dsn: str, *statements: str):
    return asyncio.run(_fetch(dsn, *statements))


@pytest.fixture
def pg(tmp_path: Path):
    server = EmbeddedPostgres(tmp_path / "data")
    yield server
    server.stop()


def test_start_durable_restart_and_clone(pg: EmbeddedPostgres, tmp_path: Path) -> None:
    started = time.perf_counter()
    dsn = pg.start()
    first_start = time.perf_counter() - started

    assert fetch(dsn, "SELECT 1") == 1
    assert fetch(dsn, "SELECT current_database()") == "dateline"
    assert fetch(dsn, "SHOW fsync") == "on"
    assert fetch(dsn, "SHOW synchronous_commit") == "on"
    assert fetch(dsn, "SHOW listen_addresses") == ""  # Unix socket only
    assert int(fetch(dsn, "SHOW server_version_num")) >= 140000
    fetch(
        dsn,
        "CREATE TABLE notes (id int PRIMARY KEY, body text)",
        "INSERT INTO notes VALUES (1, 'kept')",
        "SELECT 1",
    )

    pg.stop()
    with pytest.raises((OSError, asyncpg.PostgresError)):
        fetch(dsn, "SELECT 1")

    again = EmbeddedPostgres(tmp_path / "data")
    started = time.perf_counter()
    dsn = again.start()
    restart = time.perf_counter() - started
    try:
        assert fetch(dsn, "SELECT body FROM notes WHERE id = 1") == "kept"

        clone = again.create_database("clone_1", template="dateline")
        assert fetch(clone, "SELECT body FROM notes") == "kept"
        assert fetch(clone, "SELECT current_database()") == "clone_1"
        again.drop_database("clone_1")
        assert fetch(dsn, "SELECT count(*) FROM pg_database WHERE datname = 'clone_1'") == 0
        again.drop_database("clone_1")  # dropping twice is fine
    finally:
        again.stop()
    print(f"\nembedded postgres: first start {first_start:.2f}s, restart {restart:.2f}s")


def test_second_start_reuses_running_server(pg: EmbeddedPostgres, tmp_path: Path) -> None:
    dsn = pg.start()
    other = EmbeddedPostgres(tmp_path / "data")
    assert other.start() == dsn
    other.stop()  # not its server: must leave it running
    assert fetch(dsn, "SELECT 1") == 1


def test_orphan_from_dead_process_is_adopted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code = f"from service.embedded import EmbeddedPostgres; EmbeddedPostgres({str(data)!r}).start()"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])

    server = EmbeddedPostgres(data)
    try:
        dsn = server.start()  # the process that started it has exited; this one takes it over
        assert fetch(dsn, "SELECT 1") == 1
    finally:
        server.stop()
    assert not (data / "postgres" / "postmaster.pid").exists()


def test_stale_pid_file_after_crash_does_not_block(pg: EmbeddedPostgres, tmp_path: Path) -> None:
    dsn = pg.start()
    fetch(dsn, "CREATE TABLE t (x int)", "INSERT INTO t VALUES (42)", "SELECT 1")
    pid_file = tmp_path / "data" / "postgres" / "postmaster.pid"
    postmaster = int(pid_file.read_text().split()[0])
    os.killpg(postmaster, signal.SIGKILL)  # pg_ctl puts the server in its own session: kill it all
    _wait_gone(postmaster)

    # After a reboot the old pid often belongs to some other process: postgres alone would refuse to start.
    squatter = subprocess.Popen(["sleep", "60"])
    try:
        lines = pid_file.read_text().splitlines()
        pid_file.write_text("\n".join([str(squatter.pid), *lines[1:]]) + "\n")
        again = EmbeddedPostgres(tmp_path / "data")
        dsn = again.start()
        assert fetch(dsn, "SELECT x FROM t") == 42  # committed before the crash, so it survived it
        again.stop()
    finally:
        squatter.kill()
        squatter.wait()


def _wait_gone(pid: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process group {pid} still alive")


AS_ROOT = "only root runs the server as another user, who then needs a way in"


@pytest.mark.skipif(os.geteuid() != 0, reason=AS_ROOT)
@pytest.mark.parametrize("closed", [0, 1, 2])  # how many folders above the server's to close
def test_it_stops_and_starts_after_a_folder_above_was_closed(pg: EmbeddedPostgres, tmp_path: Path, closed):
    """pytest closes its temp root (mode 0700) whenever another pytest session starts, while this
    session's servers still live below it; the server user must still reach its data to stop it."""
    dsn = pg.start()
    for folder in [tmp_path / "data", tmp_path, tmp_path.parent][: closed + 1]:
        folder.chmod(0o700)
    pg.stop()
    assert pg.start() == dsn
    assert fetch(dsn, "SELECT 1") == 1
