"""One log format for every line `serve` writes, the HTTP server's (granian) and the app's alike: text
made to be read in a terminal, or one JSON object a line (DATELINE_LOG_FORMAT=json) for a collector.

How and why: docs/architecture.md, "Logs".
"""

from __future__ import annotations

import copy
import logging
import time
from typing import Any, Literal

import msgspec

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
LogFormat = Literal["text", "json"]
_FORMATTERS = {"text": "service.logs.TerminalFormatter", "json": "service.logs.JsonFormatter"}


def _named(record: logging.LogRecord) -> logging.LogRecord:
    """The record with granian's own logger (`_granian`) named `granian`."""
    if record.name.startswith("_"):
        record = copy.copy(record)  # the record may go to other handlers as it is
        record.name = record.name.lstrip("_")
    return record


class TerminalFormatter(logging.Formatter):
    """`FORMAT`, where granian's own logger (`_granian`) reads `granian`."""

    def __init__(self) -> None:
        super().__init__(FORMAT, DATE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        return super().format(_named(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, RFC 3339), level, logger, message, the record's `fields`,
    and the exception's traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        record = _named(record)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        line: dict[str, Any] = {
            "time": f"{stamp}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return msgspec.json.encode(line).decode()


def _formatter(fmt: LogFormat) -> dict[str, str]:
    return {"()": _FORMATTERS[fmt]}


def granian_config(fmt: LogFormat = "text") -> dict[str, Any]:
    """granian's `log_dictconfig`: its formatters replaced by ours, and a root handler, so that what the
    main process logs (`serve`'s own lines) reads the same before a worker's app configures its own."""
    return {
        "formatters": {"generic": _formatter(fmt), "access": _formatter(fmt)},
        "root": {"handlers": ["console"], "level": "INFO"},
    }


def app_formatters(fmt: LogFormat = "text") -> dict[str, dict[str, Any]]:
    """Litestar's `LoggingConfig(formatters=...)`: its `standard` formatter, which its handlers use."""
    return {"standard": _formatter(fmt)}


def lean_records() -> None:
    """Stop `logging` from looking up, for every record, the process, thread and process name: no format
    here prints them, and each is a system call or a lookup on every request's line."""
    logging.logProcesses = logging.logThreads = logging.logMultiprocessing = False


def configure_terminal(fmt: LogFormat = "text") -> None:
    """The main process's logging as granian sets it, from the start of `serve` (before granian runs)."""
    from granian.log import LogLevels, configure_logging

    configure_logging(LogLevels.info, granian_config(fmt))
