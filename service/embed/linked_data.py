"""schema.org JSON-LD for the embed: the timeline as an ItemList of Events, each citing its sources."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.embed.markup import http_url, machine_date
from service.events.schemas import Citation, Event
from service.timelines.schemas import Timeline


def json_ld(timeline: Timeline, events: Sequence[Event], page_url: str) -> dict[str, Any]:
    """schema.org: the timeline as an ItemList of Events, each citing its sources."""

    def event_ld(event: Event) -> dict[str, Any]:
        item: dict[str, Any] = {"@type": "Event", "@id": f"{page_url}#e-{event.id}", "name": event.title,
                                "startDate": machine_date(event)}  # fmt: skip
        if event.end is not None and event.end != event.start:
            item["endDate"] = event.end.isoformat()
        if event.summary:
            item["description"] = event.summary
        if event.location:
            place: dict[str, Any] = {"@type": "Place", "name": event.location.name}
            if event.location.country:
                place["address"] = {"@type": "PostalAddress", "addressCountry": event.location.country}
            item["location"] = place
        item["citation"] = [_work(c) for c in event.citations]
        return item

    doc: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ItemList", "name": timeline.title, "url": page_url,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
    }  # fmt: skip
    if timeline.description:
        doc["description"] = timeline.description
    doc["itemListElement"] = [
        {"@type": "ListItem", "position": n, "item": event_ld(event)} for n, event in enumerate(events, 1)
    ]
    return doc


def _work(citation: Citation) -> dict[str, Any]:
    source = citation.source
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if http_url(source.url):
        work["url"] = source.url
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published:
        work["datePublished"] = source.published
    return work
