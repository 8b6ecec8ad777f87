"""Entity bodies: people, organisations, countries and places that events involve."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from service.schemas import ChangeNote, Correction, Id, Input, Output, ShortText, Timestamp, Version, Wikidata

EntityKind = Literal["person", "organization", "country", "place", "other"]
Aliases = Annotated[list[ShortText], Meta(max_length=50, description="Other names, at most 50.")]


class EntityIn(Input, kw_only=True):
    """A new entity; `wikidata` is unique within a newsroom."""

    name: ShortText
    kind: EntityKind
    wikidata: Wikidata | None = None
    aliases: Aliases = []
    change_note: ChangeNote | None = None
    correction: Correction = False


class EntityPatch(Input, kw_only=True):
    """JSON merge patch of an entity."""

    name: ShortText | UnsetType = UNSET
    kind: EntityKind | UnsetType = UNSET
    wikidata: Wikidata | None | UnsetType = UNSET
    aliases: Aliases | None | UnsetType = UNSET
    change_note: ChangeNote | None | UnsetType = UNSET
    correction: Correction | UnsetType = UNSET


class Entity(Output, kw_only=True):
    """A person, organisation, country or place."""

    id: Id
    newsroom: str = msgspec.field()
    name: str
    kind: EntityKind
    wikidata: str | None
    aliases: list[str]
    created_at: Timestamp
    updated_at: Timestamp
    version: Version
