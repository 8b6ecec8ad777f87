from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CslItemAccessed")


@_attrs_define
class CslItemAccessed:
    """When the page was read.

    Attributes:
        date_parts (list[list[int]]):
        circa (bool | Unset):
    """

    date_parts: list[list[int]]
    circa: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date_parts = []
        for date_parts_item_data in self.date_parts:
            date_parts_item = date_parts_item_data

            date_parts.append(date_parts_item)

        circa = self.circa

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date-parts": date_parts,
            }
        )
        if circa is not UNSET:
            field_dict["circa"] = circa

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date_parts = []
        _date_parts = d.pop("date-parts")
        for date_parts_item_data in _date_parts:
            date_parts_item = cast(list[int], date_parts_item_data)

            date_parts.append(date_parts_item)

        circa = d.pop("circa", UNSET)

        csl_item_accessed = cls(
            date_parts=date_parts,
            circa=circa,
        )

        csl_item_accessed.additional_properties = d
        return csl_item_accessed

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
