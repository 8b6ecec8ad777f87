"""Problem responses as the OpenAPI document declares them, shared by every operation."""

from __future__ import annotations

from litestar.openapi.datastructures import ResponseSpec

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
