from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="Media")


@_attrs_define
class Media:
    """An image or video illustrating the event; the embed shows it as a link.

    Attributes:
        url (str): An absolute http or https URL, at most 2,000 characters.
        alt_text (None | str | Unset): Free text, at most 2,000 characters.
        caption (None | str | Unset): Free text, at most 2,000 characters.
        credit (None | str | Unset): Who made the media.
    """

    url: str
    alt_text: None | str | Unset = UNSET
    caption: None | str | Unset = UNSET
    credit: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        alt_text: None | str | Unset
        if isinstance(self.alt_text, Unset):
            alt_text = UNSET
        else:
            alt_text = self.alt_text

        caption: None | str | Unset
        if isinstance(self.caption, Unset):
            caption = UNSET
        else:
            caption = self.caption

        credit: None | str | Unset
        if isinstance(self.credit, Unset):
            credit = UNSET
        else:
            credit = self.credit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if caption is not UNSET:
            field_dict["caption"] = caption
        if credit is not UNSET:
            field_dict["credit"] = credit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        def _parse_alt_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alt_text = _parse_alt_text(d.pop("alt_text", UNSET))

        def _parse_caption(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        caption = _parse_caption(d.pop("caption", UNSET))

        def _parse_credit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        credit = _parse_credit(d.pop("credit", UNSET))

        media = cls(
            url=url,
            alt_text=alt_text,
            caption=caption,
            credit=credit,
        )

        return media
