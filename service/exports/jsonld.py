"""schema.org JSON-LD: the timeline as an `ItemList` of `Event`s, each citing its sources.

`startDate`/`endDate` are the strict bounds as ISO 8601 dates (a moment keeps its time and offset);
an open end has no `endDate`. A citation is a `NewsArticle` for news and analysis, else a
`CreativeWork` (with `genre` naming the source's kind), with its publisher as an `Organization`.
"""

from __future__ import annotations

from typing import Any

import msgspec

from service.events.schemas import Citation, Event
from service.exports.base import Renderer, parsed_or_none

_encoder = msgspec.json.Encoder()
_ARTICLE_KINDS = {"news", "analysis"}
_ISO_LENGTH = {"year": 4, "month": 7, "day": 10}


def _iso_published(text: str | None) -> str | None:
    """A source's EDTF `published` as ISO 8601 at its precision (its start, for an interval)."""
    parsed = parsed_or_none(text)
    if parsed is None:
        return None
    if parsed.precision == "time":  # a moment: never qualified, never in an interval
        return text
    return parsed.start.isoformat()[: _ISO_LENGTH[parsed.precision]]


def citation(c: Citation) -> dict[str, Any]:
    s = c.source
    work: dict[str, Any] = {
        "@type": "NewsArticle" if s.kind in _ARTICLE_KINDS else "CreativeWork",
        "@id": s.url,
        "url": s.url,
        "name": s.title,
        "genre": s.kind,
    }
    if s.publisher:
        work["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.authors:
        work["author"] = [{"@type": "Person", "name": name} for name in s.authors]
    if (published := _iso_published(s.published)) is not None:
        work["datePublished"] = published
    if s.language:
        work["inLanguage"] = s.language
    if s.archive_url:
        work["archivedAt"] = s.archive_url
    return work


def event_item(event: Event, url: str) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Event", "@id": url, "url": url, "name": event.title}
    if event.summary:
        item["description"] = event.summary
    item["startDate"] = event.date if event.precision == "time" else event.start.isoformat()
    if event.end is not None and event.precision != "time":
        item["endDate"] = event.end.isoformat()
    if event.location is not None:
        place: dict[str, Any] = {"@type": "Place", "name": event.location.name}
        if event.location.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": event.location.country}
        if event.location.lat is not None and event.location.lon is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": event.location.lat,
                            "longitude": event.location.lon}  # fmt: skip
        item["location"] = place
    if event.tags:
        item["keywords"] = event.tags
    if event.media is not None:
        item["image"] = event.media.url
    if event.citations:
        item["citation"] = [citation(c) for c in event.citations]
    item["dateModified"] = event.updated_at.isoformat().replace("+00:00", "Z")
    return item


class JsonLd(Renderer):
    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.position = 0

    def head(self) -> bytes:
        t = self.ctx.timeline
        doc: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "@id": self.ctx.timeline_url(),
            "url": self.ctx.embed_url(),
            "name": t.title,
        }
        if t.description:
            doc["description"] = t.description
        doc["numberOfItems"] = self.ctx.events
        doc["itemListOrder"] = "https://schema.org/ItemListOrderAscending"
        return _encoder.encode(doc)[:-1] + b',"itemListElement":['

    def chunk(self, events: list[Event]) -> bytes:
        parts = []
        for event in events:
            self.position += 1
            item = {"@type": "ListItem", "position": self.position,
                    "item": event_item(event, self.ctx.event_url(event.id))}  # fmt: skip
            parts.append(_encoder.encode(item))
        if not parts:
            return b""
        return (b"," if self.position > len(parts) else b"") + b",".join(parts)

    def tail(self) -> bytes:
        return b"]}"
