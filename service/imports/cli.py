"""`dateline import FILE…`: the import of `POST /v1/import`, straight to the database, with a progress bar.

Several files go to worker processes, `--jobs` at a time, one file each: reading and checking a file is
Python work, and in one process it held up the statements of the file imported beside it (two
processes imported ~28 % more events per second than one process importing two files at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import os
import queue
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing.queues import Queue
from pathlib import Path

import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from service.auth.actor import Actor
from service.config import Settings
from service.db import Database, create_pool
from service.errors import Invalid
from service.imports import readers
from service.imports.schemas import ImportFormat, ImportReport
from service.imports.service import import_batch, read_file

Line = tuple[bool, str]  # (for stderr, text): what a file's import prints, once it is done
Moved = Callable[[int, int], None]  # (rows written, rows in the file)


def file_format(path: Path, raw: bytes, explicit: ImportFormat | None) -> ImportFormat:
    """`--format`, else the file's extension (`.csv`, `.ndjson`/`.jsonl`, `.json`), else its content."""
    if explicit is not None:
        return explicit
    if path.suffix.lower() == ".csv":
        return "csv"  # ours or the TimelineJS template: the header tells (read_file)
    return readers.extension_format(path.name) or readers.sniff(raw.decode("utf-8", errors="replace"))


def _summary(report: ImportReport) -> str:
    c = report.created
    return (
        f"imported {c.events} event{'s' if c.events != 1 else ''} ({report.published} published, "
        f"{report.drafts} draft{'s' if report.drafts != 1 else ''}) as {report.format}; "
        f"{c.sources} new source{'s' if c.sources != 1 else ''}, {len(report.reused_sources)} already there"
        + (f"; {report.skipped} row{'s' if report.skipped != 1 else ''} skipped" if report.skipped else "")
    )


def run_import(
    database_url: str,
    settings: Settings,
    *,
    paths: list[Path],
    newsroom: str,
    fmt: ImportFormat | None,
    jobs: int = 2,
) -> int:
    """Import the files as an editor of `newsroom`, each whole or not at all (its own transaction): one at
    a time here when `jobs` is 1 or there is one file, else in `jobs` worker processes. Prints each file's
    report; exits 1 if any file had bad rows (listed; the others are imported), 2 if any cannot be read
    (then nothing is imported)."""
    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)  # a line per message
    for path in paths:
        if not os.access(path, os.R_OK) or not path.is_file():
            err.print(f"cannot read {path}")
            return 2
    columns = (TextColumn("importing {task.fields[name]}", markup=False), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())  # fmt: skip
    named = len(paths) > 1
    with Progress(*columns, console=err) as progress:
        bars: dict[int, TaskID] = {}

        def moved(number: int, done: int, total: int) -> None:
            if number not in bars:
                bars[number] = progress.add_task("import", total=total or None, name=paths[number].name)
            progress.update(bars[number], completed=done)

        def finished(number: int, code: int, lines: list[Line]) -> None:
            if code and number in bars:
                progress.remove_task(bars.pop(number))
            for to_stderr, text in lines:
                if to_stderr:
                    err.print(text)
                else:
                    print(text, flush=True)

        files = [(number, path, fmt, named) for number, path in enumerate(paths)]
        if jobs > 1 and len(paths) > 1:
            codes = _in_workers(database_url, settings, newsroom, files, jobs, moved, finished)
        else:
            codes = asyncio.run(_here(database_url, settings, newsroom, files, moved, finished))
    sys.stdout.flush()
    return max(codes, default=0)


File = tuple[int, Path, ImportFormat | None, bool]  # (its number, path, --format, whether output names it)


async def _here(
    database_url: str,
    settings: Settings,
    newsroom: str,
    files: list[File],
    moved: Callable[[int, int, int], None],
    finished: Callable[[int, int, list[Line]], None],
) -> list[int]:
    """The files one after the other, in this process."""
    db = Database(await create_pool(database_url, settings), settings)
    codes = []
    try:
        for number, path, fmt, named in files:
            code, lines = await _import_file(
                db,
                Actor(newsroom=newsroom, role="editor"),
                path,
                fmt,
                named=named,
                moved=lambda done, total, number=number: moved(number, done, total),
            )
            finished(number, code, lines)
            codes.append(code)
    finally:
        await db.close()
    return codes


