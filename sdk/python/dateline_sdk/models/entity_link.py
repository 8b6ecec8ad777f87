from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.entity_role import EntityRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="EntityLink")


@_attrs_define
class EntityLink:
    """An entity the event involves, and in what role.

    Attributes:
        id (UUID): Server-assigned identifier (UUID).
        role (EntityRole | Unset): How an entity takes part in an event.
    """

    id: UUID
    role: EntityRole | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        _role = d.pop("role", UNSET)
        role: EntityRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = EntityRole(_role)

        entity_link = cls(
            id=id,
            role=role,
        )

        return entity_link
