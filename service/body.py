"""Strict request bodies: Litestar converts "3" to 3 and answers 400 for every body error;
the API promises 415 for a non-JSON body, 400 for malformed JSON and 422 naming the field for
anything that parses but is invalid, without coercing types. This DTO does exactly that and
still lets Litestar document the body's schema in the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

import msgspec

from service.compat.litestar import DecodingDTO
from service.errors import BadRequest, FieldError, Invalid, UnsupportedMediaType, field_error_from_msgspec
from service.guards import decode_json, nul_at


def decode_strict(raw: bytes, type_: Any) -> Any:
    """Decode JSON into `type_` with no coercion; the error names the offending field."""
    try:
        value = decode_json(raw, type=type_)
    except msgspec.ValidationError as exc:
        # msgspec validates while it parses, so `{"colour": }` or `[1,` fail validation before the
        # syntax error is reached: malformed JSON is still a 400, whatever msgspec met first.
        try:
            decode_json(raw)
        except (msgspec.DecodeError, UnicodeDecodeError) as syntax:
            raise BadRequest(f"The body is not valid JSON: {syntax}") from None
        error = field_error_from_msgspec(exc)
        raise Invalid(f"{error.field}: {error.message}", errors=[error]) from None
    except msgspec.DecodeError as exc:
        raise BadRequest(f"The body is not valid JSON: {exc}") from None
    except UnicodeDecodeError:  # msgspec raises this, not DecodeError, for invalid UTF-8 in a string
        raise BadRequest("The body is not valid JSON: it is not UTF-8.") from None
    if b"\\u0000" in raw and (where := nul_at(msgspec.to_builtins(value))) is not None:
        raise Invalid(
            "Text may not contain the NUL character (\\u0000).",
            errors=[FieldError(field=where or "body", message="a string holds the NUL character (\\u0000)")],
        )
    return value


class StrictBody(DecodingDTO):
    """Use as `dto=StrictBody[EventIn], return_dto=None` on a write handler."""

    def decode_bytes(self, value: bytes) -> Any:
        content_type = self.asgi_connection.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise UnsupportedMediaType(
                f"Send the body as application/json (got {media_type or 'no Content-Type'})."
            )
        return decode_strict(value, self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        try:
            return msgspec.convert(value, self.model_type)
        except msgspec.ValidationError as exc:
            error = field_error_from_msgspec(exc)
            raise Invalid(f"{error.field}: {error.message}", errors=[error]) from None
