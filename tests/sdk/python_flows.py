"""What a developer does with the shipped Python SDK (sdk/python), one function per flow.

Each flow goes through the generated calls only (no raw HTTP) and returns what the tests check.
tests/sdk/test_python_sdk.py runs them on the real service and type-checks this file with
`mypy --strict`: a field the service always sends is read as it is, never behind an `Unset` guard.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from uuid import UUID

from dateline_sdk import AuthenticatedClient, Client
from dateline_sdk.api.events import create_event, get_event, import_events, list_events, update_event
from dateline_sdk.api.sources import create_source
from dateline_sdk.api.timelines import (
    export_timeline_atom,
    export_timeline_csljson,
    export_timeline_csv,
    export_timeline_ics,
    export_timeline_jsonld,
    export_timeline_timelinejs,
)
from dateline_sdk.models import (
    CitationIn,
    CslItem,
    Event,
    EventIn,
    EventPage,
    EventPatch,
    EventStatus,
    ImportFormat,
    ImportReport,
    JsonLdItemList,
    ProblemDoc,
    SourceDetail,
    SourceIn,
    SourceKind,
    Stance,
    TimelineJs,
)
from dateline_sdk.types import UNSET, File, Unset


def list_all(client: Client, *, tag: str, since: str, limit: int) -> list[UUID]:
    """The ids of the events with `tag` from `since` on, `limit` a page, following cursors to the end."""
    ids: list[UUID] = []
    cursor: str | Unset = UNSET
    while True:
        page = list_events.sync(client=client, tag=[tag], from_=since, limit=limit, cursor=cursor)
        assert isinstance(page, EventPage), page
        ids += [item.id for item in page.items]
        next_cursor: str | None = page.next_cursor  # always sent: a string, or null on the last page
        if next_cursor is None:
            return ids
        cursor = next_cursor


@dataclass
class CitedEvent:
    title: str
    quotes: list[str]
    source_urls: list[str]
    stances: list[str]


def read_cited(client: Client, event_id: UUID) -> CitedEvent:
    """An event with its citations, each with its source."""
    event = get_event.sync(client=client, event_id=event_id)
    assert isinstance(event, Event), event
    return CitedEvent(
        title=event.title,
        quotes=[citation.quote for citation in event.citations],
        source_urls=[citation.source.url for citation in event.citations],
        stances=[citation.stance.value for citation in event.citations],
    )


def new_source(client: AuthenticatedClient, url: str) -> SourceDetail:
    body = SourceIn(
        url=url, title="Readout of the call", publisher="Example Ministry", kind=SourceKind.READOUT
    )
    source = create_source.sync(client=client, body=body)
    assert isinstance(source, SourceDetail), source
    return source


def duplicate_source(client: AuthenticatedClient, url: str) -> tuple[UUID, int, UUID]:
    """Create a source, then another with the same URL: the first's id, the status, the existing_id."""
    first = new_source(client, url)
    again = create_source.sync_detailed(client=client, body=SourceIn(url=url, title="The same readout"))
    problem = again.parsed
    assert isinstance(problem, ProblemDoc), again.content
    assert isinstance(problem.existing_id, UUID), problem.existing_id  # optional: only a 409 names one
    return first.id, problem.status, problem.existing_id


def publish_event(client: AuthenticatedClient, tag: str, source_id: UUID) -> Event:
    """Create a published event citing a source."""
    body = EventIn(
        title="Leaders hold a video call",
        date="2021-12-15",
        summary="Created through the Python SDK.",
        status=EventStatus.PUBLISHED,
        tags=[tag],
        citations=[CitationIn(quote="The two leaders spoke.", source_id=source_id, stance=Stance.SUPPORTS)],
    )
    event = create_event.sync(client=client, body=body)
    assert isinstance(event, Event), event
    assert event.status == EventStatus.PUBLISHED
    return event


@dataclass
class Patched:
    title: str
    version: int
    stale_status: int
    stale_type: str


def patch_with_if_match(client: AuthenticatedClient, event_id: UUID) -> Patched:
    """PATCH with the current ETag (applied), then again with that now stale ETag (a 412)."""
    read = get_event.sync_detailed(client=client, event_id=event_id)
    etag = read.headers["ETag"]
    done = update_event.sync(
        client=client, event_id=event_id, body=EventPatch(title="Renamed"), if_match=etag
    )
    assert isinstance(done, Event), done
    stale = update_event.sync(client=client, event_id=event_id, body=EventPatch(title="Lost"), if_match=etag)
    assert isinstance(stale, ProblemDoc), stale
    return Patched(title=done.title, version=done.version, stale_status=stale.status, stale_type=stale.type_)


def revalidate(base_url: str, event_id: UUID) -> tuple[int, int]:
    """Read an event, then read it again sending its ETag in If-None-Match: the two statuses (200, 304)."""
    with Client(base_url=base_url) as client:
        first = get_event.sync_detailed(client=client, event_id=event_id)
    etag = first.headers["ETag"]
    with Client(base_url=base_url, headers={"If-None-Match": etag}) as conditional:
        again = get_event.sync_detailed(client=conditional, event_id=event_id)
    return first.status_code, again.status_code


def field_errors(client: AuthenticatedClient) -> tuple[int, dict[str, str]]:
    """An event that is not valid: the 422's status and its field errors (field → message)."""
    problem = create_event.sync(client=client, body=EventIn(title="Not a day", date="2021-02-30"))
    assert isinstance(problem, ProblemDoc), problem
    assert isinstance(problem.errors, list), problem.errors  # optional: only a 400 or 422 has them
    return problem.status, {error.field: error.message for error in problem.errors}


@dataclass
class Exports:
    timelinejs: TimelineJs
    jsonld: JsonLdItemList
    csljson: list[CslItem]
    ics: str
    atom: str
    csv: str


def export_all(client: Client, slug: str) -> Exports:
    """A timeline in each export format, each through its own generated call, parsed into its type."""
    timelinejs = export_timeline_timelinejs.sync(client=client, slug=slug)
    jsonld = export_timeline_jsonld.sync(client=client, slug=slug)
    csljson = export_timeline_csljson.sync(client=client, slug=slug)
    ics = export_timeline_ics.sync(client=client, slug=slug)
    atom = export_timeline_atom.sync(client=client, slug=slug)
    csv = export_timeline_csv.sync(client=client, slug=slug)
    assert isinstance(timelinejs, TimelineJs), timelinejs
    assert isinstance(jsonld, JsonLdItemList), jsonld
    assert isinstance(csljson, list), csljson
    assert isinstance(ics, str) and isinstance(atom, str) and isinstance(csv, str), (ics, atom, csv)
    return Exports(timelinejs=timelinejs, jsonld=jsonld, csljson=csljson, ics=ics, atom=atom, csv=csv)


def import_csv(client: AuthenticatedClient, text: str) -> tuple[ImportReport, ImportReport]:
    """Import a CSV file (our export's columns), then send it again with the same Idempotency-Key, as a
    retry after a lost answer would: the second answer replays the first, nothing is imported twice."""
    key = str(uuid.uuid4())
    reports = []
    for _ in range(2):
        body = File(payload=io.BytesIO(text.encode()), file_name="events.csv", mime_type="text/csv")
        report = import_events.sync(client=client, body=body, format_=ImportFormat.CSV, idempotency_key=key)
        assert isinstance(report, ImportReport), report
        reports.append(report)
    return reports[0], reports[1]
