from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entity_kind import EntityKind
from ..models.entity_role import EntityRole

T = TypeVar("T", bound="EntityRef")


@_attrs_define
class EntityRef:
    """An entity as an event shows it.

    Attributes:
        id (UUID): Server-assigned identifier (UUID).
        kind (EntityKind): What sort of thing an entity is.
        name (str): The name.
        role (EntityRole): How an entity takes part in an event.
        wikidata (None | str): The Wikidata item id, e.g. `Q15031`.
    """

    id: UUID
    kind: EntityKind
    name: str
    role: EntityRole
    wikidata: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind.value

        name = self.name

        role = self.role.value

        wikidata: None | str
        wikidata = self.wikidata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "name": name,
                "role": role,
                "wikidata": wikidata,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = EntityKind(d.pop("kind"))

        name = d.pop("name")

        role = EntityRole(d.pop("role"))

        def _parse_wikidata(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wikidata = _parse_wikidata(d.pop("wikidata"))

        entity_ref = cls(
            id=id,
            kind=kind,
            name=name,
            role=role,
            wikidata=wikidata,
        )

        entity_ref.additional_properties = d
        return entity_ref

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
