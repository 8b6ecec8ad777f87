"""Who is making a request: the newsroom it writes for and what it may do."""

from __future__ import annotations

import uuid
import msgspec
from litestar.datastructures import State


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    """The caller as the rules see it; `key_id` goes into every revision it writes."""

    newsroom: str
    key_id: uuid.UUID | None = None
    role: str = "admin"


def provide_actor(state: State) -> Actor:
    """Until API keys exist every write belongs to the configured open newsroom."""
    return Actor(newsroom=state.settings.open_newsroom)
