"""Event rules: dates parsed once on write, no published event without a supporting citation,
every write in one transaction with its revision."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Container

import asyncpg

from service.auth.actor import Actor
from service.db import Database
from service.edtf import EdtfError, ParsedDate, parse_bound, parse_edtf
from service.errors import FieldError, Invalid, NotFound
from service.events import citations_repository as citations_repo
from service.events import pages
from service.events import repository as repo
from service.events.document import event_from_doc
from service.events.filters import EventFilters, Scope
from service.events.pages import Order
from service.events.schemas import CitationIn, Event, EventFields, EventIn, EventPatch
from service.http import keyed_page, read_cursor
from service.newsrooms import ensure_newsroom
from service.pages import PageSlice, fingerprint
from service.problem_types import PUBLISHING_RULE
from service.revisions import repository as revisions_repo
from service.sources import repository as sources_repo
from service.sources import service as sources
from service.sources.schemas import Source
from service.writes import check_correction, locked, merged, unset_none

_KEY = tuple[dt.datetime, uuid.UUID]


def parse_date(text: str) -> ParsedDate:
    try:
        return parse_edtf(text)
    except EdtfError as exc:
        raise Invalid.field("date", str(exc)) from None


def check_fields(data: EventFields) -> None:
    """Field rules that span more than one field."""
    if data.status == "retracted" and not data.retraction_note:
        raise Invalid.field("retraction_note", "a retracted event needs a retraction_note")
    seen: set[uuid.UUID] = set()
    for i, link in enumerate(data.entities):
        if link.id in seen:
            raise Invalid.field(f"entities[{i}].id", "this entity is listed twice")
        seen.add(link.id)


async def check_entities(conn: asyncpg.Connection, data: EventFields) -> None:
    """The event's entity links name live entities, which stay locked until the write commits."""
    ids = {link.id for link in data.entities}
    check_entity_links(data, ids - (await repo.live_entity_refs(conn, ids=list(ids))).keys())


def check_entity_links(data: EventFields, missing: Container[uuid.UUID]) -> None:
    """Name every link to an entity in `missing` (ids that are not a live entity)."""
    errors = [
        FieldError(field=f"entities[{i}].id", message="no such entity")
        for i, link in enumerate(data.entities)
        if link.id in missing
    ]
    if errors:
        raise Invalid.of(errors)


def check_new_event(data: EventIn) -> tuple[EventFields, ParsedDate]:
    """The rules a new event meets before the database is asked: its fields, a correction's note, its
    date, and the publishing rule. Returns its own fields and its parsed date."""
    fields = EventFields(**{name: getattr(data, name) for name in EventFields.__struct_fields__})
    check_fields(fields)
    check_correction(data.correction, data.change_note)
    date = parse_date(data.date)
    if data.status == "published" and not any(c.stance == "supports" for c in data.citations):
        raise Invalid.field(
            "citations",
            "a published event needs at least one citation with stance supports",
            type=PUBLISHING_RULE,
        )
    return fields, date


async def add_citation(
    conn: asyncpg.Connection, *, actor: Actor, event_id: uuid.UUID, citation: CitationIn, prefix: str
) -> uuid.UUID:
    """Insert one citation, creating its source when it comes inline and is new."""
    [source_id] = await cited_sources(conn, actor=actor, citations=[(prefix, citation)])
    return await _insert_citation(
        conn, actor=actor, event_id=event_id, citation=citation, source_id=source_id
    )


