from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.key_role import KeyRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyIn")


@_attrs_define
class KeyIn:
    """A new key for the caller's newsroom.

    Attributes:
        role (KeyRole): What an API key may do: `viewer` reads drafts, `editor` writes, `admin` manages keys.
        name (str | Unset): A label to recognise the key by. Default: ''.
    """

    role: KeyRole
    name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        role = self.role.value

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "role": role,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        role = KeyRole(d.pop("role"))

        name = d.pop("name", UNSET)

        key_in = cls(
            role=role,
            name=name,
        )

        return key_in
