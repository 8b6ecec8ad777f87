"""What every write shares: version preconditions and merge patches validated as a whole."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import msgspec

from service.errors import BadRequest, Invalid, NotFound, PreconditionFailed, field_error_from_msgspec
from service.http import etag_of

if TYPE_CHECKING:
    from service.auth.actor import Actor

T = TypeVar("T")
R = TypeVar("R")
# RFC 9110 §8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text; a
# header is read as latin-1, so obs-text is U+0080-U+00FF here.
_ENTITY_TAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"')
_OWS = " \t"
MALFORMED_IF_MATCH = 'If-Match must be * or a list of entity-tags, like "3-1a2b3c4d" or W/"x" (RFC 9110).'


class Versioned(Protocol):
    version: int


async def owned(read: Awaitable[Any]) -> tuple[str, Versioned]:
    """An object that names its own newsroom, as `precondition` takes it."""
    obj = await read
    return obj.newsroom, obj


def entity_tags(header: str) -> list[str]:
    """The entity-tags of an `If-Match` list (RFC 9110 §13.1.1, `#entity-tag` with its empty elements);
    a value that is not such a list, or names none, is a 400."""
    tags: list[str] = []
    at, end = 0, len(header)
    while at < end:
        if header[at] in _OWS or header[at] == ",":  # separators and empty list elements
            at += 1
            continue
        match = _ENTITY_TAG.match(header, at)
        if match is None:
            raise BadRequest(MALFORMED_IF_MATCH)
        tags.append(match[0])
        at = match.end()
        while at < end and header[at] in _OWS:
            at += 1
        if at < end and header[at] != ",":  # two tags must be separated by a comma
            raise BadRequest(MALFORMED_IF_MATCH)
    if not tags:
        raise BadRequest(MALFORMED_IF_MATCH)
    return tags


def parse_if_match(header: str | None) -> list[str] | None:
    """The entity-tags an `If-Match` names; None when absent or `*` (any existing object will do)."""
    if header is None or header.strip(_OWS) == "*":
        return None
    return entity_tags(header)


async def precondition(
    header: str | None, actor: Actor, current: Callable[[], Awaitable[tuple[str, Versioned]]]
) -> int | None:
    """The version a conditional write must still find under its lock, or None when unconditional.

    RFC 9110 §13.1.1: the write goes ahead only if one of the tags is, by strong comparison, the ETag
    of the object as it stands (a weak tag never is); any other well-formed tag, ours or not, is a
    412. The object is read as the caller's GET would show it; the version is then checked again in
    the write's transaction, so a change in between is a 412 too. Another newsroom's object is left
    to the write to refuse (a 404, never a 412: §13.2.1).
    """
    tags = parse_if_match(header)
    if tags is None:
        return None
    newsroom, obj = await current()
    if newsroom != actor.newsroom:
        return None
    if etag_of(obj, obj.version) not in tags:
        raise PreconditionFailed(
            f"If-Match names no current ETag of this object (it is at version {obj.version}); "
            "read it again and reapply your change."
        )
    return obj.version


def locked(row: R | None, *, newsroom: str, if_match: int | None, missing: str) -> R:
    """A row read for update (locked until the transaction ends), checked for a write by `newsroom`: a 404
    saying `missing` when there is none or it is another newsroom's (the same answer: another newsroom's
    objects are not there for it), a 412 when `if_match` names a version it is no longer at."""
    if row is None:
        raise NotFound(missing)
    field = (lambda name: getattr(row, name)) if isinstance(row, msgspec.Struct) else row.__getitem__
    if field("newsroom") != newsroom:
        raise NotFound(missing)
    check_version(if_match, field("version"))
    return row


def check_version(if_match: int | None, version: int) -> None:
    if if_match is not None and if_match != version:
        raise PreconditionFailed(
            f"The object has changed (now version {version}); read it again and reapply your change."
        )


def check_correction(correction: bool, change_note: str | None) -> None:
    """A correction is shown to readers with its note ("Corrected on …: <note>"): it needs one."""
    if correction and not change_note:
        raise Invalid.field("change_note", "a correction needs a change_note saying what was corrected")


def unset_none(value: Any) -> Any:
    return None if value is msgspec.UNSET else value


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 §2: an object in the patch is merged into the target's member by member, `null`
    removing one; anything else (a string, a number, a list) replaces the target whole."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


def merged(current: dict[str, Any], patch: msgspec.Struct, type_: type[T]) -> T:
    """Apply a JSON merge patch (RFC 7396) of the fields of `type_` and validate the result as `type_`.

    Nested objects (an event's `location` and `media`, a timeline's `filter`) are merged member by
    member, so `{"media": {"caption": "…"}}` changes the caption alone; lists are replaced whole.
    `null` removes a field: an optional one is cleared, one with a default goes back to it, and a
    required one is then missing (a 422 naming it).
    """
    fields = {f.encode_name for f in msgspec.structs.fields(type_)}
    doc = msgspec.to_builtins({k: v for k, v in current.items() if k in fields and v is not None})
    changes = {k: v for k, v in msgspec.to_builtins(patch).items() if k in fields}
    try:
        return msgspec.convert(merge_patch(doc, changes), type_)
    except msgspec.ValidationError as exc:
        error = field_error_from_msgspec(exc)
        raise Invalid(f"{error.field}: {error.message}", errors=[error]) from None
