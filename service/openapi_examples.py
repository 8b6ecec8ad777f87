"""An example of every request and response body in the OpenAPI document, by the component schema that
describes it. Responses are as the service answered with the demo data (openapi_examples.json, trimmed
to a page of one); requests are written here, and tests/test_openapi_examples.py sends each one to the
service, which must take it. Redocly's lint (tests/test_openapi_lint.py) checks each against its schema."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from service.demo.seed import demo_id

_PUTIN, _XI = str(demo_id("entity", "putin")), str(demo_id("entity", "xi"))
_SOURCE = str(demo_id("source", "dispatch"))

REQUESTS: dict[str, Any] = {
    "EventIn": {
        "title": "Putin and Xi meet in Beijing",
        "summary": "The leaders meet before the opening of the Winter Olympics and issue a joint statement.",
        "date": "2022-02-04",
        "status": "published",
        "importance": 4,
        "tags": ["china-russia", "summit"],
        "location": {"name": "Beijing", "country": "CN", "lat": 39.9042, "lon": 116.4074},
        "entities": [{"id": _PUTIN, "role": "participant"}, {"id": _XI, "role": "participant"}],
        "citations": [
            {
                "source": {
                    "url": "https://example.com/2022/02/04/putin-xi-joint-statement",
                    "title": "Putin and Xi issue a joint statement",
                    "publisher": "Example News",
                    "kind": "news",
                    "published": "2022-02-04",
                },
                "quote": "The two leaders met in Beijing hours before the opening ceremony.",
                "stance": "supports",
                "locator": "para. 1",
            }
        ],
    },
    "EventPatch": {
        "summary": "Both leaders call relations the best in history.",
        "tags": ["china-russia", "diplomacy", "summit"],
        "change_note": "Shorter summary.",
    },
    "CitationCreate": {
        "source_id": _SOURCE,
        "quote": "Xi and Putin's summit for autocracy.",
        "stance": "context",
        "note": "An analysis written after the call.",
    },
    "SourceIn": {
        "url": "https://example.com/2021/12/15/xi-putin-call-readout",
        "title": "Readout of the Xi–Putin video call",
        "publisher": "Example News",
        "authors": ["Doe, Jane"],
        "kind": "readout",
        "published": "2021-12-15",
        "language": "en",
    },
    "SourcePatch": {"title": "Xi and Putin's summit for autocracy", "change_note": "Title as published."},
    "EntityIn": {
        "name": "Sergey Lavrov",
        "kind": "person",
        "wikidata": "Q80842",
        "aliases": ["Sergei Lavrov"],
    },
    "EntityPatch": {"aliases": ["V. V. Putin"], "change_note": "Another spelling."},
    "TimelineIn": {
        "slug": "beijing-2022",
        "title": "The Beijing 2022 Winter Olympics",
        "description": "The diplomatic boycott and the leaders who came.",
        "filter": {"from": "2021-12", "to": "2022-02", "tag": ["boycott"]},
        "status": "draft",
        "theme": "auto",
    },
    "TimelinePatch": {"status": "published", "start_at": "newest"},
    "KeyIn": {"role": "editor", "name": "Desk laptop"},
}
# Bodies that no component describes, by media type.
TEXTS = {
    "text/html": '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>The Xi–Putin virtual '
    "summit, December 2021</title>…</head><body>…</body></html>",
    "text/plain; version=0.0.4": "# HELP dateline_requests_total Requests answered.\n"
    "# TYPE dateline_requests_total counter\n"
    'dateline_requests_total{method="GET",route="/v1/events",status="200"} 42.0\n',
}


@functools.cache
def responses() -> dict[str, Any]:
    """The response examples by schema name."""
    found: dict[str, Any] = json.loads(Path(__file__).with_name("openapi_examples.json").read_text())
    return found
