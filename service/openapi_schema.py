"""Final touches to the generated OpenAPI document: descriptions for every schema and field, closed
input objects, shared enums, nullables and required fields as generated clients read them best,
security, response headers and examples. Litestar takes operation descriptions from docstrings but has
no setting for these, so they are applied to the document as it is built.

The document is built when it is first asked for (`/schema`, `dateline openapi`), not when the app
starts: a worker that serves only the API never holds it (~3 MB of Python objects, as Litestar builds
it on demand too, had we not finished it at start).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import (
    XML,
    Discriminator,
    Example,
    Link,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute

from service.exports.documents import SCHEMAS as EXPORT_SCHEMAS
from service.openapi_dict import to_schema
from service.openapi_docs import BEARER
from service.openapi_examples import REQUESTS, TEXTS, responses
from service.errors import PROBLEM_JSON
from service.problem_types import CATALOGUE, EVERY, ProblemType
from service.schemas import Input, Output

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


def _structs(root: type) -> Iterator[type]:
    for cls in root.__subclasses__():
        yield cls
        yield from _structs(cls)


def _nullable_enum_as_one_of(schema: Schema) -> None:
    """`Literal[...] | None` parameters and fields come out as `type: [null, string]` with `null` among the
    enum values, which SDK generators misread (openapi-python-client makes three copies of the enum); say
    it the way every other nullable value in the document is said: `oneOf: [{enum}, {type: null}]`."""
    if schema.enum is None or None not in schema.enum or not isinstance(schema.type, list):
        return
    kinds = [kind for kind in schema.type if kind != OpenAPIType.NULL]
    values = [value for value in schema.enum if value is not None]
    schema.one_of = [
        Schema(type=kinds[0] if len(kinds) == 1 else kinds, enum=values),
        Schema(type=OpenAPIType.NULL),
    ]
    schema.type = None
    schema.enum = None


def _never_null(schema: Schema) -> Schema:
    """An optional parameter is left out, never sent as null (a query string or header has no null):
    `X | None` says just `X`. Declared nullable, fuzzers send `null` or `false` for it, and "false" is
    as good a tag or newsroom as any."""
    if schema.one_of and len(schema.one_of) == 2:
        kept = [s for s in schema.one_of if not (isinstance(s, Schema) and s.type == OpenAPIType.NULL)]
        if len(kept) == 1 and isinstance(kept[0], Schema):  # the limits (maxLength, minimum…) are outside
            inner = {f.name: v for f in dataclasses.fields(Schema) if (v := getattr(kept[0], f.name)) is not None}
            return dataclasses.replace(schema, one_of=None, **inner)
    if isinstance(schema.type, list) and OpenAPIType.NULL in schema.type:
        kinds = [kind for kind in schema.type if kind != OpenAPIType.NULL]
        schema.type = kinds[0] if len(kinds) == 1 else kinds
        if schema.enum is not None:
            schema.enum = [value for value in schema.enum if value is not None]
    return schema


_ID = "$response.body#/id"
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


def _add_links(operation: Operation) -> None:
    created = (operation.responses or {}).get("201")
    if isinstance(created, OpenAPIResponse) and operation.operation_id in LINKS:
        created.links = {
            name: Link(operation_id=target, parameters=parameters)
            for name, (target, parameters) in LINKS[operation.operation_id].items()
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
UNLIMITED_PATHS = ("/health/",)  # never counted (service/limits.py)
# Schemas also served as XML, with their root element's name (GET /oembed?format=xml).
XML_ROOTS = {"OEmbed": "oembed"}


def _declare_rate_limit_fields(doc: OpenAPI, path: str, operation: Operation) -> None:
    if path.startswith(UNLIMITED_PATHS):
        return
    doc.components.headers = {**(doc.components.headers or {}), **RATE_LIMIT_FIELDS}
    for response in (operation.responses or {}).values():
        if isinstance(response, OpenAPIResponse):
            refs = {name: Reference(ref=f"#/components/headers/{name}") for name in RATE_LIMIT_FIELDS}
            response.headers = {**(response.headers or {}), **refs}


def _header(description: str, example: str) -> OpenAPIHeader:
    return OpenAPIHeader(description=description, schema=Schema(type=OpenAPIType.STRING, examples=[example]))


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
    "Idempotent-Replayed": _header(
        "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.", "true"
    ),
}
READ_METHODS = ("get", "head")


def _ref(*names: str) -> dict[str, OpenAPIHeader | Reference]:
    return {name: Reference(ref=f"#/components/headers/{name}") for name in names}


def _is_page(doc: OpenAPI, response: OpenAPIResponse) -> bool:
    for media in (response.content or {}).values():
        schema = media.schema
        if isinstance(schema, Reference):
            schema = (doc.components.schemas or {}).get(schema.ref.rsplit("/", 1)[-1])
        if isinstance(schema, Schema) and "next_cursor" in (schema.properties or {}):
            return True
    return False


def _declare_headers(doc: OpenAPI, method: str, operation: Operation) -> None:
    """Which responses send which header (service/http.py, service/idempotency.py, service/envelope.py)."""
    doc.components.headers = {**(doc.components.headers or {}), **HEADERS}
    parameters = [p for p in operation.parameters or [] if isinstance(p, Parameter)]
    idempotent = any(p.name == "Idempotency-Key" for p in parameters)
    for code, response in (operation.responses or {}).items():
        if not isinstance(response, OpenAPIResponse):
            continue
        names = ["Vary"]
        # create_key's 200 is only ever a replay (the secret is never shown twice), sent without an ETag.
        replay_only = operation.operation_id == "create_key" and code == "200"
        if code in ("200", "201") and not replay_only:
            names.append("ETag")
        if code == "200" and method in READ_METHODS:
            names.append("Cache-Control")
            if _is_page(doc, response):
                names.append("Link")
        if (code == "201" or replay_only) and operation.operation_id != "import_events":
            names.append("Location")
        if code in ("200", "201") and idempotent:
            names.append("Idempotent-Replayed")
        if code in ("429", "503") or (code == "409" and idempotent):
            names.append("Retry-After")
        response.headers = {**(response.headers or {}), **_ref(*dict.fromkeys(names))}


MERGE_PATCH = "application/merge-patch+json"


def _merge_patch(operation: Operation) -> None:
    """A PATCH body is a JSON merge patch (RFC 7396): declared as such, and as plain JSON, which the service
    takes too (service/body.py reads any JSON media type)."""
    body = operation.request_body
    if isinstance(body, RequestBody) and "application/json" in body.content:
        body.content = {MERGE_PATCH: dataclasses.replace(body.content["application/json"]), **body.content}


def _secure(operation: Operation, method: str, handler: BaseRouteHandler | None) -> None:
    """Who may call it, as role_guard decides (service/auth/actor.py): a read takes an optional key, a
    write (or a handler naming a role) needs one, and a handler that ignores keys declares none."""
    opt = handler.opt if handler is not None else {}
    if opt.get("auth") is False:
        operation.security = []
    elif opt.get("role") or method not in READ_METHODS:
        operation.security = [{BEARER: []}]
    else:
        operation.security = [{}, {BEARER: []}]


def _handlers(app: Litestar) -> dict[str, BaseRouteHandler]:
    """The route handlers by operation id."""
    return {
        handler.operation_id: handler
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if isinstance(handler.operation_id, str)
    }


class _FinishedOpenAPIPlugin(OpenAPIPlugin):
    """Litestar's OpenAPI plugin, finishing the document each time it builds it."""

    __slots__ = ()

    def _build_openapi(self) -> OpenAPI:
        doc = super()._build_openapi()
        examples = _finish(doc, _handlers(self.app))
        fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(OpenAPI)}
        return _Document(**fields, examples=examples)


