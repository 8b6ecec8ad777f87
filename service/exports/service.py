"""Export rules: who may export a timeline, what its ETag is, and its events read a chunk at a time.

A published timeline exports for anyone; a draft only for its newsroom's keys (else the same 404 as
no timeline). The members are the ones `GET /v1/timelines/{slug}/events` lists for the same caller.
The ETag is known before anything is rendered, so a 304 costs two small queries. A timeline holds at
most 10,000 events when it is written; one that events joined since beyond that is a 409 to export.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import AsyncIterator, Callable

import msgspec

from service.auth.actor import Actor
from service.db import Database
from service.errors import Conflict
from service.events.filters import Scope
from service.exports import kept
from service.exports import repository as repo
from service.exports.base import ExportContext, Renderer, renderable
from service.exports.formats import FORMATS
from service.exports.kept import ExportStore
from service.metrics import EXPORTS
from service.problem_types import TIMELINE_TOO_LARGE
from service.timelines import service as timelines

log = logging.getLogger(__name__)
CHUNK = 200  # events per query: a 10,000-event timeline is 50 statements, never one giant list
# Bump when an export's layout changes, so clients holding an old ETag get the new rendering.
RENDERING = "2"


class ExportPlan(msgspec.Struct, frozen=True, kw_only=True):
    """Everything needed to answer: the ETag (for a 304) and, to render, the members' scope."""

    context: ExportContext
    scope: Scope
    etag: str
    private: bool
    group: str  # this export of this timeline for this view (service/exports/kept.py)
    version: str  # and its content version: the name it is kept under


async def plan_export(db: Database, *, actor: Actor, slug: str, fmt: str, base_url: str) -> ExportPlan:
    timeline = await timelines.get_timeline(db, slug=slug, drafts_of=actor.drafts_of)
    saved = timelines.saved_filters(timeline.filter)
    scope = timelines.scope_of(
        timeline.newsroom, saved, timeline.include, timeline.exclude, drafts_of=actor.drafts_of
    )
    owner = scope.drafts_of
    async with db.connection(read=True) as conn:
        state = await repo.export_state(conn, scope=scope, at_most=timelines.MAX_EVENTS + 1)
    if state.events > timelines.MAX_EVENTS:  # events that joined it since it was written
        raise Conflict(
            f"This timeline now holds more than the {timelines.MAX_EVENTS:,} events an export may hold; "
            "narrow its filter or exclude some. Its pages "
            f"(/v1/timelines/{slug}/events) still list them all.",
            type=TIMELINE_TOO_LARGE,
        )
    changed_at = max(d for d in (timeline.updated_at, state.changed_at, state.sources_changed_at) if d)
    basis = "\n".join(
        map(
            str,
            (
                RENDERING,
                fmt,
                base_url,
                owner,
                timeline.version,
                timeline.updated_at.isoformat(),
                state.events,
                state.digest,
                changed_at.isoformat(),
            ),
        )
    )
    digest = hashlib.blake2b(basis.encode(), digest_size=8).hexdigest()
    context = ExportContext(
        timeline=renderable(timeline),
        base_url=base_url.rstrip("/"),
        events=state.events,
        max_citations=state.max_citations,
        changed_at=changed_at.astimezone(dt.UTC),
    )
    group = hashlib.blake2b(f"{timeline.id}\n{fmt}\n{owner}\n{base_url}".encode(), digest_size=8).hexdigest()
    return ExportPlan(
        context=context,
        scope=scope,
        etag=f'"{timeline.version}-{digest}"',
        private=owner is not None or timeline.status == "draft",
        group=group,
        version=f"{group}-{timeline.version}-{digest}",
    )


async def export_body(
    db: Database, plan: ExportPlan, fmt: str, store: ExportStore | None, *, admit: Callable[[], None]
) -> AsyncIterator[bytes]:
    """The export's bytes: as kept when an earlier render of this version is; else rendered, once
    `admit` lets this request do something expensive (it raises when not), and kept when it can be."""
    found = store.find(plan.version) if store is not None else None
    if found is not None:
        EXPORTS.labels(fmt, "kept").inc()
        return kept.read(found)
    admit()
    if store is not None:
        try:
            return kept.read(await store.keep(plan.group, plan.version, fmt, lambda: render(db, plan, fmt)))
        except OSError as exc:  # the disk is full, say: send it as it is rendered
            log.warning("cannot keep the %s export of %s (%s)", fmt, plan.context.timeline.slug, exc)
    EXPORTS.labels(fmt, "rendered").inc()
    return render(db, plan, fmt)


async def render(db: Database, plan: ExportPlan, fmt: str) -> AsyncIterator[bytes]:
    """The export's body in pieces: its head, one piece per chunk of members, its tail.

    Each chunk takes a connection only while it is read, so a slow client never holds one, and is
    rendered in a thread, so that other requests are answered meanwhile.
    """
    renderer: Renderer = FORMATS[fmt].renderer()(plan.context)
    yield renderer.head()
    after = None
    while True:
        async with db.connection(read=True) as conn:
            events, after = await repo.member_page(
                conn, scope=plan.scope, order=renderer.order, after=after, limit=CHUNK
            )
        # A chunk of 200 events can take a tenth of a second of CPU (iCalendar): off the event loop.
        if piece := await asyncio.to_thread(renderer.chunk, renderable(events)):
            yield piece
        if after is None:
            break
    yield renderer.tail()