async def cited_sources(
    conn: asyncpg.Connection, *, actor: Actor, citations: list[tuple[str, CitationIn]]
) -> list[uuid.UUID]:
    """The source of each citation (its field prefix, itself), in their order. Each is checked in turn: it
    names exactly one of source_id or source, a source_id a live source of the caller's newsroom (locked
    until the transaction ends), an inline source good fields. Then the inline sources are found among the
    newsroom's own or created in the order of their canonical URLs, as the import creates them: two events
    citing the same new sources in opposite orders each wait for the other to commit, not for each other
    (a deadlock)."""
    ids: list[uuid.UUID | None] = []
    inline: dict[str, list[int]] = {}  # canonical URL: the citations that give it, in order
    for i, (prefix, citation) in enumerate(citations):
        if (citation.source_id is None) == (citation.source is None):
            raise Invalid.field(f"{prefix}source_id", "give exactly one of source_id or source")
        if citation.source is not None:
            fields, _ = sources.source_fields(citation.source, f"{prefix}source.")
            inline.setdefault(fields["url"], []).append(i)
            ids.append(None)
        else:
            found = await sources_repo.live_sources(conn, ids=[citation.source_id], newsroom=actor.newsroom)
            check_cited_source(f"{prefix}source_id", found.get(citation.source_id), actor.newsroom)
            ids.append(citation.source_id)
    for url in sorted(inline):
        prefix, citation = citations[inline[url][0]]  # the first to give a URL makes its source (and note)
        source_id, _ = await sources.find_or_create(
            conn, actor=actor, data=citation.source, prefix=f"{prefix}source."
        )
        for i in inline[url]:
            ids[i] = source_id
    return ids


def check_cited_source(field: str, source: Source | None, newsroom: str) -> None:
    """A citation by id names a live source of the citing newsroom: another newsroom's source may change or
    go at that newsroom's will, and the event would change with it."""
    if source is None:
        raise Invalid.field(field, "no such source")
    if source.newsroom != newsroom:
        raise Invalid.field(
            field,
            "this source belongs to another newsroom: cite your own source (give the source inline "
            "by its URL to find or create it)",
        )


async def _insert_citation(
    conn: asyncpg.Connection, *, actor: Actor, event_id: uuid.UUID, citation: CitationIn, source_id: uuid.UUID
) -> uuid.UUID:
    citation_id = await citations_repo.insert_citation(
        conn, newsroom=actor.newsroom, event_id=event_id, source_id=source_id, data=citation
    )
    await citations_repo.insert_citation_revision(
        conn, citation_id=citation_id, action="create", key_id=actor.key_id, change_note=citation.change_note
    )
    return citation_id


async def create_event(
    db: Database, *, actor: Actor, data: EventIn, event_id: uuid.UUID | None = None
) -> Event:
    """Create an event and its citations in one transaction; `event_id` is for fixed demo ids only."""
    fields, date = check_new_event(data)
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
        await check_entities(conn, fields)
        event_id = await repo.insert_event(
            conn, newsroom=actor.newsroom, data=fields, date=date, event_id=event_id
        )
        await repo.replace_event_entities(conn, event_id=event_id, data=fields)
        cited = await cited_sources(
            conn, actor=actor, citations=[(f"citations[{i}].", c) for i, c in enumerate(data.citations)]
        )
        for citation, source_id in zip(data.citations, cited, strict=True):
            await _insert_citation(
                conn, actor=actor, event_id=event_id, citation=citation, source_id=source_id
            )
        await repo.refresh_event(conn, event_id=event_id, changed=False)
        return await repo.insert_event_revision(
            conn,
            event_id=event_id,
            action="create",
            key_id=actor.key_id,
            change_note=data.change_note,
            correction=data.correction,
        )


async def get_event(db: Database, *, event_id: uuid.UUID, drafts_of: str | None) -> Event:
    """A live event; a draft only for a key of its own newsroom (else the same 404 as no event)."""
    async with db.connection(read=True) as conn:
        found = await repo.get_event(conn, event_id=event_id)
    if found is None or (found[1] == "draft" and found[0].newsroom != drafts_of):
        raise NotFound(f"No event {event_id}.")
    return found[0]


async def event_as_of(db: Database, *, event_id: uuid.UUID, at: dt.datetime, drafts_of: str | None) -> Event:
    """The event as it stood at `at`, from its revisions: what did readers see when the article ran?"""
    async with db.connection(read=True) as conn:
        found = await revisions_repo.state_as_of(conn, object_id=event_id, object_type="event", at=at)
    if found is None or found["action"] == "delete":
        raise NotFound(f"No event {event_id} at {at.isoformat()}.")
    event = event_from_doc(found["state"])
    if event.status == "draft" and event.newsroom != drafts_of:
        raise NotFound(f"No event {event_id} at {at.isoformat()}.")
    return event


