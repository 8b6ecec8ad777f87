"""A real `dateline serve` whose output the test reads line by line, for the request log."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import httpx

from tests.conftest import free_port, start_server


class Output:
    """Every line the server has written so far (stdout and stderr together)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def add(self, line: str) -> None:
        with self._lock:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 10) -> list[str]:
        """The lines so far, once one of them holds `text` (the worker logs through a queue thread)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                lines = list(self.lines)
            if any(text in line for line in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


@contextlib.contextmanager
def logged_server(env: dict[str, str]) -> Iterator[tuple[str, int, Output]]:
    """`dateline serve` on a free port of 127.0.0.1; yields its base URL, port and output."""
    port = free_port()
    server = start_server(env, port)
    output = Output()
    reader = threading.Thread(target=lambda: [output.add(line) for line in server.stdout], daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}", port, output
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except Exception:  # noqa: BLE001 - whatever went wrong, the server must not outlive the test
            server.kill()
        reader.join(timeout=5)


def from_address(address: str, **kwargs: object) -> httpx.Client:
    """A client whose connections come from that loopback address (127.0.0.x)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=10, **kwargs)
