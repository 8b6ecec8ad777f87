from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_events_json_body_events_item import ImportEventsJsonBodyEventsItem
    from ..models.import_events_json_body_title import ImportEventsJsonBodyTitle


T = TypeVar("T", bound="ImportEventsJsonBody")


@_attrs_define
class ImportEventsJsonBody:
    """TimelineJS3 JSON (timeline.knightlab.com/docs/json-format.html): `events` (slides) and an optional `title` slide;
    our `timelinejs` export is one.

        Attributes:
            events (list[ImportEventsJsonBodyEventsItem]): One slide per event.
            title (ImportEventsJsonBodyTitle | Unset): The title slide (not an event).
    """

    events: list[ImportEventsJsonBodyEventsItem]
    title: ImportEventsJsonBodyTitle | Unset = UNSET
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
        from ..models.import_events_json_body_events_item import ImportEventsJsonBodyEventsItem  # noqa: PLC0415
        from ..models.import_events_json_body_title import ImportEventsJsonBodyTitle  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = ImportEventsJsonBodyEventsItem.from_dict(events_item_data)

            events.append(events_item)

        _title = d.pop("title", UNSET)
        title: ImportEventsJsonBodyTitle | Unset
        if isinstance(_title, Unset):
            title = UNSET
        else:
            title = ImportEventsJsonBodyTitle.from_dict(_title)

        import_events_json_body = cls(
            events=events,
            title=title,
        )

        import_events_json_body.additional_properties = d
        return import_events_json_body

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
