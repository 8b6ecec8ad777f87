"""What a source or entity write does to the events that show it, in the same transaction: they are
locked first, then their documents and history follow. Sources and entities sit below events in the
package graph (an event cites sources and names entities), so they reach the events through this
port, which the events package fills when it is imported (service/events/ripple.py)."""

from __future__ import annotations

import uuid
from typing import Protocol

import asyncpg


class Ripple(Protocol):
    async def lock_events_of_source(self, conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None: ...

    async def lock_events_of_entity(self, conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None: ...

    async def refresh_docs_of_source(self, conn: asyncpg.Connection, *, source_id: uuid.UUID) -> None: ...

    async def refresh_docs_of_entity(self, conn: asyncpg.Connection, *, entity_id: uuid.UUID) -> None: ...

    async def record_citation_changes(
        self,
        conn: asyncpg.Connection,
        *,
        key_id: uuid.UUID | None,
        cited: list[tuple[uuid.UUID, uuid.UUID]],
        action: str,
    ) -> None: ...


_installed: Ripple | None = None


def install(ripple: Ripple) -> None:
    global _installed
    _installed = ripple


def events() -> Ripple:
    """The events' side of a source or entity write; a write before the events package is imported fails
    loudly rather than leave event documents stale."""
    if _installed is None:
        raise RuntimeError("service.events is not imported: nothing would keep the event documents current")
    return _installed
