"""The export formats: each one's renderer, media type and file extension."""

from __future__ import annotations

from typing import Literal

import msgspec

from service.exports.atom import Atom
from service.exports.base import Renderer
from service.exports.csljson import CslJson
from service.exports.ical import ICal
from service.exports.jsonld import JsonLd
from service.exports.table import Table
from service.exports.timelinejs import TimelineJs

ExportFormat = Literal["timelinejs", "jsonld", "csljson", "ics", "atom", "csv"]


class Format(msgspec.Struct, frozen=True):
    renderer: type[Renderer]
    media_type: str  # Litestar adds `; charset=utf-8` to the text/* ones
    extension: str
    description: str


FORMATS: dict[str, Format] = {
    "timelinejs": Format(TimelineJs, "application/json", "json",
                         "`timelinejs`: TimelineJS3 JSON, a title slide and one slide per event"),
    "jsonld": Format(JsonLd, "application/ld+json", "jsonld",
                     "`jsonld`: a schema.org `ItemList` of `Event`s with their citations"),
    "csljson": Format(CslJson, "application/vnd.citationstyles.csl+json", "json",
                      "`csljson`: the cited sources as CSL-JSON items, for reference managers"),
    "ics": Format(ICal, "text/calendar", "ics",
                  "`ics`: an iCalendar (RFC 5545) calendar, one VEVENT per event"),
    "atom": Format(Atom, "application/atom+xml", "atom",
                   "`atom`: an Atom feed of the events, newest change first"),
    "csv": Format(Table, "text/csv", "csv",
                  "`csv`: one row per event, citations in numbered columns; `dateline import` reads it"),
}  # fmt: skip
