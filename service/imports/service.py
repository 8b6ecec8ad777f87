"""Import rules: a whole file in one transaction, every rule of `POST /v1/events`, written set-based.

How and why: docs/architecture.md, "Imports".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator

import asyncpg

from service.auth.actor import Actor
from service.db import Database
from service.errors import FieldError, Invalid, joined
from service.events import repository as events_repo
from service.events import service as events
from service.events.document import EntityName
from service.events.repository import Created
from service.events.schemas import EventIn
from service.imports.readers import csv_flavour, decode_text, read_csv, read_ndjson, row_field
from service.imports.schemas import Batch, ImportCounts, ImportFormat, ImportReport, ReusedSource, Row
from service.imports.timelinejs import read_timelinejs, read_timelinejs_csv
from service.imports.writer import Checked, Chunk, Sources, resolve_sources
from service.newsrooms import ensure_newsroom
from service.problem_types import IMPORT_FAILED
from service.sources import repository as sources_repo
from service.sources import service as sources
from service.sources.schemas import Source

_ROW = re.compile(r"^row (\d+)")
MAX_EVENTS = 10_000  # a timeline holds at most as many; a larger file is split
MAX_ERRORS = 100
# Rows written per round of statements, and events and citations together: the progress bar moves, and
# no statement's estimated cost nears PostgreSQL's threshold for compiling it (jit_above_cost, 100,000:
# the revisions of 1,000 events with two citations each estimate at ~91,000, and compiling them costs
# more than it saves), nor its run time the statement timeout.
CHUNK = 500
CHUNK_OBJECTS = 1_500

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
        + joined(shown[:5]),
        errors=shown,
        type=IMPORT_FAILED,
    )


def _check(row: Row) -> Checked:
    """The rules of a row that need no database, in the order creating its event applies them: its inline
    sources (a citation naming both or neither a source and a source_id is refused later), then the
    event's own rules."""
    inline = {
        i: sources.source_fields(citation.source, f"citations[{i}].source.")
        for i, citation in enumerate(row.event.citations)
        if citation.source is not None and citation.source_id is None
    }
    fields, date = events.check_new_event(row.event)
    return Checked(row, fields, date, inline)


def _link_errors(
    checked: Checked, missing_entities: set[uuid.UUID], cited: dict[uuid.UUID, Source], newsroom: str
) -> list[FieldError]:
    """The rules that need the database, as creating the event applies them next: its entities, then
    each citation's source, given the ids that name no live entity, and the live sources cited by id."""
    try:
        events.check_entity_links(checked.fields, missing_entities)
        for i, citation in enumerate(checked.row.event.citations):
            if (citation.source_id is None) == (citation.source is None):
                raise Invalid.field(f"citations[{i}].source_id", "give exactly one of source_id or source")
            if citation.source is None:
                field, source = f"citations[{i}].source_id", cited.get(citation.source_id)
                events.check_cited_source(field, source, newsroom)
    except Invalid as exc:
        return _row_errors(checked.row, exc)
    return []


def _unsendable(event: EventIn) -> bool:
    """Whether a cited source was read at an instant the driver cannot send (its UTC instant outside
    years 1-9999): PostgreSQL refuses such a value only when it is written."""
    for citation in event.citations:
        if citation.source is not None and citation.source.accessed_at is not None:
            try:
                citation.source.accessed_at.astimezone(dt.UTC)
            except OverflowError:
                return True
    return False


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
    if any(_unsendable(row.event) for row in batch.rows):
        return await _one_by_one(db, actor=actor, batch=batch, progress=progress)
    # In a thread: the worker's other requests keep their turns (the interpreter switches every few ms)
    # however long a row's dates take the edtf package to read.
    rows = await asyncio.to_thread(_check_rows, batch, len(errors))
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
        checked = [row for row in rows if isinstance(row, Checked)]
        entity_ids = {link.id for c in checked for link in c.fields.entities}
        entities = await events_repo.live_entity_refs(conn, ids=list(entity_ids))
        source_ids = {
            cite.source_id
            for c in checked
            for cite in c.row.event.citations
            if cite.source is None and cite.source_id is not None
        }
        cited = await sources_repo.live_sources(conn, ids=list(source_ids), newsroom=actor.newsroom)
        missing_entities = entity_ids - entities.keys()
        for row in rows:
            if isinstance(row, list):
                errors += row
            else:
                errors += _link_errors(row, missing_entities, cited, actor.newsroom)
            if len(errors) > MAX_ERRORS:
                break
        if errors:
            errors.sort(key=_row_number)  # stable: a row's errors stay in the order they were found
            raise _failed(errors, len(batch.rows) + len(batch.errors))
        try:
            async with conn.transaction():  # a savepoint: the rows can still be written one by one
                return await _write(
                    conn,
                    actor=actor,
                    batch=batch,
                    checked=checked,
                    entities=entities,
                    cited=cited,
                    progress=progress,
                )
        except asyncpg.DataError:  # a value PostgreSQL cannot store: only the one-by-one path names its row
            return await _one_by_one(db, actor=actor, batch=batch, progress=progress)


