"""Final touches to the generated OpenAPI document: descriptions for every schema and field, closed
input objects, shared enums, nullables and required fields as generated clients read them best,
security, response headers and examples.

How and why: docs/architecture.md, "The OpenAPI document".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Litestar
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import (
    XML,
    Discriminator,
    Example,
    Link,
    OpenAPI,
    OpenAPIHeader,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType
from litestar.routes import HTTPRoute

from service.compat.litestar import finish_openapi_with
from service.errors import PROBLEM_JSON
from service.exports.documents import SCHEMAS as EXPORT_SCHEMAS
from service.openapi_dict import to_schema
from service.openapi_docs import BEARER
from service.openapi_examples import REQUESTS, TEXTS, responses
from service.openapi_tables import ENUM_DOCS, FIELD_DOCS, HEADERS, LINKS, RATE_LIMIT_FIELDS, SHARED_ENUMS
from service.problem_types import CATALOGUE, EVERY, ProblemType
from service.schemas import Input, Output


def _structs(root: type) -> Iterator[type]:
    for cls in root.__subclasses__():
        yield cls
        yield from _structs(cls)


def _nullable_enum_as_one_of(schema: Schema) -> None:
    """`Literal[...] | None` parameters and fields come out as `type: [null, string]` with `null` among the
    enum values, which SDK generators misread (openapi-python-client makes three copies of the enum); say
    it the way every other nullable value in the document is said: `oneOf: [{enum}, {type: null}]`."""
    if schema.enum is None or None not in schema.enum or not isinstance(schema.type, list):
        return
    kinds = [kind for kind in schema.type if kind != OpenAPIType.NULL]
    values = [value for value in schema.enum if value is not None]
    schema.one_of = [
        Schema(type=kinds[0] if len(kinds) == 1 else kinds, enum=values),
        Schema(type=OpenAPIType.NULL),
    ]
    schema.type = None
    schema.enum = None


def _never_null(schema: Schema) -> Schema:
    """An optional parameter is left out, never sent as null (a query string or header has no null):
    `X | None` says just `X`. Declared nullable, fuzzers send `null` or `false` for it, and "false" is
    as good a tag or newsroom as any."""
    if schema.one_of and len(schema.one_of) == 2:
        kept = [s for s in schema.one_of if not (isinstance(s, Schema) and s.type == OpenAPIType.NULL)]
        if len(kept) == 1 and isinstance(kept[0], Schema):  # the limits (maxLength, minimum…) are outside
            inner = {
                f.name: v for f in dataclasses.fields(Schema) if (v := getattr(kept[0], f.name)) is not None
            }
            return dataclasses.replace(schema, one_of=None, **inner)
    if isinstance(schema.type, list) and OpenAPIType.NULL in schema.type:
        kinds = [kind for kind in schema.type if kind != OpenAPIType.NULL]
        schema.type = kinds[0] if len(kinds) == 1 else kinds
        if schema.enum is not None:
            schema.enum = [value for value in schema.enum if value is not None]
    return schema


def _add_links(operation: Operation) -> None:
    created = (operation.responses or {}).get("201")
    if isinstance(created, OpenAPIResponse) and operation.operation_id in LINKS:
        created.links = {
            name: Link(operation_id=target, parameters=parameters)
            for name, (target, parameters) in LINKS[operation.operation_id].items()
        }


UNLIMITED_PATHS = ("/health/",)  # never counted (service/limits.py)
# Schemas also served as XML, with their root element's name (GET /oembed?format=xml).
XML_ROOTS = {"OEmbed": "oembed"}


def _declare_rate_limit_fields(doc: OpenAPI, path: str, operation: Operation) -> None:
    if path.startswith(UNLIMITED_PATHS):
        return
    doc.components.headers = {**(doc.components.headers or {}), **RATE_LIMIT_FIELDS}
    for response in (operation.responses or {}).values():
        if isinstance(response, OpenAPIResponse):
            refs = {name: Reference(ref=f"#/components/headers/{name}") for name in RATE_LIMIT_FIELDS}
            response.headers = {**(response.headers or {}), **refs}


READ_METHODS = ("get", "head")


def _ref(*names: str) -> dict[str, OpenAPIHeader | Reference]:
    return {name: Reference(ref=f"#/components/headers/{name}") for name in names}


def _is_page(doc: OpenAPI, response: OpenAPIResponse) -> bool:
    for media in (response.content or {}).values():
        schema = media.schema
        if isinstance(schema, Reference):
            schema = (doc.components.schemas or {}).get(schema.ref.rsplit("/", 1)[-1])
        if isinstance(schema, Schema) and "next_cursor" in (schema.properties or {}):
            return True
    return False


def _declare_headers(
    doc: OpenAPI, method: str, operation: Operation, handler: BaseRouteHandler | None
) -> None:
    """Which responses send which header (service/http.py, service/idempotency.py, service/envelope.py,
    service/surrogate.py, service/access.py)."""
    opt = handler.opt if handler is not None else {}
    public = method in READ_METHODS and not opt.get("role") and opt.get("auth") is not False
    doc.components.headers = {**(doc.components.headers or {}), **HEADERS}
    parameters = [p for p in operation.parameters or [] if isinstance(p, Parameter)]
    idempotent = any(p.name == "Idempotency-Key" for p in parameters)
    for code, response in (operation.responses or {}).items():
        if not isinstance(response, OpenAPIResponse):
            continue
        names = ["Vary", "X-Request-Id"]
        # create_key's 200 is only ever a replay (the secret is never shown twice), sent without an ETag.
        replay_only = operation.operation_id == "create_key" and code == "200"
        if code in ("200", "201") and not replay_only:
            names.append("ETag")
        if code == "200" and method in READ_METHODS:
            names.append("Cache-Control")
            if _is_page(doc, response):
                names.append("Link")
            if public:
                names += ["Surrogate-Key", "Cache-Tag", "Surrogate-Control", "CDN-Cache-Control"]
        if (code == "201" or replay_only) and operation.operation_id != "import_events":
            names.append("Location")
        if code in ("200", "201") and idempotent:
            names.append("Idempotent-Replayed")
        if code in ("429", "503") or (code == "409" and idempotent):
            names.append("Retry-After")
        response.headers = {**(response.headers or {}), **_ref(*dict.fromkeys(names))}


MERGE_PATCH = "application/merge-patch+json"


def _merge_patch(operation: Operation) -> None:
    """A PATCH body is a JSON merge patch (RFC 7396): declared as such, and as plain JSON, which the service
    takes too (service/body.py reads any JSON media type)."""
    body = operation.request_body
    if isinstance(body, RequestBody) and "application/json" in body.content:
        body.content = {MERGE_PATCH: dataclasses.replace(body.content["application/json"]), **body.content}


def _secure(operation: Operation, method: str, handler: BaseRouteHandler | None) -> None:
    """Who may call it, as role_guard decides (service/auth/actor.py): a read takes an optional key, a
    write (or a handler naming a role) needs one, and a handler that ignores keys declares none."""
    opt = handler.opt if handler is not None else {}
    if opt.get("auth") is False:
        operation.security = []
    elif opt.get("role") or method not in READ_METHODS:
        operation.security = [{BEARER: []}]
    else:
        operation.security = [{}, {BEARER: []}]


def _handlers(app: Litestar) -> dict[str, BaseRouteHandler]:
    """The route handlers by operation id."""
    return {
        handler.operation_id: handler
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        if isinstance(handler.operation_id, str)
    }


def finish_openapi(app: Litestar) -> None:
    """Have the app's OpenAPI document finished when it is built (tests/test_openapi.py compares the
    served document with the committed one, so a Litestar that stopped calling this is caught)."""
    finish_openapi_with(app, _finish_app_document)


def _finish_app_document(doc: OpenAPI, app: Litestar) -> OpenAPI:
    examples = _finish(doc, _handlers(app))
    fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(OpenAPI)}
    return _Document(**fields, examples=examples)


_NULL = OpenAPIType.NULL


def _enum_ref(schema: Schema) -> Reference | None:
    name = SHARED_ENUMS.get(tuple(schema.enum or ()))
    if name is None:
        return None
    return Reference(ref=f"#/components/schemas/{name}", description=schema.description)


def _merged(outer: Schema, inner: Schema) -> Schema:
    """`outer` with `inner`'s keywords (a one-entry `oneOf` said plainly)."""
    fields = {f.name: v for f in dataclasses.fields(Schema) if (v := getattr(inner, f.name)) is not None}
    return dataclasses.replace(outer, one_of=None, **{k: v for k, v in fields.items() if k != "description"})


