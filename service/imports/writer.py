"""Writing a checked import file a chunk of rows at a time, set-based: its sources, events, entity links,
citations and `create` revisions in a few statements (service/imports/service.py checks it first)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import asyncpg
import msgspec
from uuid_utils.compat import uuid7

from service.auth.actor import Actor
from service.edtf import ParsedDate
from service.events import citations_repository as citations_repo
from service.events import repository as events_repo
from service.events.document import EntityName, new_event_doc
from service.events.repository import Created
from service.events.schemas import CitationIn, Event, EventFields, EventIn
from service.imports.schemas import Row
from service.sources import repository as sources_repo
from service.sources import service as sources
from service.sources.schemas import Source


class Checked(msgspec.Struct, frozen=True):
    """A row that meets the rules checked without the database: what creating its event would write."""

    row: Row
    fields: EventFields
    date: ParsedDate
    sources: dict[int, tuple[dict[str, Any], ParsedDate | None]]  # citation position: its new source's fields


class Chunk(msgspec.Struct, frozen=True, kw_only=True):
    """Checked rows ready to write: what `events.create_event` writes for each, with ids given now."""

    event_ids: list[uuid.UUID]
    fields: list[EventFields]
    dates: list[ParsedDate]
    quotes: list[list[str]]
    events: list[Created]  # their revisions
    citations: list[Created]
    cited_events: list[uuid.UUID]
    cited_sources: list[uuid.UUID]
    cited: list[CitationIn]
    sources: list[Created]  # the new sources these rows cite first, for their revisions
    docs: list[Event]  # the events as they read once written: their revisions' states and their documents

    @classmethod
    def of(
        cls,
        rows: list[Checked],
        *,
        first: int,
        newsroom: str,
        source_ids: dict[str, uuid.UUID],
        sources: list[Created],
        cited: dict[uuid.UUID, Source],
        entities: dict[uuid.UUID, EntityName],
        now: dt.datetime,
    ) -> Chunk:
        """The chunk of `rows`, numbered from `first`; `source_ids` by canonical URL of those cited inline,
        `cited` every cited source by id, `entities` every linked entity, `now` the transaction's instant."""
        # Time-ordered ids (UUIDv7): the chunk's rows go to the right-hand end of the primary keys and of
        # the indexes that lead with an event id, not to a random page of each (~6 % less PostgreSQL CPU
        # per event than random ids, measured on a file of 10,000).
        event_ids = [uuid7() for _ in rows]
        citation_ids = iter([uuid7() for row in rows for _ in row.row.event.citations])
        events, citations, cited_events, cited_sources, cited_in, docs = [], [], [], [], [], []
        for number, row, event_id in zip(range(first, first + len(rows)), rows, event_ids, strict=True):
            event = row.row.event
            events.append(Created(event_id, event.change_note, number, correction=event.correction))
            shown = []
            for i, citation in enumerate(event.citations):
                citations.append(Created(next(citation_ids), citation.change_note, number, i))
                cited_events.append(event_id)
                inline = row.sources.get(i)
                cited_sources.append(citation.source_id if inline is None else source_ids[inline[0]["url"]])
                cited_in.append(citation)
                shown.append((citations[-1].id, cited[cited_sources[-1]], citation))
            docs.append(
                new_event_doc(
                    event_id=event_id,
                    newsroom=newsroom,
                    fields=row.fields,
                    date=row.date,
                    entities=entities,
                    citations=shown,
                    correction=event.change_note if event.correction else None,
                    now=now,
                )
            )
        return cls(
            event_ids=event_ids,
            fields=[row.fields for row in rows],
            dates=[row.date for row in rows],
            quotes=[[citation.quote for citation in row.row.event.citations] for row in rows],
            events=events,
            citations=citations,
            cited_events=cited_events,
            cited_sources=cited_sources,
            cited=cited_in,
            sources=sources,
            docs=docs,
        )

    async def write(self, conn: asyncpg.Connection, *, actor: Actor) -> None:
        """Create the chunk's events as `events.create_event` creates each, in five statements."""
        await events_repo.insert_events(
            conn,
            newsroom=actor.newsroom,
            ids=self.event_ids,
            data=self.fields,
            dates=self.dates,
            quotes=self.quotes,
        )
        await events_repo.insert_event_entities(conn, event_ids=self.event_ids, data=self.fields)
        await citations_repo.insert_citations(
            conn,
            newsroom=actor.newsroom,
            ids=[c.id for c in self.citations],
            event_ids=self.cited_events,
            source_ids=self.cited_sources,
            data=self.cited,
        )
        await events_repo.insert_created_revisions(
            conn,
            key_id=actor.key_id,
            sources=self.sources,
            citations=self.citations,
            events=self.events,
            docs=self.docs,
        )


async def resolve_sources(
    conn: asyncpg.Connection, *, actor: Actor, checked: list[Checked]
) -> tuple[dict[str, uuid.UUID], dict[str, uuid.UUID]]:
    """The sources the rows cite by URL, by canonical URL: those of the importing newsroom found, and those
    created now (in the order the rows first cite them), as `sources.find_or_create` finds or creates each."""
    first = {}
    for row in checked:
        for fields, published in row.sources.values():
            first.setdefault(fields["url"], (fields, published))
    found = await sources_repo.find_sources_by_urls(conn, newsroom=actor.newsroom, urls=list(first))
    new = [source for url, source in first.items() if url not in found]
    created = await sources_repo.insert_sources(conn, newsroom=actor.newsroom, sources=new) if new else {}
    if len(created) < len(new):  # created by a concurrent write since the lookup: found, as by find_or_create
        missed = [fields["url"] for fields, _ in new if fields["url"] not in created]
        found |= await sources_repo.find_sources_by_urls(conn, newsroom=actor.newsroom, urls=missed)
    return found, created


class Sources:
    """Which cited sources this import created, and which it found already there (the one-by-one path)."""

    def __init__(self) -> None:
        self.created: set[uuid.UUID] = set()
        self.reused: dict[uuid.UUID, str] = {}

    async def resolve(self, conn: asyncpg.Connection, actor: Actor, event: EventIn) -> EventIn:
        """The event with each inline source replaced by its id: found by URL, or created now."""
        citations = list(event.citations)
        for i, citation in enumerate(citations):
            if citation.source is None or citation.source_id is not None:
                continue  # the event service reports a citation that names both, or neither
            source_id, created = await sources.find_or_create(
                conn, actor=actor, data=citation.source, prefix=f"citations[{i}].source."
            )
            if created:
                self.created.add(source_id)
            elif source_id not in self.created:
                self.reused[source_id] = sources.canonical_url(citation.source.url)
            citations[i] = msgspec.structs.replace(citation, source=None, source_id=source_id)
        return msgspec.structs.replace(event, citations=citations)
