from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CslItemAuthorItem")


@_attrs_define
class CslItemAuthorItem:
    """An author: `family` and `given`, or a `literal` name.

    Attributes:
        family (str | Unset):
        given (str | Unset):
        literal (str | Unset):
    """

    family: str | Unset = UNSET
    given: str | Unset = UNSET
    literal: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        family = self.family

        given = self.given

        literal = self.literal

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if family is not UNSET:
            field_dict["family"] = family
        if given is not UNSET:
            field_dict["given"] = given
        if literal is not UNSET:
            field_dict["literal"] = literal

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        family = d.pop("family", UNSET)

        given = d.pop("given", UNSET)

        literal = d.pop("literal", UNSET)

        csl_item_author_item = cls(
            family=family,
            given=given,
            literal=literal,
        )

        csl_item_author_item.additional_properties = d
        return csl_item_author_item

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
