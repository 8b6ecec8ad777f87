"""TimelineJS3 JSON and the TimelineJS Google Sheets template (as CSV) read into events.

How and why: docs/architecture.md, "TimelineJS imports".
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from service.errors import FieldError
from service.guards import contains_nul, decode_json
from service.imports.html import plain, text_parts
from service.imports.readers import NUL, add_event, row_field
from service.imports.schemas import Batch

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(?:\.\d+)?\s*([ap])?\.?\s*m?\.?$", re.IGNORECASE)
_SHEET_COLUMNS = {
    "year", "month", "day", "time", "endyear", "endmonth", "endday", "endtime", "displaydate", "headline",
    "text", "media", "mediacredit", "mediacaption", "mediathumbnail", "type", "group", "background",
}  # fmt: skip


class DateError(ValueError):
    """A TimelineJS date whose parts do not make a date."""


# ---- dates -----------------------------------------------------------------------------------------


def _number(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DateError(f"{name}: not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = re.sub(r"[\s,]+", "", str(value))
    if not re.fullmatch(r"-?\d+", text):
        raise DateError(f"{name}: {value!r} is not a whole number")
    return int(text)


def _time(text: str | None) -> tuple[int, int, int] | None:
    """A spreadsheet's Time: `14:30`, `14:30:15`, `2:30 PM`."""
    if text is None or not str(text).strip():
        return None
    match = _TIME.match(str(text).strip())
    if match is None:
        raise DateError(f"time: {text!r} is not a time (use hh:mm, hh:mm:ss or h:mm AM/PM)")
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise DateError(f"time: {text!r} is not a time")
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    return hour, minute, second


def edtf_part(date: dict[str, Any], *, with_time: bool = True) -> str:
    """One TimelineJS date object as EDTF, as precise as its parts."""
    year = _number(date.get("year"), "year")
    if year is None:
        raise DateError("year: a date needs a year")
    if not 1 <= year <= 9999:
        raise DateError(f"year: {year} is outside 1-9999")
    month, day = _number(date.get("month"), "month"), _number(date.get("day"), "day")
    hour = _number(date.get("hour"), "hour")
    if day is not None and month is None:
        raise DateError("month: a day needs a month")
    text = (
        f"{year:04d}"
        + (f"-{month:02d}" if month is not None else "")
        + (f"-{day:02d}" if day is not None else "")
    )
    if hour is None or not with_time:
        return text
    if day is None:
        raise DateError("day: a time needs a day")
    minute, second = _number(date.get("minute"), "minute") or 0, _number(date.get("second"), "second") or 0
    return f"{text}T{hour:02d}:{minute:02d}:{second:02d}Z"


def _qualify(text: str, display: str) -> str:
    """Qualifiers only a display date carries: "c. …" approximate, "…?" uncertain."""
    approximate = display.startswith("c. ")
    uncertain = display.endswith("?")
    if "T" in text or not (approximate or uncertain):
        return text
    return text + ("%" if approximate and uncertain else "~" if approximate else "?")


def edtf_date(start: dict[str, Any], end: dict[str, Any] | None, display: str = "") -> str:
    """The event's EDTF date from a slide's start, end and display date."""
    display = " ".join(display.split())
    has_time = start.get("hour") not in (None, "") or (end is not None and end.get("hour") not in (None, ""))
    if end is None or end.get("year") in (None, ""):
        if display.startswith("since "):
            return f"{_qualify(edtf_part(start, with_time=False), display.removeprefix('since '))}/.."
        return _qualify(edtf_part(start), display)
    first, last = edtf_part(start, with_time=not has_time), edtf_part(end, with_time=not has_time)
    return first if first == last else f"{first}/{last}"


# ---- slides to events ------------------------------------------------------------------------------


def _slug(group: str) -> str:
    return _SLUG_JUNK.sub("-", group.lower()).strip("-")[:64].strip("-")


