"""The event filters, shared by every list of events (events, tags, timelines), and their SQL conditions."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import msgspec

from service.edtf import EdtfError, parse_bound
from service.errors import BadRequest, FieldError
from service.schemas import PLAIN, PLAIN_MESSAGE
from service.sql import Args

MAX_VALUES = 20
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_PLAIN = re.compile(PLAIN)


class EventFilters(msgspec.Struct, frozen=True, kw_only=True):
    """What an event must be to appear in a list; `key()` fingerprints it for cursors."""

    from_: str | None = None
    to: str | None = None
    tag: tuple[str, ...] = ()
    any_tag: tuple[str, ...] = ()
    entity: tuple[uuid.UUID, ...] = ()
    country: str | None = None
    source: uuid.UUID | None = None
    publisher: str | None = None
    stance: str | None = None
    q: str | None = None
    min_importance: int | None = None
    newsroom: str | None = None
    status: str | None = None
    updated_since: dt.datetime | None = None
    drafts_of: str | None = None

    def key(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)


def _bound(name: str, value: str | None, errors: list[FieldError]) -> tuple[dt.date, dt.date] | None:
    if value is None:
        return None
    try:
        return parse_bound(value)
    except EdtfError as exc:
        errors.append(FieldError(field=name, message=str(exc)))
        return None


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")
_INSTANT = msgspec.json.Decoder(dt.datetime)


def _instant(name: str, value: str | None, errors: list[FieldError]) -> dt.datetime | None:
    """An RFC 3339 timestamp with its offset; epoch numbers and naive times are refused."""
    if value is None:
        return None
    if _RFC3339.match(value):
        try:
            return _INSTANT.decode(msgspec.json.encode(value.replace(" ", "T")))
        except msgspec.DecodeError:
            pass
    errors.append(
        FieldError(field=name, message="an RFC 3339 timestamp with offset, e.g. 2021-12-15T00:00:00Z")
    )
    return None


def instant_param(name: str, value: str | None) -> dt.datetime | None:
    """A timestamp query parameter, or a 400 naming it."""
    errors: list[FieldError] = []
    instant = _instant(name, value, errors)
    if errors:
        raise BadRequest(f"{name}: {errors[0].message}", errors=errors)
    return instant


def _slugs(name: str, values: list[str] | None, errors: list[FieldError]) -> tuple[str, ...]:
    values = values or []
    if len(values) > MAX_VALUES:
        errors.append(FieldError(field=name, message=f"at most {MAX_VALUES} values"))
    for value in values:
        if not _SLUG.fullmatch(value) or len(value) > 64:
            errors.append(
                FieldError(field=name, message=f"{value[:70]!r} is not a tag slug ([a-z0-9-], 1-64)")
            )
    return tuple(dict.fromkeys(values))


def check_event_filters(
    *,
    from_: str | None = None,
    to: str | None = None,
    tag: list[str] | None = None,
    any_tag: list[str] | None = None,
    entity: list[uuid.UUID] | None = None,
    country: str | None = None,
    source: uuid.UUID | None = None,
    publisher: str | None = None,
    stance: str | None = None,
    q: str | None = None,
    min_importance: int | None = None,
    newsroom: str | None = None,
    status: str | None = None,
    updated_since: str | None = None,
    drafts_of: str | None = None,
) -> EventFilters:
    """Check every filter at once, so a client sees all its mistakes in one 400.

    Shared by the query parameters and a timeline's saved filter, so both follow the same rules.
    """
    errors: list[FieldError] = []
    _bound("from", from_, errors)
    _bound("to", to, errors)
    tags = _slugs("tag", tag, errors)
    any_tags = _slugs("any_tag", any_tag, errors)
    entities = tuple(dict.fromkeys(entity or []))
    if len(entities) > MAX_VALUES:
        errors.append(FieldError(field="entity", message=f"at most {MAX_VALUES} values"))
    if country is not None and not _COUNTRY.match(country):
        errors.append(FieldError(field="country", message="an ISO 3166-1 alpha-2 code in capitals, e.g. CN"))
    since = _instant("updated_since", updated_since, errors)
    for name, text in (("publisher", publisher), ("q", q), ("newsroom", newsroom)):
        if text is not None and not _PLAIN.match(text):  # a saved filter keeps them: plain text only
            errors.append(FieldError(field=name, message=PLAIN_MESSAGE))
    if errors:
        raise BadRequest.of(errors)
    return EventFilters(
        from_=from_,
        to=to,
        tag=tags,
        any_tag=any_tags,
        entity=entities,
        country=country,
        source=source,
        publisher=publisher,
        stance=stance,
        q=q.strip() or None if q else None,
        min_importance=min_importance,
        newsroom=newsroom,
        status=status,
        updated_since=since,
        drafts_of=drafts_of,
    )


class Scope(msgspec.Struct, frozen=True, kw_only=True):
    """A timeline's members: (`saved` filter ∪ `include`) − `exclude`.

    The saved filter draws from the events of `newsroom` (the timeline's owner) only, or of the one
    newsroom it names in its own `newsroom` (a partnership): nobody else's events join a timeline but
    by `include`. A saved filter without any condition selects nothing by itself: the members are then
    `include`. `drafts_of` is the owner's newsroom when the caller holds one of its keys: its drafts are
    members too, listed with or without `status`; nobody else's drafts ever are.
    """

    newsroom: str
    saved: EventFilters = msgspec.field(default_factory=EventFilters)
    include: tuple[uuid.UUID, ...] = ()
    exclude: tuple[uuid.UUID, ...] = ()
    drafts_of: str | None = None


class TagRange(msgspec.Struct, frozen=True, kw_only=True):
    """Filters that say only "this tag, overlapping [first, last]", perhaps of one newsroom: one tag's
    index answers them."""

    tag: str
    first: dt.date | None
    last: dt.date | None
    status: str | None  # None: published and retracted (and drafts too, with `drafts`)
    newsroom: str | None = None  # None: every newsroom's
    drafts: bool = False  # the newsroom's drafts are listed: a timeline read with its owner's key
    exclude: tuple[uuid.UUID, ...] = ()


# Filters a TagRange cannot express; any of them set sends a list to the general statement.
_BEYOND_TAG_RANGE = ("any_tag", "entity", "country", "source", "publisher", "stance", "q", "min_importance",
                     "updated_since")  # fmt: skip


def tag_range(f: EventFilters, scope: Scope | None = None) -> TagRange | None:
    """The list as one tag and a date range when that is all it asks, else None.

    Exactly the conditions `event_conditions` would build: live, not a draft (or of the one public
    status asked for), carrying the tag, overlapping every `from`/`to` given, of the newsroom asked
    for, and for a timeline of the newsroom its filter draws from and not excluded. A timeline read
    with its owner's key, drawing from the owner's events, lists them whatever their status (drafts
    too). `include` lists and other filters take the general way.
    """
    parts = [f]
    newsrooms = {f.newsroom} - {None}
    if scope is not None:
        saved = scope.saved
        if scope.include or not (saved.tag or saved.from_ or saved.to or saved.newsroom):
            return None
        parts.append(saved)
        newsrooms.add(saved.newsroom or scope.newsroom)
    if f.status not in (None, "published", "retracted"):
        return None
    if any(getattr(p, name) for p in parts for name in _BEYOND_TAG_RANGE):
        return None
    tags = {tag for p in parts for tag in p.tag}
    if len(tags) != 1 or len(newsrooms) > 1:
        return None
    newsroom = newsrooms.pop() if newsrooms else None
    drafts = scope is not None and f.status is None and newsroom is not None and scope.drafts_of == newsroom
    firsts = [parse_bound(p.from_)[0] for p in parts if p.from_ is not None]
    lasts = [parse_bound(p.to)[1] for p in parts if p.to is not None]
    return TagRange(
        tag=tags.pop(),
        first=max(firsts) if firsts else None,
        last=min(lasts) if lasts else None,
        status=f.status,
        newsroom=newsroom,
        drafts=drafts,
        exclude=scope.exclude if scope is not None else (),
    )


def event_conditions(
    f: EventFilters, arg: Args, *, alias: str = "e", scope: Scope | None = None
) -> list[str]:
    """SQL conditions on events `alias` the caller may see now, built from fixed fragments with numbered
    parameters only.

    Live events only; drafts only of the caller's newsroom, and only where a list shows them: with
    `status=draft`, in a timeline of its own newsroom, and in a sync feed (`updated_since`), which lists
    them as events. With `scope`, only a timeline's members, and only the drafts the scope lets in.
    """
    e = alias
    drafts_of = f.drafts_of if scope is None else scope.drafts_of
    conds = [f"{e}.deleted_at IS NULL"]
    if f.status is None:
        if drafts_of and (scope is not None or f.updated_since is not None):
            conds.append(f"({e}.status <> 'draft' OR {e}.newsroom = {arg(drafts_of)})")
        else:
            conds.append(f"{e}.status <> 'draft'")
    else:
        conds.append(f"{e}.status = {arg(f.status)}")
        if f.status == "draft":
            conds.append(f"{e}.newsroom = {arg(drafts_of)}" if drafts_of else "false")
    conds += _matching(f, arg, Rows(e))
    if f.updated_since is not None:
        conds.append(f"{e}.updated_at >= {arg(f.updated_since)}")
    if scope is not None:
        conds.append(scope_condition(scope, arg, Rows(e)))
    return conds


def tombstone_conditions(
    f: EventFilters, arg: Args, fields: Fields, *, scope: Scope | None = None
) -> list[str]:
    """The same filters on `fields`: the last state of an event that its caller could see, which a sync
    feed matches a tombstone on (a deleted event's own rows, or the `Doc` it last showed). Who may see
    which state is the caller's to say."""
    conds = [] if f.status is None else [f"{fields.status} = {arg(f.status)}"]
    conds += _matching(f, arg, fields)
    if scope is not None:
        conds.append(scope_condition(scope, arg, fields))
    return conds


def scope_condition(scope: Scope, arg: Args, fields: Fields) -> str:
    """`(<saved filter> OR id = ANY(include)) AND id <> ALL(exclude)`: one condition, no id list read back.

    The saved filter matches only the events of the newsroom it draws from (see Scope).
    """
    matching = _matching(scope.saved, arg, fields)
    if matching and scope.saved.newsroom is None:
        matching.append(f"{fields.newsroom} = {arg(scope.newsroom)}")
    members = " AND ".join(matching) or "false"
    if scope.include:
        members = f"({members}) OR {fields.id} = ANY({arg(list(scope.include))}::uuid[])"
    if scope.exclude:
        return f"(({members}) AND {fields.id} <> ALL({arg(list(scope.exclude))}::uuid[]))"
    return f"({members})"


class Fields:
    """Where the filters find an event's fields: its rows (`Rows`) or a document of it (`Doc`)."""

    id: str
    status: str
    start: str
    end: str
    country: str
    importance: str
    newsroom: str
    search: str

    def tags(self, op: str, tags: str) -> str:
        raise NotImplementedError

    def entities(self, ids: list[uuid.UUID], arg: Args) -> str:
        raise NotImplementedError

    def cited(self, source: str | None, stance: str | None, publisher: str | None) -> str:
        """Some live citation of the event has this source, stance and publisher (parameters; None: any)."""
        raise NotImplementedError


class Rows(Fields):
    """An events row `e` and the tables around it."""

    def __init__(self, e: str) -> None:
        self.e = e
        self.id, self.status = f"{e}.id", f"{e}.status"
        self.start, self.end = f"{e}.start_date", f"{e}.end_date"
        self.country, self.importance, self.newsroom = f"{e}.country", f"{e}.importance", f"{e}.newsroom"
        self.search = f"{e}.search"

    def tags(self, op: str, tags: str) -> str:
        return f"{self.e}.tags {op} {tags}::text[]"

    def entities(self, ids: list[uuid.UUID], arg: Args) -> str:
        return (
            f"{self.e}.id IN (SELECT ee.event_id FROM event_entities ee WHERE ee.entity_id = ANY({arg(ids)}"
            f"::uuid[]) GROUP BY ee.event_id HAVING count(*) = {arg(len(ids))})"
        )

    def cited(self, source: str | None, stance: str | None, publisher: str | None) -> str:
        conds = [f"c.event_id = {self.e}.id", "c.deleted_at IS NULL"]
        if source is not None:
            conds.append(f"c.source_id = {source}")
        if stance is not None:
            conds.append(f"c.stance = {stance}")
        if publisher is not None:
            conds.append(
                f"EXISTS (SELECT 1 FROM sources s WHERE s.id = c.source_id "
                f"AND lower(s.publisher) = lower({publisher}))"
            )
        return f"EXISTS (SELECT 1 FROM citations c WHERE {' AND '.join(conds)})"


class Doc(Fields):
    """A jsonb event document `d` (as the API sends it) of the event `e`, and its search text `search`."""

    def __init__(self, d: str, e: str, search: str) -> None:
        self.d = d
        self.id, self.status = f"{e}.id", f"({d} ->> 'status')"
        self.start, self.end = f"({d} ->> 'start')::date", f"({d} ->> 'end')::date"
        self.country, self.importance = f"({d} #>> '{{location,country}}')", f"({d} ->> 'importance')::int"
        self.newsroom = f"({d} ->> 'newsroom')"
        self.search = search

    def tags(self, op: str, tags: str) -> str:
        return f"{self.d} -> 'tags' {'?&' if op == '@>' else '?|'} {tags}::text[]"

    def entities(self, ids: list[uuid.UUID], arg: Args) -> str:
        return f"{self.d} -> 'entities' @> {arg([{'id': str(i)} for i in ids])}::jsonb"

    def cited(self, source: str | None, stance: str | None, publisher: str | None) -> str:
        conds = ["true"]
        if source is not None:
            conds.append(f"(c.x #>> '{{source,id}}')::uuid = {source}")
        if stance is not None:
            conds.append(f"c.x ->> 'stance' = {stance}")
        if publisher is not None:
            conds.append(f"lower(c.x #>> '{{source,publisher}}') = lower({publisher})")
        cited = f"jsonb_array_elements({self.d} -> 'citations') c(x)"
        return f"EXISTS (SELECT 1 FROM {cited} WHERE {' AND '.join(conds)})"


def _matching(f: EventFilters, arg: Args, e: Fields) -> list[str]:
    """What an event must be, apart from who may see it (deleted, status, drafts) and sync."""
    conds: list[str] = []
    if f.from_ is not None:
        first, _ = parse_bound(f.from_)
        conds.append(f"({e.end} IS NULL OR {e.end} >= {arg(first)})")
    if f.to is not None:
        _, last = parse_bound(f.to)
        conds.append(f"{e.start} <= {arg(last)}")
    if f.tag:
        conds.append(e.tags("@>", arg(list(f.tag))))
    if f.any_tag:
        conds.append(e.tags("&&", arg(list(f.any_tag))))
    if f.entity:
        conds.append(e.entities(list(f.entity), arg))
    if f.country is not None:
        conds.append(f"{e.country} = {arg(f.country)}")
    if f.source is not None or f.publisher is not None or f.stance is not None:
        conds.append(
            e.cited(
                source=None if f.source is None else arg(f.source),
                stance=None if f.stance is None else arg(f.stance),
                publisher=None if f.publisher is None else arg(f.publisher),
            )
        )
    if f.q is not None:
        conds.append(f"{e.search} @@ websearch_to_tsquery('english', {arg(f.q)})")
    if f.min_importance is not None:
        conds.append(f"{e.importance} >= {arg(f.min_importance)}")
    if f.newsroom is not None:
        conds.append(f"{e.newsroom} = {arg(f.newsroom)}")
    return conds
