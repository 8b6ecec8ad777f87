"""The oEmbed 1.0 answer (https://oembed.com, section 2.3.4): a `rich` type holding the embed's iframe."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from service.schemas import Output


class OEmbed(Output, kw_only=True):
    """An oEmbed 1.0 `rich` response: the timeline's embed page in an iframe."""

    version: Annotated[Literal["1.0"], Meta(description="The oEmbed version: always `1.0`.")]
    type: Annotated[Literal["rich"], Meta(description="The oEmbed type: always `rich` (HTML to insert).")]
    html: Annotated[
        str, Meta(description="The `<iframe>` of the embed page to insert; its attributes are escaped.")
    ]
    width: Annotated[int, Meta(ge=1, description="The iframe's width in pixels, at most `maxwidth`.")]
    height: Annotated[int, Meta(ge=1, description="The iframe's height in pixels, at most `maxheight`.")]
    title: Annotated[str, Meta(description="The timeline's title (plain text: escape it to show it).")]
    provider_name: Annotated[Literal["Dateline"], Meta(description="Always `Dateline`.")]
    provider_url: Annotated[str, Meta(description="This service's address.")]
