"""Problem responses as the OpenAPI document declares them, shared by every operation."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Contact, License, SecurityScheme, Server, Tag

from service.errors import PROBLEM_JSON, ProblemDoc

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


def problems(*codes: int) -> dict[int, ResponseSpec]:
    """Declare the problem responses an operation can give (400, 429 and 503 for every operation)."""
    wanted = sorted({400, 429, 503, *codes})
    return {
        code: ResponseSpec(
            data_container=ProblemDoc, description=_DESCRIPTIONS[code], media_type=PROBLEM_JSON, generate_examples=False
        )
        for code in wanted
    }


READ = problems(401, 404)
WRITE = problems(401, 403, 404, 412, 413, 415, 422)
CREATE = problems(401, 403, 409, 413, 415, 422)


# The document's top level (service/app.py): who answers, under what terms, and what each tag groups.
CONTACT = Contact(name="Dateline")
LICENSE = License(name="Proprietary")  # pyproject.toml declares no licence
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
