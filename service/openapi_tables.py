"""The texts and tables the finished OpenAPI document adds (service/openapi_schema.py): field
descriptions, links between operations, response headers, and the enums schemas share."""

from __future__ import annotations

from litestar.openapi.spec import OpenAPIHeader, Schema
from litestar.openapi.spec.enums import OpenAPIType

_ID = "$response.body#/id"


def _header(description: str, example: str) -> OpenAPIHeader:
    return OpenAPIHeader(description=description, schema=Schema(type=OpenAPIType.STRING, examples=[example]))


# One description per field name, used wherever a field has none of its own ("Schema.field" wins).
FIELD_DOCS = {
    "id": "Server-assigned identifier (UUID).",
    "object": "The kind of item: `event`, or `tombstone` for a deleted one in a sync feed.",
    "newsroom": "The newsroom that owns the object; set by the server.",
    "title": "The title.",
    "ProblemDoc.title": "A short, human-readable summary of the problem type.",
    "summary": "A short plain-text account of the event.",
    "date": "The event's date in EDTF, as written.",
    "start": "First day the date can mean (strict: qualifiers never widen it).",
    "end": "Last day the date can mean; null for an open end (still going).",
    "precision": "`year`, `month`, `day` or `time`; an interval takes its coarser end.",
    "approximate": "The date carries `~` or `%`.",
    "uncertain": "The date carries `?` or `%`.",
    "display": "The date for readers, e.g. `15 December 2021`, `c. 2016`, `9–10 December 2021`.",
    "location": "Where it happened.",
    "tags": "Tag slugs.",
    "entities": "The entities involved, with their roles.",
    "importance": "Editorial weight from 1 (minor) to 5 (major).",
    "media": "An illustrating image or video, shown as a link.",
    "status": "`draft` (visible to its newsroom only), `published`, or `retracted` (public, with its note).",
    "ProblemDoc.status": "The HTTP status code of this response.",
    "BackedEvent.status": "The event's status.",
    "retraction_note": "Why a retracted event was retracted.",
    "citations": "The sources cited for the event, each with the quoted passage.",
    "corrections": "Public corrections made to the event, oldest first.",
    "created_at": "When the object was created (RFC 3339, UTC).",
    "updated_at": "When the object last changed (RFC 3339, UTC).",
    "version": "Incremented on every change; the ETag starts with it.",
    "stance": "Whether the source `supports` or `disputes` the event, or gives `context`.",
    "source": "The cited source.",
    "CitationIn.source": "A new source to cite; when a source with its URL exists, that one is cited.",
    "source_id": "The id of an existing source to cite.",
    "event_id": "The event the citation belongs to.",
    "quote": "The passage of the source that backs the claim.",
    "locator": "Where in the source: `para. 7`, `00:41:10`.",
    "note": "An editor's note on the citation.",
    "CorrectionNote.note": "What was corrected.",
    "CorrectionNote.at": "When the correction was made.",
    "deleted": "Always true: the object was deleted.",
    "name": "The name.",
    "kind": "What sort of thing it is.",
    "wikidata": "The Wikidata item id, e.g. `Q15031`.",
    "aliases": "Other names it goes by.",
    "role": "How the entity takes part: `participant`, `subject`, `location` or `mentioned`.",
    "items": "The objects on this page.",
    "next_cursor": "Pass as `cursor` for the next page; null on the last page.",
    "prev_cursor": "Pass as `cursor` for the previous page; null on the first page.",
    "field": "The offending field or parameter, as a path (`citations[0].quote`).",
    "message": "What is wrong with it.",
    "caption": "Caption to show with the media.",
    "credit": "Who made the media.",
    "alt_text": "Text alternative for readers who cannot see the media.",
    "url": "The address.",
    "Source.url": "The page's URL in canonical form (lower-case host, no fragment, no `utm_*`).",
    "SourceDetail.url": "The page's URL in canonical form (lower-case host, no fragment, no `utm_*`).",
    "type": "A URI naming the problem type (`about:blank` when the HTTP status says it all).",
    "detail": "What went wrong in this case.",
    "errors": "Each invalid field or parameter, with what is wrong.",
    "existing_id": "On a 409: the id of the object that already exists.",
    "publisher": "Who published the source.",
    "authors": "The source's authors.",
    "published": "When the source was published, in EDTF.",
    "language": "The source's language (BCP 47).",
    "archive_url": "An archived copy of the page.",
    "accessed_at": "When the page was read.",
    "events": "The events this source is cited for, and how.",
    "lat": "Latitude in degrees (WGS 84).",
    "lon": "Longitude in degrees (WGS 84).",
    "country": "ISO 3166-1 alpha-2 country code.",
    "tag": "The tag slug.",
    "count": "How many matching events carry it.",
    "change_note": "Why this change was made; kept with the revision.",
    "revoked_at": "When the key was revoked; null while it works.",
    "action": "What the change was: `create`, `update`, `delete` or `restore`.",
    "object_type": "The kind of object changed: `event`, `citation`, `source`, `entity` or `timeline`.",
    "object_id": "The id of the object changed.",
    "key_id": "The API key that made the change.",
    "state": "The object's whole state after the change.",
    "Revision.id": "The revision's number; later revisions have larger numbers.",
    "Revision.version": "The object's version after the change.",
    "correction": "Mark this change as a public correction (needs a `change_note`).",
    "slug": "The timeline's address: `/v1/timelines/{slug}`, `/embed/timelines/{slug}`.",
    "description": "What the timeline is about, for readers (plain text).",
    "filter": "The saved event search whose matches are in the timeline (`{}`: none, only `include`).",
    "include": "Ids of events always in the timeline, whatever the filter says.",
    "exclude": "Ids of events never in the timeline, whatever the filter or `include` says.",
    "start_at": "Where the embed opens: `oldest`, `newest`, or a date (YYYY, YYYY-MM or YYYY-MM-DD).",
    "Timeline.language": "The embed's language (BCP 47).",
    "ImportReport.created": "How many events and sources the import created.",
}

