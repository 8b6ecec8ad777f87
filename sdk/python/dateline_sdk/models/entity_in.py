from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.entity_kind import EntityKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EntityIn")


@_attrs_define
class EntityIn:
    """A new entity; `wikidata` is unique within a newsroom.

    Attributes:
        kind (EntityKind): What sort of thing an entity is.
        name (str): Non-empty text, at most 300 characters.
        aliases (list[str] | Unset): Other names, at most 50.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object. Default: False.
        wikidata (None | str | Unset): A Wikidata item id, e.g. `Q15031`.
    """

    kind: EntityKind
    name: str
    aliases: list[str] | Unset = UNSET
    change_note: None | str | Unset = UNSET
    correction: bool | Unset = False
    wikidata: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        name = self.name

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        wikidata: None | str | Unset
        if isinstance(self.wikidata, Unset):
            wikidata = UNSET
        else:
            wikidata = self.wikidata

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if aliases is not UNSET:
            field_dict["aliases"] = aliases
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if wikidata is not UNSET:
            field_dict["wikidata"] = wikidata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = EntityKind(d.pop("kind"))

        name = d.pop("name")

        aliases = cast(list[str], d.pop("aliases", UNSET))

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        def _parse_wikidata(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wikidata = _parse_wikidata(d.pop("wikidata", UNSET))

        entity_in = cls(
            kind=kind,
            name=name,
            aliases=aliases,
            change_note=change_note,
            correction=correction,
            wikidata=wikidata,
        )

        return entity_in
