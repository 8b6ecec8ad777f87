"""What the request log costs a request, in-process: `access.logged` around a trivial ASGI app, its
line formatted as JSON and written to /dev/null, against the same with the logger disabled (the request
id, the response header and the fields still made). Prints microseconds per request, interleaved.

    PYTHONPATH=. .venv/bin/python bench/request_log_cost.py
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

from service import logs
from service.access import log, logged
from service.config import load_settings

REQUESTS = 20_000


class App:  # what the request log reads of the app: its settings
    class state:  # noqa: N801
        settings = load_settings({})


async def app(scope, receive, send) -> None:
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"{}"})


async def sink(message) -> None:
    pass


async def per_request(on: bool) -> float:
    scope = {"type": "http", "method": "GET", "path": "/v1/tags", "path_template": "/v1/tags",
             "headers": [(b"host", b"api.example")], "client": ("127.0.0.3", 5000), "app": App}  # fmt: skip
    log.disabled = not on
    started = time.perf_counter()
    for _ in range(REQUESTS):
        await logged(app, "GET", dict(scope), None, sink)
    return (time.perf_counter() - started) / REQUESTS * 1e6


def main() -> None:
    logs.lean_records()
    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 - open for the whole run
    handler.setFormatter(logs.JsonFormatter())
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    for on in (False, True, False, True, False, True):
        print(f"request log {'on ' if on else 'off'}: {asyncio.run(per_request(on)):.1f} µs a request")


if __name__ == "__main__":
    main()
