from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.export_timeline_response_200_events_item import ExportTimelineResponse200EventsItem
    from ..models.export_timeline_response_200_title import ExportTimelineResponse200Title


T = TypeVar("T", bound="ExportTimelineResponse200")


@_attrs_define
class ExportTimelineResponse200:
    """TimelineJS3 JSON: `title` (the timeline) and `events` (slides with `start_date`, `end_date`, `display_date`, `text`,
    `group`, `media`).

        Attributes:
            events (list[ExportTimelineResponse200EventsItem]):
            title (ExportTimelineResponse200Title | Unset):
    """

    events: list[ExportTimelineResponse200EventsItem]
    title: ExportTimelineResponse200Title | Unset = UNSET
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
        from ..models.export_timeline_response_200_events_item import ExportTimelineResponse200EventsItem  # noqa: PLC0415
        from ..models.export_timeline_response_200_title import ExportTimelineResponse200Title  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = ExportTimelineResponse200EventsItem.from_dict(events_item_data)

            events.append(events_item)

        _title = d.pop("title", UNSET)
        title: ExportTimelineResponse200Title | Unset
        if isinstance(_title, Unset):
            title = UNSET
        else:
            title = ExportTimelineResponse200Title.from_dict(_title)

        export_timeline_response_200 = cls(
            events=events,
            title=title,
        )

        export_timeline_response_200.additional_properties = d
        return export_timeline_response_200

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
