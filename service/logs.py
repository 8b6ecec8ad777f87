"""One log format for every line `serve` writes, the HTTP server's (granian) and the app's alike.

How and why: docs/architecture.md, "Logs".
"""

from __future__ import annotations

import copy
import logging
from typing import Any

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_FORMATTER = {"()": "service.logs.TerminalFormatter"}


class TerminalFormatter(logging.Formatter):
    """`FORMAT`, where granian's own logger (`_granian`) reads `granian`."""

    def __init__(self) -> None:
        super().__init__(FORMAT, DATE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith("_"):
            record = copy.copy(record)  # the record may go to other handlers as it is
            record.name = record.name.lstrip("_")
        return super().format(record)


def granian_config() -> dict[str, Any]:
    """granian's `log_dictconfig`: its formatters replaced by ours, and a root handler, so that what the
    main process logs (`serve`'s own lines) reads the same before a worker's app configures its own."""
    return {
        "formatters": {"generic": _FORMATTER, "access": _FORMATTER},
        "root": {"handlers": ["console"], "level": "INFO"},
    }


def app_formatters() -> dict[str, dict[str, Any]]:
    """Litestar's `LoggingConfig(formatters=...)`: its `standard` formatter, which its handlers use."""
    return {"standard": dict(_FORMATTER)}


def configure_terminal() -> None:
    """The main process's logging as granian sets it, from the start of `serve` (before granian runs)."""
    from granian.log import LogLevels, configure_logging

    configure_logging(LogLevels.info, granian_config())
