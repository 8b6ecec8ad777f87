"""Source bodies: a source belongs to a newsroom, one per canonical URL in each newsroom."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from service.schemas import (
    ChangeNote,
    Correction,
    EdtfText,
    Id,
    Input,
    Language,
    Output,
    ShortText,
    Stance,
    Text,
    Timestamp,
    Url,
    Version,
)

SourceKind = Literal["readout", "statement", "news", "analysis", "report", "documentary", "dataset", "other"]
Authors = Annotated[list[Text], Meta(max_length=50, description="Author names, at most 50.")]
AccessedAt = Annotated[
    dt.datetime, Meta(tz=True, description="When the page was read (RFC 3339 with offset).")
]


class SourceIn(Input, kw_only=True):
    """A new source. Its URL is stored canonical: lower-case host, no fragment, no `utm_*` parameters."""

    url: Url
    title: ShortText
    publisher: Text | None = None
    authors: Authors = []
    published: EdtfText | None = None
    language: Language | None = None
    kind: SourceKind = "other"
    archive_url: Url | None = None
    accessed_at: AccessedAt | None = None
    change_note: ChangeNote | None = None
    correction: Correction = False


class SourcePatch(Input, kw_only=True):
    """JSON merge patch of a source: absent fields stay, `null` clears an optional one."""

    url: Url | UnsetType = UNSET
    title: ShortText | UnsetType = UNSET
    publisher: Text | None | UnsetType = UNSET
    authors: Authors | None | UnsetType = UNSET
    published: EdtfText | None | UnsetType = UNSET
    language: Language | None | UnsetType = UNSET
    kind: SourceKind | UnsetType = UNSET
    archive_url: Url | None | UnsetType = UNSET
    accessed_at: AccessedAt | None | UnsetType = UNSET
    change_note: ChangeNote | None | UnsetType = UNSET
    correction: Correction | UnsetType = UNSET


class Source(Output, kw_only=True):
    """A page, document or recording that events cite."""

    id: Id
    newsroom: str = msgspec.field()
    url: str
    title: str
    publisher: str | None
    authors: list[str]
    published: str | None
    language: str | None
    kind: SourceKind
    archive_url: str | None
    accessed_at: dt.datetime | None
    created_at: Timestamp
    updated_at: Timestamp
    version: Version


class BackedEvent(Output, kw_only=True):
    """An event this source is cited for, and how."""

    id: Id
    title: str
    date: str
    display: str
    status: str
    stance: Stance


class SourceDetail(Source, kw_only=True):
    """A source with the events it backs (published ones, and drafts where allowed)."""

    events: list[BackedEvent] = []
