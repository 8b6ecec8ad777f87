"""What each export format's body looks like, for the OpenAPI document: JSON Schemas of the JSON formats
(as timelinejs.py, jsonld.py and csljson.py write them) and a string for the text ones, with an example
of each. Components named here are added to the document (service/openapi_schema.py)."""

from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_INT = {"type": "integer"}
_URL = {"type": "string", "format": "uri"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "description": description, "properties": properties, "required": required}


_TJS_DATE = _obj(
    "A TimelineJS date, down to the event's precision only (`year`; `year`, `month`; …).",
    {"year": _INT, "month": _INT, "day": _INT, "hour": _INT, "minute": _INT},
    ["year"],
)
_TJS_TEXT = _obj(
    "A slide's text: the headline and HTML (summary, notes, and the sources with their quotes).",
    {"headline": _STR, "text": _STR},
    ["headline", "text"],
)
_TJS_MEDIA = _obj("The slide's media.", {"url": _URL, "caption": _STR, "credit": _STR, "alt": _STR}, ["url"])
_CSL_DATE = _obj(
    "A CSL date: `date-parts` (one list, or two for a range), `circa` when approximate.",
    {
        "date-parts": {"type": "array", "items": {"type": "array", "items": _INT}},
        "circa": {"type": "boolean"},
    },
    ["date-parts"],
)
_CSL_NAME = _obj(
    "An author: `family` and `given`, or a `literal` name.",
    {"family": _STR, "given": _STR, "literal": _STR},
    [],
)
_THING = {
    "type": "object",
    "description": "A schema.org node (`@type` and its properties).",
    "properties": {"@type": _STR},
}
_JSONLD_EVENT = _obj(
    "A schema.org `Event`: its bounds as ISO 8601 dates, place, keywords, image and cited works.",
    {
        "@type": {"const": "Event", "type": "string"},
        "@id": _URL,
        "url": _URL,
        "name": _STR,
        "description": _STR,
        "startDate": _STR,
        "endDate": _STR,
        "location": _THING,
        "keywords": {"type": "array", "items": _STR},
        "image": _URL,
        "citation": {"type": "array", "items": _THING},
        "dateModified": {"type": "string", "format": "date-time"},
    },
    ["@type", "@id", "url", "name", "startDate", "dateModified"],
)

_ANY = {"description": "A number or a numeric string."}
_FILE_TEXT = {"type": "object", "properties": {"headline": _STR, "text": _STR}}
_FILE_DATE = {
    "type": "object",
    "properties": {k: _ANY for k in ("year", "month", "day", "hour", "minute", "second")},
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "TimelineJs": _obj(
        "TimelineJS3 JSON (timeline.knightlab.com/docs/json-format.html): a title slide and one slide per "
        "event.",
        {
            "scale": {"const": "human", "type": "string"},
            "title": _obj("The title slide.", {"text": _TJS_TEXT}, ["text"]),
            "events": {"type": "array", "items": _ref("TimelineJsSlide")},
        },
        ["scale", "title", "events"],
    ),
    "TimelineJsSlide": _obj(
        "One event as a TimelineJS slide; an open end has no `end_date`.",
        {
            "unique_id": {"type": "string", "format": "uuid"},
            "start_date": _TJS_DATE,
            "end_date": _TJS_DATE,
            "display_date": _STR,
            "text": _TJS_TEXT,
            "group": _STR,
            "media": _TJS_MEDIA,
        },
        ["unique_id", "start_date", "display_date", "text"],
    ),
    "JsonLdItemList": _obj(
        "schema.org JSON-LD: the timeline as an `ItemList` of `Event`s, each citing its sources.",
        {
            "@context": {"const": "https://schema.org", "type": "string"},
            "@type": {"const": "ItemList", "type": "string"},
            "@id": _URL,
            "url": _URL,
            "name": _STR,
            "description": _STR,
            "numberOfItems": _INT,
            "itemListOrder": _STR,
            "itemListElement": {
                "type": "array",
                "items": _obj(
                    "A position in the list and the event at it.",
                    {
                        "@type": {"const": "ListItem", "type": "string"},
                        "position": _INT,
                        "item": _JSONLD_EVENT,
                    },
                    ["@type", "position", "item"],
                ),
            },
        },
        ["@context", "@type", "@id", "url", "name", "numberOfItems", "itemListOrder", "itemListElement"],
    ),
    "TimelineJsFile": {
        "type": "object",
        "description": "A TimelineJS3 file to import (timeline.knightlab.com/docs/json-format.html), as our "
        "`timelinejs` export or other tools write it: only `events` is needed, and unknown members are "
        "ignored.",
        "required": ["events"],
        "properties": {
            "title": {
                "type": "object",
                "description": "The title slide (not an event).",
                "properties": {"text": _FILE_TEXT},
            },
            "events": {
                "type": "array",
                "description": "One slide per event.",
                "items": {
                    "type": "object",
                    "required": ["start_date"],
                    "properties": {
                        "start_date": _FILE_DATE,
                        "end_date": _FILE_DATE,
                        "display_date": _STR,
                        "text": _FILE_TEXT,
                        "group": _STR,
                        "media": {"type": "object", "properties": {"url": _STR}},
                    },
                },
            },
        },
    },
    "CslItem": _obj(
        "A cited source as a CSL-JSON item (citationstyles.org), for reference managers.",
        {
            "id": {"type": "string", "format": "uuid"},
            "type": _STR,
            "title": _STR,
            "author": {"type": "array", "items": _CSL_NAME},
            "container-title": _STR,
            "publisher": _STR,
            "issued": _CSL_DATE,
            "accessed": _CSL_DATE,
            "URL": _URL,
            "archive": _STR,
            "archive_location": _URL,
            "language": _STR,
        },
        ["id", "type", "title", "URL"],
    ),
}

