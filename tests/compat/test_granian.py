"""What service/compat/granian.py relies on in the pinned granian: where a worker looks up the function
that sets its loop's stop signal handlers, and what that function returns. A failure here means an
upgrade changed it: mend service/compat/ (and service/stopping.py) first.

tests/test_cli.py stops real servers with signals, which is where the behaviour itself is checked.
"""

from __future__ import annotations

import asyncio
import inspect
import re

import granian.server.mp
from granian import _signals

from service.compat.granian import set_worker_loop_signals, worker_signal


def test_set_loop_signals_takes_the_loop_and_returns_a_worker_signal():
    assert list(inspect.signature(_signals.set_loop_signals).parameters) == ["loop"]
    loop = asyncio.new_event_loop()
    try:
        event = _signals.set_loop_signals(loop)
    finally:
        loop.close()
    assert type(event) is type(worker_signal())
    assert callable(event.set)


def test_each_worker_looks_set_loop_signals_up_when_it_starts_serving():
    """Imported inside the worker's serving functions, not bound when granian is imported: so the one
    set beforehand is the one a worker uses."""
    source = inspect.getsource(granian.server.mp)
    inside_functions = re.findall(r"^\s+from granian\._signals import set_loop_signals$", source, re.M)
    assert len(inside_functions) >= 3  # one per kind of worker that runs an event loop
    assert not re.search(r"^from granian\._signals import", source, re.M)
    assert not hasattr(granian.server.mp, "set_loop_signals")


def test_the_replacement_is_what_a_worker_then_imports():
    original = _signals.set_loop_signals

    def replacement(loop):
        return worker_signal()

    set_worker_loop_signals(replacement)
    try:
        from granian._signals import set_loop_signals

        assert set_loop_signals is replacement
    finally:
        _signals.set_loop_signals = original
