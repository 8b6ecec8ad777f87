"""`dateline import FILE`: the import of `POST /v1/import`, straight to the database, with a progress bar."""

from __future__ import annotations

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
    database_url: str, settings: Settings, *, path: Path, newsroom: str, fmt: ImportFormat | None
) -> int:
    """Import the file as an editor of `newsroom`; prints the report, or every bad row and exits 1."""
    err = Console(stderr=True, highlight=False, markup=False)
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
    db = Database(await create_pool(database_url, settings), settings)
    actor = Actor(newsroom=newsroom, role="editor")
    columns = (TextColumn("importing {task.fields[name]}", markup=False), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())  # fmt: skip
    try:
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("import", total=len(batch.rows) or None, name=path.name)
            report = await import_batch(
                db,
                actor=actor,
                batch=batch,
                progress=lambda done, total: progress.update(task, completed=done),
            )
    except Invalid as exc:
        err.print(f"nothing was imported from {path}:")
        for error in exc.errors or []:
            err.print(f"  {error.field}: {error.message}")
        if not exc.errors:
            err.print(f"  {exc.detail}")
        return 1
    finally:
        await db.close()
    for warning in report.warnings:
        err.print(f"warning: {warning.field}: {warning.message}")
    print(_summary(report))
    sys.stdout.flush()
    return 0
