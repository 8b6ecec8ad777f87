"""Timeline rules: the saved filter follows the rules of the query it stands for, included and excluded
ids name events, a timeline holds at most 10,000 events, drafts stay with their newsroom, and every
write keeps its revision in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any

import asyncpg
import msgspec

from service.auth.actor import Actor
from service.db import Database
from service.edtf import EdtfError, parse_bound
from service.errors import BadRequest, Conflict, FieldError, Invalid, NotFound
from service.events import pages
from service.events import service as events
from service.events.filters import EventFilters, Scope, check_event_filters
from service.newsrooms import ensure_newsroom
from service.pages import Direction, PageSlice, fingerprint
from service.problem_types import DELETED_TIMELINE, DUPLICATE_TIMELINE
from service.timelines import repository as repo
from service.timelines.schemas import Timeline, TimelineFields, TimelineFilter, TimelineIn, TimelinePatch
from service.writes import check_correction, locked, merged, unset_none

MAX_EVENTS = 10_000
_KEY = tuple[dt.datetime, uuid.UUID]


def _duplicate(holder: repo.SlugHolder | None, actor: Actor, slug: str) -> Conflict:
    """The 409 for a slug that is taken. Slugs are one namespace for every newsroom, so that a slug is
    taken cannot be kept from anyone; which timeline has it is told only to someone who may see it.
    The owner of a deleted timeline is pointed at its restore; anyone else learns only that the slug
    is taken (not whether by a draft, a deleted timeline or a renamed one)."""
    if holder is not None and holder.id is not None and holder.newsroom == actor.newsroom and holder.deleted:
        return Conflict(
            f"A deleted timeline of your newsroom has this slug: {holder.id}. Bring it back with "
            f"POST /v1/timelines/{slug}/restore, or choose another slug.",
            existing_id=str(holder.id),
            type=DELETED_TIMELINE,
        )
    shown = (
        holder is not None
        and holder.id is not None
        and not holder.deleted
        and _visible(holder.newsroom, holder.status, actor.drafts_of)
    )
    return Conflict(
        f"A timeline with this slug already exists: {holder.id}."
        if shown
        else "This slug is taken: a slug stays with the newsroom that first used it.",
        existing_id=str(holder.id) if shown else None,
        type=DUPLICATE_TIMELINE,
    )


async def check_slug(conn: asyncpg.Connection, slug: str, actor: Actor) -> None:
    """A slug no timeline has (live or deleted) and no other newsroom's timeline ever had, else a 409."""
    holder = await repo.slug_holder(conn, slug=slug, newsroom=actor.newsroom)
    if holder.id is not None or holder.elsewhere:
        raise _duplicate(holder, actor, slug)


def saved_filters(data: TimelineFilter) -> EventFilters:
    """The saved filter checked exactly as the same query parameters are; errors name `filter.<key>`."""
    try:
        return check_event_filters(**{name: getattr(data, name) for name in TimelineFilter.__struct_fields__})
    except BadRequest as exc:
        errors = [FieldError(field=f"filter.{e.field}", message=e.message) for e in exc.errors or []]
        raise Invalid.of(errors) from None


def _stored(filters: EventFilters) -> TimelineFilter:
    """The saved filter as kept: repeated values once, a blank `q` gone."""
    values = {name: getattr(filters, name) for name in TimelineFilter.__struct_fields__}
    return TimelineFilter(**{name: list(v) if isinstance(v, tuple) else v for name, v in values.items()})