# What a client (or a stateful test) can do with what a create returns: OpenAPI links from each
# create operation's 201 to the operations that take the new object's id (or slug).
LINKS: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "create_event": {
        "GetEvent": ("get_event", {"event_id": _ID}),
        "UpdateEvent": ("update_event", {"event_id": _ID}),
        "DeleteEvent": ("delete_event", {"event_id": _ID}),
        "CiteSource": ("create_citation", {"event_id": _ID}),
        "EventHistory": ("list_event_revisions", {"event_id": _ID}),
    },
    "create_citation": {
        "GetCitation": ("get_citation", {"event_id": "$request.path.event_id", "citation_id": _ID}),
        "DeleteCitation": ("delete_citation", {"event_id": "$request.path.event_id", "citation_id": _ID}),
    },
    "create_source": {
        "GetSource": ("get_source", {"source_id": _ID}),
        "UpdateSource": ("update_source", {"source_id": _ID}),
        "DeleteSource": ("delete_source", {"source_id": _ID}),
        "SourceHistory": ("list_source_revisions", {"source_id": _ID}),
    },
    "create_entity": {
        "GetEntity": ("get_entity", {"entity_id": _ID}),
        "UpdateEntity": ("update_entity", {"entity_id": _ID}),
        "EntityHistory": ("list_entity_revisions", {"entity_id": _ID}),
    },
    "create_timeline": {
        "GetTimeline": ("get_timeline", {"slug": "$response.body#/slug"}),
        "UpdateTimeline": ("update_timeline", {"slug": "$response.body#/slug"}),
        "DeleteTimeline": ("delete_timeline", {"slug": "$response.body#/slug"}),
        "TimelineEvents": ("list_timeline_events", {"slug": "$response.body#/slug"}),
        "TimelineHistory": ("list_timeline_revisions", {"slug": "$response.body#/slug"}),
    },
    "create_key": {"RevokeKey": ("revoke_key", {"key_id": _ID})},
}

# The IETF httpapi draft's fields (service/limits.py), on every response of a limited operation: declared,
# not required, as they are not sent when that limit is off (DATELINE_RATE_LIMIT_* = 0).
RATE_LIMIT_FIELDS = {
    "RateLimit-Policy": OpenAPIHeader(
        description="The rate-limit policy this request was counted in (IETF "
        "draft-ietf-httpapi-ratelimit-headers): "
        '`"anon"` (per client address) or `"key"` (per API key), its quota `q` per window of `w` seconds, '
        "as the answering worker process allows it (the limit divided among the server's workers). "
        "Absent when that limit is off.",
        schema=Schema(type=OpenAPIType.STRING, examples=['"key";q=6000;w=60']),
    ),
    "RateLimit": OpenAPIHeader(
        description="Where the client stands in its policy: `r` requests left of the quota in this window "
        "(counted by the answering worker), `t` seconds until the window ends (on a 429, as `Retry-After`). "
        "Absent when that limit is off.",
        schema=Schema(type=OpenAPIType.STRING, examples=['"key";r=5999;t=42']),
    ),
}

