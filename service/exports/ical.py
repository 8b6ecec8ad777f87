"""iCalendar (RFC 5545) through the `icalendar` package: one VEVENT per event.

How and why: docs/architecture.md, "iCalendar exports".
"""

from __future__ import annotations

import datetime as dt

import icalendar

from service.events.schemas import Event
from service.exports.base import Renderer, clean, first_part, moment_utc, supporting_first

UID_DOMAIN = "dateline"


def _span(event: Event) -> tuple[dt.date | dt.datetime, dt.date | None]:
    """DTSTART and the exclusive DTEND (None for a moment)."""
    if (moment := moment_utc(event)) is not None:
        return moment, None
    if event.end is None:  # open end: the start's own period
        return event.start, first_part(event).end + dt.timedelta(days=1)
    return event.start, event.end + dt.timedelta(days=1)


def description(event: Event) -> str:
    lines = [event.display]
    if event.summary:
        lines += ["", clean(event.summary)]
    if event.end is None and "/" in event.date:
        lines += ["", f"Ongoing: {event.display}."]
    if event.status == "retracted":
        lines += ["", f"Retracted: {clean(event.retraction_note)}"]
    lines += [f"Corrected on {c.at.date().isoformat()}: {clean(c.note)}" for c in event.corrections]
    if event.citations:
        lines += ["", "Sources:"]
        for n, c in enumerate(event.citations, 1):
            s = c.source
            byline = ", ".join(part for part in (s.publisher, s.published) if part)
            stance = "" if c.stance == "supports" else f" [{c.stance}]"
            lines.append(
                f"{n}. {clean(s.title)}" + (f" ({clean(byline)})" if byline else "") + f"{stance}: {s.url}"
            )
            lines.append(f"   “{clean(c.quote)}”")
    return "\n".join(lines)


def vevent(event: Event) -> icalendar.Event:
    out = icalendar.Event()
    out.add("uid", f"{event.id}@{UID_DOMAIN}")
    out.add("dtstamp", event.updated_at)
    out.add("created", event.created_at)
    out.add("last-modified", event.updated_at)
    start, end = _span(event)
    out.add("dtstart", start)
    if end is not None:
        out.add("dtend", end)
    out.add("summary", clean(event.title))
    out.add("description", description(event))
    if event.citations:
        out.add("url", supporting_first(event)[0].source.url)
    if event.location is not None:
        loc = event.location
        out.add("location", clean(loc.name) + (f", {loc.country}" if loc.country else ""))
        if loc.lat is not None and loc.lon is not None:
            out.add("geo", (loc.lat, loc.lon))
    if event.tags:
        out.add("categories", event.tags)
    status = "CANCELLED" if event.status == "retracted" else "TENTATIVE" if event.uncertain else "CONFIRMED"
    out.add("status", status)
    return out


class ICal(Renderer):
    def head(self) -> bytes:
        t = self.ctx.timeline
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Dateline//Timeline export//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("name", icalendar.vText(clean(t.title)))
        cal.add("x-wr-calname", icalendar.vText(clean(t.title)))
        if t.description:
            cal.add("description", clean(t.description))
        cal.add("url", icalendar.vUri(self.ctx.embed_url()))
        cal.add("source", icalendar.vUri(self.ctx.export_url("ics")))
        text = cal.to_ical()
        return text.removesuffix(b"END:VCALENDAR\r\n")

    def chunk(self, events: list[Event]) -> bytes:
        return b"".join(vevent(e).to_ical() for e in events)

    def tail(self) -> bytes:
        return b"END:VCALENDAR\r\n"
