"""Domain errors and their RFC 9457 problem responses; driver errors are translated here only."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Self

import asyncpg
import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from service.problem_types import VALIDATION
from service.schemas import PATTERN_MESSAGES

log = logging.getLogger("dateline")

PROBLEM_JSON = "application/problem+json"


class FieldError(msgspec.Struct, kw_only=True):
    """One invalid input: where it is and what is wrong with it."""

    field: str = msgspec.field()
    message: str


class ProblemDoc(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document; `status` always equals the HTTP status."""

    type: str
    title: str
    status: int
    detail: str = ""
    errors: list[FieldError] | None = None
    existing_id: str | None = None


class Problem(Exception):
    """An error the client can act on; raised anywhere below the controllers."""

    status = 400
    title = "Bad Request"
    type = "about:blank"

    @classmethod
    def of(cls, errors: list[FieldError], **kwargs: Any) -> Self:
        """The problem of these field errors, its detail naming them all."""
        return cls(joined(errors), errors=errors, **kwargs)

    def __init__(
        self,
        detail: str = "",
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        existing_id: str | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.existing_id = existing_id
        if type:
            self.type = type

    def doc(self) -> ProblemDoc:
        return ProblemDoc(
            type=self.type,
            title=self.title,
            status=self.status,
            detail=self.detail,
            errors=self.errors,
            existing_id=self.existing_id,
        )


def joined(errors: list[FieldError]) -> str:
    """A problem's detail naming every field error: `field: message; field: message`."""
    return "; ".join(f"{e.field}: {e.message}" for e in errors)


class BadRequest(Problem):
    status, title = 400, "Bad Request"


class NotFound(Problem):
    status, title = 404, "Not Found"


class Conflict(Problem):
    status, title = 409, "Conflict"


class PreconditionFailed(Problem):
    status, title = 412, "Precondition Failed"


class Invalid(Problem):
    status, title, type = 422, "Unprocessable Content", VALIDATION

    @classmethod
    def field(cls, field: str, message: str, **kwargs: Any) -> Invalid:
        return cls(f"{field}: {message}", errors=[FieldError(field=field, message=message)], **kwargs)


class UnsupportedMediaType(Problem):
    status, title = 415, "Unsupported Media Type"


class Unavailable(Problem):
    status, title = 503, "Service Unavailable"


_MSGSPEC_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_MSGSPEC_FIELD = re.compile(r"field `(?P<name>[^`]+)`")
_MSGSPEC_REGEX = re.compile(r"^Expected `str` matching regex (?P<pattern>'.*')$", re.S)
# msgspec shows a pattern as its repr
_PATTERN_MESSAGES = {repr(pattern): message for pattern, message in PATTERN_MESSAGES.items()}


def field_error_from_msgspec(exc: msgspec.ValidationError) -> FieldError:
    """Turn msgspec's "Expected ... - at `$.a[0].b`" into a field path and a message."""
    text = str(exc)
    path = ""
    if match := _MSGSPEC_PATH.search(text):
        path = match["path"].lstrip(".")
        text = text[: match.start()]
    if (
        text.startswith("Object contains unknown field") or text.startswith("Object missing required field")
    ) and (name := _MSGSPEC_FIELD.search(text)):
        path = f"{path}.{name['name']}" if path else name["name"]
    if (regex := _MSGSPEC_REGEX.match(text)) and regex["pattern"] in _PATTERN_MESSAGES:
        text = _PATTERN_MESSAGES[regex["pattern"]]
    return FieldError(field=path or "body", message=text)


def problem_response(problem: ProblemDoc, headers: dict[str, str] | None = None) -> Response[ProblemDoc]:
    return Response(problem, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


def _retry_after(request: Request[Any, Any, Any]) -> dict[str, str]:
    settings = getattr(request.app.state, "settings", None)
    return {"Retry-After": str(settings.retry_after_seconds if settings else 2)}


def handle_problem(_: Request[Any, Any, Any], exc: Problem) -> Response[ProblemDoc]:
    return problem_response(exc.doc(), exc.headers)


def _param_name(item: dict[str, Any]) -> str:
    """The client's name for a parameter: Litestar reports the Python name, e.g. `from_` for `?from=`."""
    key = str(item.get("key") or "request")
    return key.removesuffix("_") if item.get("source") == "query" else key


def _no_body(item: Any) -> bool:
    """Litestar's report of a write sent without a body: the handler's `data` is missing (a body that is
    there is decoded by service.body.StrictBody, which reports its own errors)."""
    return isinstance(item, dict) and item.get("source") == "body" and item.get("key") == "data"


def allow_with_head(allow: str) -> str:
    """A 405's `Allow` with HEAD beside GET: the router lists only the methods it has handlers for."""
    methods = [m.strip() for m in allow.split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return ", ".join(methods)


def handle_http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[ProblemDoc]:
    """Litestar's own errors (routing, query parameters, body size) in our problem shape."""
    errors = None
    detail = exc.detail
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        if any(map(_no_body, exc.extra)):
            empty = BadRequest("The body is not valid JSON: it is empty. Send a JSON object.")
            return handle_problem(request, empty)
        errors = [
            FieldError(field=_param_name(item), message=str(item.get("message", "invalid")))
            for item in exc.extra
            if isinstance(item, dict)
        ]
        detail = joined(errors) or detail
    status = exc.status_code
    if status >= 500:
        log.error("http exception %s on %s %s: %s", status, request.method, request.scope["path"], exc.detail)
        detail = "The server could not complete the request."
    title = _TITLES.get(status) or (exc.detail if status < 500 else "Internal Server Error")
    headers = dict(exc.headers or {})
    if status == 405:
        headers = {k: allow_with_head(v) if k.lower() == "allow" else v for k, v in headers.items()}
    if status == 503:
        headers.update(_retry_after(request))
    return problem_response(
        ProblemDoc(type="about:blank", title=title, status=status, detail=detail, errors=errors), headers
    )


_UNAVAILABLE = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.InternalClientError,  # asyncpg's protocol state when a connection dies mid-operation
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.QueryCanceledError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.SerializationError,
    asyncpg.exceptions.DeadlockDetectedError,
    ConnectionError,
    OSError,
    asyncio.TimeoutError,
    TimeoutError,
)


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[ProblemDoc]:
    """Database trouble is a 503 the client may retry; anything else a bare 500, never a trace."""
    if isinstance(exc, _UNAVAILABLE):
        log.warning("database unavailable on %s %s: %r", request.method, request.scope["path"], exc)
        return problem_response(
            ProblemDoc(
                type="about:blank",
                title="Service Unavailable",
                status=503,
                detail="The database is unavailable or saturated; retry shortly.",
            ),
            _retry_after(request),
        )
    if isinstance(exc, asyncpg.exceptions.DataError | OverflowError):
        # A value the database cannot store or compare (a date beyond its range, an integer beyond
        # int8, from a body, a query or a tampered cursor): the client's input, not our fault.
        log.warning("unstorable input on %s %s: %r", request.method, request.scope["path"], exc)
        status = 422 if request.method in ("POST", "PUT", "PATCH") else 400
        return problem_response(
            ProblemDoc(
                type="about:blank",
                title=_TITLES[status],
                status=status,
                detail="A value in the request is outside the range the service can store or compare.",
            )
        )
    if _search_too_complex(exc):
        # websearch_to_tsquery stacks its operators 32 deep: `q` of 33 `-` (or `-!`, `- `, `-(`...) is more
        # than the database can parse, whichever list or saved filter it came through.
        log.warning("search too complex on %s %s: %r", request.method, request.scope["path"], exc)
        status = 422 if request.method in ("POST", "PUT", "PATCH") else 400
        message = "the database cannot run this search (too many operators such as `-` in a row); simplify it"
        field = "filter.q" if status == 422 else "q"  # only a timeline's saved filter is written
        return problem_response(
            ProblemDoc(
                type="about:blank" if status == 400 else Invalid.type,
                title=_TITLES[status],
                status=status,
                detail=f"{field}: {message}",
                errors=[FieldError(field=field, message=message)],
            )
        )
    log.exception("unhandled error on %s %s", request.method, request.scope["path"])
    return problem_response(
        ProblemDoc(
            type="about:blank",
            title="Internal Server Error",
            status=HTTP_500_INTERNAL_SERVER_ERROR,
            detail="The server could not complete the request.",
        )
    )


def _search_too_complex(exc: Exception) -> bool:
    """PostgreSQL's refusal of a full-text query it cannot parse or hold (`tsquery stack too small`,
    `tsquery is too large`): the client's search, not a fault of ours."""
    limits = asyncpg.exceptions.InternalServerError | asyncpg.exceptions.ProgramLimitExceededError
    return isinstance(exc, limits) and "tsquery" in str(exc)


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    501: "Not Implemented",
    503: "Service Unavailable",
}

EXCEPTION_HANDLERS = {
    Problem: handle_problem,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