def slide_event(slide: dict[str, Any], number: int, batch: Batch) -> dict[str, Any] | None:
    """An EventIn document from a slide, or None (its errors are in the batch)."""
    text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
    try:
        start = slide.get("start_date")
        end = slide.get("end_date")
        if not isinstance(start, dict) or (end is not None and not isinstance(end, dict)):
            raise DateError("start_date: a slide needs a start_date object")
        date = edtf_date(start, end, str(slide.get("display_date") or ""))
    except DateError as exc:
        field, _, message = str(exc).partition(": ")
        batch.errors.append(FieldError(field=row_field(number, "date"), message=f"{field}: {message}"))
        return None
    summary, citations = text_parts(str(text.get("text") or ""))
    doc: dict[str, Any] = {"title": plain(str(text.get("headline") or "")), "date": date}
    if summary:
        doc["summary"] = summary
    if citations:
        doc["citations"] = citations
    doc["status"] = (
        "published" if any(c.get("stance", "supports") == "supports" for c in citations) else "draft"
    )
    if group := str(slide.get("group") or "").strip():
        if tag := _slug(group):
            doc["tags"] = [tag]
        else:
            batch.warnings.append(
                FieldError(field=row_field(number, "group"), message=f"{group!r} makes no tag")
            )
    media = slide.get("media")
    if isinstance(media, dict) and (url := str(media.get("url") or "").strip()):
        if url.startswith(("http://", "https://")) and len(url) <= 2000:
            doc["media"] = {"url": url}
            for ours, theirs in (("caption", "caption"), ("credit", "credit"), ("alt_text", "alt")):
                if value := plain(str(media.get(theirs) or "")):
                    doc["media"][ours] = value
        else:
            batch.warnings.append(
                FieldError(field=row_field(number, "media"), message="not an http(s) URL: left out")
            )
    return doc


def read_timelinejs(raw: bytes) -> Batch:
    """TimelineJS3 JSON; a malformed document is the caller's 400 (`msgspec.DecodeError`)."""
    batch = Batch(format="timelinejs")
    doc = decode_json(raw)
    if b"\\u0000" in raw and contains_nul(doc):  # only an escape puts U+0000 in a JSON string
        batch.errors.append(FieldError(field="body", message=NUL))
        return batch
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        batch.errors.append(
            FieldError(field="events", message="TimelineJS JSON is an object with an `events` list")
        )
        return batch
    eras = doc.get("eras")
    batch.skipped += (1 if doc.get("title") else 0) + (len(eras) if isinstance(eras, list) else 0)
    for number, slide in enumerate(doc["events"], start=1):
        if not isinstance(slide, dict):
            batch.errors.append(FieldError(field=row_field(number), message="a slide is a JSON object"))
            continue
        if (event := slide_event(slide, number, batch)) is not None:
            add_event(batch, number, event)
    return batch


def _sheet_slide(values: dict[str, str]) -> dict[str, Any]:
    """A spreadsheet row as a TimelineJS slide, as TimelineJS itself reads the template."""
    start: dict[str, Any] = {
        "year": values.get("year"),
        "month": values.get("month"),
        "day": values.get("day"),
    }
    if clock := _time(values.get("time")):
        start.update(zip(("hour", "minute", "second"), clock, strict=True))
    end: dict[str, Any] | None = None
    if (values.get("endyear") or "").strip():
        end = {"year": values.get("endyear"), "month": values.get("endmonth"), "day": values.get("endday")}
        if clock := _time(values.get("endtime")):
            end.update(zip(("hour", "minute", "second"), clock, strict=True))
    return {
        "start_date": start,
        "end_date": end,
        "display_date": values.get("displaydate") or "",
        "text": {"headline": values.get("headline") or "", "text": values.get("text") or ""},
        "media": {
            "url": values.get("media"),
            "caption": values.get("mediacaption"),
            "credit": values.get("mediacredit"),
        },
        "group": values.get("group") or "",
    }


def read_timelinejs_csv(text: str) -> Batch:
    """The TimelineJS template (Year, Month, Day, Time, End Year, …, Headline, Text, Media, …) as CSV.

    Columns are matched as TimelineJS matches them: case and spaces ignored; others are ignored too.
    """
    batch = Batch(format="timelinejs_csv")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower().replace(" ", "") for name in next(reader, [])]
        if "year" not in header or "headline" not in header:
            batch.errors.append(
                FieldError(
                    field=row_field(1), message="the template's Year and Headline columns are required"
                )
            )
            return batch
        for number, cells in enumerate(reader, start=2):
            values = {k: v for k, v in zip(header, cells, strict=False) if k in _SHEET_COLUMNS}
            kind = (values.get("type") or "").strip().lower()
            if kind in ("title", "era") or not any(v.strip() for v in cells):
                batch.skipped += 1
                continue
            try:
                slide = _sheet_slide(values)
            except DateError as exc:
                batch.errors.append(FieldError(field=row_field(number, "date"), message=str(exc)))
                continue
            if (event := slide_event(slide, number, batch)) is not None:
                add_event(batch, number, event)
    except csv.Error as exc:
        batch.errors.append(FieldError(field="body", message=f"not valid CSV: {exc}"))
    return batch
