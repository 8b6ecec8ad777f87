"""Keyset pages with opaque cursors: stable under inserts, bound to the filters that made them."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Callable, Sequence
from typing import Any, Literal
from urllib.parse import urlencode

import msgspec

from service.errors import BadRequest
from service.problem_types import BAD_CURSOR, CURSOR_MISMATCH

Direction = Literal["next", "prev"]
Key = tuple[Any, ...]

NIL_ID = uuid.UUID(int=0)
MAX_ID = uuid.UUID(int=(1 << 128) - 1)


class Cursor(msgspec.Struct, array_like=True, frozen=True):
    """What a cursor carries: the direction, the key of the row it starts after, the filters' fingerprint."""

    direction: Direction
    key: list[Any]
    fingerprint: str


def fingerprint(params: dict[str, Any]) -> str:
    """A short hash of the normalised filters, so a cursor cannot be replayed under other filters."""
    canonical = msgspec.json.encode({k: v for k, v in sorted(params.items()) if v not in (None, [], ())})
    return hashlib.blake2b(canonical, digest_size=8).hexdigest()


def encode_cursor(direction: Direction, key: Sequence[Any], fp: str) -> str:
    raw = msgspec.json.encode(Cursor(direction, list(key), fp))
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(text: str, fp: str) -> Cursor:
    """Read a client's cursor; anything tampered, truncated or made under other filters is a 400."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        cursor = msgspec.json.decode(raw, type=Cursor)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise BadRequest("The cursor is not one this service issued.", type=BAD_CURSOR) from None
    if cursor.fingerprint != fp:
        raise BadRequest(
            "The cursor was issued for other filters or another order; start again without it.",
            type=CURSOR_MISMATCH,
        )
    return cursor


class PageSlice(msgspec.Struct, frozen=True):
    rows: list[Any]
    next_cursor: str | None
    prev_cursor: str | None


def slice_page(
    rows: Sequence[Any],
    *,
    limit: int,
    direction: Direction,
    from_cursor: bool,
    key_of: Callable[[Any], Key],
    fp: str,
    has_before: bool = False,
    start_key: Key | None = None,
) -> PageSlice:
    """Turn limit+1 rows read in `direction` into a page and its neighbours' cursors.

    Rows read backwards (a prev cursor) arrive reversed and are put back in order here.
    `from_cursor` says the page starts after a row the client has seen, so there is one before it;
    `has_before` says so otherwise, and an empty page then points back from `start_key`.
    """
    more = len(rows) > limit
    page = list(rows[:limit])
    if direction == "prev":
        page.reverse()
        prev = encode_cursor("prev", key_of(page[0]), fp) if more and page else None
        nxt = encode_cursor("next", key_of(page[-1]), fp) if page else None
        return PageSlice(page, nxt, prev)
    nxt = encode_cursor("next", key_of(page[-1]), fp) if more else None
    prev = None
    if page and (from_cursor or has_before):
        prev = encode_cursor("prev", key_of(page[0]), fp)
    elif not page and has_before and start_key is not None:
        prev = encode_cursor("prev", start_key, fp)
    return PageSlice(page, nxt, prev)


def link_header(
    base_url: str, query: list[tuple[str, str]], next_cursor: str | None, prev_cursor: str | None
) -> str:
    """RFC 8288 links to the neighbouring pages, keeping every other query parameter."""
    kept = [(k, v) for k, v in query if k != "cursor"]
    links = []
    for rel, cursor in (("next", next_cursor), ("prev", prev_cursor)):
        if cursor:
            links.append(f'<{base_url}?{urlencode([*kept, ("cursor", cursor)])}>; rel="{rel}"')
    return ", ".join(links)
