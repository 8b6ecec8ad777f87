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


def unset_none(value: Any) -> Any:
    return None if value is msgspec.UNSET else value


def merged(current: dict[str, Any], patch: msgspec.Struct, type_: type[T]) -> T:
    """Apply a JSON merge patch (RFC 7386) of top-level fields and validate the result as `type_`.

    Nested objects (location, media) are replaced whole, as their fields only make sense together;
    `null` removes a field, so an optional one is cleared and a list goes back to empty.
    """
    doc = {k: v for k, v in current.items() if k in type_.__struct_fields__}
    for name in type_.__struct_fields__:
        value = getattr(patch, name, msgspec.UNSET)
        if value is not msgspec.UNSET:
            doc[name] = msgspec.to_builtins(value)
    doc = {k: v for k, v in msgspec.to_builtins(doc).items() if v is not None}
    try:
        return msgspec.convert(doc, type_)
    except msgspec.ValidationError as exc:
        error = field_error_from_msgspec(exc)
        raise Invalid(f"{error.field}: {error.message}", errors=[error]) from None
