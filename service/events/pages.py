"""Pages of events: the one statement that reads a page (by start, a sync feed, a tag's range), and
the events as they stood at an instant (as of). How: docs/architecture.md, "Pages of events"."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Literal

import asyncpg
import msgspec

from service.events.document import event_from_doc, page_item
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
from service.events.schemas import Event
from service.pages import MAX_ID, NIL_ID
from service.schemas import Deleted
from service.sql import Args, expand, keyset_tail, load_queries

Q = load_queries(Path(__file__).with_name("pages.sql"))
PAGE_DOC = Q.fragment_page_doc


Order = Literal["asc", "desc"]


# The horizon of a sync feed read oldest change first: docs/architecture.md, "Pages of events".
SETTLED = Q.fragment_settled


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
        return _sync_page(
            filters,
            arg,
            ascending=ascending,
            settled=order == "asc",
            after=after,
            limit=limit,
            scope=scope,
            tombstones=tombstones,
        ), arg.values
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
        branches.append(
            f"(SELECT t.sort_at, t.id FROM event_tags t WHERE {' AND '.join(common + conds)} "
            f"ORDER BY t.sort_at {direction}, t.id {direction} LIMIT {size})"
        )

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
                scan(
                    [
                        f"t.reach = {reach}",
                        f"t.start_date < {first}",
                        f"(t.end_date IS NULL OR t.end_date >= {first})",
                    ],
                    _midnight(start) - _SLACK if start is not None else None,
                    upper,
                )
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
            conn,
            at=at,
            filters=filters,
            order=order,
            after=after,
            backwards=backwards,
            limit=limit,
            scope=scope,
        )
    sql, args = page_statement(
        filters,
        order=order,
        after=after,
        backwards=backwards,
        limit=limit,
        scope=scope,
        tombstones=tombstones,
    )
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
        Q.fragment_as_of,
        at=f"{arg(at)}::timestamptz",
        search=Q.fragment_as_of_search if searched else "NULL::tsvector",
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
    tail = keyset_tail(
        arg,
        conds,
        key=("e.sort_at", "e.id"),
        after=after,
        ascending=(order == "asc") != backwards,
        limit=limit,
    )
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
