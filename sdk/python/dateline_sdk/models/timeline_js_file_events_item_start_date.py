from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TimelineJsFileEventsItemStartDate")


@_attrs_define
class TimelineJsFileEventsItemStartDate:
    """
    Attributes:
        day (Any | Unset): A number or a numeric string.
        hour (Any | Unset): A number or a numeric string.
        minute (Any | Unset): A number or a numeric string.
        month (Any | Unset): A number or a numeric string.
        second (Any | Unset): A number or a numeric string.
        year (Any | Unset): A number or a numeric string.
    """

    day: Any | Unset = UNSET
    hour: Any | Unset = UNSET
    minute: Any | Unset = UNSET
    month: Any | Unset = UNSET
    second: Any | Unset = UNSET
    year: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day

        hour = self.hour

        minute = self.minute

        month = self.month

        second = self.second

        year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if day is not UNSET:
            field_dict["day"] = day
        if hour is not UNSET:
            field_dict["hour"] = hour
        if minute is not UNSET:
            field_dict["minute"] = minute
        if month is not UNSET:
            field_dict["month"] = month
        if second is not UNSET:
            field_dict["second"] = second
        if year is not UNSET:
            field_dict["year"] = year

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = d.pop("day", UNSET)

        hour = d.pop("hour", UNSET)

        minute = d.pop("minute", UNSET)

        month = d.pop("month", UNSET)

        second = d.pop("second", UNSET)

        year = d.pop("year", UNSET)

        timeline_js_file_events_item_start_date = cls(
            day=day,
            hour=hour,
            minute=minute,
            month=month,
            second=second,
            year=year,
        )

        timeline_js_file_events_item_start_date.additional_properties = d
        return timeline_js_file_events_item_start_date

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
