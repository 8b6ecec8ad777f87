"""Citing and unciting: both change the event, so both bump its version and keep a revision."""

from __future__ import annotations

import uuid

from service.auth.actor import Actor
from service.db import Database
from service.errors import Invalid, NotFound
from service.events import citations_repository as repo
from service.events import repository as events_repo
from service.events.schemas import Citation, CitationCreate, Event
from service.events.service import add_citation, get_event
from service.problem_types import PUBLISHING_RULE
from service.writes import check_correction, check_version, locked


async def cite(
    db: Database, *, actor: Actor, event_id: uuid.UUID, data: CitationCreate
) -> tuple[Event, uuid.UUID]:
    check_correction(data.correction, data.change_note)
    async with db.transaction() as conn:
        locked(
            await events_repo.event_row_for_update(conn, event_id=event_id),
            newsroom=actor.newsroom,
            if_match=None,
            missing=f"No event {event_id}.",
        )
        citation_id = await add_citation(conn, actor=actor, event_id=event_id, citation=data, prefix="")
        await events_repo.refresh_event(conn, event_id=event_id, changed=True)
        event = await events_repo.insert_event_revision(
            conn,
            event_id=event_id,
            action="update",
            key_id=actor.key_id,
            change_note=data.change_note,
            correction=data.correction,
        )
    return event, citation_id


async def uncite(
    db: Database, *, actor: Actor, event_id: uuid.UUID, citation_id: uuid.UUID, if_match: int | None
) -> None:
    """Remove a citation, unless it is the last one supporting a published event; `if_match` is the
    citation's own version (its ETag is the citation's, as `GET` shows it)."""
    async with db.transaction() as conn:
        current = locked(
            await events_repo.event_row_for_update(conn, event_id=event_id),
            newsroom=actor.newsroom,
            if_match=None,
            missing=f"No event {event_id}.",
        )
        citation = await repo.citation_for_update(conn, citation_id=citation_id, event_id=event_id)
        if citation is None:
            raise NotFound(f"No citation {citation_id} on event {event_id}.")
        check_version(if_match, citation["version"])
        await repo.delete_citation(conn, citation_id=citation_id)
        if current.fields["status"] == "published" and not await events_repo.has_supporting_citation(
            conn, event_id=event_id
        ):
            raise Invalid(
                "This is the published event's last supporting citation; add another or unpublish it first.",
                type=PUBLISHING_RULE,
            )
        await events_repo.refresh_event(conn, event_id=event_id, changed=True)
        await repo.insert_citation_revision(
            conn, citation_id=citation_id, action="delete", key_id=actor.key_id, change_note=None
        )
        await events_repo.insert_event_revision(
            conn, event_id=event_id, action="update", key_id=actor.key_id, change_note=None, correction=False
        )


async def get_citation(
    db: Database, *, event_id: uuid.UUID, citation_id: uuid.UUID, drafts_of: str | None
) -> tuple[Event, Citation]:
    """A citation as its event shows it to this caller (a draft's only to its newsroom's keys)."""
    event = await get_event(db, event_id=event_id, drafts_of=drafts_of)
    for citation in event.citations:
        if citation.id == citation_id:
            return event, citation
    raise NotFound(f"No citation {citation_id} on event {event_id}.")