def _once(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def check_fields(data: TimelineFields) -> tuple[TimelineFields, EventFilters]:
    """Rules beyond the body's schema; returns the fields as stored and the saved filter."""
    saved = saved_filters(data.filter)
    if data.start_at not in ("oldest", "newest"):
        try:
            parse_bound(data.start_at)
        except EdtfError as exc:
            raise Invalid.field("start_at", f"{exc}; or `oldest` or `newest`") from None
    stored = msgspec.structs.replace(
        data, filter=_stored(saved), include=_once(data.include), exclude=_once(data.exclude)
    )
    return stored, saved


async def check_events(
    conn: asyncpg.Connection, data: TimelineFields, *, newsroom: str, known: Collection[uuid.UUID] = ()
) -> None:
    """Ids newly put in `include` or `exclude` must name events the newsroom may see; ids already there
    stay, even when their event has gone since."""
    named = [
        (f"{name}[{i}]", event_id)
        for name in ("include", "exclude")
        for i, event_id in enumerate(getattr(data, name))
        if event_id not in known
    ]
    missing = await repo.missing_events(
        conn, ids=list({event_id for _, event_id in named}), newsroom=newsroom
    )
    if missing:
        errors = [
            FieldError(field=field, message="no such event")
            for field, event_id in named
            if event_id in missing
        ]
        raise Invalid.of(errors)


def scope_of(
    newsroom: str,
    saved: EventFilters,
    include: list[uuid.UUID],
    exclude: list[uuid.UUID],
    *,
    drafts_of: str | None,
) -> Scope:
    """The members of a timeline of `newsroom`, as read with a key that sees `drafts_of`'s drafts (the
    owner's drafts are members for the owner's keys only)."""
    return Scope(
        newsroom=newsroom,
        saved=saved,
        include=tuple(include),
        exclude=tuple(exclude),
        drafts_of=newsroom if drafts_of == newsroom else None,
    )


def own_scope(actor: Actor, saved: EventFilters, fields: TimelineFields) -> Scope:
    """The members of a timeline the actor is writing, as its owner sees them."""
    return scope_of(actor.newsroom, saved, fields.include, fields.exclude, drafts_of=actor.newsroom)


async def check_size(conn: asyncpg.Connection, scope: Scope) -> None:
    """At most MAX_EVENTS members, counted as the owner sees them when the timeline is written."""
    if await repo.count_members(conn, scope=scope, at_most=MAX_EVENTS + 1) > MAX_EVENTS:
        raise Invalid.field(
            "filter",
            f"the timeline would hold more than {MAX_EVENTS:,} events; narrow the filter or exclude some",
        )


async def create_timeline(
    db: Database, *, actor: Actor, data: TimelineIn, timeline_id: uuid.UUID | None = None
) -> Timeline:
    """A new timeline, or a 409 when the slug is taken (see `check_slug`); `timeline_id` is for demo ids."""
    check_correction(data.correction, data.change_note)
    given = TimelineFields(**{name: getattr(data, name) for name in TimelineFields.__struct_fields__})
    fields, saved = check_fields(given)
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
        await check_events(conn, given, newsroom=actor.newsroom)
        await check_size(conn, own_scope(actor, saved, fields))
        await check_slug(conn, fields.slug, actor)
        timeline_id = await repo.insert_timeline(
            conn, newsroom=actor.newsroom, data=fields, timeline_id=timeline_id
        )
        if timeline_id is None:  # taken meanwhile
            holder = await repo.slug_holder(conn, slug=fields.slug, newsroom=actor.newsroom)
            raise _duplicate(holder, actor, fields.slug)
        await repo.insert_timeline_revision(
            conn,
            timeline_id=timeline_id,
            action="create",
            key_id=actor.key_id,
            change_note=data.change_note,
            correction=data.correction,
        )
        return await repo.get_timeline(conn, slug=fields.slug, drafts_of=actor.newsroom)


def _visible(owner: str, status: str, drafts_of: str | None) -> bool:
    return status != "draft" or owner == drafts_of


async def get_timeline(db: Database, *, slug: str, drafts_of: str | None) -> Timeline:
    """A live timeline; a draft only for a key of its own newsroom (else the same 404 as no timeline)."""
    async with db.connection(read=True) as conn:
        timeline = await repo.get_timeline(conn, slug=slug, drafts_of=drafts_of)
    if timeline is None or not _visible(timeline.newsroom, timeline.status, drafts_of):
        raise NotFound(f"No timeline {slug}.")
    return timeline


async def patch_timeline(
    db: Database, *, actor: Actor, slug: str, patch: TimelinePatch, if_match: int | None
) -> Timeline:
    """Merge the patch into the timeline and check the result as if it were new."""
    change_note, correction = unset_none(patch.change_note), patch.correction is True
    check_correction(correction, change_note)
    async with db.transaction() as conn:
        current = locked(
            await repo.timeline_row_for_update(conn, slug=slug),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No timeline {slug}.",
        )
        given = merged(current, patch, TimelineFields)
        fields, saved = check_fields(given)
        await check_events(
            conn, given, newsroom=actor.newsroom, known={*current["include"], *current["exclude"]}
        )
        if _members_changed(current, fields):
            await check_size(conn, own_scope(actor, saved, fields))
        if fields.slug != current["slug"]:
            await check_slug(conn, fields.slug, actor)
        if not await repo.update_timeline(conn, timeline_id=current["id"], data=fields):
            raise _duplicate(None, actor, fields.slug)
        await repo.insert_timeline_revision(
            conn,
            timeline_id=current["id"],
            action="update",
            key_id=actor.key_id,
            change_note=change_note,
            correction=correction,
        )
        return await repo.get_timeline(conn, slug=fields.slug, drafts_of=actor.newsroom)


def _members_changed(current: dict[str, Any], fields: TimelineFields) -> bool:
    return (
        msgspec.to_builtins(fields.filter) != current["filter"]
        or fields.include != list(current["include"])
        or fields.exclude != list(current["exclude"])
    )


async def delete_timeline(db: Database, *, actor: Actor, slug: str, if_match: int | None) -> None:
    async with db.transaction() as conn:
        current = locked(
            await repo.timeline_row_for_update(conn, slug=slug),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No timeline {slug}.",
        )
        await repo.delete_timeline(conn, timeline_id=current["id"])
        await repo.insert_timeline_revision(
            conn,
            timeline_id=current["id"],
            action="delete",
            key_id=actor.key_id,
            change_note=None,
            correction=False,
        )


async def restore_timeline(db: Database, *, actor: Actor, slug: str) -> Timeline:
    """Bring back a deleted timeline of the actor's newsroom, as it was; it never lost its slug."""
    async with db.transaction() as conn:
        timeline_id = await repo.restore_timeline(conn, slug=slug, newsroom=actor.newsroom)
        if timeline_id is None:
            raise NotFound(f"No deleted timeline {slug}.")
        await repo.insert_timeline_revision(
            conn,
            timeline_id=timeline_id,
            action="restore",
            key_id=actor.key_id,
            change_note=None,
            correction=False,
        )
        return await repo.get_timeline(conn, slug=slug, drafts_of=actor.newsroom)


async def list_timelines(
    db: Database, *, drafts_of: str | None, newsroom: str | None, after: Any, direction: Direction, limit: int
) -> list[tuple[tuple[Any, ...], Timeline]]:
    async with db.connection(read=True) as conn:
        return await repo.list_timelines(
            conn,
            drafts_of=drafts_of,
            newsroom=newsroom,
            after=after,
            backwards=direction == "prev",
            limit=limit,
        )


async def _members(
    conn: asyncpg.Connection, *, actor: Actor, slug: str, as_of: dt.datetime | None = None
) -> tuple[repo.TimelineRow, Scope]:
    """The timeline (as it stood at `as_of`, if given) and its members as `actor` sees them; a 404 for
    a timeline the actor may not see."""
    if as_of is None:
        row = await repo.timeline_scope(conn, slug=slug)
    else:
        row = await repo.timeline_scope_as_of(conn, slug=slug, at=as_of)
    if row is None or not _visible(row.newsroom, row.status, actor.drafts_of):
        raise NotFound(f"No timeline {slug}" + (f" at {as_of.isoformat()}." if as_of else "."))
    saved = saved_filters(msgspec.convert(row.filter, TimelineFilter))
    return row, scope_of(row.newsroom, saved, row.include, row.exclude, drafts_of=actor.drafts_of)


async def members_before(db: Database, *, actor: Actor, slug: str, key: _KEY) -> int | None:
    """How many of the timeline's members, as `actor` sees them, sort before the event keyed `key`: one
    count, bounded like the timeline itself; None past MAX_EVENTS (events that joined it since)."""
    async with db.connection(read=True) as conn:
        _, scope = await _members(conn, actor=actor, slug=slug)
        count = await pages.count_before(conn, key=key, scope=scope, at_most=MAX_EVENTS + 1)
    return count if count <= MAX_EVENTS else None


async def timeline_events(
    db: Database,
    *,
    actor: Actor,
    slug: str,
    filters: EventFilters,
    order: str,
    limit: int,
    cursor: str | None,
    around: str | None,
    as_of: dt.datetime | None = None,
    sent: bool = False,
) -> PageSlice:
    """A keyset page of the timeline's members that also match the request's filters (with `sent`, for a
    page that is only sent: its documents as stored, when they can be; see pages.list_events).

    With `as_of`, the timeline and its events as they stood at that instant, from their revisions:
    what the timeline said when an article ran.

    The cursor is bound to this timeline as well as to the filters and order. Its owner's keys see its
    drafts among the members; nobody sees another newsroom's drafts.
    """
    if as_of is not None and filters.updated_since is not None:
        raise BadRequest(
            "as_of and updated_since cannot be combined: a sync feed reads the present.",
            errors=[FieldError(field="as_of", message="not with updated_since")],
        )
    async with db.connection(read=True) as conn:
        row, scope = await _members(conn, actor=actor, slug=slug, as_of=as_of)
        fp = fingerprint(
            {
                **filters.key(),
                "order": order,
                "timeline": str(row.id),
                "as_of": as_of.isoformat() if as_of else None,
            }
        )
        return await events.read_page(
            conn,
            filters=filters,
            order=order,
            limit=limit,
            cursor=cursor,
            around=around,
            fp=fp,
            scope=scope,
            at=as_of,
            sent=sent,
        )
