from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TimelineJsSlideMedia")


@_attrs_define
class TimelineJsSlideMedia:
    """The event's media.

    Attributes:
        url (str):
        alt (str | Unset):
        caption (str | Unset):
        credit (str | Unset):
    """

    url: str
    alt: str | Unset = UNSET
    caption: str | Unset = UNSET
    credit: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        alt = self.alt

        caption = self.caption

        credit = self.credit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "url": url,
            }
        )
        if alt is not UNSET:
            field_dict["alt"] = alt
        if caption is not UNSET:
            field_dict["caption"] = caption
        if credit is not UNSET:
            field_dict["credit"] = credit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        alt = d.pop("alt", UNSET)

        caption = d.pop("caption", UNSET)

        credit = d.pop("credit", UNSET)

        timeline_js_slide_media = cls(
            url=url,
            alt=alt,
            caption=caption,
            credit=credit,
        )

        timeline_js_slide_media.additional_properties = d
        return timeline_js_slide_media

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
