"""Responses every resource shares: ETags and 304s, cache headers, pages with cursors and links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
import xxhash
from litestar import Request, Response
from litestar.params import HeaderParameter, Parameter
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.credentials import sends_credential
from service.edtf import BOUND_FORMS, BOUND_MAX_LENGTH, EdtfError, parse_bound
from service.errors import BadRequest, FieldError
from service.pages import Cursor, Direction, PageSlice, decode_cursor, link_header, slice_page
from service.problem_types import BAD_CURSOR
from service.proxies import base_url
from service.schemas import SLUG_PATTERN

_encoder = msgspec.json.Encoder()


def etag_for(body: bytes, version: int | None = None) -> str:
    """The body's ETag: a 64-bit XXH3 of its bytes (an ETag only has to change when the body does; a
    cryptographic hash cost a page ~10 % of its CPU), after the object's version when there is one."""
    digest = xxhash.xxh3_64_hexdigest(body)
    return f'"{version}-{digest}"' if version is not None else f'"{digest}"'


def etag_of(content: Any, version: int | None = None) -> str:
    """The ETag `json_response` gives this content: what a conditional write compares with."""
    return etag_for(_encoder.encode(content), version)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an `If-None-Match` value names this ETag (weak or strong, or `*`)."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


def json_response(
    request: Request[Any, Any, Any],
    content: Any,
    *,
    version: int | None = None,
    status_code: int = 200,
    private: bool = False,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    """Encode once, tag it, and answer 304 when the client already has this exact body."""
    body = _encoder.encode(content)
    etag = etag_for(body, version)
    out, unchanged = conditional(request, etag, private=private, headers=headers)
    if unchanged:
        return Response(content=b"", status_code=304, headers=out)
    return Response(content=body, status_code=status_code, headers=out, media_type="application/json")


def uncached(request: Request[Any, Any, Any], body: bytes, *, media_type: str) -> Response[Any]:
    """A GET whose answer no cache may keep (health, metrics): `no-store`, and still its ETag, and a 304
    for a client that sends it back."""
    etag = etag_for(body)
    out = {"ETag": etag, "Cache-Control": "no-store"}
    inm = request.headers.get("if-none-match")
    if inm and etag_matches(inm, etag):
        return Response(content=b"", status_code=304, headers=out)
    return Response(content=body, headers=out, media_type=media_type)


async def not_modified(headers: list[tuple[bytes, bytes]], send: Send) -> None:
    """Send a 304 with these headers and no body (ASGI)."""
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def tag_whole_bodies(app: ASGIApp) -> ASGIApp:
    """ASGI middleware for handlers that set no ETag of their own (Litestar's `/schema` pages): a 200
    sent whole gets its body's ETag, and a request whose `If-None-Match` names it gets a 304."""

    async def tagged(scope: Scope, receive: Receive, send: Send) -> None:
        start: Message | None = None
        if_none_match = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"if-none-match"), None
        )

        async def tag(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 200:
                start = message  # held until the body shows whether it comes whole
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            if message.get("more_body", False):  # streamed: sent as it comes, untagged
                await send(held)
                await send(message)
                return
            etag = etag_for(message.get("body", b""))
            tag = (b"etag", etag.encode("latin-1"))
            if if_none_match is not None and etag_matches(if_none_match, etag):
                await not_modified([tag], send)
                return
            await send({**held, "headers": [*held.get("headers", []), tag]})
            await send(message)

        await app(scope, receive, tag)

    return tagged


def conditional(
    request: Request[Any, Any, Any],
    etag: str,
    *,
    private: bool = False,
    headers: dict[str, str] | None = None,
) -> tuple[dict[str, str], bool]:
    """The ETag and Cache-Control headers of a GET, and whether `If-None-Match` makes it a 304.

    For responses whose ETag is known before their body is made (a streamed export): answer the 304
    without rendering anything.
    """
    out = {"ETag": etag, **(headers or {})}
    if request.method != "GET":
        return out, False
    private = private or sends_credential(request.scope)
    out["Cache-Control"] = "private, no-cache" if private else request.app.state.settings.cache_control_public
    inm = request.headers.get("if-none-match")
    return out, bool(inm and etag_matches(inm, etag))


def refuse_null(request: Request[Any, Any, Any], *names: str) -> None:
    """A 400 for the query value `null` of these parameters (numbers and lists of values, not free text).

    Litestar converts query strings laxly, and so reads `status=null` as "no status given": the filter
    would quietly go. No value of these parameters is spelled `null`; say so instead.
    """
    errors = [
        FieldError(field=name, message="not a valid value; leave the parameter out to not filter on it")
        for name in names
        if "null" in request.query_params.getall(name, [])
    ]
    if errors:
        raise BadRequest.of(errors)


LimitParam = Annotated[
    int, Parameter(ge=1, le=200, description="Items per page, 1-200 (default 50); outside that range a 400.")
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        description="Makes a retry safe: the same key and body replay the first response (kept 24 h); "
        "the same key with another body is a 422; while the first is in flight, a 409 with Retry-After.",
        max_length=200,
    ),
]
CursorParam = Annotated[
    str | None,
    Parameter(
        description="Opaque cursor from `next_cursor` or `prev_cursor` of a page read with the same filters.",
        max_length=512,
    ),
]
Order = Annotated[
    Literal["asc", "desc"], Parameter(description="By start (or by update time in a sync feed), then id.")
]
Around = Annotated[
    str | None,
    Parameter(
        description=f"Open on the page that holds this date: {BOUND_FORMS}.", max_length=BOUND_MAX_LENGTH
    ),
]
AsOf = Annotated[
    str | None,
    Parameter(
        description="Read the state at this RFC 3339 instant, from the history.",
        max_length=40,
        schema_extra={"format": "date-time"},
    ),
]

