"""CSL-JSON (citationstyles.org): the sources the timeline's events cite, once each, for reference managers.

How and why: docs/architecture.md, "CSL-JSON exports".
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlsplit

import msgspec

from service.events.schemas import Event
from service.exports.base import Renderer, date_parts, parsed_or_none
from service.sources.schemas import Source

_encoder = msgspec.json.Encoder()
CSL_TYPES = {
    "news": "article-newspaper",
    "analysis": "article",
    "readout": "speech",
    "statement": "speech",
    "report": "report",
    "documentary": "motion_picture",
    "dataset": "dataset",
    "other": "webpage",
}
_CONTAINED = {"news", "analysis"}


def csl_name(name: str) -> dict[str, str]:
    """`Family, Given` or `Given Family` as name parts; a single word (an agency, a pen name) as literal."""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if family and given else {"literal": name}
    given, _, family = name.strip().rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name}


def _issued(text: str | None) -> dict[str, Any] | None:
    parsed = parsed_or_none(text)
    if parsed is None:
        return None
    parts = [date_parts(parsed.start, parsed.precision)]
    if parsed.end is not None and "/" in text:
        parts.append(date_parts(parsed.end, parsed.precision))
    issued: dict[str, Any] = {"date-parts": parts}
    if parsed.approximate:
        issued["circa"] = True
    return issued


def _day_parts(moment: dt.datetime) -> dict[str, Any]:
    day = moment.astimezone(dt.UTC).date()
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(s: Source) -> dict[str, Any]:
    item: dict[str, Any] = {"id": str(s.id), "type": CSL_TYPES.get(s.kind, "webpage"), "title": s.title}
    if s.authors:
        item["author"] = [csl_name(name) for name in s.authors]
    if s.publisher:
        item["container-title" if s.kind in _CONTAINED else "publisher"] = s.publisher
    if (issued := _issued(s.published)) is not None:
        item["issued"] = issued
    if s.accessed_at is not None:
        item["accessed"] = _day_parts(s.accessed_at)
    item["URL"] = s.url
    if s.archive_url:
        item["archive"] = urlsplit(s.archive_url).hostname or s.archive_url
        item["archive_location"] = s.archive_url
    if s.language:
        item["language"] = s.language
    return item


class CslJson(Renderer):
    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.seen: set[uuid.UUID] = set()

    def head(self) -> bytes:
        return b"["

    def chunk(self, events: list[Event]) -> bytes:
        parts = []
        for event in events:
            for c in event.citations:
                if c.source.id not in self.seen:
                    parts.append(_encoder.encode(csl_item(c.source)))
                    self.seen.add(c.source.id)
        if not parts:
            return b""
        return (b"," if len(self.seen) > len(parts) else b"") + b",".join(parts)

    def tail(self) -> bytes:
        return b"]"
