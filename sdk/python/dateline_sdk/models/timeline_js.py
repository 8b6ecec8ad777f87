from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_js_slide import TimelineJsSlide
    from ..models.timeline_js_title import TimelineJsTitle


T = TypeVar("T", bound="TimelineJs")


@_attrs_define
class TimelineJs:
    """TimelineJS3 JSON (timeline.knightlab.com/docs/json-format.html): a title slide and one slide per event.

    Attributes:
        events (list[TimelineJsSlide]): One slide per event, oldest first.
        scale (Literal['human']): Always `human`: dates are calendar dates.
        title (TimelineJsTitle): The title slide: the timeline's title and description.
    """

    events: list[TimelineJsSlide]
    scale: Literal["human"]
    title: TimelineJsTitle
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)

        scale = self.scale

        title = self.title.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "events": events,
                "scale": scale,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_js_slide import TimelineJsSlide  # noqa: PLC0415
        from ..models.timeline_js_title import TimelineJsTitle  # noqa: PLC0415

        d = dict(src_dict)
        events = []
        _events = d.pop("events")
        for events_item_data in _events:
            events_item = TimelineJsSlide.from_dict(events_item_data)

            events.append(events_item)

        scale = cast(Literal["human"], d.pop("scale"))
        if scale != "human":
            raise ValueError(f"scale must match const 'human', got '{scale}'")

        title = TimelineJsTitle.from_dict(d.pop("title"))

        timeline_js = cls(
            events=events,
            scale=scale,
            title=title,
        )

        timeline_js.additional_properties = d
        return timeline_js

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
