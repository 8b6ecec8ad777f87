"""Bytes shared by every worker of a host that serves the same database: a file mapped into
their memory (`/dev/shm` where there is one), named after a hash of the database's URL, so that
services of other databases on the host (another deployment, a test run) never share it."""

from __future__ import annotations

import hashlib
import logging
import mmap
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def host_file(kind: str, database: str) -> Path:
    """The file through which the host's workers of `database` share their `kind` of value."""
    folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    which = hashlib.blake2b(database.encode(), digest_size=8).hexdigest()
    return folder / f"dateline-{kind}-{os.getuid()}-{which}"


def host_bytes(kind: str, database: str | None, size: int = 8) -> mmap.mmap | bytearray:
    """The `size` bytes of that file, mapped; this process's own with no database, or where no file can
    be shared (no writable temporary directory)."""
    if database is None:
        return bytearray(size)
    path = host_file(kind, database)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            return mmap.mmap(fd, size)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning(
            "cannot share the %s of %s's workers through %s (%s): this process only",
            kind,
            database,
            path,
            exc,
        )
        return bytearray(size)
