"""Timeline bodies: a saved event search plus hand-picked events, and how the embed opens it."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from service.edtf import BOUND_FORMS, BOUND_MAX_LENGTH
from service.schemas import (
    ChangeNote,
    Correction,
    Id,
    Input,
    Language,
    LongText,
    Output,
    ShortText,
    Slug,
    Stance,
    Timestamp,
    Version,
    merge_patch_of,
)

MAX_IDS = 1_000

# The saved filter takes the event-search query parameters that say what an event is, with the same
# limits as GET /v1/events declares for them (a test compares the two); the checks beyond these
# limits are the very ones the query parameters go through (`check_event_filters`).
From = Annotated[
    str,
    Meta(
        max_length=BOUND_MAX_LENGTH,
        description=f"Events that end on or after the first day of this date: {BOUND_FORMS}.",
    ),
]
To = Annotated[
    str,
    Meta(
        max_length=BOUND_MAX_LENGTH,
        description=f"Events that start on or before the last day of this date: {BOUND_FORMS}.",
    ),
]
AllTags = Annotated[list[str], Meta(description="The event carries every one of these tags (at most 20).")]
AnyTag = Annotated[list[str], Meta(description="The event carries at least one of these tags (at most 20).")]
AllEntities = Annotated[
    list[uuid.UUID], Meta(description="Entity ids: the event involves every one of them (at most 20).")
]
EventCountry = Annotated[
    str, Meta(max_length=2, description="ISO 3166-1 alpha-2 country of the event's location.")
]
CitedSource = Annotated[uuid.UUID, Meta(description="Id of a source the event cites.")]
Publisher = Annotated[
    str, Meta(max_length=500, description="Publisher of a cited source (exact, case-insensitive).")
]
CitedStance = Annotated[
    Stance, Meta(description="Stance of a citation; with `source` or `publisher`, of that same citation.")
]
Search = Annotated[
    str,
    Meta(max_length=200, description="Full-text search over title, summary and quotes (web-search syntax)."),
]
MinImportance = Annotated[int, Meta(ge=1, le=5, description="Only events at least this important (1-5).")]
OfNewsroom = Annotated[
    str,
    Meta(
        max_length=64,
        description="The newsroom whose published events the filter draws from (a partnership); "
        "without it, the timeline's own newsroom. Others' events join only by `include`.",
    ),
]


class TimelineFilter(Input, kw_only=True, omit_defaults=True):
    """A saved event search: the query parameters of `GET /v1/events` that select events, lists for the
    repeatable ones, e.g. `{"tag": ["doping"], "from": "2016"}`, over the timeline's own newsroom's events
    (or those of the newsroom it names in `newsroom`). `{}` selects no event by itself: the
    timeline then holds its `include` list only. Paging, order and sync parameters (`cursor`, `limit`,
    `order`, `around`, `updated_since`) and `status` belong to a request, not here."""

    from_: From | None = msgspec.field(default=None, name="from")
    to: To | None = None
    tag: AllTags = []
    any_tag: AnyTag = []
    entity: AllEntities = []
    country: EventCountry | None = None
    source: CitedSource | None = None
    publisher: Publisher | None = None
    stance: CitedStance | None = None
    q: Search | None = None
    min_importance: MinImportance | None = None
    newsroom: OfNewsroom | None = None


TimelineFilterPatch = merge_patch_of(
    TimelineFilter,
    "TimelineFilterPatch",
    "Changes to a timeline's saved search, merged into it (RFC 7396): a "
    "parameter left out stays, `null` removes it, a list given replaces the saved one.",
)

EventIds = Annotated[list[uuid.UUID], Meta(max_length=MAX_IDS, description="Event ids, at most 1,000.")]
TimelineStatus = Annotated[
    Literal["draft", "published"],
    Meta(description="`draft` (seen by its newsroom's keys only) or `published` (public)."),
]
Theme = Annotated[
    Literal["light", "dark", "auto"],
    Meta(description="The embed's colours; `auto` follows the reader's system."),
]
StartAt = Annotated[
    str,
    Meta(
        pattern=r"^(oldest|newest|[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)$",
        description="Where the embed opens: `oldest`, `newest`, or a date (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
TimelineLanguage = Annotated[Language, Meta(description="The embed's language (BCP 47), e.g. `en`, `ru`.")]


class TimelineIn(Input, kw_only=True):
    """A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at most 10,000 of them."""

    slug: Slug
    title: ShortText
    description: LongText | None = None
    filter: TimelineFilter = msgspec.field(default_factory=TimelineFilter)
    include: EventIds = []
    exclude: EventIds = []
    status: TimelineStatus = "draft"
    theme: Theme = "auto"
    start_at: StartAt = "oldest"
    language: TimelineLanguage = "en"
    change_note: ChangeNote | None = None
    correction: Correction = False


class TimelinePatch(Input, kw_only=True):
    """JSON merge patch (RFC 7396) of a timeline: absent fields stay; `filter` is merged parameter by
    parameter; `include` and `exclude` are replaced whole; `null` clears `description` and resets the
    others to their defaults (`filter` to `{}`)."""

    slug: Slug | UnsetType = UNSET
    title: ShortText | UnsetType = UNSET
    description: LongText | None | UnsetType = UNSET
    filter: TimelineFilterPatch | None | UnsetType = UNSET  # type: ignore[valid-type]
    include: EventIds | None | UnsetType = UNSET
    exclude: EventIds | None | UnsetType = UNSET
    status: TimelineStatus | UnsetType = UNSET
    theme: Theme | None | UnsetType = UNSET
    start_at: StartAt | None | UnsetType = UNSET
    language: TimelineLanguage | None | UnsetType = UNSET
    change_note: ChangeNote | None | UnsetType = UNSET
    correction: Correction | UnsetType = UNSET


class TimelineFields(Input, kw_only=True):
    """A timeline's own fields after a merge patch, validated as a whole."""

    slug: Slug
    title: ShortText
    description: LongText | None = None
    filter: TimelineFilter = msgspec.field(default_factory=TimelineFilter)
    include: EventIds = []
    exclude: EventIds = []
    status: TimelineStatus = "draft"
    theme: Theme = "auto"
    start_at: StartAt = "oldest"
    language: TimelineLanguage = "en"


class Timeline(Output, kw_only=True):
    """A timeline of events for a story, and how the embed shows it; its events are at
    `/v1/timelines/{slug}/events`."""

    id: Id
    newsroom: str
    slug: str
    title: str
    description: str | None
    filter: TimelineFilter
    include: list[uuid.UUID]
    exclude: list[uuid.UUID]
    status: TimelineStatus
    theme: Theme
    start_at: str
    language: str
    created_at: Timestamp
    updated_at: Timestamp
    version: Version
