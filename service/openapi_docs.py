"""Problem responses as the OpenAPI document declares them, shared by every operation."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Contact, Example, License, SecurityScheme, Server, Tag

from service.errors import PROBLEM_JSON, ProblemDoc
from service.problem_types import CATALOGUE

_DESCRIPTIONS = {
    400: "Malformed request: a bad query parameter, cursor or header (`errors` names it).",
    401: "No API key, or an unknown or revoked one (`WWW-Authenticate` says which).",
    403: "The key's role does not allow this.",
    404: "No such object (or not visible to the caller).",
    409: "Conflict: the object already exists (`existing_id` names it).",
    412: "`If-Match` names a version that is no longer current; nothing was written.",
    413: "The request body is larger than the limit.",
    415: "The body is not `application/json`.",
    422: "The body is invalid (`errors` names each field); nothing was written.",
    429: "Over the rate limit for this key or address, or over its expensive requests in progress "
    "(`as_of` pages, export renders, imports); retry after `Retry-After` seconds.",
    503: "The database is unavailable or saturated; retry after `Retry-After` seconds.",
}


_ID = "0190d7a4-5c1e-7b3a-9f00-4a1b2c3d4e5f"
# A problem of each status whose type is `about:blank`, as the service words it (a 409 or a 422 always has
# a type of its own); typed ones come from the catalogue (service/problem_types.py), with their own details.
_PLAIN = {
    400: ("limit: must be between 1 and 200", [{"field": "limit", "message": "must be between 1 and 200"}]),
    401: ("No API key was sent; send `Authorization: Bearer dl_…`.", None),
    403: ("This key's role (viewer) may not do this; it needs editor.", None),
    404: (f"No event {_ID}.", None),
    412: ('If-Match "2-1f2e3d4c5b6a7988" is not the current ETag "3-9a8b7c6d5e4f3a2b".', None),
    413: ("The body is larger than 1048576 bytes.", None),
    415: ("Send the body as application/json (got text/plain).", None),
    429: ("Over the rate limit for this key; retry after 2 s.", None),
    503: ("The database is unavailable; retry after 1 s.", None),
}
_TYPED = {
    "validation": ("citations[0].quote: must not be empty", "citations[0].quote", "must not be empty"),
    "publishing-rule": (
        "status: a published event needs at least one citation with stance supports",
        "status",
        "a published event needs at least one citation with stance supports",
    ),
    "import-failed": ("row 7: date: not an EDTF date", "row 7: date", "not an EDTF date"),
    "idempotency-mismatch": (
        "This Idempotency-Key was used with another request; use a new key for a new request.",
        None,
        None,
    ),
    "idempotency-in-flight": (
        "A request with this Idempotency-Key is still in flight; retry shortly.",
        None,
        None,
    ),
    "duplicate-source": (f"This newsroom already has a source with this URL: {_ID}.", None, None),
    "duplicate-entity": (f"An entity with this wikidata id already exists: {_ID}.", None, None),
    "duplicate-timeline": (f"A timeline of your newsroom has this slug: {_ID}.", None, None),
    "deleted-timeline": (f"A deleted timeline of your newsroom has this slug: {_ID}.", None, None),
    "timeline-too-large": (
        "This timeline now holds more than the 10,000 events an export may hold.",
        None,
        None,
    ),
    "bad-cursor": ("The cursor is not one this service issued.", None, None),
    "cursor-mismatch": (
        "The cursor was issued for other filters or another order; start again without it.",
        None,
        None,
    ),
}
_EXISTING = {"duplicate-source", "duplicate-entity", "duplicate-timeline", "deleted-timeline"}


def _examples(code: int) -> list[Example]:
    """An example of each problem an operation may answer with this status: the plain one and the typed
    ones."""
    detail, errors = _PLAIN.get(code, ("", None))
    plain: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(code).phrase,
        "status": code,
        "detail": detail,
    }
    if errors:
        plain["errors"] = errors
    found = (
        []
        if code not in _PLAIN
        else [Example(id="about-blank", summary=HTTPStatus(code).phrase, value=plain)]
    )
    for problem in CATALOGUE:
        if problem.status != code:
            continue
        detail, field, message = _TYPED[problem.name]
        value: dict[str, Any] = {
            "type": problem.uri,
            "title": problem.title,
            "status": code,
            "detail": detail,
        }
        if field:
            value["errors"] = [{"field": field, "message": message}]
        if problem.name in _EXISTING:
            value["existing_id"] = _ID
        found.append(
            Example(id=problem.name, summary=problem.description.split(":")[0].split(".")[0], value=value)
        )
    return found


def problems(*codes: int) -> dict[int, ResponseSpec]:
    """Declare the problem responses an operation can give (400, 429 and 503 for every operation), each with
    the one problem schema and an example of each problem type it may be."""
    wanted = sorted({400, 429, 503, *codes})
    return {
        code: ResponseSpec(
            data_container=ProblemDoc,
            description=_DESCRIPTIONS[code],
            media_type=PROBLEM_JSON,
            generate_examples=False,
            examples=_examples(code),
        )
        for code in wanted
    }


READ = problems(401, 404)
WRITE = problems(401, 403, 404, 412, 413, 415, 422)
CREATE = problems(401, 403, 409, 413, 415, 422)


# The document's top level (service/app.py): who answers, under what terms, and what each tag groups.
CONTACT = Contact(name="Dateline")
LICENSE = License(
    name="Proprietary", identifier="LicenseRef-Proprietary"
)  # pyproject.toml declares no licence
TAGS = [
    Tag(name="events", description="Dated events, their citations, history, restore, and bulk import."),
    Tag(name="sources", description="The sources that events cite, one per canonical URL."),
    Tag(name="entities", description="People, organisations, places and things that take part in events."),
    Tag(name="tags", description="The tags on a newsroom's events, with how many events carry each."),
    Tag(name="timelines", description="Saved event searches with their own address, exports and history."),
    Tag(name="embed", description="Timelines as embeddable HTML pages and oEmbed answers."),
    Tag(name="keys", description="A newsroom's API keys (admin keys only)."),
    Tag(name="health", description="Liveness, readiness and Prometheus metrics, for operators."),
]
BEARER = "bearer"
SECURITY_SCHEMES = {
    BEARER: SecurityScheme(
        type="http",
        scheme="bearer",
        description="An API key, `Authorization: Bearer dl_…`: a newsroom's key with its role (`viewer` sees "
        "its newsroom's drafts, `editor` writes, `admin` manages keys). Reads work without one (published "
        "objects only); writes need one. An unknown or revoked key is a 401, even on a read.",
    )
}


def servers(public_url: str | None) -> list[Server]:
    """Where the API answers: DATELINE_PUBLIC_URL when set, else relative to the document (`/`)."""
    return [Server(url=(public_url or "").rstrip("/") or "/")]
