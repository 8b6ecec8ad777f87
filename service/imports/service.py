"""Import rules: a whole file in one transaction, every rule of `POST /v1/events`, written set-based.

How and why: docs/architecture.md, "Imports".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import asyncpg
import msgspec
from uuid_utils.compat import uuid7

from service.auth.actor import Actor
from service.db import Database
from service.edtf import ParsedDate
from service.errors import FieldError, Invalid, joined
from service.events import citations_repository as citations_repo
from service.events import repository as events_repo
from service.events import service as events
from service.events.document import EntityName, new_event_doc
from service.events.repository import Created
from service.events.schemas import CitationIn, Event, EventFields, EventIn
from service.imports.readers import csv_flavour, decode_text, read_csv, read_ndjson, row_field
from service.imports.schemas import Batch, ImportCounts, ImportFormat, ImportReport, ReusedSource, Row
from service.imports.timelinejs import read_timelinejs, read_timelinejs_csv
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


class _Checked(msgspec.Struct, frozen=True):
    """A row that meets the rules checked without the database: what creating its event would write."""

    row: Row
    fields: EventFields
    date: ParsedDate
    sources: dict[int, tuple[dict[str, Any], ParsedDate | None]]  # citation position: its new source's fields


def _check(row: Row) -> _Checked:
    """The rules of a row that need no database, in the order creating its event applies them: its inline
    sources (a citation naming both or neither a source and a source_id is refused later), then the
    event's own rules."""
    inline = {
        i: sources.source_fields(citation.source, f"citations[{i}].source.")
        for i, citation in enumerate(row.event.citations)
        if citation.source is not None and citation.source_id is None
    }
    fields, date = events.check_new_event(row.event)
    return _Checked(row, fields, date, inline)


def _link_errors(
    checked: _Checked, missing_entities: set[uuid.UUID], cited: dict[uuid.UUID, Source], newsroom: str
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
        checked = [row for row in rows if isinstance(row, _Checked)]
        entity_ids = {link.id for c in checked for link in c.fields.entities}
        entities = await events_repo.live_entity_refs(conn, ids=list(entity_ids))
        source_ids = {cite.source_id for c in checked for cite in c.row.event.citations
                      if cite.source is None and cite.source_id is not None}  # fmt: skip
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
                    conn, actor=actor, batch=batch, checked=checked, entities=entities, cited=cited,
                    progress=progress,
                )  # fmt: skip
        except asyncpg.DataError:  # a value PostgreSQL cannot store: only the one-by-one path names its row
            return await _one_by_one(db, actor=actor, batch=batch, progress=progress)


def _check_rows(batch: Batch, reported: int) -> list[_Checked | list[FieldError]]:
    """Each row checked, or its errors, up to the row where these errors (after `reported` ones) pass
    MAX_ERRORS: no later row could be reported, whatever the database says of the earlier ones."""
    rows: list[_Checked | list[FieldError]] = []
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
    checked: list[_Checked],
    entities: dict[uuid.UUID, EntityName],
    cited: dict[uuid.UUID, Source],
    progress: Progress | None,
) -> ImportReport:
    """Write the checked rows set-based: the sources they cite by URL, then a chunk of rows at a time.
    `entities` and `cited` are the entities they link to and the sources they cite by id, locked."""
    found, created = await _resolve_sources(conn, actor=actor, checked=checked)
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
        chunk = _Chunk.of(
            checked[start:end], first=start, newsroom=actor.newsroom, source_ids=source_ids, sources=new,
            cited=cited, entities=entities, now=now,
        )  # fmt: skip
        await chunk.write(conn, actor=actor)
        if progress is not None:
            progress(end, len(checked))
    reused = {found[fields["url"]]: fields["url"] for row in checked for fields, _ in row.sources.values()
              if fields["url"] in found}  # fmt: skip
    published = sum(row.fields.status == "published" for row in checked)
    return _report(batch, sources_created=len(created), published=published, reused=reused)


def _chunks(checked: list[_Checked]) -> Iterator[tuple[int, int]]:
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


