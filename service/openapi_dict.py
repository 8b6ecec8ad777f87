"""OpenAPI schemas written as plain JSON Schema dicts, turned into Litestar's spec objects, for bodies
that no Struct describes (export files, import files, problem documents' examples)."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

# JSON Schema keyword -> Schema field, for the keywords whose names differ.
_FIELDS = {
    "additionalProperties": "additional_properties",
    "oneOf": "one_of",
    "anyOf": "any_of",
    "allOf": "all_of",
    "minItems": "min_items",
    "maxItems": "max_items",
    "minLength": "min_length",
    "maxLength": "max_length",
    "prefixItems": "prefix_items",
}
_NESTED = {"items", "additionalProperties"}
_LISTS = {"oneOf", "anyOf", "allOf", "prefixItems"}


def _type(value: str | list[str]) -> OpenAPIType | list[OpenAPIType]:
    return [OpenAPIType(v) for v in value] if isinstance(value, list) else OpenAPIType(value)


def to_schema(spec: dict[str, Any]) -> Schema | Reference:
    """`{"type": "object", "properties": {...}}` as a `Schema`; `{"$ref": ...}` as a `Reference`."""
    if "$ref" in spec:
        return Reference(ref=spec["$ref"], description=spec.get("description"))
    kwargs: dict[str, Any] = {}
    for key, value in spec.items():
        field = _FIELDS.get(key, key)
        if key == "type":
            value = _type(value)
        elif key == "properties":
            value = {name: to_schema(sub) for name, sub in value.items()}
        elif key in _NESTED and isinstance(value, dict):
            value = to_schema(value)
        elif key in _LISTS:
            value = [to_schema(sub) for sub in value]
        kwargs[field] = value
    return Schema(**kwargs)
