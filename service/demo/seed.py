"""The demo dataset (the Xi-Putin summit and its context), loaded through the service's own rules.

Ids are derived from the dataset's keys, so the demo has the same URLs on every machine and a
second load adds nothing.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import msgspec

from service.auth.actor import Actor
from service.config import Settings
from service.db import Database, create_pool
from service.entities import service as entities
from service.entities.schemas import EntityIn
from service.events import service as events
from service.events.schemas import CitationIn, EntityLink, EventIn
from service.sources import service as sources
from service.sources.schemas import SourceIn
from service.sql import load_queries
from service.timelines import service as timelines
from service.timelines.schemas import TimelineFilter, TimelineIn

DATASET = Path(__file__).with_name("demo-events.json")
Q = load_queries(Path(__file__).with_name("queries.sql"))
NAMESPACE = uuid.UUID("6f1c2a5e-3d0b-5c1e-9a47-0d8e2b7c4f10")
NEWSROOM = "demo"

# The demo's timelines: the December 2021 summit with its context, and the doping scandal before it.
TIMELINES = [
    TimelineIn(
        slug="xi-putin-summit",
        title="The Xi–Putin virtual summit, December 2021",
        description="Xi Jinping and Vladimir Putin's video call of 15 December 2021 and the months around "
        "it: the Summit for Democracy a week before, the diplomatic boycott of the Beijing Winter Olympics, "
        "and Putin at their opening.",
        filter=TimelineFilter(any_tag=["china-russia", "summit", "boycott"], from_="2021-06", to="2022-02"),
        status="published",
        start_at="2021-12-15",
    ),
    TimelineIn(
        slug="russia-doping",
        title="Russia's doping scandal and the Rio 2016 Games",
        description="From the McLaren report to Russia's exclusions around the Rio 2016 Olympics and "
        "Paralympics, and the documentary that told the story.",
        filter=TimelineFilter(tag=["doping"], from_="2016", to="2017"),
        status="published",
    ),
]


def demo_id(kind: str, key: str) -> uuid.UUID:
    """The fixed id of a demo object: `demo_id("event", "summit")`."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def _pick(item: dict[str, Any], type_: type) -> Any:
    return msgspec.convert({k: v for k, v in item.items() if k in type_.__struct_fields__}, type_)


async def seed_demo(database_url: str, settings: Settings, *, only_if_empty: bool = False) -> int:
    """Load what is missing of the demo dataset; returns how many objects were created."""
    data = json.loads(DATASET.read_text(encoding="utf-8"))
    pool = await create_pool(database_url, settings)
    db = Database(pool, settings)
    actor = Actor(newsroom=NEWSROOM, role="admin")
    created = 0
    try:
        async with db.connection() as conn:
            if only_if_empty and await conn.fetchval(Q.has_events):
                return 0
            existing = {row["id"] for row in await conn.fetch(Q.existing_ids)}
        for item in data["entities"]:
            entity_id = demo_id("entity", item["key"])
            if entity_id not in existing:
                await entities.create_entity(db, actor=actor, data=_pick(item, EntityIn), entity_id=entity_id)
                created += 1
        source_ids: dict[str, uuid.UUID] = {}
        for item in data["sources"]:
            source_id = demo_id("source", item["key"])
            if source_id not in existing:
                async with db.connection() as conn:
                    same_url = await sources.repo.find_source_by_url(
                        conn, newsroom=NEWSROOM, url=sources.canonical_url(item["url"])
                    )
                if same_url is None:
                    await sources.create_source(
                        db, actor=actor, data=_pick(item, SourceIn), source_id=source_id
                    )
                    created += 1
                else:
                    source_id = same_url
            source_ids[item["key"]] = source_id
        for item in data["events"]:
            event_id = demo_id("event", item["key"])
            if event_id in existing:
                continue
            event = _pick({k: v for k, v in item.items() if k not in ("entities", "citations")}, EventIn)
            event = msgspec.structs.replace(
                event,
                status="published",
                entities=[
                    EntityLink(id=demo_id("entity", key), role=role) for key, role in item.get("entities", [])
                ],
                citations=[
                    CitationIn(
                        source_id=source_ids[c["source"]],
                        quote=c["quote"],
                        stance=c.get("stance", "supports"),
                        locator=c.get("locator"),
                        note=c.get("note"),
                    )
                    for c in item["citations"]
                ],
            )
            await events.create_event(db, actor=actor, data=event, event_id=event_id)
            created += 1
        for timeline in TIMELINES:
            timeline_id = demo_id("timeline", timeline.slug)
            if timeline_id in existing:
                continue
            async with db.connection() as conn:
                holder = await timelines.repo.slug_holder(conn, slug=timeline.slug, newsroom=NEWSROOM)
                if holder.id is not None or holder.elsewhere:
                    continue  # the slug is another timeline's, or another newsroom's: leave it be
            await timelines.create_timeline(db, actor=actor, data=timeline, timeline_id=timeline_id)
            created += 1
    finally:
        await db.close()
    return created
