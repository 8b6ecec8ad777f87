"""Rendered exports kept on disk, so that the second reader of a large export does not render it again.

How and why: docs/architecture.md, "Kept exports".
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar

from service.metrics import EXPORTS

log = logging.getLogger(__name__)
READ_SIZE = 256 * 1024
ABANDONED = 3600  # seconds after which a temporary file no render is writing any more is removed


class ExportStore:
    def __init__(self, folder: Path, capacity: int) -> None:
        self.folder, self.capacity = folder, capacity
        self.locks: dict[str, tuple[asyncio.Lock, list[int]]] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def find(self, name: str) -> Path | None:
        """The kept file of this export version, marked as just read; None when it is not kept."""
        path = self.folder / name
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    async def keep(self, group: str, name: str, fmt: str, render: Callable[[], AsyncIterator[bytes]]) -> Path:
        """The kept file of this export version, rendered now unless a concurrent reader just did."""
        async with self._lock(name):
            if (path := self.find(name)) is not None:
                return path
            path = self.folder / name
            temporary = self.folder / f".{name}.{secrets.token_hex(4)}.tmp"
            try:
                with temporary.open("wb") as out:
                    async for piece in render():
                        out.write(piece)
                temporary.rename(path)
            finally:
                temporary.unlink(missing_ok=True)
            EXPORTS.labels(fmt, "rendered").inc()
        self._evict(group, keep=path)
        return path

    @asynccontextmanager
    async def _lock(self, name: str) -> AsyncIterator[None]:
        lock, users = self.locks.setdefault(name, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if not users[0]:
                del self.locks[name]

    def _evict(self, group: str, *, keep: Path) -> None:
        """Drop older versions of this export, then the least recently read files beyond the capacity.
        A file being sent stays readable to its reader (it is open) after it is removed."""
        files = []
        for entry in os.scandir(self.folder):
            if entry.name.startswith("."):  # a render being written, or one a killed worker left
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat().st_mtime < time.time() - ABANDONED:
                        Path(entry.path).unlink(missing_ok=True)
                continue
            if entry.name.startswith(group) and entry.path != str(keep):
                Path(entry.path).unlink(missing_ok=True)
                continue
            try:
                stat = entry.stat()
            except FileNotFoundError:
                continue
            files.append((stat.st_mtime, stat.st_size, entry.path))
        total = sum(size for _, size, _ in files)
        for _, size, path in sorted(files):
            if total <= self.capacity:
                break
            Path(path).unlink(missing_ok=True)
            total -= size


async def read(path: Path) -> AsyncIterator[bytes]:
    """A kept file's bytes in pieces, from the file as it was opened (a later eviction cannot cut it)."""
    with path.open("rb") as kept:
        while piece := kept.read(READ_SIZE):
            yield piece


def folder_of(data_dir: Path, database: str) -> Path:
    """The folder in which the exports of a database are kept."""
    return data_dir.resolve() / "exports" / hashlib.blake2b(database.encode(), digest_size=8).hexdigest()


@asynccontextmanager
async def export_store(app: Litestar) -> AsyncIterator[None]:
    """The app's store of rendered exports (None when DATELINE_EXPORT_CACHE_BYTES is 0), in a folder
    of its database's own, so services of other databases sharing data_dir never read its files."""
    settings = app.state.settings
    store = None
    if settings.export_cache_bytes:
        try:
            store = ExportStore(folder_of(settings.data_dir, app.state.dsn), settings.export_cache_bytes)
        except OSError as exc:
            log.warning("cannot keep rendered exports in %s (%s): each is rendered", settings.data_dir, exc)
    app.state.export_store = store
    yield