TimelineSlug = Annotated[
    str,
    Parameter(description="The timeline's slug.", min_length=1, max_length=64, pattern=SLUG_PATTERN),
]


def if_match(what: str, *, says_412: bool = True) -> Any:
    """The If-Match header of a write to `what` (a conditional write: a 412 when the ETag has moved on)."""
    description = f"Only write if {what} still has this ETag" + (" (else 412)." if says_412 else ".")
    return Annotated[str | None, HeaderParameter(name="If-Match", description=description)]


IfMatch = if_match("the object")


def around_param(around: str | None) -> str | None:
    """The `around` query parameter, or a 400 naming it."""
    if around is not None:
        try:
            parse_bound(around)
        except EdtfError as exc:
            raise BadRequest(
                f"around: {exc}", errors=[FieldError(field="around", message=str(exc))]
            ) from None
    return around


def read_cursor(cursor: str | None, fp: str, key_type: Any) -> tuple[Direction, Any]:
    """The direction and typed key of a client's cursor (None when starting from the top)."""
    if cursor is None:
        return "next", None
    parsed: Cursor = decode_cursor(cursor, fp)
    try:
        return parsed.direction, msgspec.convert(parsed.key, key_type)
    except msgspec.ValidationError:
        raise BadRequest("The cursor is not one this service issued.", type=BAD_CURSOR) from None


def keyed_page(
    rows: Sequence[tuple[Any, Any]],
    *,
    limit: int,
    direction: Direction,
    from_cursor: bool,
    fp: str,
    has_before: bool = False,
    start_key: Any = None,
) -> PageSlice:
    """Slice (key, item) rows into a page; the cursors carry the keys in JSON form."""
    return slice_page(
        rows,
        limit=limit,
        direction=direction,
        from_cursor=from_cursor,
        key_of=lambda row: msgspec.to_builtins(row[0]),
        fp=fp,
        has_before=has_before,
        start_key=msgspec.to_builtins(start_key) if start_key is not None else None,
    )


def page_response(
    request: Request[Any, Any, Any], page_type: type, page: PageSlice, **kwargs: Any
) -> Response[Any]:
    """The pages envelope plus an RFC 8288 `Link` header to the neighbouring pages."""
    content = page_type(
        items=[item for _, item in page.rows], next_cursor=page.next_cursor, prev_cursor=page.prev_cursor
    )
    base = base_url(request.scope) + request.url.path
    link = link_header(base, list(request.query_params.multi_items()), page.next_cursor, page.prev_cursor)
    return json_response(request, content, headers={"Link": link} if link else None, **kwargs)
