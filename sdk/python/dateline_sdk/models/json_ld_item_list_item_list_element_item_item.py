from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_ld_item_list_item_list_element_item_item_citation_item import (
        JsonLdItemListItemListElementItemItemCitationItem,
    )
    from ..models.json_ld_item_list_item_list_element_item_item_location import (
        JsonLdItemListItemListElementItemItemLocation,
    )


T = TypeVar("T", bound="JsonLdItemListItemListElementItemItem")


@_attrs_define
class JsonLdItemListItemListElementItemItem:
    """A schema.org `Event`: its bounds as ISO 8601 dates, place, keywords, image and cited works.

    Attributes:
        id (str):
        type_ (Literal['Event']):
        date_modified (datetime.datetime):
        name (str):
        start_date (str):
        url (str):
        citation (list[JsonLdItemListItemListElementItemItemCitationItem] | Unset):
        description (str | Unset):
        end_date (str | Unset):
        image (str | Unset):
        keywords (list[str] | Unset):
        location (JsonLdItemListItemListElementItemItemLocation | Unset): A schema.org node (`@type` and its
            properties).
    """

    id: str
    type_: Literal["Event"]
    date_modified: datetime.datetime
    name: str
    start_date: str
    url: str
    citation: list[JsonLdItemListItemListElementItemItemCitationItem] | Unset = UNSET
    description: str | Unset = UNSET
    end_date: str | Unset = UNSET
    image: str | Unset = UNSET
    keywords: list[str] | Unset = UNSET
    location: JsonLdItemListItemListElementItemItemLocation | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        date_modified = self.date_modified.isoformat()

        name = self.name

        start_date = self.start_date

        url = self.url

        citation: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.citation, Unset):
            citation = []
            for citation_item_data in self.citation:
                citation_item = citation_item_data.to_dict()
                citation.append(citation_item)

        description = self.description

        end_date = self.end_date

        image = self.image

        keywords: list[str] | Unset = UNSET
        if not isinstance(self.keywords, Unset):
            keywords = self.keywords

        location: dict[str, Any] | Unset = UNSET
        if not isinstance(self.location, Unset):
            location = self.location.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "@id": id,
                "@type": type_,
                "dateModified": date_modified,
                "name": name,
                "startDate": start_date,
                "url": url,
            }
        )
        if citation is not UNSET:
            field_dict["citation"] = citation
        if description is not UNSET:
            field_dict["description"] = description
        if end_date is not UNSET:
            field_dict["endDate"] = end_date
        if image is not UNSET:
            field_dict["image"] = image
        if keywords is not UNSET:
            field_dict["keywords"] = keywords
        if location is not UNSET:
            field_dict["location"] = location

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_ld_item_list_item_list_element_item_item_citation_item import (
            JsonLdItemListItemListElementItemItemCitationItem,  # noqa: PLC0415
        )
        from ..models.json_ld_item_list_item_list_element_item_item_location import (
            JsonLdItemListItemListElementItemItemLocation,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("@id")

        type_ = cast(Literal["Event"], d.pop("@type"))
        if type_ != "Event":
            raise ValueError(f"@type must match const 'Event', got '{type_}'")

        date_modified = datetime.datetime.fromisoformat(d.pop("dateModified"))

        name = d.pop("name")

        start_date = d.pop("startDate")

        url = d.pop("url")

        _citation = d.pop("citation", UNSET)
        citation: list[JsonLdItemListItemListElementItemItemCitationItem] | Unset = UNSET
        if _citation is not UNSET:
            citation = []
            for citation_item_data in _citation:
                citation_item = JsonLdItemListItemListElementItemItemCitationItem.from_dict(citation_item_data)

                citation.append(citation_item)

        description = d.pop("description", UNSET)

        end_date = d.pop("endDate", UNSET)

        image = d.pop("image", UNSET)

        keywords = cast(list[str], d.pop("keywords", UNSET))

        _location = d.pop("location", UNSET)
        location: JsonLdItemListItemListElementItemItemLocation | Unset
        if isinstance(_location, Unset):
            location = UNSET
        else:
            location = JsonLdItemListItemListElementItemItemLocation.from_dict(_location)

        json_ld_item_list_item_list_element_item_item = cls(
            id=id,
            type_=type_,
            date_modified=date_modified,
            name=name,
            start_date=start_date,
            url=url,
            citation=citation,
            description=description,
            end_date=end_date,
            image=image,
            keywords=keywords,
            location=location,
        )

        json_ld_item_list_item_list_element_item_item.additional_properties = d
        return json_ld_item_list_item_list_element_item_item

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
