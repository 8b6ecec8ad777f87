from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_js_file_title_text import TimelineJsFileTitleText


T = TypeVar("T", bound="TimelineJsFileTitle")


@_attrs_define
class TimelineJsFileTitle:
    """The title slide (not an event).

    Attributes:
        text (TimelineJsFileTitleText | Unset):
    """

    text: TimelineJsFileTitleText | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        text: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text, Unset):
            text = self.text.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_file_title_text import TimelineJsFileTitleText  # noqa: PLC0415

        d = dict(src_dict)
        _text = d.pop("text", UNSET)
        text: TimelineJsFileTitleText | Unset
        if isinstance(_text, Unset):
            text = UNSET
        else:
            text = TimelineJsFileTitleText.from_dict(_text)

        timeline_js_file_title = cls(
            text=text,
        )

        timeline_js_file_title.additional_properties = d
        return timeline_js_file_title

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
