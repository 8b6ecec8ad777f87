"""CSV: one row per event, its citations side by side in numbered columns; `dateline import` reads it back.

How and why: docs/architecture.md, "CSV exports".
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from service.events.schemas import Citation, Event
from service.exports.base import Renderer

EVENT_COLUMNS = (
    "id", "title", "summary", "date", "start", "end", "precision", "display", "status", "retraction_note",
    "importance", "tags", "location_name", "location_country", "location_lat", "location_lon",
    "media_url", "media_caption", "media_credit", "media_alt_text", "newsroom", "updated_at",
)  # fmt: skip
READ_ONLY = frozenset({"id", "start", "end", "precision", "display", "newsroom", "updated_at"})
SOURCE_FIELDS = ("url", "title", "publisher", "kind", "published", "authors", "language", "archive_url",
                 "accessed_at")  # fmt: skip
CITATION_ONLY = ("quote", "locator", "stance", "note")
CITATION_FIELDS = SOURCE_FIELDS + CITATION_ONLY
LIST_SEPARATOR = ";"


def citation_column(n: int, field: str) -> str:
    return f"citation_{n}_{field}"


def header(max_citations: int) -> list[str]:
    return [
        *EVENT_COLUMNS,
        *(citation_column(n, f) for n in range(1, max_citations + 1) for f in CITATION_FIELDS),
    ]


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV Injection"); a text cell
# that does (after any leading `'`) is written with one more `'` in front, which a spreadsheet shows as
# text and `dateline import` takes off again (`restore_cell`): `=1+1` -> `'=1+1`, `'=x` -> `''=x`.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutral_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return f"'{text}" if _FORMULA.match(text) else text


def restore_cell(text: str) -> str:
    """The text `neutral_cell` was given: one leading `'` less when `'`s lead to a formula character."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutral_cell(LIST_SEPARATOR.join(value))
    if isinstance(value, str):
        return neutral_cell(value)
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)  # a number: `-33.9` stays a number


def _citation_cells(c: Citation) -> list[str]:
    s = c.source
    return [_text(getattr(s, f)) for f in SOURCE_FIELDS] + [_text(getattr(c, f)) for f in CITATION_ONLY]


def row(event: Event, max_citations: int) -> list[str]:
    loc, media = event.location, event.media
    cells = [
        str(event.id), event.title, event.summary, event.date, event.start, event.end, event.precision,
        event.display, event.status, event.retraction_note, event.importance, event.tags,
        loc and loc.name, loc and loc.country, loc and loc.lat, loc and loc.lon,
        media and media.url, media and media.caption, media and media.credit, media and media.alt_text,
        event.newsroom, event.updated_at,
    ]  # fmt: skip
    out = [_text(v) for v in cells]
    for c in event.citations[:max_citations]:
        out += _citation_cells(c)
    out += [""] * (len(EVENT_COLUMNS) + max_citations * len(CITATION_FIELDS) - len(out))
    return out


class Table(Renderer):
    def _write(self, rows: list[list[str]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        return buffer.getvalue().encode("utf-8")

    def head(self) -> bytes:
        return self._write([header(self.ctx.max_citations)])

    def chunk(self, events: list[Event]) -> bytes:
        return self._write([row(e, self.ctx.max_citations) for e in events])
