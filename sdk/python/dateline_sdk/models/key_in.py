from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.key_in_role import KeyInRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeyIn")


@_attrs_define
class KeyIn:
    """A new key for the caller's newsroom.

    Attributes:
        role (KeyInRole): How the entity takes part: `participant`, `subject`, `location` or `mentioned`.
        name (str | Unset): A label to recognise the key by. Default: ''.
    """

    role: KeyInRole
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
        role = KeyInRole(d.pop("role"))

        name = d.pop("name", UNSET)

        key_in = cls(
            role=role,
            name=name,
        )

        return key_in
