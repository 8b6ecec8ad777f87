"""Event SQL on one connection: keyword-only calls returning Structs."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from pathlib import Path
from typing import Any, Literal

import asyncpg
import msgspec

from service.citations.repository import CITATION_JSON
from service.edtf import ParsedDate
from service.entities.schemas import EntityKind
from service.events.filters import (
    Doc,
    EventFilters,
    Rows,
    Scope,
    TagRange,
    event_conditions,
    tag_range,
    tombstone_conditions,
)
from service.events.schemas import Citation, CitationIn, CorrectionNote, EntityRef, Event, EventFields
from service.pages import MAX_ID, NIL_ID
from service.schemas import Deleted
from service.sources.repository import SOURCE_JSON
from service.sources.schemas import Source
from service.sql import Args, expand, keyset_tail, load_queries

Q = load_queries(Path(__file__).with_name("queries.sql"))
EVENT_JSON = expand(Q.fragment_event_json, source_json=SOURCE_JSON)
CITING = "SELECT c.event_id FROM citations c WHERE c.source_id = $1 AND c.deleted_at IS NULL"
NAMING = "SELECT ee.event_id FROM event_entities ee WHERE ee.entity_id = $1"
DOCS_OF_SOURCE = expand(Q.docs_of, event_json=EVENT_JSON, which=CITING)
DOCS_OF_ENTITY = expand(Q.docs_of, event_json=EVENT_JSON, which=NAMING)
LOCK_CITING, LOCK_NAMING = expand(Q.lock_events, which=CITING), expand(Q.lock_events, which=NAMING)
TOUCH_CITING, TOUCH_NAMING = expand(Q.touch_events, which=CITING), expand(Q.touch_events, which=NAMING)
DOCS_AFTER = (
    expand(Q.docs_of, event_json=EVENT_JSON, which="SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT $2")
    + " ORDER BY e.id"
)
INSERT_EVENT_REVISION = expand(
    Q.insert_event_revision, event_json=EVENT_JSON,
    event_state=expand(Q.fragment_event_state, correction="$5", change_note="$4"),
)  # fmt: skip
INSERT_CREATED_REVISIONS = expand(
    Q.insert_created_revisions, source_json=SOURCE_JSON, citation_json=CITATION_JSON
)
REFRESH_EVENT = expand(
    Q.refresh_event, event_search=expand(Q.fragment_event_search, quotes=Q.fragment_event_quotes)
)
INSERT_EVENTS = expand(Q.insert_events, event_search=expand(Q.fragment_event_search, quotes="e.quotes"))

_event_doc = msgspec.json.Decoder(Event)
_encoder = msgspec.json.Encoder()
# How every document the service stores begins: the Event as the API encodes it. A document built by
# SQL (the triggers that follow writes made outside the service) begins otherwise.
_SENT_AS_STORED = '{"object":"event",'
_SENT_AS_STORED_BYTES = _SENT_AS_STORED.encode()
# A page's documents as UTF-8 bytes (bytea): asyncpg hands them over as they arrive, where text would be
# decoded into a str first; fetching and sending a page's 50 documents took ~15 % less Python CPU.
PAGE_DOC = "convert_to(d.doc::text, 'UTF8') AS doc"


def event_from_doc(doc: str | bytes) -> Event:
    """The Event that a stored document (event_docs, or a revision's state) describes."""
    return _event_doc.decode(doc)


def page_item(doc: bytes) -> Event | msgspec.Raw:
    """A stored document as a page sends it: as it is when the service stored it (it is then exactly the
    Event's encoding, which `stale_docs` checks), else decoded into an Event to be encoded."""
    return msgspec.Raw(doc) if doc.startswith(_SENT_AS_STORED_BYTES) else event_from_doc(doc)


async def store_docs(conn: asyncpg.Connection, events: list[Event]) -> None:
    """Keep these events' documents, each exactly the JSON the API sends for it (see page_item).

    The Event's fields are what the documents hold: a change to them needs the documents rebuilt
    (`rebuild_docs`, `dateline rebuild-docs`) by the migration that comes with it.
    """
    if events:
        await conn.execute(Q.store_docs, [e.id for e in events], [_encoder.encode(e).decode() for e in events])


async def store_docs_of(conn: asyncpg.Connection, sql: str, *args: Any) -> list[Event]:
    """Store the documents of the events a `docs_of` statement returns (in its order); those events."""
    events = [event_from_doc(row["doc"]) for row in await conn.fetch(sql, *args)]
    await store_docs(conn, events)
    return events


async def rebuild_docs(conn: asyncpg.Connection, *, batch: int = 2000) -> int:
    """Rebuild every event's document from its rows, a batch of events at a time; how many."""
    after, done = NIL_ID, 0
    while events := await store_docs_of(conn, DOCS_AFTER, after, batch):
        done, after = done + len(events), events[-1].id
    return done


async def stale_docs(conn: asyncpg.Connection, events: str = "events", *args: Any) -> list[uuid.UUID]:
    """The live events of `events` (a table or subquery of events rows, with its `args`) whose stored
    document differs from the one their rows make now, or, stored by the service, is not exactly the
    Event's encoding: always none (the tests and the benchmark's generator check)."""
    rows = await conn.fetch(
        f"SELECT e.id, d.doc::text AS stored, ({EVENT_JSON})::text AS fresh FROM {events} e "
        f"LEFT JOIN event_docs d ON d.event_id = e.id WHERE e.deleted_at IS NULL ORDER BY e.id",
        *args,
    )
    stale = []
    for row in rows:
        stored = row["stored"]
        event = None if stored is None else event_from_doc(stored)
        if event is None or event != event_from_doc(row["fresh"]):
            stale.append(row["id"])
        elif stored.startswith(_SENT_AS_STORED) and stored != _encoder.encode(event).decode():
            stale.append(row["id"])
    return stale


class EventRow(msgspec.Struct, kw_only=True):
    """An event's own stored fields, as a merge patch starts from."""

    id: uuid.UUID
    newsroom: str
    version: int
    fields: dict[str, Any]


async def get_event(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> tuple[Event, str] | None:
    row = await conn.fetchrow(Q.get_event, event_id)
    return (event_from_doc(row["doc"]), row["status"]) if row else None


async def event_row_for_update(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> EventRow | None:
    row = await conn.fetchrow(Q.event_row_for_update, event_id)
    if row is None:
        return None
    fields = {name: row[name] for name in EventFields.__struct_fields__}
    return EventRow(id=row["id"], newsroom=row["newsroom"], version=row["version"], fields=fields)


async def insert_event(
    conn: asyncpg.Connection, *, newsroom: str, data: EventFields, date: ParsedDate, event_id: uuid.UUID | None
) -> uuid.UUID:
    return await conn.fetchval(Q.insert_event, event_id, newsroom, *_event_values(data, date))


async def insert_events(
    conn: asyncpg.Connection,
    *,
    newsroom: str,
    ids: list[uuid.UUID],
    data: list[EventFields],
    dates: list[ParsedDate],
    quotes: list[list[str]],
) -> None:
    """Insert new events in one statement, in this order: `data[i]` and `dates[i]` are event `ids[i]`'s,
    and `quotes[i]` the quotes of the citations it will have, in order (its search text is computed now)."""
    columns = list(zip(*map(_event_values, data, dates), strict=True))
    for i in (10, 11, 13):  # location, tags, media: an array cannot hold a list or an object, so as JSON text
        columns[i] = [None if value is None else msgspec.json.encode(value).decode() for value in columns[i]]
    joined = [" ".join(q) if q else None for q in quotes]  # as string_agg(quote, ' ') joins them, or NULL
    await conn.execute(INSERT_EVENTS, ids, newsroom, *columns, joined)


async def update_event(
    conn: asyncpg.Connection, *, event_id: uuid.UUID, data: EventFields, date: ParsedDate
) -> None:
    await conn.execute(Q.update_event, event_id, *_event_values(data, date))


def _event_values(data: EventFields, date: ParsedDate) -> tuple[Any, ...]:
    return (
        data.title,
        data.summary,
        date.text,
        date.start,
        date.end,
        date.sort_at,
        date.precision,
        date.approximate,
        date.uncertain,
        date.display,
        msgspec.to_builtins(data.location) if data.location else None,
        data.tags,
        data.importance,
        msgspec.to_builtins(data.media) if data.media else None,
        data.status,
        data.retraction_note,
    )


async def delete_event(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> None:
    await conn.execute(Q.delete_event, event_id)


async def replace_event_entities(conn: asyncpg.Connection, *, event_id: uuid.UUID, data: EventFields) -> None:
    await conn.execute(
        Q.replace_event_entities, event_id, [link.id for link in data.entities], [link.role for link in data.entities]
    )


async def insert_event_entities(
    conn: asyncpg.Connection, *, event_ids: list[uuid.UUID], data: list[EventFields]
) -> None:
    """Link new events to their entities in one statement, positioned as replace_event_entities does."""
    links = [(event_id, link.id, link.role, position)
             for event_id, fields in zip(event_ids, data, strict=True)
             for position, link in enumerate(fields.entities)]  # fmt: skip
    if links:
        await conn.execute(Q.insert_event_entities, *map(list, zip(*links, strict=True)))


async def has_supporting_citation(conn: asyncpg.Connection, *, event_id: uuid.UUID) -> bool:
    return await conn.fetchval(Q.has_supporting_citation, event_id)


async def refresh_event(conn: asyncpg.Connection, *, event_id: uuid.UUID, changed: bool) -> None:
    await conn.execute(REFRESH_EVENT, event_id, 1 if changed else 0)


async def lock_events_of_source(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None:
    """Lock the events citing a source, before the source itself is locked to change it. A write that
    cites locks its event first, then the source: in the same order, the two never wait on each other
    in a circle (a deadlock)."""
    await conn.execute(LOCK_CITING, source_id)


async def lock_events_of_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None:
    """Lock the events naming an entity, before the entity itself (as `lock_events_of_source`)."""
    await conn.execute(LOCK_NAMING, entity_id)


async def refresh_docs_of_source(conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None:
    """The events citing a source that changed show its new fields, and are listed again by a sync feed."""
    await conn.execute(TOUCH_CITING, source_id)
    await store_docs_of(conn, DOCS_OF_SOURCE, source_id)


async def refresh_docs_of_entity(conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None:
    """The events naming an entity that changed show its new fields, and are listed again by a sync feed."""
    await conn.execute(TOUCH_NAMING, entity_id)
    await store_docs_of(conn, DOCS_OF_ENTITY, entity_id)


async def insert_event_revision(
    conn: asyncpg.Connection,
    *,
    event_id: uuid.UUID,
    action: str,
    key_id: uuid.UUID | None,
    change_note: str | None,
    correction: bool,
) -> Event:
    """The event's revision, its state kept as its document; the event as it now reads."""
    state = await conn.fetchval(INSERT_EVENT_REVISION, event_id, action, key_id, change_note, correction)
    event = event_from_doc(state)
    await store_docs(conn, [event])
    return event


class Created(msgspec.Struct, frozen=True):
    """An object a write created, for its `create` revision: the row it came from and its position there."""

    id: uuid.UUID
    change_note: str | None
    row: int
    position: int = 0
    correction: bool = False


async def insert_created_revisions(
    conn: asyncpg.Connection,
    *,
    key_id: uuid.UUID | None,
    sources: list[Created],
    citations: list[Created],
    events: list[Created],
    docs: list[Event],
) -> None:
    """The `create` revisions of new sources, citations and events in one statement, numbered as creating
    the events one by one would number them (see the SQL); `docs[i]` is event `events[i]` as it now reads
    (`new_event_doc`): its revision's state, and its document."""
    states = [_state_text(doc) for doc in docs]
    await conn.execute(
        INSERT_CREATED_REVISIONS, key_id,
        *(column for objects in (sources, citations) for column in (
            [o.id for o in objects], [o.change_note for o in objects], [o.row for o in objects],
            [o.position for o in objects])),
        [o.id for o in events], [o.change_note for o in events], [o.correction for o in events],
        [o.row for o in events], states, [doc.version for doc in docs], docs[0].newsroom if docs else None,
    )  # fmt: skip
    await store_docs(conn, docs)


def _state_text(event: Event) -> str:
    """The event's JSON as PostgreSQL writes it in a revision's state (fragment_event_state, in the pool's
    UTC session): no `object` tag, and each instant as PostgreSQL writes a timestamptz (`+00:00`, no
    trailing zeros), so that a history reads alike whichever write made it. It is encoded from a copy of
    the event whose instants are that text (only encoded, never read)."""
    text, replace = _postgres_instant, msgspec.structs.replace
    state = replace(
        event, created_at=text(event.created_at), updated_at=text(event.updated_at),
        corrections=[replace(c, at=text(c.at)) for c in event.corrections],
        citations=[replace(
            c, created_at=text(c.created_at), updated_at=text(c.updated_at),
            source=replace(
                c.source, created_at=text(c.source.created_at), updated_at=text(c.source.updated_at),
                accessed_at=c.source.accessed_at and text(c.source.accessed_at),
            ),
        ) for c in event.citations],
    )  # fmt: skip
    return "{" + _encoder.encode(state).decode().removeprefix(_SENT_AS_STORED)


@functools.lru_cache(maxsize=4096)  # a file's events share one instant, and their sources' instants recur
def _postgres_instant(value: dt.datetime) -> str:
    text = value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    fraction = f".{value.microsecond:06d}".rstrip("0") if value.microsecond else ""
    return f"{text}{fraction}+00:00"


async def transaction_now(conn: asyncpg.Connection) -> dt.datetime:
    """The instant of this transaction: what now() stamps every row it writes with."""
    return await conn.fetchval(Q.transaction_now)


class EntityName(msgspec.Struct, frozen=True):
    """What an event shows of an entity it links to (EntityRef, but for the role)."""

    name: str
    kind: EntityKind
    wikidata: str | None


async def live_entity_refs(conn: asyncpg.Connection, *, ids: list[uuid.UUID]) -> dict[uuid.UUID, EntityName]:
    """The live entities of these ids, locked until the transaction ends (see the SQL); a deleted or unknown
    id is missing from the answer."""
    rows = await conn.fetch(Q.live_entity_refs, ids) if ids else []
    return {row["id"]: EntityName(row["name"], row["kind"], row["wikidata"]) for row in rows}


def new_event_doc(
    *,
    event_id: uuid.UUID,
    newsroom: str,
    fields: EventFields,
    date: ParsedDate,
    entities: dict[uuid.UUID, EntityName],
    citations: list[tuple[uuid.UUID, Source, CitationIn]],
    correction: str | None,
    now: dt.datetime,
) -> Event:
    """A new event as fragment_event_json reads it once its rows are in, in this transaction (`now`): its
    links' entities, its citations (id, source, fields) in order, and its own correction's note if the
    creating revision is one. `stale_docs`, run after every write in the tests, holds the two equal."""
    return Event(
        id=event_id, newsroom=newsroom, title=fields.title, summary=fields.summary, date=date.text,
        start=date.start, end=date.end, precision=date.precision, approximate=date.approximate,
        uncertain=date.uncertain, display=date.display, location=fields.location, tags=list(fields.tags),
        entities=[EntityRef(id=link.id, name=entities[link.id].name, kind=entities[link.id].kind,
                            wikidata=entities[link.id].wikidata, role=link.role) for link in fields.entities],
        importance=fields.importance, media=fields.media, status=fields.status,
        retraction_note=fields.retraction_note,
        citations=[Citation(id=citation_id, event_id=event_id, source=source, quote=c.quote,
                            locator=c.locator, stance=c.stance, note=c.note, created_at=now, updated_at=now,
                            version=1)
                   for citation_id, source, c in citations],
        corrections=[] if correction is None else [CorrectionNote(at=now, note=correction)],
        created_at=now, updated_at=now, version=1,
    )  # fmt: skip


async def ensure_newsroom(conn: asyncpg.Connection, *, newsroom: str) -> None:
    await conn.execute(Q.ensure_newsroom, newsroom)


Order = Literal["asc", "desc"]


# A sync feed read oldest change first (a client resuming from its last cursor) lists only the changes
# that no write still in progress can come before. An event's updated_at is its writing transaction's
# start (now()), so a transaction that began before a client's read and commits after it (an import of
# a large file, say) would otherwise land behind that client's cursor, never to be listed to it. The
# horizon is the start of the oldest transaction open now in this database (pg_stat_activity shows the
# sessions of the service's own role, and of every role to one with pg_read_all_stats), else now: later
# changes are listed by a later read, once every transaction before them has ended. A sync feed's
# statement tests it as a filter, `(… < SETTLED) IS TRUE`, never as an index bound: its value is unknown
# when the plan is made, and PostgreSQL would then take (updated_since, SETTLED) for a narrow range
# and intersect the whole (updated_at, id) index with another one (0.4 s for a tag's feed of 300,000
# events, against 0.03 s as a filter).
SETTLED = (
    "(SELECT least(now(), min(a.xact_start)) FROM pg_stat_activity a "
    "WHERE a.datname = current_database() AND a.backend_type = 'client backend')"
)


def page_statement(
    filters: EventFilters,
    *,
    order: Order,
    after: tuple[dt.datetime, uuid.UUID] | None,
    backwards: bool,
    limit: int,
    scope: Scope | None = None,
    tombstones: bool = True,
) -> tuple[str, list[Any]]:
    """The one statement that reads a page, and its parameters (the benchmark replays it as is).

    A sync feed (`updated_since`) without `tombstones` lists only the events the caller may see now.
    """
    ascending = (order == "asc") != backwards
    arg = Args()
    if (tags := tag_range(filters, scope)) is not None:
        return _tag_page(tags, arg, ascending=ascending, after=after, limit=limit), arg.values
    if filters.updated_since is not None:
        return _sync_page(filters, arg, ascending=ascending, settled=order == "asc", after=after, limit=limit,
                          scope=scope, tombstones=tombstones), arg.values  # fmt: skip
    conds = event_conditions(filters, arg, scope=scope)
    tail = keyset_tail(arg, conds, key=("e.sort_at", "e.id"), after=after, ascending=ascending, limit=limit)
    direction = "ASC" if ascending else "DESC"
    sql = (
        f"SELECT e.sort_at AS k, false AS deleted, e.id, e.updated_at, {PAGE_DOC} "
        f"FROM (SELECT * FROM events e {tail}) e "
        f"JOIN event_docs d ON d.event_id = e.id "
        f"ORDER BY e.sort_at {direction}, e.id {direction}"
    )
    return sql, arg.values


def _sync_page(
    filters: EventFilters,
    arg: Args,
    *,
    ascending: bool,
    settled: bool,
    after: tuple[dt.datetime, uuid.UUID] | None,
    limit: int,
    scope: Scope | None,
    tombstones: bool,
) -> str:
    """A page of a sync feed, by (change, id): the events the caller may see now, as events; and tombstones
    of those it could once see and no longer can, each matched on the last state it could see.

    Three keyset branches merged in key order. Events: as `event_conditions` lists them, by updated_at.
    Deleted events that were public, or are the caller's newsroom's, matched on their rows (a deleted
    event's rows keep its last state), by updated_at (their deletion). Events turned into drafts of
    another newsroom, matched on their last public document (event_public_docs, migration 0011), at the
    instant they left public view: a hidden draft's later edits move nothing. A draft that never was
    public leaves no trace.
    """
    since = filters.updated_since
    drafts_of = filters.drafts_of if scope is None else scope.drafts_of
    settled_at = SETTLED if settled else None
    size = limit + 1
    direction = "ASC" if ascending else "DESC"

    def branch(tombstone: bool, key: str, source: str, conds: list[str]) -> str:
        if settled_at is not None:  # a filter, not an index bound (see SETTLED)
            conds.append(f"({key} < {settled_at}) IS TRUE")
        tail = keyset_tail(arg, conds, key=(key, "e.id"), after=after, ascending=ascending, limit=limit)
        return f"(SELECT {key} AS k, {str(tombstone).lower()} AS deleted, e.id FROM {source} {tail})"

    branches = [branch(False, "e.updated_at", "events e", event_conditions(filters, arg, scope=scope))]
    if tombstones:
        mine = f" OR e.newsroom = {arg(drafts_of)}" if drafts_of else ""
        gone = [f"e.updated_at >= {arg(since)}", "e.deleted_at IS NOT NULL", f"(e.status <> 'draft'{mine})",
                *tombstone_conditions(filters, arg, Rows("e"), scope=scope)]  # fmt: skip
        branches.append(branch(True, "e.updated_at", "events e", gone))
        others = f" AND p.newsroom <> {arg(drafts_of)}" if drafts_of else ""
        hidden = [f"p.hidden_at >= {arg(since)}{others}", "e.status = 'draft'"]
        hidden += tombstone_conditions(filters, arg, Doc("p.doc", "e", search="p.search"), scope=scope)
        public = "event_public_docs p JOIN events e ON e.id = p.event_id"
        branches.append(branch(True, "p.hidden_at", public, hidden))
    order = f"ORDER BY p.k {direction}, p.id {direction}"
    return (
        f"SELECT p.k, p.deleted, p.id, p.k AS updated_at, {PAGE_DOC} "
        f"FROM (SELECT * FROM ({' UNION ALL '.join(branches)}) p {order} LIMIT {arg(size)}) p "
        f"LEFT JOIN event_docs d ON d.event_id = p.id AND NOT p.deleted {order}"
    )


# How far an event's sort_at may lie from its start_date: a moment sorts by its UTC instant, a day
# away from its local date at most. The exact test is always on start_date and end_date.
_SLACK = dt.timedelta(days=2)
# Earliest start_date, given `first`, of an event of each reach class (see migration 0005) that still
# ends on or after `first`; None: unbounded.
_REACH_START = {
    1: lambda first: first.replace(day=1),
    2: lambda first: first.replace(month=1, day=1),
    **{c: (lambda first, n=4 ** (c - 2) - 1: first - dt.timedelta(days=n)) for c in range(3, 10)},
    14: lambda first: None,
    15: lambda first: None,
}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _tag_page(
    r: TagRange, arg: Args, *, ascending: bool, after: tuple[dt.datetime, uuid.UUID] | None, limit: int
) -> str:
    """A page of one tag's events overlapping [first, last], as index-only range scans merged in key order.

    Events that start on or after `first` come from one scan of (tag, sort_at, id). Those that start
    before it and still overlap it come from one scan per reach class, each starting where an event of
    that class could still reach `first`: about one page of index entries is read, not the whole tag.
    Each scan gets one lower and one upper bound on sort_at (the tighter of its own and the cursor's)
    so the index positions on it; the exact overlap test is on the dates. Each branch carries its own
    ORDER BY and LIMIT: only then does PostgreSQL merge them in order (a Merge Append) rather than
    read every branch whole and sort.
    """
    common = [f"t.tag = {arg(r.tag)}"]
    if r.status is not None:
        common.append(f"t.status = {arg(r.status)}")
    elif not r.drafts:
        common.append("t.status <> 'draft'")
    if r.newsroom is not None:
        common.append(f"t.newsroom = {arg(r.newsroom)}")
    if r.last is not None:
        common.append(f"t.start_date <= {arg(r.last)}")
    if r.exclude:
        common.append(f"t.id <> ALL({arg(list(r.exclude))}::uuid[])")
    ceiling = _midnight(r.last) + _SLACK if r.last is not None else None
    direction = "ASC" if ascending else "DESC"
    size = arg(limit + 1)
    branches = []

    def scan(conds: list[str], lower: dt.datetime | None, upper: dt.datetime | None) -> None:
        if after is not None:
            key, key_id = after
            if ascending and (lower is None or key >= lower):
                lower = None
                conds.append(f"(t.sort_at, t.id) > ({arg(key)}, {arg(key_id)})")
            elif not ascending and (upper is None or key < upper):
                upper = None
                conds.append(f"(t.sort_at, t.id) < ({arg(key)}, {arg(key_id)})")
        if lower is not None:
            conds.append(f"t.sort_at >= {arg(lower)}")
        if upper is not None:
            conds.append(f"t.sort_at < {arg(upper)}")
        branches.append(f"(SELECT t.sort_at, t.id FROM event_tags t WHERE {' AND '.join(common + conds)} "
                        f"ORDER BY t.sort_at {direction}, t.id {direction} LIMIT {size})")

    if r.first is None:
        scan([], None, ceiling)
    else:
        scan([f"t.start_date >= {arg(r.first)}"], _midnight(r.first) - _SLACK, ceiling)
        top = _midnight(r.first) + _SLACK
        if not ascending or after is None or after[0] < top:
            first = None
            for reach, earliest in _REACH_START.items():
                start = earliest(r.first)
                if start is not None and (start >= r.first or (r.last is not None and start > r.last)):
                    continue  # no event of this class can start before `first` and still reach it
                if first is None:
                    first = arg(r.first)
                upper = min(top, ceiling) if ceiling is not None else top
                scan([f"t.reach = {reach}", f"t.start_date < {first}",
                      f"(t.end_date IS NULL OR t.end_date >= {first})"],
                     _midnight(start) - _SLACK if start is not None else None, upper)  # fmt: skip
    order = f"ORDER BY p.sort_at {direction}, p.id {direction}"
    return (
        f"SELECT p.sort_at AS k, false AS deleted, p.id, NULL::timestamptz AS updated_at, {PAGE_DOC} "
        f"FROM (SELECT p.sort_at, p.id FROM ({' UNION ALL '.join(branches)}) p {order} LIMIT {size}) p "
        f"JOIN event_docs d ON d.event_id = p.id {order}"
    )


async def list_events(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    order: Order,
    after: tuple[dt.datetime, uuid.UUID] | None,
    backwards: bool,
    limit: int,
    scope: Scope | None = None,
    at: dt.datetime | None = None,
    sent: bool = False,
    tombstones: bool = True,
) -> list[tuple[tuple[Any, ...], Event | Deleted | msgspec.Raw]]:
    """One statement per page: limit rows after the key in the page's order, as whole documents.

    Sorted by (sort_at, id), or by (change, id) in a sync feed (`updated_since`). A sync feed shows
    the events its caller could see and no longer can (deleted, unpublished) as tombstones, unless
    `tombstones` is false: a client's copy then drops them, and no hidden draft reaches it or shapes
    the page (`_sync_page`).
    With `scope`, only a timeline's members, in the same statement. With `at`, the events as they
    stood then (`_page_as_of`). With `sent`, for a page that is only sent: each document as `page_item`
    gives it (as stored, when it can be).
    """
    if at is not None:
        return await _page_as_of(
            conn, at=at, filters=filters, order=order, after=after, backwards=backwards, limit=limit, scope=scope
        )
    sql, args = page_statement(
        filters, order=order, after=after, backwards=backwards, limit=limit, scope=scope,
        tombstones=tombstones,
    )  # fmt: skip
    rows = await conn.fetch(sql, *args)
    out: list[tuple[tuple[Any, ...], Event | Deleted]] = []
    for row in rows:
        key = (row["k"], row["id"])
        if row["deleted"]:
            out.append((key, Deleted(id=row["id"], deleted=True, updated_at=row["updated_at"])))
        else:
            out.append((key, page_item(row["doc"]) if sent else event_from_doc(row["doc"])))
    return out


def _as_of_prefix(filters: EventFilters, scope: Scope | None, arg: Args, at: dt.datetime) -> str:
    """The WITH clause that puts the tables as they stood at `at` under the names the conditions read."""
    searched = filters.q is not None or (scope is not None and scope.saved.q is not None)
    return expand(
        Q.fragment_as_of, at=f"{arg(at)}::timestamptz", search=Q.fragment_as_of_search if searched else "NULL::tsvector"
    )


async def _page_as_of(
    conn: asyncpg.Connection,
    *,
    at: dt.datetime,
    filters: EventFilters,
    order: Order,
    after: tuple[dt.datetime, uuid.UUID] | None,
    backwards: bool,
    limit: int,
    scope: Scope | None = None,
) -> list[tuple[tuple[Any, ...], Event]]:
    """A page of the events as they stood at `at`: each its last revision's state, filtered as now.

    The snapshot is rebuilt from every event's history, so this reads the whole revisions table: a
    question for the archive, not a page to serve to readers.
    """
    arg = Args()
    prefix = _as_of_prefix(filters, scope, arg, at)
    conds = event_conditions(filters, arg, scope=scope)
    tail = keyset_tail(arg, conds, key=("e.sort_at", "e.id"), after=after,
                       ascending=(order == "asc") != backwards, limit=limit)  # fmt: skip
    sql = f"{prefix} SELECT e.sort_at AS k, e.id, e.state::text AS state FROM events e {tail}"
    rows = await conn.fetch(sql, *arg.values)
    return [((row["k"], row["id"]), event_from_doc(row["state"])) for row in rows]


async def exists_before(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    order: Order,
    key: tuple[dt.datetime, uuid.UUID],
    scope: Scope | None = None,
    at: dt.datetime | None = None,
) -> bool:
    """Whether any matching event sorts before `key` in this order (for an `around` page's prev link);
    with `at`, among the events as they stood then. A sync feed asks its own page statement, backwards."""
    if filters.updated_since is not None and at is None:
        sql, args = page_statement(filters, order=order, after=key, backwards=True, limit=0, scope=scope)
        return bool(await conn.fetch(sql, *args))
    arg = Args()
    prefix = "" if at is None else _as_of_prefix(filters, scope, arg, at)
    where = _before(filters, arg, order=order, key=key, scope=scope)
    return await conn.fetchval(f"{prefix} SELECT EXISTS (SELECT 1 FROM events e WHERE {where})", *arg.values)


async def count_before(
    conn: asyncpg.Connection, *, key: tuple[dt.datetime, uuid.UUID], scope: Scope, at_most: int
) -> int:
    """How many of the scope's events, as its reader sees them, sort before `key` (ascending), counting
    no further than `at_most`: the (sort_at, id) index reads them in order and stops there."""
    arg = Args()
    where = _before(EventFilters(), arg, order="asc", key=key, scope=scope)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM events e WHERE {where} LIMIT {arg(at_most)}) m"
    return await conn.fetchval(sql, *arg.values)


def _before(
    filters: EventFilters, arg: Args, *, order: Order, key: tuple[dt.datetime, uuid.UUID], scope: Scope | None
) -> str:
    """The matching events that sort before `key` in this order."""
    conds = event_conditions(filters, arg, scope=scope)
    op = "<" if order == "asc" else ">"
    conds.append(f"(e.sort_at, e.id) {op} ({arg(key[0])}, {arg(key[1])})")
    return " AND ".join(conds)


def around_key(day_first: dt.date, day_last: dt.date, order: Order) -> tuple[dt.datetime, uuid.UUID]:
    """The key just before the first event of the `around` day in this order."""
    if order == "asc":
        return dt.datetime.combine(day_first, dt.time(), dt.UTC), NIL_ID
    return dt.datetime.combine(day_last + dt.timedelta(days=1), dt.time(), dt.UTC), MAX_ID
