"""Import rules: a whole file in one transaction, each event through the event service's own create.

So every rule applies as in `POST /v1/events` (EDTF dates, the publishing rule, revisions, one source
per URL). A bad row does not stop the others from being checked; any error rolls the whole file back
and the 422 names every bad row (at most MAX_ERRORS of them).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import asyncpg
import msgspec

from service.auth.actor import Actor
from service.db import Database
from service.errors import FieldError, Invalid
from service.events import repository as events_repo
from service.events import service as events
from service.events.schemas import EventIn
from service.imports.readers import csv_flavour, decode_text, read_csv, read_ndjson, row_field
from service.imports.schemas import Batch, ImportCounts, ImportFormat, ImportReport, ReusedSource, Row
from service.imports.timelinejs import read_timelinejs, read_timelinejs_csv
from service.sources import service as sources

_ROW = re.compile(r"^row (\d+)")
MAX_EVENTS = 10_000  # a timeline holds at most as many; a larger file is split
MAX_ERRORS = 100
IMPORT_FAILED = "urn:dateline:problem:import-failed"

Progress = Callable[[int, int], None]


def read_file(raw: bytes, fmt: ImportFormat) -> Batch:
    """Read the whole file into events; malformed TimelineJS JSON raises msgspec.DecodeError."""
    if fmt == "timelinejs":
        return read_timelinejs(raw)
    batch = Batch(format=fmt)
    text = decode_text(raw, batch)
    if text is None:
        return batch
    if fmt == "ndjson":
        return read_ndjson(text)
    if fmt == "csv" and csv_flavour(text) == "timelinejs_csv":
        fmt = "timelinejs_csv"  # text/csv names both: the header tells them apart
    return read_csv(text) if fmt == "csv" else read_timelinejs_csv(text)


def _failed(errors: list[FieldError], rows: int) -> Invalid:
    shown = errors[:MAX_ERRORS]
    more = f"; the first {MAX_ERRORS} are listed" if len(errors) > MAX_ERRORS else ""
    problems = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    return Invalid(
        f"Nothing was imported: {problems} in a file of {rows} event{'s' if rows != 1 else ''}{more}. "
        + "; ".join(f"{e.field}: {e.message}" for e in shown[:5]),
        errors=shown,
        type=IMPORT_FAILED,
    )


class _Sources:
    """Which cited sources this import created, and which it found already there."""

    def __init__(self) -> None:
        self.created: set[uuid.UUID] = set()
        self.reused: dict[uuid.UUID, str] = {}

    async def resolve(self, conn: asyncpg.Connection, actor: Actor, event: EventIn) -> EventIn:
        """The event with each inline source replaced by its id: found by URL, or created now."""
        citations = list(event.citations)
        for i, citation in enumerate(citations):
            if citation.source is None or citation.source_id is not None:
                continue  # the event service reports a citation that names both, or neither
            source_id, created = await sources.find_or_create(
                conn, actor=actor, data=citation.source, prefix=f"citations[{i}].source."
            )
            if created:
                self.created.add(source_id)
            elif source_id not in self.created:
                self.reused[source_id] = sources.canonical_url(citation.source.url)
            citations[i] = msgspec.structs.replace(citation, source=None, source_id=source_id)
        return msgspec.structs.replace(event, citations=citations)


async def import_batch(
    db: Database, *, actor: Actor, batch: Batch, progress: Progress | None = None
) -> ImportReport:
    """Write every event of the batch, or nothing: a 422 listing each bad row.

    Rows that failed to read are reported with those that fail the event rules, in row order.
    """
    if whole := [e for e in batch.errors if not e.field.startswith("row ")]:
        raise _failed(whole, len(batch.rows))
    if not batch.rows and not batch.errors:
        raise Invalid.field("body", "the file holds no events", type=IMPORT_FAILED)
    if len(batch.rows) > MAX_EVENTS:
        raise Invalid.field(
            "body",
            f"{len(batch.rows):,} events: at most {MAX_EVENTS:,} per file; split it",
            type=IMPORT_FAILED,
        )
    errors: list[FieldError] = list(batch.errors)
    if len(errors) > MAX_ERRORS:  # enough to go on with: no need to try the rows that did read
        raise _failed(errors, len(batch.rows) + len(batch.errors))
    found = _Sources()
    published = 0
    async with db.transaction() as conn:
        await events_repo.ensure_newsroom(conn, newsroom=actor.newsroom)
        for done, row in enumerate(batch.rows, start=1):
            # No savepoint per row: a row refused by a rule raises before PostgreSQL sees an error, and
            # whatever it wrote goes with the rollback of the whole file, so the next rows are still checked.
            try:
                event = await found.resolve(conn, actor, row.event)
                created = await events.create_event(db, actor=actor, data=event)
                published += created.status == "published"
            except Invalid as exc:
                errors += _row_errors(row, exc)
            except asyncpg.DataError as exc:  # a value PostgreSQL cannot store: the transaction is over
                message = f"a value cannot be stored: {exc}"
                errors.append(FieldError(field=row_field(row.number), message=message))
                break
            if progress is not None:
                progress(done, len(batch.rows))
            if len(errors) > MAX_ERRORS:
                break
        if errors:
            errors.sort(key=_row_number)  # stable: a row's errors stay in the order they were found
            raise _failed(errors, len(batch.rows) + len(batch.errors))
    return ImportReport(
        format=batch.format,
        created=ImportCounts(events=len(batch.rows), sources=len(found.created)),
        published=published,
        drafts=len(batch.rows) - published,
        reused_sources=[ReusedSource(id=i, url=url) for i, url in found.reused.items()],
        skipped=batch.skipped,
        warnings=batch.warnings,
    )


def _row_number(error: FieldError) -> int:
    return int(_ROW.match(error.field)[1])


def _row_errors(row: Row, exc: Invalid) -> list[FieldError]:
    if not exc.errors:
        return [FieldError(field=row_field(row.number), message=exc.detail)]
    return [
        FieldError(field=row_field(row.number, row.rename(e.field)), message=e.message) for e in exc.errors
    ]