_SLIDE = {
    "unique_id": "0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f",
    "start_date": {"year": 2021, "month": 12, "day": 15},
    "display_date": "15 December 2021",
    "text": {
        "headline": "Xi and Putin hold a video summit",
        "text": '<p>The two leaders spoke for 90 minutes.</p><ol class="dateline-sources"><li>'
        '<a href="https://www.reuters.com/world/xi-putin-2021-12-15/">Xi, Putin hold call</a> (Reuters, '
        "2021-12-15): "
        '<q cite="https://www.reuters.com/world/xi-putin-2021-12-15/" data-stance="supports">'
        "The leaders spoke by video link.</q></li></ol>",
    },
    "group": "diplomacy",
}
_URL_EXAMPLE = "https://dateline.example.org"
# Per format: the body's schema, and an example body (a string for the text formats).
BODIES: dict[str, tuple[dict[str, Any], Any]] = {
    "timelinejs": (
        _ref("TimelineJs"),
        {
            "scale": "human",
            "title": {"text": {"headline": "Xi–Putin summits", "text": ""}},
            "events": [_SLIDE],
        },
    ),
    "jsonld": (
        _ref("JsonLdItemList"),
        {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "@id": f"{_URL_EXAMPLE}/v1/timelines/xi-putin",
            "url": f"{_URL_EXAMPLE}/embed/timelines/xi-putin",
            "name": "Xi–Putin summits",
            "numberOfItems": 1,
            "itemListOrder": "https://schema.org/ItemListOrderAscending",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": 1,
                    "item": {
                        "@type": "Event",
                        "@id": f"{_URL_EXAMPLE}/v1/events/0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f",
                        "url": f"{_URL_EXAMPLE}/v1/events/0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f",
                        "name": "Xi and Putin hold a video summit",
                        "startDate": "2021-12-15",
                        "endDate": "2021-12-15",
                        "dateModified": "2021-12-16T09:00:00Z",
                    },
                }
            ],
        },
    ),
    "csljson": (
        {"type": "array", "items": _ref("CslItem"), "description": "The cited sources, once each."},
        [
            {
                "id": "0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e60",
                "type": "article-newspaper",
                "title": "Xi, Putin hold call",
                "container-title": "Reuters",
                "issued": {"date-parts": [[2021, 12, 15]]},
                "URL": "https://www.reuters.com/world/xi-putin-2021-12-15/",
            }
        ],
    ),
    "ics": (
        {"type": "string", "description": "An iCalendar (RFC 5545) VCALENDAR, one VEVENT per event."},
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Dateline//EN\r\nBEGIN:VEVENT\r\n"
        "UID:0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f\r\nDTSTART;VALUE=DATE:20211215\r\n"
        "SUMMARY:Xi and Putin hold a video summit\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
    "atom": (
        {"type": "string", "description": "An Atom (RFC 4287) feed, newest change first."},
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Xi–Putin summits</title>…</feed>",
    ),
    "csv": (
        {"type": "string", "description": "CSV (RFC 4180) with a header row; `POST /v1/import` reads it."},
        "date,title,summary,…\r\n2021-12-15,Xi and Putin hold a video summit,…\r\n",
    ),
}

_FIELD_DOCS = {
    "TimelineJs.scale": "Always `human`: dates are calendar dates.",
    "TimelineJs.title": "The title slide: the timeline's title and description.",
    "TimelineJs.events": "One slide per event, oldest first.",
    "TimelineJsSlide.unique_id": "The event's id.",
    "TimelineJsSlide.start_date": "The event's first day (or moment), down to its precision.",
    "TimelineJsSlide.end_date": "The event's last day, for a span; absent for one day or an open end.",
    "TimelineJsSlide.display_date": "The date for readers, as `display` in the API.",
    "TimelineJsSlide.text": "The headline (the title) and the HTML text.",
    "TimelineJsSlide.group": "The event's first tag.",
    "TimelineJsSlide.media": "The event's media.",
    "JsonLdItemList.@context": "Always `https://schema.org`.",
    "JsonLdItemList.@type": "Always `ItemList`.",
    "JsonLdItemList.@id": "The timeline's API address.",
    "JsonLdItemList.url": "The timeline's embed page.",
    "JsonLdItemList.name": "The timeline's title.",
    "JsonLdItemList.description": "The timeline's description.",
    "JsonLdItemList.numberOfItems": "How many events the list holds.",
    "JsonLdItemList.itemListOrder": "Always ascending: oldest event first.",
    "JsonLdItemList.itemListElement": "The events, each a `ListItem` with its position.",
    "CslItem.id": "The source's id.",
    "CslItem.type": "The CSL item type, from the source's kind (`article-newspaper`, `report`, …).",
    "CslItem.title": "The source's title.",
    "CslItem.author": "The source's authors as CSL names.",
    "CslItem.container-title": "The publisher of news and analysis (the paper or site).",
    "CslItem.publisher": "The publisher of other kinds of source.",
    "CslItem.issued": "When the source was published.",
    "CslItem.accessed": "When the page was read.",
    "CslItem.URL": "The source's URL.",
    "CslItem.archive": "The host of the archived copy.",
    "CslItem.archive_location": "The archived copy's URL.",
    "CslItem.language": "The source's language (BCP 47).",
}
for _key, _text in _FIELD_DOCS.items():
    _schema, _field = _key.split(".", 1)
    SCHEMAS[_schema]["properties"][_field] = {**SCHEMAS[_schema]["properties"][_field], "description": _text}