class _Chunk(msgspec.Struct, frozen=True, kw_only=True):
    """Checked rows ready to write: what `events.create_event` writes for each, with ids given now."""

    event_ids: list[uuid.UUID]
    fields: list[EventFields]
    dates: list[ParsedDate]
    quotes: list[list[str]]
    events: list[Created]  # their revisions
    citations: list[Created]
    cited_events: list[uuid.UUID]
    cited_sources: list[uuid.UUID]
    cited: list[CitationIn]
    sources: list[Created]  # the new sources these rows cite first, for their revisions
    docs: list[Event]  # the events as they read once written: their revisions' states and their documents

    @classmethod
    def of(
        cls,
        rows: list[_Checked],
        *,
        first: int,
        newsroom: str,
        source_ids: dict[str, uuid.UUID],
        sources: list[Created],
        cited: dict[uuid.UUID, Source],
        entities: dict[uuid.UUID, EntityName],
        now: dt.datetime,
    ) -> _Chunk:
        """The chunk of `rows`, numbered from `first`; `source_ids` by canonical URL of those cited inline,
        `cited` every cited source by id, `entities` every linked entity, `now` the transaction's instant."""
        # Time-ordered ids (UUIDv7): the chunk's rows go to the right-hand end of the primary keys and of
        # the indexes that lead with an event id, not to a random page of each (~6 % less PostgreSQL CPU
        # per event than random ids, measured on a file of 10,000).
        event_ids = [uuid7() for _ in rows]
        citation_ids = iter([uuid7() for row in rows for _ in row.row.event.citations])
        events, citations, cited_events, cited_sources, cited_in, docs = [], [], [], [], [], []
        for number, row, event_id in zip(range(first, first + len(rows)), rows, event_ids, strict=True):
            event = row.row.event
            events.append(Created(event_id, event.change_note, number, correction=event.correction))
            shown = []
            for i, citation in enumerate(event.citations):
                citations.append(Created(next(citation_ids), citation.change_note, number, i))
                cited_events.append(event_id)
                inline = row.sources.get(i)
                cited_sources.append(citation.source_id if inline is None else source_ids[inline[0]["url"]])
                cited_in.append(citation)
                shown.append((citations[-1].id, cited[cited_sources[-1]], citation))
            docs.append(new_event_doc(
                event_id=event_id, newsroom=newsroom, fields=row.fields, date=row.date, entities=entities,
                citations=shown, correction=event.change_note if event.correction else None, now=now,
            ))  # fmt: skip
        return cls(
            event_ids=event_ids, fields=[row.fields for row in rows], dates=[row.date for row in rows],
            quotes=[[citation.quote for citation in row.row.event.citations] for row in rows], events=events,
            citations=citations, cited_events=cited_events, cited_sources=cited_sources, cited=cited_in,
            sources=sources, docs=docs,
        )  # fmt: skip

    async def write(self, conn: asyncpg.Connection, *, actor: Actor) -> None:
        """Create the chunk's events as `events.create_event` creates each, in five statements."""
        await events_repo.insert_events(
            conn, newsroom=actor.newsroom, ids=self.event_ids, data=self.fields, dates=self.dates,
            quotes=self.quotes,
        )  # fmt: skip
        await events_repo.insert_event_entities(conn, event_ids=self.event_ids, data=self.fields)
        await citations_repo.insert_citations(
            conn, newsroom=actor.newsroom, ids=[c.id for c in self.citations], event_ids=self.cited_events,
            source_ids=self.cited_sources, data=self.cited,
        )  # fmt: skip
        await events_repo.insert_created_revisions(
            conn, key_id=actor.key_id, sources=self.sources, citations=self.citations, events=self.events,
            docs=self.docs,
        )


async def _resolve_sources(
    conn: asyncpg.Connection, *, actor: Actor, checked: list[_Checked]
) -> tuple[dict[str, uuid.UUID], dict[str, uuid.UUID]]:
    """The sources the rows cite by URL, by canonical URL: those of the importing newsroom found, and those
    created now (in the order the rows first cite them), as `sources.find_or_create` finds or creates each."""
    first = {}
    for row in checked:
        for fields, published in row.sources.values():
            first.setdefault(fields["url"], (fields, published))
    found = await sources_repo.find_sources_by_urls(conn, newsroom=actor.newsroom, urls=list(first))
    new = [source for url, source in first.items() if url not in found]
    created = await sources_repo.insert_sources(conn, newsroom=actor.newsroom, sources=new) if new else {}
    if len(created) < len(new):  # created by a concurrent write since the lookup: found, as by find_or_create
        missed = [fields["url"] for fields, _ in new if fields["url"] not in created]
        found |= await sources_repo.find_sources_by_urls(conn, newsroom=actor.newsroom, urls=missed)
    return found, created


class _Sources:
    """Which cited sources this import created, and which it found already there (the one-by-one path)."""

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


async def _one_by_one(db: Database, *, actor: Actor, batch: Batch, progress: Progress | None) -> ImportReport:
    """The file through the event service's own create, row by row: slow, but it names the row of a value
    PostgreSQL cannot store (the set-based statements cannot), and checks the rows after it no further."""
    errors: list[FieldError] = list(batch.errors)
    found = _Sources()
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
