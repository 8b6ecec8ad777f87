"""Import bodies and reports: what a file held, what was created, what already existed."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from service.errors import FieldError
from service.events.schemas import EventIn
from service.schemas import Id, Output

ImportFormat = Literal["csv", "ndjson", "timelinejs", "timelinejs_csv"]
FORMAT_DESCRIPTION = (
    "The file's format: `csv` (our CSV export), `ndjson` (one event per line, as `POST /v1/events` "
    "takes it), `timelinejs` (TimelineJS3 JSON) or `timelinejs_csv` (the TimelineJS Google Sheets "
    "template saved as CSV). Without it, the Content-Type says (`text/csv`, `application/x-ndjson`, "
    "`application/json`); for `application/octet-stream` the server looks at the file itself."
)


class Row(msgspec.Struct, frozen=True):
    """One event read from a file, the row it came from, and how the file names an event's fields
    (`citations[0].quote` is `citation_1_quote` in a CSV file), for errors: `row 7: citation_1_quote`."""

    number: int
    event: EventIn
    rename: Any = str


class Batch(msgspec.Struct, kw_only=True):
    """A file read into events: nothing is written until every row has been read."""

    format: ImportFormat
    rows: list[Row] = msgspec.field(default_factory=list)
    errors: list[FieldError] = msgspec.field(default_factory=list)
    warnings: list[FieldError] = msgspec.field(default_factory=list)
    skipped: int = 0


Count = Annotated[int, Meta(ge=0)]


class ImportCounts(Output, kw_only=True):
    """How many objects the import created."""

    events: Annotated[Count, Meta(description="Events created.")]
    sources: Annotated[Count, Meta(description="Sources created (a URL new to the service).")]


class ReusedSource(Output, kw_only=True):
    """A source the file cited that already existed (same canonical URL): cited, not created again."""

    id: Id
    url: Annotated[str, Meta(description="The existing source's canonical URL.")]


class ImportReport(Output, kw_only=True):
    """What an import did; it either wrote all of this or, on any error, nothing (a 422 listing the rows)."""

    format: Annotated[ImportFormat, Meta(description="The format the file was read as.")]
    created: ImportCounts
    published: Annotated[Count, Meta(description="Of the events created, how many are published.")]
    drafts: Annotated[Count, Meta(description="Of the events created, how many are drafts.")]
    reused_sources: Annotated[
        list[ReusedSource], Meta(description="Sources that already existed and were cited, not created.")
    ]
    skipped: Annotated[
        Count, Meta(description="Rows that are not events: blank rows, TimelineJS title and era rows.")
    ]
    warnings: Annotated[
        list[FieldError],
        Meta(description="What was read but not kept, by row (e.g. TimelineJS media that is not a URL)."),
    ]
