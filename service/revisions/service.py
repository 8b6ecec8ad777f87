"""Reading an object's history: only for keys of the newsroom that owns it."""

from __future__ import annotations

import uuid

from service.auth.actor import Actor
from service.db import Database
from service.errors import NotFound
from service.http import keyed_page, read_cursor
from service.pages import PageSlice, fingerprint
from service.revisions import repository as repo


async def list_revisions(
    db: Database,
    *,
    actor: Actor,
    object_type: str,
    object_id: uuid.UUID,
    limit: int,
    cursor: str | None,
    named: str | None = None,
) -> PageSlice:
    """Newest first; another newsroom's object is a 404, as if it did not exist: its problem names the
    object only as the request did (`named`, else its id), never by anything the caller did not send."""
    fp = fingerprint({"revisions": str(object_id)})
    _, after = read_cursor(cursor, fp, tuple[int])
    async with db.connection() as conn:
        rows = await repo.list_revisions(
            conn,
            object_id=object_id,
            object_type=object_type,
            newsroom=actor.newsroom,
            before=after[0] if after else None,
            limit=limit,
        )
    if not rows and cursor is None:
        raise NotFound(f"No {object_type} {named or object_id}.")
    return keyed_page(rows, limit=limit, direction="next", from_cursor=False, fp=fp)


async def list_timeline_revisions(
    db: Database, *, actor: Actor, slug: str, limit: int, cursor: str | None
) -> PageSlice:
    """A timeline's history, asked for by its slug."""
    async with db.connection() as conn:
        timeline_id = await repo.live_timeline_id(conn, slug=slug)
    if timeline_id is None:
        raise NotFound(f"No timeline {slug}.")
    return await list_revisions(
        db, actor=actor, object_type="timeline", object_id=timeline_id, limit=limit, cursor=cursor, named=slug
    )
