from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stance import Stance

T = TypeVar("T", bound="BackedEvent")


@_attrs_define
class BackedEvent:
    """An event this source is cited for, and how.

    Attributes:
        date (str): The event's date in EDTF, as written.
        display (str): The date for readers, e.g. `15 December 2021`, `c. 2016`, `9–10 December 2021`.
        id (UUID): Server-assigned identifier (UUID).
        stance (Stance): Whether a source `supports` or `disputes` an event, or gives `context`.
        status (str): The event's status.
        title (str): The title.
    """

    date: str
    display: str
    id: UUID
    stance: Stance
    status: str
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        display = self.display

        id = str(self.id)

        stance = self.stance.value

        status = self.status

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "display": display,
                "id": id,
                "stance": stance,
                "status": status,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date")

        display = d.pop("display")

        id = UUID(d.pop("id"))

        stance = Stance(d.pop("stance"))

        status = d.pop("status")

        title = d.pop("title")

        backed_event = cls(
            date=date,
            display=display,
            id=id,
            stance=stance,
            status=status,
            title=title,
        )

        backed_event.additional_properties = d
        return backed_event

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
