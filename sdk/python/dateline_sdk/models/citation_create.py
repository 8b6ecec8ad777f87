from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.stance import Stance
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_in import SourceIn


T = TypeVar("T", bound="CitationCreate")


@_attrs_define
class CitationCreate:
    """A citation added to an existing event (`POST /v1/events/{id}/citations`); with `correction`, the
    event shows it as a correction, `change_note` its note.

    Attributes:
        quote (str): The quoted passage of the source, 1 to 2,000 characters.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object. Default: False.
        locator (None | str | Unset): Where in the source: `para. 7`, `00:41:10`.
        note (None | str | Unset): Free text, at most 2,000 characters.
        source (None | SourceIn | Unset): The cited source.
        source_id (None | Unset | UUID): The id of an existing source to cite.
        stance (Stance | Unset): Whether a source `supports` or `disputes` an event, or gives `context`.
    """

    quote: str
    change_note: None | str | Unset = UNSET
    correction: bool | Unset = False
    locator: None | str | Unset = UNSET
    note: None | str | Unset = UNSET
    source: None | SourceIn | Unset = UNSET
    source_id: None | Unset | UUID = UNSET
    stance: Stance | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_in import SourceIn  # noqa: PLC0415

        quote = self.quote

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        locator: None | str | Unset
        if isinstance(self.locator, Unset):
            locator = UNSET
        else:
            locator = self.locator

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, SourceIn):
            source = self.source.to_dict()
        else:
            source = self.source

        source_id: None | str | Unset
        if isinstance(self.source_id, Unset):
            source_id = UNSET
        elif isinstance(self.source_id, UUID):
            source_id = str(self.source_id)
        else:
            source_id = self.source_id

        stance: str | Unset = UNSET
        if not isinstance(self.stance, Unset):
            stance = self.stance.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "quote": quote,
            }
        )
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if locator is not UNSET:
            field_dict["locator"] = locator
        if note is not UNSET:
            field_dict["note"] = note
        if source is not UNSET:
            field_dict["source"] = source
        if source_id is not UNSET:
            field_dict["source_id"] = source_id
        if stance is not UNSET:
            field_dict["stance"] = stance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_in import SourceIn  # noqa: PLC0415

        d = dict(src_dict)
        quote = d.pop("quote")

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        def _parse_locator(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locator = _parse_locator(d.pop("locator", UNSET))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        def _parse_source(data: object) -> None | SourceIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = SourceIn.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceIn | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_source_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_id_type_0 = UUID(data)

                return source_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        source_id = _parse_source_id(d.pop("source_id", UNSET))

        _stance = d.pop("stance", UNSET)
        stance: Stance | Unset
        if isinstance(_stance, Unset):
            stance = UNSET
        else:
            stance = Stance(_stance)

        citation_create = cls(
            quote=quote,
            change_note=change_note,
            correction=correction,
            locator=locator,
            note=note,
            source=source,
            source_id=source_id,
            stance=stance,
        )

        return citation_create