def _plain(node: Schema | Reference) -> Schema | Reference:
    """One schema said the way SDK generators read best, its sub-schemas first: a shared enum referenced,
    a one-entry `oneOf` as its entry, `oneOf: [X, null]` as `type: [X, "null"]` (a reference stays a
    two-entry `oneOf`, there being no other way to make it nullable)."""
    if isinstance(node, Reference):
        return node
    for field in ("items", "additional_properties", "not_"):
        sub = getattr(node, field, None)
        if isinstance(sub, Schema | Reference):
            setattr(node, field, _plain(sub))
    for field in ("one_of", "any_of", "all_of", "prefix_items"):
        subs = getattr(node, field)
        if subs:
            setattr(node, field, [_plain(sub) for sub in subs])
    if node.properties:
        node.properties = {name: _plain(sub) for name, sub in node.properties.items()}
    _nullable_enum_as_one_of(node)
    if node.one_of:
        node.one_of = [_plain(sub) for sub in node.one_of]
    if node.enum is not None and (ref := _enum_ref(node)) is not None:
        return ref
    branches = node.one_of or []
    if len(branches) == 1 and isinstance(branches[0], Schema):
        return _plain(_merged(node, branches[0]))
    if len(branches) == 1 and isinstance(branches[0], Reference):
        return Reference(ref=branches[0].ref, description=node.description)
    if len(branches) == 2 and isinstance(branches[0], Schema) and branches[1] == Schema(type=_NULL):
        inner = branches[0]
        if isinstance(inner.type, OpenAPIType) and not inner.one_of:
            return dataclasses.replace(_merged(node, inner), type=[inner.type, _NULL])
    return node


