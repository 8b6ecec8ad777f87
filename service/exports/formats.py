"""The export formats: each one's renderer, media type and file extension."""

from __future__ import annotations

import importlib
from typing import Literal

import msgspec

from service.exports.base import Renderer

ExportFormat = Literal["timelinejs", "jsonld", "csljson", "ics", "atom", "csv"]


class Format(msgspec.Struct, frozen=True):
    # `module:Class` of the renderer, imported on first use: a worker that never renders a calendar or
    # a feed never loads their libraries (a few MB of memory each).
    renderer_path: str
    media_type: str  # Litestar adds `; charset=utf-8` to the text/* ones
    extension: str
    description: str

    def renderer(self) -> type[Renderer]:
        module, name = self.renderer_path.split(":")
        return getattr(importlib.import_module(f"service.exports.{module}"), name)


FORMATS: dict[str, Format] = {
    "timelinejs": Format(
        "timelinejs:TimelineJs",
        "application/json",
        "json",
        "`timelinejs`: TimelineJS3 JSON, a title slide and one slide per event",
    ),
    "jsonld": Format(
        "jsonld:JsonLd",
        "application/ld+json",
        "jsonld",
        "`jsonld`: a schema.org `ItemList` of `Event`s with their citations",
    ),
    "csljson": Format(
        "csljson:CslJson",
        "application/vnd.citationstyles.csl+json",
        "json",
        "`csljson`: the cited sources as CSL-JSON items, for reference managers",
    ),
    "ics": Format(
        "ical:ICal", "text/calendar", "ics", "`ics`: an iCalendar (RFC 5545) calendar, one VEVENT per event"
    ),
    "atom": Format(
        "atom:Atom", "application/atom+xml", "atom", "`atom`: an Atom feed of the events, newest change first"
    ),
    "csv": Format(
        "table:Table",
        "text/csv",
        "csv",
        "`csv`: one row per event, citations in numbered columns; `dateline import` reads it",
    ),
}
