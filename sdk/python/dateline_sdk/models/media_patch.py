from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="MediaPatch")


@_attrs_define
class MediaPatch:
    """Changes to the event's image or video, merged into it (RFC 7396): a member left out stays, `null` removes it (`url`
    is required in the result).

        Attributes:
            alt_text (None | str | Unset): Free text, at most 2,000 characters.
            caption (None | str | Unset): Free text, at most 2,000 characters.
            credit (None | str | Unset): Who made the media.
            url (None | str | Unset): An absolute http or https URL, at most 2,000 characters.
    """

    alt_text: None | str | Unset = UNSET
    caption: None | str | Unset = UNSET
    credit: None | str | Unset = UNSET
    url: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if alt_text is not UNSET:
            field_dict["alt_text"] = alt_text
        if caption is not UNSET:
            field_dict["caption"] = caption
        if credit is not UNSET:
            field_dict["credit"] = credit
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))

        media_patch = cls(
            alt_text=alt_text,
            caption=caption,
            credit=credit,
            url=url,
        )

        return media_patch
