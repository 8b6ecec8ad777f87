"""The base Structs and the named constraints every resource shares."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType


class Input(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: unknown fields are an error, never ignored."""


class Output(msgspec.Struct, kw_only=True):
    """Base of every response body."""


def merge_patch_of(struct: type[msgspec.Struct], name: str, doc: str) -> type[Input]:
    """What a JSON merge patch (RFC 7396) may send for an object field of type `struct`: the same
    members with the same constraints and names, each optional and nullable (`null` removes it). It
    is merged into the object's current members (`service.writes.merged`), and the result is checked
    as a `struct`."""
    patch = msgspec.defstruct(
        name,
        [
            (f.name, f.type | None | UnsetType, msgspec.field(default=UNSET, name=f.encode_name))
            for f in msgspec.structs.fields(struct)
        ],
        bases=(Input,),
        kw_only=True,
        module=struct.__module__,
    )
    patch.__doc__ = doc
    return patch


# Text may hold tab, line feed and carriage return, never another control character (C0, DEL) nor the
# noncharacters U+FFFE and U+FFFF: XML 1.0 cannot carry them (Atom), and no reader shows them.
PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]*$"
PLAIN_MESSAGE = (
    "must not contain control characters (U+0000-U+001F other than tab, line feed and carriage return; "
    "U+007F; U+FFFE; U+FFFF)"
)
# A URL holds no space nor any control character at all; `(?![\s\S])` is the very end (a `$` would
# let one trailing line feed through).
URL = r"^[hH][tT][tT][pP][sS]?://[^\s\x00-\x1f\x7f\ufffe\uffff/?#]+[^\s\x00-\x1f\x7f\ufffe\uffff]*(?![\s\S])"
URL_MESSAGE = "must be an absolute http or https URL, without spaces or control characters"
# msgspec's "Expected `str` matching regex '…'" in words, by pattern.
PATTERN_MESSAGES = {PLAIN: PLAIN_MESSAGE, URL: URL_MESSAGE}

Id = Annotated[uuid.UUID, Meta(description="Server-assigned identifier (UUID).")]
Text = Annotated[str, Meta(max_length=500, pattern=PLAIN)]
ShortText = Annotated[
    str,
    Meta(min_length=1, max_length=300, pattern=PLAIN, description="Non-empty text, at most 300 characters."),
]
LongText = Annotated[
    str, Meta(max_length=10_000, pattern=PLAIN, description="Plain text, at most 10,000 characters; no HTML.")
]
Note = Annotated[
    str, Meta(max_length=2_000, pattern=PLAIN, description="Free text, at most 2,000 characters.")
]
Quote = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=2_000,
        pattern=PLAIN,
        description="The quoted passage of the source, 1 to 2,000 characters.",
    ),
]
Url = Annotated[
    str,
    Meta(
        min_length=8,
        max_length=2_000,
        pattern=URL,
        description="An absolute http or https URL, at most 2,000 characters.",
    ),
]
# `(?!\n)`: Python's `$` also matches before a final line feed, which a slug must not end with.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$(?!\n)"
Slug = Annotated[
    str, Meta(min_length=1, max_length=64, pattern=SLUG_PATTERN, description="A slug: [a-z0-9-], 1-64.")
]
Tags = Annotated[list[Slug], Meta(max_length=50, description="Tag slugs, at most 50.")]
Country = Annotated[
    str, Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code, e.g. `CN`.")
]
Wikidata = Annotated[
    str, Meta(pattern=r"^Q[1-9][0-9]{0,11}$", description="A Wikidata item id, e.g. `Q15031`.")
]
Language = Annotated[
    str,
    Meta(
        min_length=2,
        max_length=35,
        pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$",
        description="A BCP 47 language tag, e.g. `en`, `ru`, `pt-BR`.",
    ),
]
EdtfText = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=80,
        description="An EDTF date: `2021-12-15`, `2021-12`, `2021`, `2021-12-15T10:00:00+03:00`, "
        "a trailing `?`, `~` or `%`, or an interval `A/B` (`B` may be `..` for an open end).",
    ),
]
Importance = Annotated[int, Meta(ge=1, le=5, description="Editorial weight from 1 (minor) to 5 (major).")]
Version = Annotated[int, Meta(ge=1, description="Incremented on every change; the basis of the ETag.")]
Timestamp = Annotated[dt.datetime, Meta(tz=True, description="RFC 3339 timestamp in UTC, set by the server.")]
ChangeNote = Annotated[
    str,
    Meta(max_length=2_000, pattern=PLAIN, description="Why this change was made; kept with the revision."),
]
Correction = Annotated[
    bool, Meta(description="Mark this change as a public correction of a published object.")
]
Stance = Literal["supports", "disputes", "context"]
Status = Literal["draft", "published", "retracted"]

NextCursor = Annotated[
    str | None, Meta(description="Pass as `cursor` for the next page; null on the last page.")
]
PrevCursor = Annotated[
    str | None, Meta(description="Pass as `cursor` for the previous page; null on the first page.")
]


class Deleted(Output, kw_only=True, tag_field="object", tag="tombstone"):
    """A tombstone in a sync feed (`updated_since`): the object was deleted at `updated_at`."""

    id: Id
    deleted: Literal[True]
    updated_at: Timestamp
