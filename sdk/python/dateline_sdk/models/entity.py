from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entity_kind import EntityKind

T = TypeVar("T", bound="Entity")


@_attrs_define
class Entity:
    """A person, organisation, country or place.

    Attributes:
        aliases (list[str]): Other names it goes by.
        created_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        id (UUID): Server-assigned identifier (UUID).
        kind (EntityKind): What sort of thing an entity is.
        name (str): The name.
        newsroom (str): The newsroom that owns the object; set by the server.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        version (int): Incremented on every change; the basis of the ETag.
        wikidata (None | str): The Wikidata item id, e.g. `Q15031`.
    """

    aliases: list[str]
    created_at: datetime.datetime
    id: UUID
    kind: EntityKind
    name: str
    newsroom: str
    updated_at: datetime.datetime
    version: int
    wikidata: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        aliases = self.aliases

        created_at = self.created_at.isoformat()

        id = str(self.id)

        kind = self.kind.value

        name = self.name

        newsroom = self.newsroom

        updated_at = self.updated_at.isoformat()

        version = self.version

        wikidata: None | str
        wikidata = self.wikidata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "aliases": aliases,
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "name": name,
                "newsroom": newsroom,
                "updated_at": updated_at,
                "version": version,
                "wikidata": wikidata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        aliases = cast(list[str], d.pop("aliases"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        kind = EntityKind(d.pop("kind"))

        name = d.pop("name")

        newsroom = d.pop("newsroom")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_wikidata(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wikidata = _parse_wikidata(d.pop("wikidata"))

        entity = cls(
            aliases=aliases,
            created_at=created_at,
            id=id,
            kind=kind,
            name=name,
            newsroom=newsroom,
            updated_at=updated_at,
            version=version,
            wikidata=wikidata,
        )

        entity.additional_properties = d
        return entity

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
