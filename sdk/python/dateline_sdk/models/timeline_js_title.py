from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_js_title_text import TimelineJsTitleText


T = TypeVar("T", bound="TimelineJsTitle")


@_attrs_define
class TimelineJsTitle:
    """The title slide: the timeline's title and description.

    Attributes:
        text (TimelineJsTitleText): A slide's text: the headline and HTML (summary, notes, and the sources with their
            quotes).
    """

    text: TimelineJsTitleText
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text = self.text.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "text": text,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_title_text import TimelineJsTitleText  # noqa: PLC0415

        d = dict(src_dict)
        text = TimelineJsTitleText.from_dict(d.pop("text"))

        timeline_js_title = cls(
            text=text,
        )

        timeline_js_title.additional_properties = d
        return timeline_js_title

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
