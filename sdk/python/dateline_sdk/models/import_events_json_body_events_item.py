from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_events_json_body_events_item_end_date import ImportEventsJsonBodyEventsItemEndDate
    from ..models.import_events_json_body_events_item_media import ImportEventsJsonBodyEventsItemMedia
    from ..models.import_events_json_body_events_item_start_date import ImportEventsJsonBodyEventsItemStartDate
    from ..models.import_events_json_body_events_item_text import ImportEventsJsonBodyEventsItemText


T = TypeVar("T", bound="ImportEventsJsonBodyEventsItem")


@_attrs_define
class ImportEventsJsonBodyEventsItem:
    """
    Attributes:
        start_date (ImportEventsJsonBodyEventsItemStartDate):
        display_date (str | Unset):
        end_date (ImportEventsJsonBodyEventsItemEndDate | Unset):
        group (str | Unset):
        media (ImportEventsJsonBodyEventsItemMedia | Unset):
        text (ImportEventsJsonBodyEventsItemText | Unset):
    """

    start_date: ImportEventsJsonBodyEventsItemStartDate
    display_date: str | Unset = UNSET
    end_date: ImportEventsJsonBodyEventsItemEndDate | Unset = UNSET
    group: str | Unset = UNSET
    media: ImportEventsJsonBodyEventsItemMedia | Unset = UNSET
    text: ImportEventsJsonBodyEventsItemText | Unset = UNSET
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
        from ..models.import_events_json_body_events_item_end_date import ImportEventsJsonBodyEventsItemEndDate  # noqa: PLC0415
        from ..models.import_events_json_body_events_item_media import ImportEventsJsonBodyEventsItemMedia  # noqa: PLC0415
        from ..models.import_events_json_body_events_item_start_date import ImportEventsJsonBodyEventsItemStartDate  # noqa: PLC0415
        from ..models.import_events_json_body_events_item_text import ImportEventsJsonBodyEventsItemText  # noqa: PLC0415

        d = dict(src_dict)
        start_date = ImportEventsJsonBodyEventsItemStartDate.from_dict(d.pop("start_date"))

        display_date = d.pop("display_date", UNSET)

        _end_date = d.pop("end_date", UNSET)
        end_date: ImportEventsJsonBodyEventsItemEndDate | Unset
        if isinstance(_end_date, Unset):
            end_date = UNSET
        else:
            end_date = ImportEventsJsonBodyEventsItemEndDate.from_dict(_end_date)

        group = d.pop("group", UNSET)

        _media = d.pop("media", UNSET)
        media: ImportEventsJsonBodyEventsItemMedia | Unset
        if isinstance(_media, Unset):
            media = UNSET
        else:
            media = ImportEventsJsonBodyEventsItemMedia.from_dict(_media)

        _text = d.pop("text", UNSET)
        text: ImportEventsJsonBodyEventsItemText | Unset
        if isinstance(_text, Unset):
            text = UNSET
        else:
            text = ImportEventsJsonBodyEventsItemText.from_dict(_text)

        import_events_json_body_events_item = cls(
            start_date=start_date,
            display_date=display_date,
            end_date=end_date,
            group=group,
            media=media,
            text=text,
        )

        import_events_json_body_events_item.additional_properties = d
        return import_events_json_body_events_item

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
