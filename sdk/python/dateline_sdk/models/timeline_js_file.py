from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_js_file_events_item import TimelineJsFileEventsItem
    from ..models.timeline_js_file_title import TimelineJsFileTitle


T = TypeVar("T", bound="TimelineJsFile")


@_attrs_define
class TimelineJsFile:
    """A TimelineJS3 file to import (timeline.knightlab.com/docs/json-format.html), as our `timelinejs` export or other
    tools write it: only `events` is needed, and unknown members are ignored.

        Attributes:
            events (list[TimelineJsFileEventsItem]): One slide per event.
            title (TimelineJsFileTitle | Unset): The title slide (not an event).
    """

    events: list[TimelineJsFileEventsItem]
    title: TimelineJsFileTitle | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        title: dict[str, Any] | Unset = UNSET
        if not isinstance(self.title, Unset):
            title = self.title.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_file_events_item import TimelineJsFileEventsItem  # noqa: PLC0415
        from ..models.timeline_js_file_title import TimelineJsFileTitle  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = TimelineJsFileEventsItem.from_dict(events_item_data)

            events.append(events_item)

        _title = d.pop("title", UNSET)
        title: TimelineJsFileTitle | Unset
        if isinstance(_title, Unset):
            title = UNSET
        else:
            title = TimelineJsFileTitle.from_dict(_title)

        timeline_js_file = cls(
            events=events,
            title=title,
        )

        timeline_js_file.additional_properties = d
        return timeline_js_file

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
