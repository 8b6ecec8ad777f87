"""The event filters, shared by every list of events (events, tags, timelines), and their SQL."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.params import Parameter, QueryParameter

from service.auth.actor import ActorDep
from service.edtf import BOUND_FORMS, BOUND_MAX_LENGTH, EdtfError, parse_bound
from service.errors import BadRequest, FieldError
from service.http import refuse_null
from service.sql import Args

MAX_VALUES = 20
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


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
    errors.append(FieldError(field=name, message="an RFC 3339 timestamp with offset, e.g. 2021-12-15T00:00:00Z"))
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
            errors.append(FieldError(field=name, message=f"{value[:70]!r} is not a tag slug ([a-z0-9-], 1-64)"))
    return tuple(dict.fromkeys(values))


def provide_event_filters(
    request: Request[Any, Any, Any],
    actor: ActorDep,
    from_: Annotated[
        str | None,
        QueryParameter(
            name="from",
            description=f"Events that end on or after the first day of this date: {BOUND_FORMS}.",
            max_length=BOUND_MAX_LENGTH,
        ),
    ] = None,
    to: Annotated[
        str | None,
        Parameter(description=f"Events that start on or before the last day of this date: {BOUND_FORMS}.",
                  max_length=BOUND_MAX_LENGTH),
    ] = None,
    tag: Annotated[
        list[str] | None, Parameter(description="Repeatable: the event carries every one of these tags.")
    ] = None,
    any_tag: Annotated[
        list[str] | None, Parameter(description="Repeatable: the event carries at least one of these tags.")
    ] = None,
    entity: Annotated[
        list[uuid.UUID] | None, Parameter(description="Repeatable entity id: the event involves every one of them.")
    ] = None,
    country: Annotated[
        str | None, Parameter(description="ISO 3166-1 alpha-2 country of the event's location.", max_length=2)
    ] = None,
    source: Annotated[uuid.UUID | None, Parameter(description="Id of a source the event cites.")] = None,
    publisher: Annotated[
        str | None,
        Parameter(description="Publisher of a cited source (exact, case-insensitive).", max_length=500),
    ] = None,
    stance: Annotated[
        Literal["supports", "disputes", "context"] | None,
        Parameter(description="Stance of a citation; with `source` or `publisher`, of that same citation."),
    ] = None,
    q: Annotated[
        str | None,
        Parameter(
            description="Full-text search over title, summary and quotes (web-search syntax: "
            '`"exact phrase"`, `or`, `-not`).',
            max_length=200,
        ),
    ] = None,
    min_importance: Annotated[
        int | None, Parameter(description="Only events at least this important (1-5).", ge=1, le=5)
    ] = None,
    newsroom: Annotated[
        str | None, Parameter(description="Only events of this newsroom.", max_length=64)
    ] = None,
    status: Annotated[
        Literal["draft", "published", "retracted"] | None,
        Parameter(
            description="Only events with this status; without it, published and retracted events. "
            "Drafts are listed only for a key of their newsroom."
        ),
    ] = None,
    updated_since: Annotated[
        str | None,
        Parameter(
            description="Sync feed: events changed at or after this RFC 3339 instant, ordered by "
            "(updated_at, id), deletions included as tombstones.",
            max_length=40,
            schema_extra={"format": "date-time"},
        ),
    ] = None,
) -> EventFilters:
    """The request's filters, checked by `check_event_filters`."""
    refuse_null(request, "source", "stance", "status", "min_importance")
    return check_event_filters(
        from_=from_, to=to, tag=tag, any_tag=any_tag, entity=entity, country=country, source=source,
        publisher=publisher, stance=stance, q=q, min_importance=min_importance, newsroom=newsroom,
        status=status, updated_since=updated_since, drafts_of=actor.drafts_of,
    )  # fmt: skip


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
    if errors:
        raise BadRequest("; ".join(f"{e.field}: {e.message}" for e in errors), errors=errors)
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
    """SQL conditions on events `alias`, built from fixed fragments with numbered parameters only.

    With `scope`, only a timeline's members, and only the drafts the scope lets in.
    """
    e = alias
    conds: list[str] = []
    drafts_of = f.drafts_of if scope is None else scope.drafts_of
    if f.updated_since is None:
        conds.append(f"{e}.deleted_at IS NULL")
        if f.status is None:
            if scope is not None and drafts_of:
                conds.append(f"({e}.status <> 'draft' OR {e}.newsroom = {arg(drafts_of)})")
            else:
                conds.append(f"{e}.status <> 'draft'")
    if f.status is not None:
        conds.append(f"{e}.status = {arg(f.status)}")
        if f.status == "draft":
            conds.append(f"{e}.newsroom = {arg(drafts_of)}" if drafts_of else "false")
    conds += _matching(f, arg, e)
    if f.updated_since is not None:
        conds.append(f"{e}.updated_at >= {arg(f.updated_since)}")
    if scope is not None:
        conds.append(scope_condition(scope, arg, alias=e))
    return conds


