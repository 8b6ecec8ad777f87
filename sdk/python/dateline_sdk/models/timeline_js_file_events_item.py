from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_js_file_events_item_end_date import TimelineJsFileEventsItemEndDate
    from ..models.timeline_js_file_events_item_media import TimelineJsFileEventsItemMedia
    from ..models.timeline_js_file_events_item_start_date import TimelineJsFileEventsItemStartDate
    from ..models.timeline_js_file_events_item_text import TimelineJsFileEventsItemText


T = TypeVar("T", bound="TimelineJsFileEventsItem")


@_attrs_define
class TimelineJsFileEventsItem:
    """
    Attributes:
        start_date (TimelineJsFileEventsItemStartDate):
        display_date (str | Unset):
        end_date (TimelineJsFileEventsItemEndDate | Unset):
        group (str | Unset):
        media (TimelineJsFileEventsItemMedia | Unset):
        text (TimelineJsFileEventsItemText | Unset):
    """

    start_date: TimelineJsFileEventsItemStartDate
    display_date: str | Unset = UNSET
    end_date: TimelineJsFileEventsItemEndDate | Unset = UNSET
    group: str | Unset = UNSET
    media: TimelineJsFileEventsItemMedia | Unset = UNSET
    text: TimelineJsFileEventsItemText | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_date = self.start_date.to_dict()

        display_date = self.display_date

        end_date: dict[str, Any] | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = self.end_date.to_dict()

        group = self.group

        media: dict[str, Any] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = self.media.to_dict()

        text: dict[str, Any] | Unset = UNSET
        if not isinstance(self.text, Unset):
            text = self.text.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_date": start_date,
            }
        )
        if display_date is not UNSET:
            field_dict["display_date"] = display_date
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if group is not UNSET:
            field_dict["group"] = group
        if media is not UNSET:
            field_dict["media"] = media
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_file_events_item_end_date import TimelineJsFileEventsItemEndDate  # noqa: PLC0415
        from ..models.timeline_js_file_events_item_media import TimelineJsFileEventsItemMedia  # noqa: PLC0415
        from ..models.timeline_js_file_events_item_start_date import TimelineJsFileEventsItemStartDate  # noqa: PLC0415
        from ..models.timeline_js_file_events_item_text import TimelineJsFileEventsItemText  # noqa: PLC0415

        d = dict(src_dict)
        start_date = TimelineJsFileEventsItemStartDate.from_dict(d.pop("start_date"))

        display_date = d.pop("display_date", UNSET)

        _end_date = d.pop("end_date", UNSET)
        end_date: TimelineJsFileEventsItemEndDate | Unset
        if isinstance(_end_date, Unset):
            end_date = UNSET
        else:
            end_date = TimelineJsFileEventsItemEndDate.from_dict(_end_date)

        group = d.pop("group", UNSET)

        _media = d.pop("media", UNSET)
        media: TimelineJsFileEventsItemMedia | Unset
        if isinstance(_media, Unset):
            media = UNSET
        else:
            media = TimelineJsFileEventsItemMedia.from_dict(_media)

        _text = d.pop("text", UNSET)
        text: TimelineJsFileEventsItemText | Unset
        if isinstance(_text, Unset):
            text = UNSET
        else:
            text = TimelineJsFileEventsItemText.from_dict(_text)

        timeline_js_file_events_item = cls(
            start_date=start_date,
            display_date=display_date,
            end_date=end_date,
            group=group,
            media=media,
            text=text,
        )

        timeline_js_file_events_item.additional_properties = d
        return timeline_js_file_events_item

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