def _always_sent(schema: Schema, cls: type | None) -> None:
    """A response body's field is always sent (`null` when empty), so it is `required`: a generated client
    then has no third, "unset", state for it (`next_cursor` is `str | None`, not `str | None | Unset`)."""
    if cls is None or not issubclass(cls, Output) or cls.__struct_config__.omit_defaults:
        return
    names = [f.encode_name for f in msgspec.structs.fields(cls) if f.default is not msgspec.UNSET]
    schema.required = sorted({*(schema.required or []), *names})


def _discriminate(schemas: dict[str, Schema]) -> None:
    """An event or a tombstone, told apart by their `object` member."""
    for schema in schemas.values():
        for prop in (schema.properties or {}).values():
            items = prop.items if isinstance(prop, Schema) else None
            refs = (
                [r.ref for r in (items.one_of or []) if isinstance(r, Reference)]
                if isinstance(items, Schema)
                else []
            )
            if sorted(r.rsplit("/", 1)[-1] for r in refs) == ["Deleted", "Event"] and isinstance(
                items, Schema
            ):
                mapping = {"event": "#/components/schemas/Event", "tombstone": "#/components/schemas/Deleted"}
                items.discriminator = Discriminator(property_name="object", mapping=mapping)


def _problem_schema(schema: Schema) -> None:
    """The one problem schema: `type` names the catalogue's types; `errors` and `existing_id` are left out
    when they do not apply (never null)."""
    props = schema.properties or {}
    kinds = ", ".join(f"`{p.uri}` ({p.status})" for p in CATALOGUE)
    props["type"] = Schema(
        type=OpenAPIType.STRING,
        format="uri-reference",  # type: ignore[arg-type]
        description="The problem type: `about:blank` when the HTTP status says it all, else a reference, "
        f"relative to the API's address, to the page about it (docs/problems.md): {kinds}.",
        examples=["about:blank", *(p.uri for p in CATALOGUE)],
    )
    props["errors"] = Schema(
        type=OpenAPIType.ARRAY,
        items=Reference(ref="#/components/schemas/FieldError"),
        description=FIELD_DOCS["errors"] + " Sent with a 400 or 422 that names fields.",
    )
    props["existing_id"] = Schema(
        type=OpenAPIType.STRING,
        format="uuid",  # type: ignore[arg-type]
        description=FIELD_DOCS["existing_id"],
    )


def _media_examples(operation: Operation) -> None:
    """Example objects carry no `id` (Litestar keeps it, OpenAPI has no such field: it keys them)."""
    responses = [r for r in (operation.responses or {}).values() if isinstance(r, OpenAPIResponse)]
    for response in responses:
        for media in (response.content or {}).values():
            if media.examples:  # copies: the handlers' own Examples serve the next build too
                media.examples = {
                    key: dataclasses.replace(ex, id=None) if isinstance(ex, Example) else ex
                    for key, ex in media.examples.items()
                }


def _example_for(media_type: str, schema: object) -> object | None:
    """The example of a body: by the component its schema names, else by its media type."""
    name = schema.ref.rsplit("/", 1)[-1] if isinstance(schema, Reference) else None
    if media_type in TEXTS:
        return TEXTS[media_type]
    if name in REQUESTS:
        return REQUESTS[name]
    if name is not None:
        return responses().get(name)
    return None


def _sends(operation: Operation, kind: ProblemType) -> bool:
    parameters = {f"parameter:{p.name}" for p in operation.parameters or [] if isinstance(p, Parameter)}
    return bool({EVERY, operation.operation_id, *parameters} & set(kind.sent_by))


