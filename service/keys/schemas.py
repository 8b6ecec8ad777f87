"""API keys as the API shows them: never a secret but once, in the response that creates the key."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from msgspec import Meta

from service.auth.actor import Role
from service.schemas import PLAIN, Input, NextCursor, Output, PrevCursor


class KeyIn(Input, kw_only=True):
    """A new key for the caller's newsroom."""

    role: Role
    name: Annotated[
        str, Meta(max_length=100, pattern=PLAIN, description="A label to recognise the key by.")
    ] = ""


class Key(Output, kw_only=True):
    """An API key as listed: never its secret."""

    id: uuid.UUID
    newsroom: str
    role: Role
    name: str
    prefix: Annotated[str, Meta(description="The first characters of the key, to recognise it.")]
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class NewKey(Key, kw_only=True):
    """A key just created: `key` is shown this once and cannot be read again."""

    key: Annotated[str, Meta(description="The secret: send it as `Authorization: Bearer <key>`.")]


class KeyPage(Output, kw_only=True):
    """A page of the newsroom's keys, oldest first."""

    items: list[Key]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None
