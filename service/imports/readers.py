"""Reading an import file into events, row by row, before anything is written.

Every problem is collected, not just the first, each named `row <n>: <field>`: in a CSV file `n` is
the spreadsheet row (the header is row 1) and the field its column (`row 7: citation_2_quote`); in
NDJSON `n` is the line; in TimelineJS JSON it is the slide's position in `events` (from 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import msgspec

from service.errors import FieldError, field_error_from_msgspec
from service.events.schemas import EventIn
from service.exports.table import (
    CITATION_FIELDS,
    EVENT_COLUMNS,
    LIST_SEPARATOR,
    READ_ONLY,
    SOURCE_FIELDS,
    citation_column,
    restore_cell,
)
from service.guards import contains_nul, decode_json
from service.imports.schemas import Batch, ImportFormat, Row

NUL = "text may not contain the NUL character (\\u0000)"
_CITATION_COLUMN = re.compile(r"^citation_([1-9][0-9]{0,2})_([a-z_]+)$")
_SPLIT_TAGS = re.compile(rf"[{LIST_SEPARATOR},\s]+")
_CITATION_PATH = re.compile(r"^citations\[(\d+)\]\.(?:source\.)?(\w+)")


def row_field(number: int, field: str | None = None) -> str:
    return f"row {number}: {field}" if field else f"row {number}"


def add_event(batch: Batch, number: int, doc: dict[str, Any], rename: Callable[[str], str] = str) -> None:
    """Check one event as `POST /v1/events` would (numbers may be written as text); keep it, or its error."""
    try:
        batch.rows.append(Row(number, msgspec.convert(doc, EventIn, strict=False), rename))
    except msgspec.ValidationError as exc:
        error = field_error_from_msgspec(exc)
        batch.errors.append(FieldError(field=row_field(number, rename(error.field)), message=error.message))


def decode_text(raw: bytes, batch: Batch) -> str | None:
    """The file as text: UTF-8 (a byte-order mark is dropped), with no NUL character."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        batch.errors.append(FieldError(field="body", message=f"the file is not UTF-8 (byte {exc.start})"))
        return None
    if "\x00" in text:
        batch.errors.append(FieldError(field="body", message=NUL))
        return None
    return text


# ---- our CSV (the `csv` export) ---------------------------------------------------------------------


def _csv_renamer(numbers: list[int]) -> Callable[[str], str]:
    """Error paths as CSV columns: `citations[1].source.url` -> `citation_3_url` when that is its column."""

    def rename(field: str) -> str:
        if match := _CITATION_PATH.match(field):
            name = "url" if match[2] == "source_id" else match[2]
            return citation_column(numbers[int(match[1])], name)
        for group in ("location", "media"):
            if field.startswith(f"{group}."):
                return f"{group}_{field.split('.', 1)[1]}"
        return field.split("[", 1)[0]

    return rename


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _csv_event(values: dict[str, str]) -> tuple[dict[str, Any], list[int]]:
    """An EventIn document from one CSV row, and the column number of each citation kept."""
    doc: dict[str, Any] = {
        k: values[k] for k in ("title", "summary", "retraction_note") if not _blank(values.get(k))
    }
    doc.update({k: values[k].strip() for k in ("date", "status", "importance") if not _blank(values.get(k))})
    if not _blank(values.get("tags")):
        doc["tags"] = [t for t in _SPLIT_TAGS.split(values["tags"].strip()) if t]
    for group, fields in (
        ("location", ("name", "country", "lat", "lon")),
        ("media", ("url", "caption", "credit", "alt_text")),
    ):
        part = {f: values[f"{group}_{f}"].strip() for f in fields if not _blank(values.get(f"{group}_{f}"))}
        if part:
            doc[group] = part
    numbers = sorted({int(m[1]) for k in values if (m := _CITATION_COLUMN.match(k))})
    citations, kept = [], []
    for n in numbers:
        cells = {f: values.get(citation_column(n, f)) for f in CITATION_FIELDS}
        if all(_blank(v) for v in cells.values()):
            continue
        source = {f: cells[f].strip() for f in SOURCE_FIELDS if not _blank(cells[f])}
        if "authors" in source:
            source["authors"] = [a.strip() for a in source["authors"].split(LIST_SEPARATOR) if a.strip()]
        citation: dict[str, Any] = {f: cells[f] for f in ("quote", "locator", "note") if not _blank(cells[f])}
        if not _blank(cells["stance"]):
            citation["stance"] = cells["stance"].strip()
        if source:
            citation["source"] = source
        citations.append(citation)
        kept.append(n)
    if citations:
        doc["citations"] = citations
    return doc, kept