def finish_openapi(app: Litestar) -> None:
    """Have the app's OpenAPI document finished when it is built (tests/test_openapi.py compares the
    served document with the committed one, so a Litestar that stopped calling this is caught)."""
    app.plugins.get(OpenAPIPlugin).__class__ = _FinishedOpenAPIPlugin


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
_ENUM_DOCS = {
    "Stance": "Whether a source `supports` or `disputes` an event, or gives `context`.",
    "EventStatus": "`draft` (visible to its newsroom only), `published`, or `retracted` (public, with its note).",
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
_NULL = OpenAPIType.NULL


def _enum_ref(schema: Schema) -> Reference | None:
    name = SHARED_ENUMS.get(tuple(schema.enum or ()))
    if name is None:
        return None
    return Reference(ref=f"#/components/schemas/{name}", description=schema.description)


def _merged(outer: Schema, inner: Schema) -> Schema:
    """`outer` with `inner`'s keywords (a one-entry `oneOf` said plainly)."""
    fields = {f.name: v for f in dataclasses.fields(Schema) if (v := getattr(inner, f.name)) is not None}
    return dataclasses.replace(outer, one_of=None, **{k: v for k, v in fields.items() if k != "description"})


def _plain(node: Schema | Reference) -> Schema | Reference:
    """One schema said the way SDK generators read best, its sub-schemas first: a shared enum referenced,
    a one-entry `oneOf` as its entry, `oneOf: [X, null]` as `type: [X, "null"]` (a reference stays a
    two-entry `oneOf`, there being no other way to make it nullable)."""
    if isinstance(node, Reference):
        return node
    for field in ("items", "additional_properties", "not_"):
        sub = getattr(node, field, None)
        if isinstance(sub, Schema | Reference):
            setattr(node, field, _plain(sub))
    for field in ("one_of", "any_of", "all_of", "prefix_items"):
        subs = getattr(node, field)
        if subs:
            setattr(node, field, [_plain(sub) for sub in subs])
    if node.properties:
        node.properties = {name: _plain(sub) for name, sub in node.properties.items()}
    _nullable_enum_as_one_of(node)
    if node.one_of:
        node.one_of = [_plain(sub) for sub in node.one_of]
    if node.enum is not None and (ref := _enum_ref(node)) is not None:
        return ref
    branches = node.one_of or []
    if len(branches) == 1 and isinstance(branches[0], Schema):
        return _plain(_merged(node, branches[0]))
    if len(branches) == 1 and isinstance(branches[0], Reference):
        return Reference(ref=branches[0].ref, description=node.description)
    if len(branches) == 2 and isinstance(branches[0], Schema) and branches[1] == Schema(type=_NULL):
        inner = branches[0]
        if isinstance(inner.type, OpenAPIType) and not inner.one_of:
            return dataclasses.replace(_merged(node, inner), type=[inner.type, _NULL])
    return node


def _always_sent(schema: Schema, cls: type | None) -> None:
    """A response body's field is always sent (`null` when empty), so it is `required`: a generated client
    then has no third, "unset", state for it (`next_cursor` is `str | None`, not `str | None | Unset`)."""
    if cls is None or not issubclass(cls, Output) or cls.__struct_config__.omit_defaults:
        return
    names = [f.encode_name for f in msgspec.structs.fields(cls) if f.default is not msgspec.UNSET]
    schema.required = sorted({*(schema.required or []), *names})


def _discriminate(schemas: dict[str, Schema]) -> None:
    """An event or a tombstone, told apart by their `object` member."""
    for schema in schemas.values():
        for prop in (schema.properties or {}).values():
            items = prop.items if isinstance(prop, Schema) else None
            refs = [r.ref for r in (items.one_of or []) if isinstance(r, Reference)] if isinstance(items, Schema) else []
            if sorted(r.rsplit("/", 1)[-1] for r in refs) == ["Deleted", "Event"] and isinstance(items, Schema):
                mapping = {"event": "#/components/schemas/Event", "tombstone": "#/components/schemas/Deleted"}
                items.discriminator = Discriminator(property_name="object", mapping=mapping)


def _problem_schema(schema: Schema) -> None:
    """The one problem schema: `type` names the catalogue's types; `errors` and `existing_id` are left out
    when they do not apply (never null)."""
    props = schema.properties or {}
    kinds = ", ".join(f"`{p.uri}` ({p.status})" for p in CATALOGUE)
    props["type"] = Schema(
        type=OpenAPIType.STRING,
        format="uri-reference",  # type: ignore[arg-type]
        description="The problem type: `about:blank` when the HTTP status says it all, else a reference, "
        f"relative to the API's address, to the page about it (docs/problems.md): {kinds}.",
        examples=["about:blank", *(p.uri for p in CATALOGUE)],
    )
    props["errors"] = Schema(type=OpenAPIType.ARRAY, items=Reference(ref="#/components/schemas/FieldError"),
                             description=FIELD_DOCS["errors"] + " Sent with a 400 or 422 that names fields.")  # fmt: skip
    props["existing_id"] = Schema(type=OpenAPIType.STRING, format="uuid",  # type: ignore[arg-type]
                                  description=FIELD_DOCS["existing_id"])  # fmt: skip


def _media_examples(operation: Operation) -> None:
    """Example objects carry no `id` (Litestar keeps it, OpenAPI has no such field: it keys them)."""
    responses = [r for r in (operation.responses or {}).values() if isinstance(r, OpenAPIResponse)]
    for response in responses:
        for media in (response.content or {}).values():
            if media.examples:  # copies: the handlers' own Examples serve the next build too
                media.examples = {
                    key: dataclasses.replace(ex, id=None) if isinstance(ex, Example) else ex
                    for key, ex in media.examples.items()
                }


def _example_for(media_type: str, schema: object) -> object | None:
    """The example of a body: by the component its schema names, else by its media type."""
    name = schema.ref.rsplit("/", 1)[-1] if isinstance(schema, Reference) else None
    if media_type in TEXTS:
        return TEXTS[media_type]
    if name in REQUESTS:
        return REQUESTS[name]
    if name is not None:
        return responses().get(name)
    return None


def _sends(operation: Operation, kind: ProblemType) -> bool:
    parameters = {f"parameter:{p.name}" for p in operation.parameters or [] if isinstance(p, Parameter)}
    return bool({EVERY, operation.operation_id, *parameters} & set(kind.sent_by))


def _own_problem_examples(operation: Operation) -> None:
    """A problem response shows the examples of the types this operation may send (a 409 of a source write
    is a duplicate source, not a duplicate timeline); the plain `about:blank` one stays everywhere."""
    for response in (operation.responses or {}).values():
        media = (response.content or {}).get(PROBLEM_JSON) if isinstance(response, OpenAPIResponse) else None
        if media is None or not media.examples:
            continue
        kinds = {k.uri: k for k in CATALOGUE}
        kept = {
            key: example
            for key, example in media.examples.items()
            if not isinstance(example, Example)
            or (kind := kinds.get(example.value["type"])) is None
            or _sends(operation, kind)
        }
        media.examples = kept or media.examples  # a status no type of its own explains keeps them all


Where = tuple[str, str, str, str]  # path, method, "request" or the response's status, media type


def _add_examples(path: str, method: str, operation: Operation, found: dict[Where, object]) -> None:
    """An example for every body an operation takes or gives that has none of its own."""
    bodies = {"request": operation.request_body} if isinstance(operation.request_body, RequestBody) else {}
    bodies |= {code: r for code, r in (operation.responses or {}).items() if isinstance(r, OpenAPIResponse)}
    for where, body in bodies.items():
        for media_type, media in (body.content or {}).items():
            if media.example is None and not media.examples:
                example = _example_for(media_type, media.schema)
                if example is not None:
                    found[(path, method, where, media_type)] = example


@dataclasses.dataclass
class _Document(OpenAPI):
    """The document, written out with its examples whole: Litestar leaves out every `None` of what it writes
    out (a field not set), and so would drop an example's `null`s (`"next_cursor": null`)."""

    examples: dict[Where, object] = dataclasses.field(default_factory=dict)

    @property
    def _exclude_fields(self) -> set[str]:
        return {"examples"}

    def to_schema(self) -> dict[str, Any]:
        result = super().to_schema()
        for (path, method, where, media_type), example in self.examples.items():
            operation = result["paths"][path][method]
            body = operation["requestBody"] if where == "request" else operation["responses"][where]
            body["content"][media_type]["example"] = example
        return result


def _finish(doc: OpenAPI, handlers: dict[str, BaseRouteHandler]) -> dict[Where, object]:
    """Describe every schema and property, close input objects (`additionalProperties: false`), reference
    the shared enums, spell nullables as type lists, require what is always sent, discriminate event pages,
    declare each operation's security, response headers, merge patches and examples (those to be written
    out whole are returned)."""
    examples: dict[Where, object] = {}
    for path, item in (doc.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method)
            if isinstance(operation, Operation):
                _add_links(operation)
                _media_examples(operation)
                _own_problem_examples(operation)
                if method == "patch":
                    _merge_patch(operation)
                _add_examples(path, method, operation, examples)
                _declare_rate_limit_fields(doc, path, operation)
                _declare_headers(doc, method, operation)
                _secure(operation, method, handlers.get(operation.operation_id or ""))
                for parameter in operation.parameters or []:
                    if isinstance(parameter.schema, Schema):
                        parameter.schema = _plain(_never_null(parameter.schema))
    schemas = doc.components.schemas = dict(doc.components.schemas or {})
    for values, enum_name in SHARED_ENUMS.items():
        schemas[enum_name] = Schema(type=OpenAPIType.STRING, enum=list(values), description=_ENUM_DOCS[enum_name])
    schemas.update((name, to_schema(spec)) for name, spec in EXPORT_SCHEMAS.items())  # type: ignore[misc]
    classes = {cls.__name__: cls for cls in _structs(msgspec.Struct)}
    for name, schema in list(schemas.items()):
        cls = classes.get(name)
        _always_sent(schema, cls)
        if name == "ProblemDoc":
            _problem_schema(schema)
        if cls is not None and schema.description is None and cls.__doc__:
            schema.description = cls.__doc__.strip()
        if cls is not None and issubclass(cls, Input):
            schema.additional_properties = False
        if name in XML_ROOTS:
            schema.xml = XML(name=XML_ROOTS[name])
        for prop_name, prop in (schema.properties or {}).items():
            if isinstance(prop, Schema):
                _nullable_enum_as_one_of(prop)
            if isinstance(prop, Schema | Reference) and not prop.description:
                prop.description = FIELD_DOCS.get(f"{name}.{prop_name}") or FIELD_DOCS.get(prop_name)
        if name not in SHARED_ENUMS.values():
            schema.properties = {k: _plain(v) for k, v in (schema.properties or {}).items()} or schema.properties
    _discriminate(schemas)
    doc.components.schemas = dict(sorted(schemas.items()))
    return examples
