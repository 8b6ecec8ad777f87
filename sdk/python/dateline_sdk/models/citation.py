from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.stance import Stance

if TYPE_CHECKING:
    from ..models.source import Source


T = TypeVar("T", bound="Citation")


@_attrs_define
class Citation:
    """A passage of a source quoted for an event, with the source itself.

    Attributes:
        created_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        event_id (UUID): Server-assigned identifier (UUID).
        id (UUID): Server-assigned identifier (UUID).
        locator (None | str): Where in the source: `para. 7`, `00:41:10`.
        note (None | str): An editor's note on the citation.
        quote (str): The passage of the source that backs the claim.
        source (Source): A page, document or recording that events cite.
        stance (Stance): Whether a source `supports` or `disputes` an event, or gives `context`.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        version (int): Incremented on every change; the basis of the ETag.
    """

    created_at: datetime.datetime
    event_id: UUID
    id: UUID
    locator: None | str
    note: None | str
    quote: str
    source: Source
    stance: Stance
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        event_id = str(self.event_id)

        id = str(self.id)

        locator: None | str
        locator = self.locator

        note: None | str
        note = self.note

        quote = self.quote

        source = self.source.to_dict()

        stance = self.stance.value

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "event_id": event_id,
                "id": id,
                "locator": locator,
                "note": note,
                "quote": quote,
                "source": source,
                "stance": stance,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source import Source  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        event_id = UUID(d.pop("event_id"))

        id = UUID(d.pop("id"))

        def _parse_locator(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        locator = _parse_locator(d.pop("locator"))

        def _parse_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        note = _parse_note(d.pop("note"))

        quote = d.pop("quote")

        source = Source.from_dict(d.pop("source"))

        stance = Stance(d.pop("stance"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        citation = cls(
            created_at=created_at,
            event_id=event_id,
            id=id,
            locator=locator,
            note=note,
            quote=quote,
            source=source,
            stance=stance,
            updated_at=updated_at,
            version=version,
        )

        citation.additional_properties = d
        return citation

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
