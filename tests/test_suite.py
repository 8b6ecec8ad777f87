"""What lets the suite run in pytest-xdist workers and in parts: no two test processes on the host are
given the same port, nor one the kernel may hand to an outgoing connection meanwhile; every path that
tests/conftest.py marks (browser, sdk, ...) is there."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MARKERS, TESTS, free_port

ROOT = Path(__file__).resolve().parents[1]
# Takes n ports, says which, and holds them (a port is held until its process ends) until told to end.
TAKE = (
    "import json, sys; from tests.conftest import free_port; "
    "print(json.dumps([free_port() for _ in range({n})]), flush=True); sys.stdin.read()"
)


def _ephemeral_low() -> int:
    return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])


def test_processes_taking_ports_at_once_never_share_one():
    taking = [
        subprocess.Popen(
            [sys.executable, "-c", TAKE.format(n=60)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        mine = [free_port() for _ in range(60)]
        taken = [json.loads(process.stdout.readline()) for process in taking]
    finally:
        for process in taking:
            process.communicate(timeout=60)
    ports = [port for ports in [*taken, mine] for port in ports]
    assert len(ports) == 3 * 60
    assert len(set(ports)) == len(ports)


def test_a_port_is_below_the_ephemeral_range_and_free_to_listen_on():
    for _ in range(30):
        port = free_port()
        assert 1024 < port < _ephemeral_low()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
            sock.listen()


@pytest.mark.parametrize("path", sorted(MARKERS))
def test_every_marked_path_exists(path):
    """A file or folder renamed without its entry in MARKERS would run unmarked, in every selection."""
    assert (TESTS / path).exists(), f"tests/conftest.py marks tests/{path}, which is not there"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs test servers as another user")
def test_as_root_test_files_are_outside_the_temp_root_other_sessions_close(tmp_path):
    """pytest sets /tmp/pytest-of-root to 0700 at each session's start, shutting out the server user of
    another session's embedded PostgreSQL (tests/conftest.py: pytest_configure)."""
    assert "pytest-of-" not in str(tmp_path)
    assert any(parent.name.startswith("dateline-tests-") for parent in tmp_path.parents)
