from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Deleted")


@_attrs_define
class Deleted:
    """A tombstone in a sync feed (`updated_since`): the object was deleted at `updated_at`.

    Attributes:
        deleted (bool): Always true: the object was deleted.
        id (UUID): Server-assigned identifier (UUID).
        object_ (Literal['tombstone']): The kind of item: `event`, or `tombstone` for a deleted one in a sync feed.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
    """

    deleted: bool
    id: UUID
    object_: Literal["tombstone"]
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deleted = self.deleted

        id = str(self.id)

        object_ = self.object_

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deleted": deleted,
                "id": id,
                "object": object_,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        deleted = d.pop("deleted")

        id = UUID(d.pop("id"))

        object_ = cast(Literal["tombstone"], d.pop("object"))
        if object_ != "tombstone":
            raise ValueError(f"object must match const 'tombstone', got '{object_}'")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        deleted = cls(
            deleted=deleted,
            id=id,
            object_=object_,
            updated_at=updated_at,
        )

        deleted.additional_properties = d
        return deleted

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
