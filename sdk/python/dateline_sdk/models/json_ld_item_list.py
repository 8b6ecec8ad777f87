from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_ld_item_list_item_list_element_item import JsonLdItemListItemListElementItem


T = TypeVar("T", bound="JsonLdItemList")


@_attrs_define
class JsonLdItemList:
    """schema.org JSON-LD: the timeline as an `ItemList` of `Event`s, each citing its sources.

    Attributes:
        context (Literal['https://schema.org']): Always `https://schema.org`.
        id (str): The timeline's API address.
        type_ (Literal['ItemList']): Always `ItemList`.
        item_list_element (list[JsonLdItemListItemListElementItem]): The events, each a `ListItem` with its position.
        item_list_order (str): Always ascending: oldest event first.
        name (str): The timeline's title.
        number_of_items (int): How many events the list holds.
        url (str): The timeline's embed page.
        description (str | Unset): The timeline's description.
    """

    context: Literal["https://schema.org"]
    id: str
    type_: Literal["ItemList"]
    item_list_element: list[JsonLdItemListItemListElementItem]
    item_list_order: str
    name: str
    number_of_items: int
    url: str
    description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        context = self.context

        id = self.id

        type_ = self.type_

        item_list_element = []
        for item_list_element_item_data in self.item_list_element:
            item_list_element_item = item_list_element_item_data.to_dict()
            item_list_element.append(item_list_element_item)

        item_list_order = self.item_list_order

        name = self.name

        number_of_items = self.number_of_items

        url = self.url

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@context": context,
                "@id": id,
                "@type": type_,
                "itemListElement": item_list_element,
                "itemListOrder": item_list_order,
                "name": name,
                "numberOfItems": number_of_items,
                "url": url,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_ld_item_list_item_list_element_item import JsonLdItemListItemListElementItem  # noqa: PLC0415

        d = dict(src_dict)
        context = cast(Literal["https://schema.org"], d.pop("@context"))
        if context != "https://schema.org":
            raise ValueError(f"@context must match const 'https://schema.org', got '{context}'")

        id = d.pop("@id")

        type_ = cast(Literal["ItemList"], d.pop("@type"))
        if type_ != "ItemList":
            raise ValueError(f"@type must match const 'ItemList', got '{type_}'")

        item_list_element = []
        _item_list_element = d.pop("itemListElement")
        for item_list_element_item_data in _item_list_element:
            item_list_element_item = JsonLdItemListItemListElementItem.from_dict(item_list_element_item_data)

            item_list_element.append(item_list_element_item)

        item_list_order = d.pop("itemListOrder")

        name = d.pop("name")

        number_of_items = d.pop("numberOfItems")

        url = d.pop("url")

        description = d.pop("description", UNSET)

        json_ld_item_list = cls(
            context=context,
            id=id,
            type_=type_,
            item_list_element=item_list_element,
            item_list_order=item_list_order,
            name=name,
            number_of_items=number_of_items,
            url=url,
            description=description,
        )

        json_ld_item_list.additional_properties = d
        return json_ld_item_list

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
