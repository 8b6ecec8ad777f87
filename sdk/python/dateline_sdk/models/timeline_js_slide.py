from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_js_slide_end_date import TimelineJsSlideEndDate
    from ..models.timeline_js_slide_media import TimelineJsSlideMedia
    from ..models.timeline_js_slide_start_date import TimelineJsSlideStartDate
    from ..models.timeline_js_slide_text import TimelineJsSlideText


T = TypeVar("T", bound="TimelineJsSlide")


@_attrs_define
class TimelineJsSlide:
    """One event as a TimelineJS slide; an open end has no `end_date`.

    Attributes:
        display_date (str): The date for readers, as `display` in the API.
        start_date (TimelineJsSlideStartDate): The event's first day (or moment), down to its precision.
        text (TimelineJsSlideText): The headline (the title) and the HTML text.
        unique_id (UUID): The event's id.
        end_date (TimelineJsSlideEndDate | Unset): The event's last day, for a span; absent for one day or an open end.
        group (str | Unset): The event's first tag.
        media (TimelineJsSlideMedia | Unset): The event's media.
    """

    display_date: str
    start_date: TimelineJsSlideStartDate
    text: TimelineJsSlideText
    unique_id: UUID
    end_date: TimelineJsSlideEndDate | Unset = UNSET
    group: str | Unset = UNSET
    media: TimelineJsSlideMedia | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_date = self.display_date

        start_date = self.start_date.to_dict()

        text = self.text.to_dict()

        unique_id = str(self.unique_id)

        end_date: dict[str, Any] | Unset = UNSET
        if not isinstance(self.end_date, Unset):
            end_date = self.end_date.to_dict()

        group = self.group

        media: dict[str, Any] | Unset = UNSET
        if not isinstance(self.media, Unset):
            media = self.media.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "display_date": display_date,
                "start_date": start_date,
                "text": text,
                "unique_id": unique_id,
            }
        )
        if end_date is not UNSET:
            field_dict["end_date"] = end_date
        if group is not UNSET:
            field_dict["group"] = group
        if media is not UNSET:
            field_dict["media"] = media

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_slide_end_date import TimelineJsSlideEndDate  # noqa: PLC0415
        from ..models.timeline_js_slide_media import TimelineJsSlideMedia  # noqa: PLC0415
        from ..models.timeline_js_slide_start_date import TimelineJsSlideStartDate  # noqa: PLC0415
        from ..models.timeline_js_slide_text import TimelineJsSlideText  # noqa: PLC0415

        d = dict(src_dict)
        display_date = d.pop("display_date")

        start_date = TimelineJsSlideStartDate.from_dict(d.pop("start_date"))

        text = TimelineJsSlideText.from_dict(d.pop("text"))

        unique_id = UUID(d.pop("unique_id"))

        _end_date = d.pop("end_date", UNSET)
        end_date: TimelineJsSlideEndDate | Unset
        if isinstance(_end_date, Unset):
            end_date = UNSET
        else:
            end_date = TimelineJsSlideEndDate.from_dict(_end_date)

        group = d.pop("group", UNSET)

        _media = d.pop("media", UNSET)
        media: TimelineJsSlideMedia | Unset
        if isinstance(_media, Unset):
            media = UNSET
        else:
            media = TimelineJsSlideMedia.from_dict(_media)

        timeline_js_slide = cls(
            display_date=display_date,
            start_date=start_date,
            text=text,
            unique_id=unique_id,
            end_date=end_date,
            group=group,
            media=media,
        )

        timeline_js_slide.additional_properties = d
        return timeline_js_slide

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