_moves: Queue[tuple[int, int, int]] | None = None  # in a worker: where its file's progress goes


def _worker_start(moves: Queue[tuple[int, int, int]]) -> None:
    global _moves
    _moves = moves


def _in_workers(
    database_url: str,
    settings: Settings,
    newsroom: str,
    files: list[File],
    jobs: int,
    moved: Callable[[int, int, int], None],
    finished: Callable[[int, int, list[Line]], None],
) -> list[int]:
    """The files in `jobs` worker processes (started afresh: `spawn`), one file at a time each; their
    progress comes back through a queue, their output with their result."""
    context = multiprocessing.get_context("spawn")
    moves = context.Queue()

    def drain() -> None:
        while True:
            try:
                moved(*moves.get_nowait())
            except queue.Empty:
                return

    codes = [0] * len(files)
    with ProcessPoolExecutor(
        min(jobs, len(files)), mp_context=context, initializer=_worker_start, initargs=(moves,)
    ) as pool:
        pending: dict[Future[tuple[int, list[Line]]], int] = {
            pool.submit(_file_in_worker, database_url, settings, newsroom, file): file[0] for file in files
        }
        while pending:
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            drain()
            for future in done:
                number = pending.pop(future)
                codes[number], lines = future.result()
                finished(number, codes[number], lines)
    return codes


def _file_in_worker(
    database_url: str, settings: Settings, newsroom: str, file: File
) -> tuple[int, list[Line]]:
    """One file, in a worker process, on a connection of its own."""
    number, path, fmt, named = file

    async def run() -> tuple[int, list[Line]]:
        db = Database(
            await create_pool(database_url, msgspec.structs.replace(settings, pool_max_size=1)), settings
        )
        try:
            return await _import_file(
                db,
                Actor(newsroom=newsroom, role="editor"),
                path,
                fmt,
                named=named,
                moved=lambda done, total: _moves.put((number, done, total)) if _moves is not None else None,
            )
        finally:
            await db.close()

    return asyncio.run(run())


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off for the block, then one collection. A file's rows and the documents
    built from them are tens of thousands of objects that live on for the whole import, and the collector
    went through them again and again: ~0.35 of the 1.3 s of Python CPU a file of 10,000 events took
    (perf, and timed with and without). Nothing the import makes holds a cycle that must go before its
    end; the command's process does nothing else meanwhile (the server's `POST /v1/import` keeps it on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()


async def _import_file(
    db: Database, actor: Actor, path: Path, fmt: ImportFormat | None, *, named: bool, moved: Moved
) -> tuple[int, list[Line]]:
    """One file's import, as `POST /v1/import` makes it, and what to print of it: 0 when it is in, 1 when
    nothing of it is (bad rows or not JSON), 2 when it could not be read."""
    with _no_cycle_collection():
        return await _read_and_import(db, actor, path, fmt, named=named, moved=moved)


async def _read_and_import(
    db: Database, actor: Actor, path: Path, fmt: ImportFormat | None, *, named: bool, moved: Moved
) -> tuple[int, list[Line]]:
    prefix = f"{path}: " if named else ""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return 2, [(True, f"cannot read {path}: {exc.strerror}")]
    fmt = file_format(path, raw, fmt)
    try:
        batch = read_file(raw, fmt)
    except msgspec.DecodeError as exc:
        return 1, [(True, f"{path} is not valid JSON: {exc}")]
    moved(0, len(batch.rows))
    try:
        report = await import_batch(db, actor=actor, batch=batch, progress=moved)
    except Invalid as exc:
        lines = [(True, f"nothing was imported from {path}:")]
        lines += [(True, f"  {error.field}: {error.message}") for error in exc.errors or []]
        return 1, lines if exc.errors else [*lines, (True, f"  {exc.detail}")]
    lines = [(True, f"warning: {prefix}{warning.field}: {warning.message}") for warning in report.warnings]
    return 0, [*lines, (False, prefix + _summary(report))]
