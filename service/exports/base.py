"""What every export format shares: the context it renders in, and the renderer's three steps."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any, Literal, TypeVar

import msgspec

from service.edtf import EdtfError, ParsedDate, parse_edtf
from service.events.schemas import Citation, Event
from service.timelines.schemas import Timeline

T = TypeVar("T")
_PARTS = {"year": 1, "month": 2, "day": 3, "time": 3}
# Characters XML 1.0 cannot carry at all (Atom) and that a text export should not pass on either; DEL
# too, which XML allows but an HTML parser reports. Writes refuse them all (service.schemas.PLAIN); rows
# written before that rule, or by hand, may still hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f\ufffe\uffff]")
# The same characters as msgspec writes them in JSON (`\u0001`, `\b`, `\f`, raw DEL and U+FFFE/F); a
# hit may be a false one (an escaped backslash before `b`): it only sends the value the slow way.
# A `*url` member holding a tab or a line break counts as well.
_CONTROL_IN_JSON = re.compile(rb'\\u00[01]|\\[bf]|\x7f|\xef\xbf[\xbe\xbf]|url":"(?:[^"\\]|\\[^nrt])*\\[nrt]')


class ExportContext(msgspec.Struct, frozen=True, kw_only=True):
    """The timeline being exported, where its URLs point, and what the ETag query learnt of its members."""

    timeline: Timeline
    base_url: str  # absolute, without a trailing slash
    events: int
    max_citations: int
    changed_at: dt.datetime  # the latest change of the timeline, its members or the sources they cite

    def event_url(self, event_id: uuid.UUID) -> str:
        return f"{self.base_url}/v1/events/{event_id}"

    def timeline_url(self) -> str:
        return f"{self.base_url}/v1/timelines/{self.timeline.slug}"

    def export_url(self, fmt: str) -> str:
        return f"{self.timeline_url()}/export/{fmt}"

    def embed_url(self) -> str:
        return f"{self.base_url}/embed/timelines/{self.timeline.slug}"


class Renderer:
    """Turns a stream of event chunks into one document: `head()`, `chunk()` per chunk, `tail()`.

    `order` says how the events arrive: by date (`start`), or newest change first (`updated`).
    """

    order: Literal["start", "updated"] = "start"

    def __init__(self, ctx: ExportContext) -> None:
        self.ctx = ctx

    def head(self) -> bytes:
        return b""

    def chunk(self, events: list[Event]) -> bytes:
        raise NotImplementedError

    def tail(self) -> bytes:
        return b""


def clean(text: str | None) -> str:
    """Text without the control characters XML and most readers refuse."""
    return _CONTROL.sub("", text or "")


def scrub(value: Any) -> Any:
    """`value` (a Struct, a list, a string, or a nest of them) with `clean` applied to every string in
    it, and every space and line break also taken out of its `*url` fields; the very objects back when
    nothing needed cleaning."""
    if isinstance(value, str):
        return _CONTROL.sub("", value) if _CONTROL.search(value) else value
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            if name.endswith("url") and isinstance(old, str) and _NOT_IN_URL.search(old):
                changes[name] = _NOT_IN_URL.sub("", old)  # a URL holds no space or line break either
            elif (new := scrub(old)) is not old:
                changes[name] = new
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, list | tuple):
        items = [scrub(item) for item in value]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items)
    return value


def renderable(value: T) -> T:
    """What is about to be rendered, without the characters no export or page may carry: checked in
    one pass over its JSON, and walked only when one is there."""
    return scrub(value) if _CONTROL_IN_JSON.search(msgspec.json.encode(value)) else value


def date_parts(day: dt.date, precision: str) -> list[int]:
    """[year], [year, month] or [year, month, day]: only as precise as the date is known."""
    return [day.year, day.month, day.day][: _PARTS[precision]]


def moment_utc(event: Event) -> dt.datetime | None:
    """The UTC instant of a moment (`time` precision), else None."""
    if event.precision != "time":
        return None
    return parse_edtf(event.date).sort_at


def parsed_or_none(text: str | None) -> ParsedDate | None:
    """A stored EDTF date (a source's `published`) parsed again; None when absent."""
    if not text:
        return None
    try:
        return parse_edtf(text)
    except EdtfError:  # stored dates were checked on write; an old one may predate a rule
        return None


def first_part(event: Event) -> ParsedDate:
    """The start of an interval (or the whole date), with its own bounds: `2020-03/..` -> March 2020."""
    return parse_edtf(event.date.split("/", 1)[0])


def supporting_first(event: Event) -> list[Citation]:
    """The event's citations, those that support it first (stable within each stance)."""
    return sorted(event.citations, key=lambda c: c.stance != "supports")
