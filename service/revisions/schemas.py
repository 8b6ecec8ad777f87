"""An object's history as the API shows it: every change, with the whole state it left."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from service.schemas import NextCursor, Output, PrevCursor


class Revision(Output, kw_only=True):
    """One change to an object: who made it, when, why, and the whole state it left."""

    id: int
    object_type: str
    object_id: uuid.UUID
    version: int
    action: str
    state: dict[str, Any]
    key_id: uuid.UUID | None
    change_note: str | None
    correction: bool
    created_at: dt.datetime


class RevisionPage(Output, kw_only=True):
    """A page of an object's history, newest first."""

    items: list[Revision]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None