def scope_condition(scope: Scope, arg: Args, *, alias: str = "e") -> str:
    """`(<saved filter> OR id = ANY(include)) AND id <> ALL(exclude)`: one condition, no id list read back.

    The saved filter matches only the events of the newsroom it draws from (see Scope).
    """
    e = alias
    matching = _matching(scope.saved, arg, e)
    if matching and scope.saved.newsroom is None:
        matching.append(f"{e}.newsroom = {arg(scope.newsroom)}")
    members = " AND ".join(matching) or "false"
    if scope.include:
        members = f"({members}) OR {e}.id = ANY({arg(list(scope.include))}::uuid[])"
    if scope.exclude:
        return f"(({members}) AND {e}.id <> ALL({arg(list(scope.exclude))}::uuid[]))"
    return f"({members})"


def _matching(f: EventFilters, arg: Args, e: str) -> list[str]:
    """What an event must be, apart from who may see it (deleted, status, drafts) and sync."""
    conds: list[str] = []
    if f.from_ is not None:
        first, _ = parse_bound(f.from_)
        conds.append(f"({e}.end_date IS NULL OR {e}.end_date >= {arg(first)})")
    if f.to is not None:
        _, last = parse_bound(f.to)
        conds.append(f"{e}.start_date <= {arg(last)}")
    if f.tag:
        conds.append(f"{e}.tags @> {arg(list(f.tag))}::text[]")
    if f.any_tag:
        conds.append(f"{e}.tags && {arg(list(f.any_tag))}::text[]")
    if f.entity:
        conds.append(
            f"{e}.id IN (SELECT ee.event_id FROM event_entities ee WHERE ee.entity_id = ANY({arg(list(f.entity))}"
            f"::uuid[]) GROUP BY ee.event_id HAVING count(*) = {arg(len(f.entity))})"
        )
    if f.country is not None:
        conds.append(f"{e}.country = {arg(f.country)}")
    if f.source is not None or f.publisher is not None or f.stance is not None:
        cited = [f"c.event_id = {e}.id", "c.deleted_at IS NULL"]
        if f.source is not None:
            cited.append(f"c.source_id = {arg(f.source)}")
        if f.stance is not None:
            cited.append(f"c.stance = {arg(f.stance)}")
        if f.publisher is not None:
            cited.append(
                f"EXISTS (SELECT 1 FROM sources s WHERE s.id = c.source_id AND lower(s.publisher) = "
                f"lower({arg(f.publisher)}))"
            )
        conds.append(f"EXISTS (SELECT 1 FROM citations c WHERE {' AND '.join(cited)})")
    if f.q is not None:
        conds.append(f"{e}.search @@ websearch_to_tsquery('english', {arg(f.q)})")
    if f.min_importance is not None:
        conds.append(f"{e}.importance >= {arg(f.min_importance)}")
    if f.newsroom is not None:
        conds.append(f"{e}.newsroom = {arg(f.newsroom)}")
    return conds


# A handler's `filters`: the event filters of its query, provided by `provide_event_filters`.
FiltersDep = NamedDependency[EventFilters]
