from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.json_ld_item_list_item_list_element_item_item import JsonLdItemListItemListElementItemItem


T = TypeVar("T", bound="JsonLdItemListItemListElementItem")


@_attrs_define
class JsonLdItemListItemListElementItem:
    """A position in the list and the event at it.

    Attributes:
        type_ (Literal['ListItem']):
        item (JsonLdItemListItemListElementItemItem): A schema.org `Event`: its bounds as ISO 8601 dates, place,
            keywords, image and cited works.
        position (int):
    """

    type_: Literal["ListItem"]
    item: JsonLdItemListItemListElementItemItem
    position: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        item = self.item.to_dict()

        position = self.position

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@type": type_,
                "item": item,
                "position": position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_ld_item_list_item_list_element_item_item import JsonLdItemListItemListElementItemItem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["ListItem"], d.pop("@type"))
        if type_ != "ListItem":
            raise ValueError(f"@type must match const 'ListItem', got '{type_}'")

        item = JsonLdItemListItemListElementItemItem.from_dict(d.pop("item"))

        position = d.pop("position")

        json_ld_item_list_item_list_element_item = cls(
            type_=type_,
            item=item,
            position=position,
        )

        json_ld_item_list_item_list_element_item.additional_properties = d
        return json_ld_item_list_item_list_element_item

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
