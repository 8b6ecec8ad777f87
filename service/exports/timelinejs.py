"""TimelineJS3 JSON (timeline.knightlab.com/docs/json-format.html): a title slide and one slide per event.

How and why: docs/architecture.md, "TimelineJS exports".
"""

from __future__ import annotations

from html import escape
from typing import Any

import msgspec

from service.events.schemas import Citation, Event
from service.exports.base import Renderer, clean, date_parts, moment_utc

SOURCES_CLASS = "dateline-sources"
NOTE_CLASS = "dateline-note"

_encoder = msgspec.json.Encoder()


def date_object(event: Event, *, end: bool = False) -> dict[str, int] | None:
    """A TimelineJS date object for the event's start (or end), down to its precision only."""
    if end:
        if event.end is None or "/" not in event.date:
            return None
        return dict(zip(("year", "month", "day"), date_parts(event.end, event.precision), strict=False))
    if (moment := moment_utc(event)) is not None:
        return {
            "year": moment.year,
            "month": moment.month,
            "day": moment.day,
            "hour": moment.hour,
            "minute": moment.minute,
        }
    return dict(zip(("year", "month", "day"), date_parts(event.start, event.precision), strict=False))


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in clean(text).replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join("<p>" + escape(b).replace("\n", "<br>") + "</p>" for b in blocks)


def _citation(c: Citation) -> str:
    s = c.source
    url = escape(s.url)
    byline = ", ".join(escape(clean(part)) for part in (s.publisher, s.published) if part)
    item = f'<a href="{url}">{escape(clean(s.title))}</a>' + (f" ({byline})" if byline else "")
    if c.stance != "supports":
        item += f" <em>{escape(c.stance)}</em>"
    locator = f' data-locator="{escape(clean(c.locator))}"' if c.locator else ""
    quote = f'<q cite="{url}" data-stance="{escape(c.stance)}"{locator}>{escape(clean(c.quote))}</q>'
    return f"<li>{item}: {quote}</li>"


def slide_text(event: Event) -> str:
    """The slide's HTML: the summary, the retraction and corrections, then the sources with their quotes."""
    html = _paragraphs(event.summary or "")
    if event.status == "retracted":
        html += (
            f'<p class="{NOTE_CLASS}"><strong>Retracted:</strong> {escape(clean(event.retraction_note))}</p>'
        )
    for correction in event.corrections:
        day = correction.at.date().isoformat()
        html += f'<p class="{NOTE_CLASS}">Corrected on {day}: {escape(clean(correction.note))}</p>'
    if event.citations:
        html += f'<ol class="{SOURCES_CLASS}">' + "".join(_citation(c) for c in event.citations) + "</ol>"
    return html


def slide(event: Event) -> dict[str, Any]:
    out: dict[str, Any] = {"unique_id": str(event.id), "start_date": date_object(event)}
    if (end := date_object(event, end=True)) is not None:
        out["end_date"] = end
    out["display_date"] = event.display
    out["text"] = {"headline": escape(clean(event.title)), "text": slide_text(event)}
    if event.tags:
        out["group"] = event.tags[0]
    if event.media is not None:
        m = event.media
        media = {"url": m.url}
        media.update(
            {
                k: escape(clean(v))
                for k, v in (("caption", m.caption), ("credit", m.credit), ("alt", m.alt_text))
                if v
            }
        )
        out["media"] = media
    return out


class TimelineJs(Renderer):
    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.first = True

    def head(self) -> bytes:
        t = self.ctx.timeline
        title = {"text": {"headline": escape(clean(t.title)), "text": _paragraphs(t.description or "")}}
        return b'{"scale":"human","title":' + _encoder.encode(title) + b',"events":['

    def chunk(self, events: list[Event]) -> bytes:
        if not events:
            return b""
        body = b",".join(_encoder.encode(slide(e)) for e in events)
        prefix = b"" if self.first else b","
        self.first = False
        return prefix + body

    def tail(self) -> bytes:
        return b"]}"
