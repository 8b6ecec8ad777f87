from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.key_role import KeyRole

T = TypeVar("T", bound="Key")


@_attrs_define
class Key:
    """An API key as listed: never its secret.

    Attributes:
        created_at (datetime.datetime): When the object was created (RFC 3339, UTC).
        id (UUID): Server-assigned identifier (UUID).
        name (str): The name.
        newsroom (str): The newsroom that owns the object; set by the server.
        prefix (str): The first characters of the key, to recognise it.
        revoked_at (datetime.datetime | None): When the key was revoked; null while it works.
        role (KeyRole): What an API key may do: `viewer` reads drafts, `editor` writes, `admin` manages keys.
    """

    created_at: datetime.datetime
    id: UUID
    name: str
    newsroom: str
    prefix: str
    revoked_at: datetime.datetime | None
    role: KeyRole
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        name = self.name

        newsroom = self.newsroom

        prefix = self.prefix

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        role = self.role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "name": name,
                "newsroom": newsroom,
                "prefix": prefix,
                "revoked_at": revoked_at,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        name = d.pop("name")

        newsroom = d.pop("newsroom")

        prefix = d.pop("prefix")

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        role = KeyRole(d.pop("role"))

        key = cls(
            created_at=created_at,
            id=id,
            name=name,
            newsroom=newsroom,
            prefix=prefix,
            revoked_at=revoked_at,
            role=role,
        )

        key.additional_properties = d
        return key

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