# Every other header the service sends, declared once and referenced from the responses that carry it.
HEADERS = {
    "ETag": _header(
        "The entity-tag of this representation: send it back in `If-None-Match` for a 304, or in `If-Match` "
        "to change the object only if nobody else has since. Absent from a replayed response.",
        '"3-1f2e3d4c5b6a7988"',
    ),
    "Cache-Control": _header(
        "How caches may keep the answer: public for anonymous reads, `private, no-cache` for a key's, "
        "`no-store` for health and metrics.",
        "private, no-cache",
    ),
    "Vary": _header("Always names `Authorization`: a key can change any answer.", "Authorization"),
    "Location": _header(
        "The address of the object created.", "/v1/events/0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f"
    ),
    "Link": _header(
        "RFC 8288 links to the neighbouring pages (`next`, `prev`), as the page's cursors; absent on a "
        "single page.",
        '</v1/events?cursor=eyJrIjoiMjAyMSJ9>; rel="next"',
    ),
    "Retry-After": _header("Seconds to wait before trying again.", "2"),
    "X-Request-Id": _header(
        "The id this request is logged under: the one a trusted proxy sent, else a new one. Quote it "
        "when reporting a problem.",
        "0193a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
    ),
    "Surrogate-Key": _header(
        "On a public answer (no key): the surrogate keys it depends on, space-separated, for an edge cache "
        "that purges by key (Fastly, Varnish xkey); docs/caching.md has the vocabulary.",
        "tl-xi-putin-summit all",
    ),
    "Cache-Tag": _header(
        "On a public answer: the same keys, comma-separated (Cloudflare).", "tl-xi-putin-summit,all"
    ),
    "Surrogate-Control": _header(
        "On a public answer: how long an edge cache may keep it (purges keep it fresh).", "max-age=86400"
    ),
    "CDN-Cache-Control": _header(
        "On a public answer: the same, for CDNs that read this one.", "max-age=86400"
    ),
    "Idempotent-Replayed": _header(
        "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.", "true"
    ),
}

# The enums that more than one field or parameter takes, each a component of its own that they all reference:
# one type per enum in a generated client, not one per field (as many `Stance` classes as fields).
SHARED_ENUMS = {
    ("supports", "disputes", "context"): "Stance",
    ("draft", "published", "retracted"): "EventStatus",
    ("draft", "published"): "TimelineStatus",
    ("person", "organization", "country", "place", "other"): "EntityKind",
    ("participant", "subject", "location", "mentioned"): "EntityRole",
    ("readout", "statement", "news", "analysis", "report", "documentary", "dataset", "other"): "SourceKind",
    ("viewer", "editor", "admin"): "KeyRole",
    ("light", "dark", "auto"): "Theme",
    ("csv", "ndjson", "timelinejs", "timelinejs_csv"): "ImportFormat",
    ("year", "month", "day", "time"): "Precision",
    ("asc", "desc"): "Order",
}

ENUM_DOCS = {
    "Stance": "Whether a source `supports` or `disputes` an event, or gives `context`.",
    "EventStatus": "`draft` (visible to its newsroom only), `published`, or `retracted` (public, with its "
    "note).",
    "TimelineStatus": "`draft` (visible to its newsroom only) or `published`.",
    "EntityKind": "What sort of thing an entity is.",
    "EntityRole": "How an entity takes part in an event.",
    "SourceKind": "What sort of source it is.",
    "KeyRole": "What an API key may do: `viewer` reads drafts, `editor` writes, `admin` manages keys.",
    "Theme": "The embed's colours: `light`, `dark`, or `auto` (the reader's preference).",
    "ImportFormat": "The format of an imported file.",
    "Precision": "How precise a date is: `year`, `month`, `day` or `time`.",
    "Order": "The order of a list: `asc` (oldest first) or `desc`.",
}
