"""Event bodies: a dated claim with the sources that back it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from service.entities.schemas import EntityKind
from service.schemas import (
    ChangeNote,
    Correction,
    Country,
    Deleted,
    EdtfText,
    Id,
    Importance,
    Input,
    LongText,
    NextCursor,
    Note,
    Output,
    PrevCursor,
    Quote,
    ShortText,
    Stance,
    Status,
    Tags,
    Text,
    Timestamp,
    Url,
    Version,
    merge_patch_of,
)
from service.sources.schemas import Source, SourceIn

Role = Literal["participant", "subject", "location", "mentioned"]
Precision = Literal["year", "month", "day", "time"]
Latitude = Annotated[float, Meta(ge=-90, le=90, description="Latitude in degrees (WGS 84).")]
Longitude = Annotated[float, Meta(ge=-180, le=180, description="Longitude in degrees (WGS 84).")]


class Location(Input, kw_only=True):
    """Where the event happened."""

    name: ShortText
    country: Country | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class Media(Input, kw_only=True):
    """An image or video illustrating the event; the embed shows it as a link."""

    url: Url
    caption: Note | None = None
    credit: Text | None = None
    alt_text: Note | None = None


LocationPatch = merge_patch_of(
    Location,
    "LocationPatch",
    "Changes to where the event happened, merged into it (RFC 7396): a member left out "
    "stays, `null` removes it (`name` is required in the result).",
)
MediaPatch = merge_patch_of(
    Media,
    "MediaPatch",
    "Changes to the event's image or video, merged into it (RFC 7396): a member left out "
    "stays, `null` removes it (`url` is required in the result).",
)


class EntityLink(Input, kw_only=True):
    """An entity the event involves, and in what role."""

    id: uuid.UUID
    role: Role = "subject"


class CitationIn(Input, kw_only=True):
    """A citation: a source of the event's newsroom by `source_id`, or a `source` inline (the newsroom's own
    source of that URL is reused, or one is created)."""

    source_id: uuid.UUID | None = None
    source: SourceIn | None = None
    quote: Quote
    locator: Text | None = None
    stance: Stance = "supports"
    note: Note | None = None
    change_note: ChangeNote | None = None


class CitationCreate(CitationIn, kw_only=True):
    """A citation added to an existing event (`POST /v1/events/{id}/citations`); with `correction`, the
    event shows it as a correction, `change_note` its note."""

    correction: Correction = False


EntityLinks = Annotated[list[EntityLink], Meta(max_length=100, description="At most 100 entities.")]
CitationsIn = Annotated[list[CitationIn], Meta(max_length=50, description="At most 50 citations.")]


class EventIn(Input, kw_only=True):
    """A new event. Publishing (`status: published`) needs at least one citation that `supports` it."""

    title: ShortText
    summary: LongText | None = None
    date: EdtfText
    location: Location | None = None
    tags: Tags = []
    entities: EntityLinks = []
    importance: Importance = 3
    media: Media | None = None
    status: Status = "draft"
    retraction_note: Note | None = None
    citations: CitationsIn = []
    change_note: ChangeNote | None = None
    correction: Correction = False


class EventPatch(Input, kw_only=True):
    """JSON merge patch (RFC 7396) of an event: a field left out stays, `null` clears it, `location` and
    `media` are merged member by member, lists are replaced whole. Citations change through their own
    endpoints."""

    title: ShortText | UnsetType = UNSET
    summary: LongText | None | UnsetType = UNSET
    date: EdtfText | UnsetType = UNSET
    location: LocationPatch | None | UnsetType = UNSET  # type: ignore[valid-type]
    tags: Tags | None | UnsetType = UNSET
    entities: EntityLinks | None | UnsetType = UNSET
    importance: Importance | UnsetType = UNSET
    media: MediaPatch | None | UnsetType = UNSET  # type: ignore[valid-type]
    status: Status | UnsetType = UNSET
    retraction_note: Note | None | UnsetType = UNSET
    change_note: ChangeNote | None | UnsetType = UNSET
    correction: Correction | UnsetType = UNSET


class EventFields(Input, kw_only=True):
    """An event's own fields after a merge patch, validated as a whole."""

    title: ShortText
    summary: LongText | None = None
    date: EdtfText
    location: Location | None = None
    tags: Tags = []
    entities: EntityLinks = []
    importance: Importance = 3
    media: Media | None = None
    status: Status = "draft"
    retraction_note: Note | None = None


class EntityRef(Output, kw_only=True):
    """An entity as an event shows it."""

    id: Id
    name: str
    kind: EntityKind
    wikidata: str | None
    role: Role


class Citation(Output, kw_only=True):
    """A passage of a source quoted for an event, with the source itself."""

    id: Id
    event_id: Id
    source: Source
    quote: str
    locator: str | None
    stance: Stance
    note: str | None
    created_at: Timestamp
    updated_at: Timestamp
    version: Version


class CorrectionNote(Output, kw_only=True):
    """A public correction made to the event."""

    at: Timestamp
    note: str


class Event(Output, kw_only=True, tag_field="object", tag="event"):
    """A dated event with its citations; `start`..`display` are derived from `date`."""

    id: Id
    newsroom: str = msgspec.field()
    title: str
    summary: str | None
    date: str
    start: dt.date
    end: dt.date | None
    precision: Precision
    approximate: bool
    uncertain: bool
    display: str
    location: Location | None
    tags: list[str]
    entities: list[EntityRef]
    importance: int
    media: Media | None
    status: Status
    retraction_note: str | None
    citations: list[Citation]
    corrections: list[CorrectionNote]
    created_at: Timestamp
    updated_at: Timestamp
    version: Version


class EventPage(Output, kw_only=True):
    """A page of events; in a sync feed (`updated_since`) deleted events appear as tombstones."""

    items: list[Event | Deleted]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None
