from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OEmbed")


@_attrs_define
class OEmbed:
    """An oEmbed 1.0 `rich` response: the timeline's embed page in an iframe.

    Attributes:
        height (int): The iframe's height in pixels, at most `maxheight`.
        html (str): The `<iframe>` of the embed page to insert; its attributes are escaped.
        provider_name (Literal['Dateline']): Always `Dateline`.
        provider_url (str): This service's address.
        title (str): The timeline's title (plain text: escape it to show it).
        type_ (Literal['rich']): The oEmbed type: always `rich` (HTML to insert).
        version (Literal['1.0']): The oEmbed version: always `1.0`.
        width (int): The iframe's width in pixels, at most `maxwidth`.
    """

    height: int
    html: str
    provider_name: Literal["Dateline"]
    provider_url: str
    title: str
    type_: Literal["rich"]
    version: Literal["1.0"]
    width: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        html = self.html

        provider_name = self.provider_name

        provider_url = self.provider_url

        title = self.title

        type_ = self.type_

        version = self.version

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "height": height,
                "html": html,
                "provider_name": provider_name,
                "provider_url": provider_url,
                "title": title,
                "type": type_,
                "version": version,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        html = d.pop("html")

        provider_name = cast(Literal["Dateline"], d.pop("provider_name"))
        if provider_name != "Dateline":
            raise ValueError(f"provider_name must match const 'Dateline', got '{provider_name}'")

        provider_url = d.pop("provider_url")

        title = d.pop("title")

        type_ = cast(Literal["rich"], d.pop("type"))
        if type_ != "rich":
            raise ValueError(f"type must match const 'rich', got '{type_}'")

        version = cast(Literal["1.0"], d.pop("version"))
        if version != "1.0":
            raise ValueError(f"version must match const '1.0', got '{version}'")

        width = d.pop("width")

        o_embed = cls(
            height=height,
            html=html,
            provider_name=provider_name,
            provider_url=provider_url,
            title=title,
            type_=type_,
            version=version,
            width=width,
        )

        o_embed.additional_properties = d
        return o_embed

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
