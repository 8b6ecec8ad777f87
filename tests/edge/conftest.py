"""A real Varnish (Debian's varnishd with varnish-modules' xkey) on loopback, running deploy/varnish's VCL
in front of a real `dateline serve`, whose purger sends it the outbox's keys."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import Shared, Template, clean_env, fetch, free_port, serving

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "default.vcl"
SITE = """
backend default {{ .host = "127.0.0.1"; .port = "{port}"; .first_byte_timeout = 30s; }}
acl purgers {{ {purgers} }}
"""
INSTALL = (
    "varnishd not found: the edge tests run a real Varnish with the xkey module. "
    "Debian, Ubuntu: apt-get install varnish varnish-modules"
)


def varnishd() -> str:
    path = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
    if path is None:
        pytest.fail(INSTALL)
    return path


def eventually(check: Callable[[], object], seconds: float = 5.0) -> object:
    """Poll `check` until it returns something true (returned), or fail once `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            return result
        time.sleep(0.02)


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Varnish:
    """varnishd in the foreground with the project's VCL; `purgers` is its purge ACL. Its folder is readable
    by all: varnishd reads the VCL as its own unprivileged user (pytest's temporary folders are private)."""

    def __init__(self, backend_port: int, purgers: tuple[str, ...] = ('"127.0.0.1"', '"::1"')) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder = Path(tempfile.mkdtemp(prefix="dateline-varnish-"))
        folder.chmod(0o755)
        shutil.copy(VCL, folder / "default.vcl")
        (folder / "site.vcl").write_text(
            SITE.format(port=backend_port, purgers=" ".join(f"{p};" for p in purgers))
        )
        self.workdir = folder / "work"
        self.process = subprocess.Popen(
            [
                varnishd(),
                "-F",
                "-n",
                str(self.workdir),
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(folder / "default.vcl"),
                "-T",
                "127.0.0.1:0",
                "-s",
                "malloc,64m",
                "-p",
                "vsl_reclen=4084",
            ],  # the log keeps a whole xkey-purge header (the purger's: < 4000 bytes)
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        if not eventually(
            lambda: _listening(self.port) or self.process.poll() is not None, 30
        ) or not _listening(self.port):
            self.stop()
            raise RuntimeError(f"varnishd did not start: {self.process.stdout.read()}")

    def purged_keys(self) -> list[str]:
        """Every key the PURGE requests Varnish received so far named (its shared-memory log)."""
        out = subprocess.run(
            [
                "varnishlog",
                "-n",
                str(self.workdir),
                "-d",
                "-g",
                "request",
                "-q",
                'ReqMethod eq "PURGE"',
                "-i",
                "ReqHeader",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
        return [key for match in re.findall(r"xkey-(?:soft)?purge: (.*)", out) for key in match.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def varnish_in_front(backend_port: int, **kwargs: object) -> Iterator[Varnish]:
    edge = Varnish(backend_port, **kwargs)
    try:
        yield edge
    finally:
        edge.stop()


@contextmanager
def service(db_url: str, port: int, **settings: str) -> Iterator[str]:
    """`dateline serve` on `port` (so that one can take another's place behind Varnish)."""
    env = clean_env(
        DATELINE_DATABASE_URL=db_url,
        DATELINE_RATE_LIMIT_ANON="0",
        **{f"DATELINE_{k.upper()}": v for k, v in settings.items()},
    )
    with serving(env, port) as base:
        yield base


class Edge:
    """Varnish in front of one service whose purger purges it; `editor` writes with the demo admin key."""

    def __init__(self, varnish: Varnish, service_url: str, dsn: str, admin_key: str) -> None:
        self.varnish, self.service, self.dsn = varnish, service_url, dsn
        self.reader = httpx.Client(base_url=varnish.url, timeout=30)
        self.editor = httpx.Client(
            base_url=service_url, timeout=30, headers={"Authorization": f"Bearer {admin_key}"}
        )

    def new_reader(self) -> httpx.Client:
        """An anonymous client under a Host of its own: Varnish keys objects by Host and URL, so what
        it reads is what it alone put in the cache."""
        return httpx.Client(
            base_url=self.varnish.url, timeout=30, headers={"Host": f"r{uuid.uuid4().hex[:12]}.test"}
        )

    def outbox(self) -> int:
        return fetch(self.dsn, "SELECT count(*) AS n FROM purge_outbox")[0]["n"]


@contextmanager
def edge_on(dsn: str, admin_key: str) -> Iterator[Edge]:
    port = free_port()
    with (
        varnish_in_front(port) as varnish,
        service(dsn, port, purge_url=varnish.url, purge_poll_seconds="0.5") as base,
    ):
        edge = Edge(varnish, base, dsn, admin_key)
        try:
            yield edge
        finally:
            edge.reader.close()
            edge.editor.close()


@pytest.fixture
def edge(db_url: str, template_db: Template) -> Iterator[Edge]:
    """Varnish and the service on the test's own demo database: free to write."""
    with edge_on(db_url, template_db.admin_key) as edge:
        yield edge


@pytest.fixture(scope="module")
def shared_edge(shared: Shared, template_db: Template) -> Iterator[Edge]:
    """Varnish and the service on the module's demo database, for cases that write nothing others look at."""
    with edge_on(shared.dsn, template_db.admin_key) as edge:
        yield edge