async def restore_event(db: Database, *, actor: Actor, event_id: uuid.UUID) -> Event:
    """Bring back a deleted event; a published one still needs a supporting citation."""
    async with db.transaction() as conn:
        status = await repo.restore_event(conn, event_id=event_id, newsroom=actor.newsroom)
        if status is None:
            raise NotFound(f"No deleted event {event_id}.")
        if status == "published" and not await repo.has_supporting_citation(conn, event_id=event_id):
            raise Invalid(
                "The event is published but none of its citations supports it any more; "
                "restore it after adding one, or unpublish it first.",
                type=PUBLISHING_RULE,
            )
        return await repo.insert_event_revision(
            conn, event_id=event_id, action="restore", key_id=actor.key_id, change_note=None, correction=False
        )


async def patch_event(
    db: Database, *, actor: Actor, event_id: uuid.UUID, patch: EventPatch, if_match: int | None
) -> Event:
    """Merge the patch into the event's own fields and check the result as if it were new."""
    change_note, correction = unset_none(patch.change_note), patch.correction is True
    check_correction(correction, change_note)
    async with db.transaction() as conn:
        current = locked(
            await repo.event_row_for_update(conn, event_id=event_id),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No event {event_id}.",
        )
        fields = merged(current.fields, patch, EventFields)
        check_fields(fields)
        date = parse_date(fields.date)
        if fields.status == "published" and not await repo.has_supporting_citation(conn, event_id=event_id):
            raise Invalid.field(
                "status",
                "a published event needs at least one citation with stance supports",
                type=PUBLISHING_RULE,
            )
        await check_entities(conn, fields)
        await repo.update_event(conn, event_id=event_id, data=fields, date=date)
        await repo.replace_event_entities(conn, event_id=event_id, data=fields)
        await repo.refresh_event(conn, event_id=event_id, changed=False)
        return await repo.insert_event_revision(
            conn,
            event_id=event_id,
            action="update",
            key_id=actor.key_id,
            change_note=change_note,
            correction=correction,
        )


async def delete_event(db: Database, *, actor: Actor, event_id: uuid.UUID, if_match: int | None) -> None:
    async with db.transaction() as conn:
        locked(
            await repo.event_row_for_update(conn, event_id=event_id),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No event {event_id}.",
        )
        await repo.delete_event(conn, event_id=event_id)
        await repo.insert_event_revision(
            conn, event_id=event_id, action="delete", key_id=actor.key_id, change_note=None, correction=False
        )


async def read_page(
    conn: asyncpg.Connection,
    *,
    filters: EventFilters,
    order: Order,
    limit: int,
    cursor: str | None,
    around: str | None,
    fp: str,
    scope: Scope | None = None,
    at: dt.datetime | None = None,
    sent: bool = False,
) -> PageSlice:
    """One keyset page of events, after a cursor bound to `fp` or opening on the `around` date: how every
    list of events reads its pages (the events list, a timeline's events)."""
    direction, after = read_cursor(cursor, fp, _KEY)
    has_before = False
    if after is None and around is not None:
        first, last = parse_bound(around)
        after = pages.around_key(first, last, order)
    rows = await pages.list_events(
        conn,
        filters=filters,
        order=order,
        after=after,
        backwards=direction == "prev",
        limit=limit,
        scope=scope,
        at=at,
        sent=sent,
    )
    if cursor is None and around is not None:
        has_before = await pages.exists_before(
            conn, filters=filters, order=order, key=rows[0][0] if rows else after, scope=scope, at=at
        )
    return keyed_page(
        rows,
        limit=limit,
        direction=direction,
        from_cursor=cursor is not None,
        fp=fp,
        has_before=has_before,
        start_key=after,
    )


async def list_events(
    db: Database, *, filters: EventFilters, order: Order, limit: int, cursor: str | None, around: str | None
) -> PageSlice:
    """A page of the events list, its documents as stored when they can be sent so; its cursor is bound to
    the filters and the order."""
    fp = fingerprint({**filters.key(), "order": order})
    async with db.connection(read=True) as conn:
        return await read_page(
            conn, filters=filters, order=order, limit=limit, cursor=cursor, around=around, fp=fp, sent=True
        )
