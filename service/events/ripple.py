"""The events' side of a source or entity write (the port in service/ripple.py)."""

from __future__ import annotations

import uuid

import asyncpg

from service.events import citations_repository, repository
from service.events.document import (
    lock_events_of_entity,
    lock_events_of_source,
    refresh_docs_of_entity,
    refresh_docs_of_source,
)

__all__ = [
    "lock_events_of_entity", "lock_events_of_source", "record_citation_changes", "refresh_docs_of_entity",
    "refresh_docs_of_source",
]  # fmt: skip


async def record_citation_changes(
    conn: asyncpg.Connection,
    *,
    key_id: uuid.UUID | None,
    cited: list[tuple[uuid.UUID, uuid.UUID]],
    action: str,
) -> None:
    """Citations (id, event id) that went or came back with their source change their events: history for
    both."""
    for citation_id in {c for c, _ in cited}:
        await citations_repository.insert_citation_revision(
            conn, citation_id=citation_id, action=action, key_id=key_id, change_note=None
        )
    for event_id in {e for _, e in cited}:
        await repository.refresh_event(conn, event_id=event_id, changed=True)
        await repository.insert_event_revision(
            conn, event_id=event_id, action="update", key_id=key_id, change_note=None, correction=False
        )