def _check_rows(batch: Batch, reported: int) -> list[Checked | list[FieldError]]:
    """Each row checked, or its errors, up to the row where these errors (after `reported` ones) pass
    MAX_ERRORS: no later row could be reported, whatever the database says of the earlier ones."""
    rows: list[Checked | list[FieldError]] = []
    for row in batch.rows:
        try:
            rows.append(_check(row))
        except Invalid as exc:
            rows.append(_row_errors(row, exc))
            reported += len(rows[-1])
            if reported > MAX_ERRORS:
                break
    return rows


async def _write(
    conn: asyncpg.Connection,
    *,
    actor: Actor,
    batch: Batch,
    checked: list[Checked],
    entities: dict[uuid.UUID, EntityName],
    cited: dict[uuid.UUID, Source],
    progress: Progress | None,
) -> ImportReport:
    """Write the checked rows set-based: the sources they cite by URL, then a chunk of rows at a time.
    `entities` and `cited` are the entities they link to and the sources they cite by id, locked."""
    found, created = await resolve_sources(conn, actor=actor, checked=checked)
    source_ids = found | created
    cited = cited | await sources_repo.live_sources(  # locked or ours
        conn, ids=list(source_ids.values()), newsroom=actor.newsroom
    )
    now = await events_repo.transaction_now(conn)
    new_sources: dict[str, Created] = {}  # a new source's revision comes with the row that cites it first
    for number, row in enumerate(checked):
        for i, (fields, _) in row.sources.items():
            if fields["url"] in created and fields["url"] not in new_sources:
                note = row.row.event.citations[i].source.change_note
                new_sources[fields["url"]] = Created(created[fields["url"]], note, number, i)
    for start, end in _chunks(checked):
        new = [s for s in new_sources.values() if start <= s.row < end]
        chunk = Chunk.of(
            checked[start:end],
            first=start,
            newsroom=actor.newsroom,
            source_ids=source_ids,
            sources=new,
            cited=cited,
            entities=entities,
            now=now,
        )
        await chunk.write(conn, actor=actor)
        if progress is not None:
            progress(end, len(checked))
    reused = {
        found[fields["url"]]: fields["url"]
        for row in checked
        for fields, _ in row.sources.values()
        if fields["url"] in found
    }
    published = sum(row.fields.status == "published" for row in checked)
    return _report(batch, sources_created=len(created), published=published, reused=reused)


def _chunks(checked: list[Checked]) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of rows, each of at most CHUNK rows and (but for a single row) CHUNK_OBJECTS
    events and citations."""
    start = objects = 0
    for end, row in enumerate(checked):
        size = 1 + len(row.row.event.citations)
        if end > start and (end - start == CHUNK or objects + size > CHUNK_OBJECTS):
            yield start, end
            start, objects = end, 0
        objects += size
    if start < len(checked):
        yield start, len(checked)


async def _one_by_one(db: Database, *, actor: Actor, batch: Batch, progress: Progress | None) -> ImportReport:
    """The file through the event service's own create, row by row: slow, but it names the row of a value
    PostgreSQL cannot store (the set-based statements cannot), and checks the rows after it no further."""
    errors: list[FieldError] = list(batch.errors)
    found = Sources()
    published = 0
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
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
    return _report(batch, sources_created=len(found.created), published=published, reused=found.reused)


def _report(
    batch: Batch, *, sources_created: int, published: int, reused: dict[uuid.UUID, str]
) -> ImportReport:
    return ImportReport(
        format=batch.format,
        created=ImportCounts(events=len(batch.rows), sources=sources_created),
        published=published,
        drafts=len(batch.rows) - published,
        reused_sources=[ReusedSource(id=i, url=url) for i, url in reused.items()],
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
