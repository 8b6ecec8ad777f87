from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.revision_state import RevisionState


T = TypeVar("T", bound="Revision")


@_attrs_define
class Revision:
    """One change to an object: who made it, when, why, and the whole state it left.

    Attributes:
        action (str): What the change was: `create`, `update`, `delete` or `restore`.
        change_note (None | str): Why this change was made; kept with the revision.
        correction (bool): Mark this change as a public correction (needs a `change_note`).
        created_at (datetime.datetime): When the object was created (RFC 3339, UTC).
        id (int): The revision's number; later revisions have larger numbers.
        key_id (None | UUID): The API key that made the change.
        object_id (UUID): The id of the object changed.
        object_type (str): The kind of object changed: `event`, `citation`, `source`, `entity` or `timeline`.
        state (RevisionState): The object's whole state after the change.
        version (int): The object's version after the change.
    """

    action: str
    change_note: None | str
    correction: bool
    created_at: datetime.datetime
    id: int
    key_id: None | UUID
    object_id: UUID
    object_type: str
    state: RevisionState
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        change_note: None | str
        change_note = self.change_note

        correction = self.correction

        created_at = self.created_at.isoformat()

        id = self.id

        key_id: None | str
        if isinstance(self.key_id, UUID):
            key_id = str(self.key_id)
        else:
            key_id = self.key_id

        object_id = str(self.object_id)

        object_type = self.object_type

        state = self.state.to_dict()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "change_note": change_note,
                "correction": correction,
                "created_at": created_at,
                "id": id,
                "key_id": key_id,
                "object_id": object_id,
                "object_type": object_type,
                "state": state,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revision_state import RevisionState  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        def _parse_change_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        change_note = _parse_change_note(d.pop("change_note"))

        correction = d.pop("correction")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        def _parse_key_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                key_id_type_0 = UUID(data)

                return key_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        key_id = _parse_key_id(d.pop("key_id"))

        object_id = UUID(d.pop("object_id"))

        object_type = d.pop("object_type")

        state = RevisionState.from_dict(d.pop("state"))

        version = d.pop("version")

        revision = cls(
            action=action,
            change_note=change_note,
            correction=correction,
            created_at=created_at,
            id=id,
            key_id=key_id,
            object_id=object_id,
            object_type=object_type,
            state=state,
            version=version,
        )

        revision.additional_properties = d
        return revision

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
