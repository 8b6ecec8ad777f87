"""`dateline import FILE…`: the import of `POST /v1/import`, straight to the database, with a progress bar."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import msgspec
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from service.auth.actor import Actor
from service.config import Settings
from service.db import Database, create_pool
from service.errors import Invalid
from service.imports import readers
from service.imports.schemas import ImportFormat, ImportReport
from service.imports.service import import_batch, read_file


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


async def run_import(
    database_url: str,
    settings: Settings,
    *,
    paths: list[Path],
    newsroom: str,
    fmt: ImportFormat | None,
    jobs: int = 2,
) -> int:
    """Import the files as an editor of `newsroom`, `jobs` at a time, each whole or not at all (its own
    transaction). Prints each file's report; exits 1 if any file had bad rows (listed; the others are
    imported), 2 if any cannot be read (then nothing is imported)."""
    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)  # a line per message
    for path in paths:
        if not os.access(path, os.R_OK) or not path.is_file():
            err.print(f"cannot read {path}")
            return 2
    db = Database(await create_pool(database_url, settings), settings)
    actor = Actor(newsroom=newsroom, role="editor")
    columns = (TextColumn("importing {task.fields[name]}", markup=False), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())  # fmt: skip
    slots = asyncio.Semaphore(max(jobs, 1))
    named = len(paths) > 1

    async def one(path: Path, progress: Progress) -> int:
        async with slots:
            return await _import_file(db, actor, path, fmt, progress, err, named=named)

    try:
        with Progress(*columns, console=err) as progress:
            codes = await asyncio.gather(*(one(path, progress) for path in paths))
    finally:
        await db.close()
    sys.stdout.flush()
    return max(codes, default=0)


async def _import_file(
    db: Database,
    actor: Actor,
    path: Path,
    fmt: ImportFormat | None,
    progress: Progress,
    err: Console,
    *,
    named: bool,
) -> int:
    """One file's import, as `POST /v1/import` makes it: 0 when it is in, 1 when nothing of it is (bad rows
    or not JSON), 2 when it could not be read."""
    prefix = f"{path}: " if named else ""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        err.print(f"cannot read {path}: {exc.strerror}")
        return 2
    fmt = file_format(path, raw, fmt)
    try:
        batch = read_file(raw, fmt)
    except msgspec.DecodeError as exc:
        err.print(f"{path} is not valid JSON: {exc}")
        return 1
    task = progress.add_task("import", total=len(batch.rows) or None, name=path.name)
    try:
        report = await import_batch(
            db, actor=actor, batch=batch, progress=lambda done, total: progress.update(task, completed=done)
        )
    except Invalid as exc:
        progress.remove_task(task)
        err.print(f"nothing was imported from {path}:")
        for error in exc.errors or []:
            err.print(f"  {error.field}: {error.message}")
        if not exc.errors:
            err.print(f"  {exc.detail}")
        return 1
    for warning in report.warnings:
        err.print(f"warning: {prefix}{warning.field}: {warning.message}")
    print(prefix + _summary(report))
    return 0
