"""granian internals: how a worker sets its event loop's stop signal handlers.

Checked against the pinned granian by tests/compat/test_granian.py. granian is imported only when
these are called: a process that does not serve never loads it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


def set_worker_loop_signals(set_loop_signals: Callable[[asyncio.AbstractEventLoop], Any]) -> None:
    """Have a worker that starts serving after this call set its loop's stop signal handlers with
    `set_loop_signals(loop)`, which returns the worker's `WorkerSignal`, in place of granian's own:
    a worker looks that function up in the private `granian._signals` when it starts serving."""
    from granian import _signals

    _signals.set_loop_signals = set_loop_signals


def worker_signal() -> Any:
    """A new `WorkerSignal`: what a worker waits on, to stop, once its `set()` is called."""
    from granian import _signals

    return _signals.WorkerSignal()
