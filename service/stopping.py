"""How `serve`'s worker processes stop. Mends for two flaws in how a granian 2.8 worker takes a stop

How and why: docs/architecture.md, "Stopping workers".
"""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import signal
from types import FrameType
from typing import Any

from service.compat.granian import set_worker_loop_signals, worker_signal

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

ASKED: list[int] = []  # the stop signals this process got (a worker's list starts as a copy of its parent's)


def keep_in_forked_workers() -> None:
    """In the main process, once granian has set its own handlers: keep every stop signal in `ASKED`
    too, then let granian's handler take it as before. A worker inherits this handler until its loop's
    handler replaces it, and with it keeps a signal that comes while it loads."""
    for number in STOP_SIGNALS:
        granian_handler = signal.getsignal(number)
        if not callable(granian_handler):
            continue

        def kept(signum: int, frame: FrameType | None, granian_handler: Any = granian_handler) -> None:
            ASKED.append(signum)
            granian_handler(signum, frame)

        signal.signal(number, kept)


def pass_on_once() -> None:
    """In a worker, before granian sets its loop's handlers: set ours in their place, which stop the
    worker on the first stop signal, one that came while it loaded included, and ignore any other."""

    def set_loop_signals(loop: asyncio.AbstractEventLoop) -> Any:
        event = worker_signal()
        passed = False

        def stop(_signum: int) -> None:
            nonlocal passed
            if not passed:
                passed = True
                event.set()

        for number in STOP_SIGNALS:
            loop.add_signal_handler(number, stop, number)
        if ASKED:
            stop(ASKED[0])
        return event

    set_worker_loop_signals(set_loop_signals)


def logs_delivered(app: Any) -> Any:
    """ASGI wrapper for a worker: once its lifespan shutdown is complete (the requests are over, the
    pool closed), have the root logger's queue listeners write every record still queued (stopped and
    started again), before the worker's process ends without running `atexit`."""

    async def delivering(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return

        async def sent(message: Any) -> None:
            if message["type"] in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
                for handler in logging.getLogger().handlers:
                    listener = getattr(handler, "listener", None)
                    if isinstance(handler, logging.handlers.QueueHandler) and listener is not None:
                        listener.stop()  # writes what is queued, then ends the thread
                        listener.start()  # for anything logged after, and for atexit's stop()
            await send(message)

        await app(scope, receive, sent)

    return delivering