def _known_column(name: str) -> bool:
    if name in EVENT_COLUMNS:
        return True
    match = _CITATION_COLUMN.match(name)
    return bool(match) and match[2] in CITATION_FIELDS


def read_csv(text: str) -> Batch:
    batch = Batch(format="csv")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
        problems = [f"unknown column {name!r}" for name in header if not _known_column(name)]
        problems += [
            f"column {name!r} appears twice" for name in sorted({h for h in header if header.count(h) > 1})
        ]
        problems += [f"the {name!r} column is required" for name in ("title", "date") if name not in header]
        if problems:
            batch.errors += [FieldError(field=row_field(1), message=p) for p in problems]
            return batch
        for number, cells in enumerate(reader, start=2):  # records, as a spreadsheet numbers its rows
            if not any(c.strip() for c in cells):
                batch.skipped += 1
                continue
            if len(cells) > len(header):
                batch.errors.append(
                    FieldError(field=row_field(number), message="more cells than the header has columns")
                )
                continue
            values = {k: restore_cell(v) for k, v in zip(header, cells, strict=False) if k not in READ_ONLY}
            doc, numbers = _csv_event(values)
            add_event(batch, number, doc, _csv_renamer(numbers))
    except csv.Error as exc:
        batch.errors.append(FieldError(field="body", message=f"not valid CSV: {exc}"))
    return batch


# ---- NDJSON: one EventIn per line --------------------------------------------------------------------


def read_ndjson(text: str) -> Batch:
    batch = Batch(format="ndjson")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            batch.skipped += 1
            continue
        try:
            doc = decode_json(line)
        except msgspec.DecodeError as exc:
            batch.errors.append(FieldError(field=row_field(number), message=f"not valid JSON: {exc}"))
            continue
        if not isinstance(doc, dict):
            batch.errors.append(
                FieldError(field=row_field(number), message="each line must be a JSON object")
            )
            continue
        if "\\u0000" in line and contains_nul(doc):  # escaped as \u0000: PostgreSQL cannot store it
            batch.errors.append(FieldError(field=row_field(number), message=NUL))
            continue
        try:
            batch.rows.append(Row(number, msgspec.convert(doc, EventIn)))
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            batch.errors.append(FieldError(field=row_field(number, error.field), message=error.message))
    return batch


# ---- which format ------------------------------------------------------------------------------------

_MEDIA_TYPES: dict[str, ImportFormat] = {
    "application/x-ndjson": "ndjson",
    "application/ndjson": "ndjson",
    "application/jsonl": "ndjson",
    "application/x-jsonlines": "ndjson",
    "application/json": "timelinejs",
}
_EXTENSIONS: dict[str, ImportFormat] = {".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "timelinejs"}
CSV_MEDIA_TYPES = frozenset({"text/csv", "application/csv", "text/comma-separated-values"})
SNIFFED_MEDIA_TYPES = frozenset({"", "application/octet-stream", "text/plain"})


def csv_flavour(text: str) -> ImportFormat:
    """Our CSV, or the TimelineJS spreadsheet (its header has Year and Headline columns)?"""
    try:
        first = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    except csv.Error:
        return "csv"
    names = {name.strip().lower().replace(" ", "") for name in first}
    return "timelinejs_csv" if {"year", "headline"} <= names else "csv"


def sniff(text: str) -> ImportFormat:
    """The format of a file that did not say: JSON objects one per line are NDJSON, one object holding
    `events` is TimelineJS, anything else CSV (ours or the TimelineJS spreadsheet, by its header)."""
    text = text.lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return csv_flavour(text)
    try:
        first = decode_json(text.split("\n", 1)[0])
    except msgspec.DecodeError:
        return "timelinejs"  # one object over many lines
    return "timelinejs" if isinstance(first, dict) and "events" in first else "ndjson"


def media_type_format(media_type: str) -> ImportFormat | None:
    """The format a Content-Type names; None when it names none (then sniff, or refuse)."""
    return _MEDIA_TYPES.get(media_type)


def extension_format(name: str) -> ImportFormat | None:
    lower = name.lower()
    return next((fmt for ext, fmt in _EXTENSIONS.items() if lower.endswith(ext)), None)
