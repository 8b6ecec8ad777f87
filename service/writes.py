"""What every write shares: version preconditions and merge patches validated as a whole."""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from service.errors import BadRequest, Invalid, PreconditionFailed, field_error_from_msgspec

T = TypeVar("T")
_ETAG_VERSION = re.compile(r'^(?:W/)?"(\d{1,10})-[0-9a-f]+"$')


def parse_if_match(header: str | None) -> int | None:
    """The version an `If-Match` names (our ETags are "<version>-<hash>"); `*` or absent means any."""
    if header is None or header.strip() == "*":
        return None
    for tag in header.split(","):
        if match := _ETAG_VERSION.match(tag.strip()):
            return int(match[1])
    raise BadRequest('If-Match must be an ETag this service issued, like "3-1a2b3c4d", or *.')


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
