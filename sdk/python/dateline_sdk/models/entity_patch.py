from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.entity_kind import EntityKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EntityPatch")


@_attrs_define
class EntityPatch:
    """JSON merge patch of an entity.

    Attributes:
        aliases (list[str] | None | Unset): Other names, at most 50.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object.
        kind (EntityKind | Unset): What sort of thing an entity is.
        name (str | Unset): Non-empty text, at most 300 characters.
        wikidata (None | str | Unset): A Wikidata item id, e.g. `Q15031`.
    """

    aliases: list[str] | None | Unset = UNSET
    change_note: None | str | Unset = UNSET
    correction: bool | Unset = UNSET
    kind: EntityKind | Unset = UNSET
    name: str | Unset = UNSET
    wikidata: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        aliases: list[str] | None | Unset
        if isinstance(self.aliases, Unset):
            aliases = UNSET
        elif isinstance(self.aliases, list):
            aliases = self.aliases

        else:
            aliases = self.aliases

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        name = self.name

        wikidata: None | str | Unset
        if isinstance(self.wikidata, Unset):
            wikidata = UNSET
        else:
            wikidata = self.wikidata

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if kind is not UNSET:
            field_dict["kind"] = kind
        if name is not UNSET:
            field_dict["name"] = name
        if wikidata is not UNSET:
            field_dict["wikidata"] = wikidata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_aliases(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                aliases_type_0 = cast(list[str], data)

                return aliases_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        aliases = _parse_aliases(d.pop("aliases", UNSET))

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: EntityKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = EntityKind(_kind)

        name = d.pop("name", UNSET)

        def _parse_wikidata(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wikidata = _parse_wikidata(d.pop("wikidata", UNSET))

        entity_patch = cls(
            aliases=aliases,
            change_note=change_note,
            correction=correction,
            kind=kind,
            name=name,
            wikidata=wikidata,
        )

        return entity_patch
