from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TimelineJsSlideStartDate")


@_attrs_define
class TimelineJsSlideStartDate:
    """The event's first day (or moment), down to its precision.

    Attributes:
        year (int):
        day (int | Unset):
        hour (int | Unset):
        minute (int | Unset):
        month (int | Unset):
    """

    year: int
    day: int | Unset = UNSET
    hour: int | Unset = UNSET
    minute: int | Unset = UNSET
    month: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        day = self.day

        hour = self.hour

        minute = self.minute

        month = self.month

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
            }
        )
        if day is not UNSET:
            field_dict["day"] = day
        if hour is not UNSET:
            field_dict["hour"] = hour
        if minute is not UNSET:
            field_dict["minute"] = minute
        if month is not UNSET:
            field_dict["month"] = month

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        year = d.pop("year")

        day = d.pop("day", UNSET)

        hour = d.pop("hour", UNSET)

        minute = d.pop("minute", UNSET)

        month = d.pop("month", UNSET)

        timeline_js_slide_start_date = cls(
            year=year,
            day=day,
            hour=hour,
            minute=minute,
            month=month,
        )

        timeline_js_slide_start_date.additional_properties = d
        return timeline_js_slide_start_date

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
