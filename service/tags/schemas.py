"""Tag counts: the facets of an event search."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from service.schemas import NextCursor, Output, PrevCursor


class TagCount(Output, kw_only=True):
    """A tag and how many matching events carry it."""

    tag: Annotated[str, Meta(description="The tag slug.")]
    count: Annotated[int, Meta(ge=1, description="Matching events that carry the tag.")]


class TagPage(Output, kw_only=True):
    """A page of tags, most used first, then by name."""

    items: list[TagCount]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None