def _own_problem_examples(operation: Operation) -> None:
    """A problem response shows the examples of the types this operation may send (a 409 of a source write
    is a duplicate source, not a duplicate timeline); the plain `about:blank` one stays everywhere."""
    for response in (operation.responses or {}).values():
        media = (response.content or {}).get(PROBLEM_JSON) if isinstance(response, OpenAPIResponse) else None
        if media is None or not media.examples:
            continue
        kinds = {k.uri: k for k in CATALOGUE}
        kept = {
            key: example
            for key, example in media.examples.items()
            if not isinstance(example, Example)
            or (kind := kinds.get(example.value["type"])) is None
            or _sends(operation, kind)
        }
        media.examples = kept or media.examples  # a status no type of its own explains keeps them all


Where = tuple[str, str, str, str]  # path, method, "request" or the response's status, media type


def _add_examples(path: str, method: str, operation: Operation, found: dict[Where, object]) -> None:
    """An example for every body an operation takes or gives that has none of its own."""
    bodies = {"request": operation.request_body} if isinstance(operation.request_body, RequestBody) else {}
    bodies |= {code: r for code, r in (operation.responses or {}).items() if isinstance(r, OpenAPIResponse)}
    for where, body in bodies.items():
        for media_type, media in (body.content or {}).items():
            if media.example is None and not media.examples:
                example = _example_for(media_type, media.schema)
                if example is not None:
                    found[(path, method, where, media_type)] = example


@dataclasses.dataclass
class _Document(OpenAPI):
    """The document, written out with its examples whole: Litestar leaves out every `None` of what it writes
    out (a field not set), and so would drop an example's `null`s (`"next_cursor": null`)."""

    examples: dict[Where, object] = dataclasses.field(default_factory=dict)

    @property
    def _exclude_fields(self) -> set[str]:
        return {"examples"}

    def to_schema(self) -> dict[str, Any]:
        result = super().to_schema()
        for (path, method, where, media_type), example in self.examples.items():
            operation = result["paths"][path][method]
            body = operation["requestBody"] if where == "request" else operation["responses"][where]
            body["content"][media_type]["example"] = example
        return result


def _finish(doc: OpenAPI, handlers: dict[str, BaseRouteHandler]) -> dict[Where, object]:
    """Describe every schema and property, close input objects (`additionalProperties: false`), reference
    the shared enums, spell nullables as type lists, require what is always sent, discriminate event pages,
    declare each operation's security, response headers, merge patches and examples (those to be written
    out whole are returned)."""
    examples: dict[Where, object] = {}
    for path, item in (doc.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation = getattr(item, method)
            if isinstance(operation, Operation):
                _add_links(operation)
                _media_examples(operation)
                _own_problem_examples(operation)
                if method == "patch":
                    _merge_patch(operation)
                _add_examples(path, method, operation, examples)
                _declare_rate_limit_fields(doc, path, operation)
                _declare_headers(doc, method, operation, handlers.get(operation.operation_id or ""))
                _secure(operation, method, handlers.get(operation.operation_id or ""))
                for parameter in operation.parameters or []:
                    if isinstance(parameter.schema, Schema):
                        parameter.schema = _plain(_never_null(parameter.schema))
    schemas = doc.components.schemas = dict(doc.components.schemas or {})
    for values, enum_name in SHARED_ENUMS.items():
        schemas[enum_name] = Schema(
            type=OpenAPIType.STRING, enum=list(values), description=ENUM_DOCS[enum_name]
        )
    schemas.update((name, to_schema(spec)) for name, spec in EXPORT_SCHEMAS.items())  # type: ignore[misc]
    classes = {cls.__name__: cls for cls in _structs(msgspec.Struct)}
    for name, schema in list(schemas.items()):
        cls = classes.get(name)
        _always_sent(schema, cls)
        if name == "ProblemDoc":
            _problem_schema(schema)
        if cls is not None and schema.description is None and cls.__doc__:
            schema.description = cls.__doc__.strip()
        if cls is not None and issubclass(cls, Input):
            schema.additional_properties = False
        if name in XML_ROOTS:
            schema.xml = XML(name=XML_ROOTS[name])
        for prop_name, prop in (schema.properties or {}).items():
            if isinstance(prop, Schema):
                _nullable_enum_as_one_of(prop)
            if isinstance(prop, Schema | Reference) and not prop.description:
                prop.description = FIELD_DOCS.get(f"{name}.{prop_name}") or FIELD_DOCS.get(prop_name)
        if name not in SHARED_ENUMS.values():
            schema.properties = {
                k: _plain(v) for k, v in (schema.properties or {}).items()
            } or schema.properties
    _discriminate(schemas)
    doc.components.schemas = dict(sorted(schemas.items()))
    return examples
