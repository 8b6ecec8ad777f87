"""Breaking-change guard: openapi/openapi.json against the last released document.

A client written against the released document (openapi/released/vN.json, highest N) must keep
working. The comparison fails on:

- a removed operation (method and path);
- a removed parameter, or a parameter that became required (or a new required one);
- a removed field (property) of a request or response schema, at any depth, through `$ref`s;
- a request field that became required (or a new required one), or a request body that did;
- a narrowed enum in a request or a parameter (a value removed, or a free value restricted to a list).

A narrower enum in a *response* breaks nobody (clients just never see that value) and is allowed.
Each change is one line of text, e.g. `removed field Event.summary`; it passes when that line is
declared in openapi/breaking-changes.md (see the format there).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CURRENT = ROOT / "openapi" / "openapi.json"
RELEASED = ROOT / "openapi" / "released"
DECLARATIONS = ROOT / "openapi" / "breaking-changes.md"

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
ANY = None  # allowed_values() of a schema that does not restrict its values to a list

# ---- reading a document ----------------------------------------------------------------------------


def resolve(doc: dict, node: dict) -> dict:
    """Follow local `$ref`s (`#/components/...`) to the object they name."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/") and ref not in seen, f"unsupported or circular $ref {ref}"
        seen.add(ref)
        node = doc
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def ref_name(node: dict) -> str | None:
    """`Event` for `{"$ref": "#/components/schemas/Event"}`; None for an inline schema."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.rsplit("/", 1)[-1] if ref else None


def operations(doc: dict) -> dict[str, dict]:
    """Every operation, keyed `GET /v1/events`."""
    return {
        f"{method.upper()} {path}": op
        for path, item in doc.get("paths", {}).items()
        for method, op in resolve(doc, item).items()
        if method in METHODS
    }


def parameters(doc: dict, key: str) -> dict[str, dict]:
    """An operation's parameters (its path item's included), keyed `query tag`, `header Idempotency-Key`."""
    path = key.split(" ", 1)[1]
    item = resolve(doc, doc["paths"][path])
    op = operations(doc)[key]
    found = {}
    for param in [*item.get("parameters", []), *op.get("parameters", [])]:  # the operation's win
        param = resolve(doc, param)
        found[f"{param['in']} {param['name']}"] = param
    return found


def json_media(content: dict) -> dict[str, dict]:
    """The schemas of a request body's or response's media types."""
    return {media: body["schema"] for media, body in (content or {}).items() if "schema" in body}


def branches(doc: dict, schema: dict) -> list[tuple[str | None, dict]]:
    """The alternatives a schema allows, as (component name or None, resolved schema); `null` left out.

    `oneOf`/`anyOf` are flattened, so `oneOf: [{$ref: Location}, {type: null}]` is just `Location`.
    """
    resolved = resolve(doc, schema)
    alternatives = resolved.get("oneOf") or resolved.get("anyOf")
    if alternatives:
        return [branch for alt in alternatives for branch in branches(doc, alt)]
    if resolved.get("type") == "null":
        return []
    return [(ref_name(schema), resolved)]


def allowed_values(doc: dict, schema: dict) -> frozenset | None:
    """The values a schema allows when it lists them (`enum`, `const`, `null`), else ANY.

    `{type: [null, string], enum: [a, null]}` and `oneOf: [{enum: [a]}, {type: null}]` give the same set.
    """
    resolved = resolve(doc, schema)
    if "const" in resolved:
        return frozenset([json.dumps(resolved["const"])])
    if "enum" in resolved:
        return frozenset(json.dumps(value) for value in resolved["enum"])
    alternatives = resolved.get("oneOf") or resolved.get("anyOf")
    if alternatives:
        sets = [allowed_values(doc, alt) for alt in alternatives]
        return ANY if ANY in sets else frozenset().union(*sets)
    if resolved.get("type") == "null":
        return frozenset(["null"])
    return ANY


def pair_branches(old: list, new: list) -> Iterator[tuple[tuple, tuple]]:
    """Match the object alternatives of two schemas: the only one with the only one (even if renamed),
    else by component name, else inline ones in order."""
    if len(old) == 1 and len(new) == 1:
        yield old[0], new[0]
        return
    by_name = {name: branch for branch in new if (name := branch[0])}
    inline_new = [branch for branch in new if branch[0] is None]
    inline_old = [branch for branch in old if branch[0] is None]
    for branch in old:
        if branch[0] in by_name:
            yield branch, by_name[branch[0]]
    yield from zip(inline_old, inline_new, strict=False)  # extra inline alternatives are new or gone


# ---- comparing two documents -----------------------------------------------------------------------


class Comparison:
    """Collects the breaking changes from `old` to `new`: {declaration text: detail}."""

    def __init__(self, old: dict, new: dict) -> None:
        self.old, self.new = old, new
        self.changes: dict[str, str] = {}
        self._visited: set[tuple] = set()

    def report(self, text: str, detail: str = "") -> None:
        self.changes.setdefault(text, detail)

    def run(self) -> dict[str, str]:
        old_ops, new_ops = operations(self.old), operations(self.new)
        for key in old_ops:
            if key not in new_ops:
                self.report(f"removed operation {key}", old_ops[key].get("operationId", ""))
            else:
                self.compare_parameters(key)
                self.compare_request_body(key, old_ops[key], new_ops[key])
                self.compare_responses(key, old_ops[key], new_ops[key])
        return dict(sorted(self.changes.items()))

    def compare_parameters(self, key: str) -> None:
        old, new = parameters(self.old, key), parameters(self.new, key)
        for name, param in old.items():
            if name not in new:
                self.report(f"removed parameter {key} {name}")
                continue
            if new[name].get("required") and not param.get("required"):
                self.report(f"newly required parameter {key} {name}")
            if "schema" in param and "schema" in new[name]:
                self.compare_schema(param["schema"], new[name]["schema"], f"{key} {name}", "request")
        for name, param in new.items():
            if name not in old and param.get("required"):
                self.report(f"newly required parameter {key} {name}")

    def compare_request_body(self, key: str, old_op: dict, new_op: dict) -> None:
        old = resolve(self.old, old_op.get("requestBody", {}))
        new = resolve(self.new, new_op.get("requestBody", {}))
        if new.get("required") and not old.get("required"):
            self.report(f"newly required request body {key}")
        old_media, new_media = json_media(old.get("content")), json_media(new.get("content"))
        for media in old_media.keys() & new_media.keys():
            self.compare_schema(old_media[media], new_media[media], f"{key} request", "request")

    def compare_responses(self, key: str, old_op: dict, new_op: dict) -> None:
        old, new = old_op.get("responses", {}), new_op.get("responses", {})
        for code in old.keys() & new.keys():
            old_media = json_media(resolve(self.old, old[code]).get("content"))
            new_media = json_media(resolve(self.new, new[code]).get("content"))
            for media in old_media.keys() & new_media.keys():
                self.compare_schema(old_media[media], new_media[media], f"{key} response {code}", "response")

    def compare_schema(self, old: dict, new: dict, where: str, direction: str) -> None:
        """Compare one schema; `where` names it in reports, `direction` is `request` or `response`."""
        if direction == "request":
            self.compare_enum(old, new, where)
        for (old_name, old_branch), (new_name, new_branch) in pair_branches(
            branches(self.old, old), branches(self.new, new)
        ):
            name = old_name or where
            if old_name:  # a component is compared once per direction, which also stops recursion
                seen = (old_name, new_name, direction)
                if seen in self._visited:
                    continue
                self._visited.add(seen)
            self.compare_object(old_branch, new_branch, name, direction)
            if "items" in old_branch and "items" in new_branch:
                self.compare_schema(old_branch["items"], new_branch["items"], f"{name}[]", direction)

    def compare_enum(self, old: dict, new: dict, where: str) -> None:
        before, after = allowed_values(self.old, old), allowed_values(self.new, new)
        if after is ANY:
            return
        if before is ANY:
            self.report(f"narrowed enum {where}", f"now only {', '.join(sorted(after))}")
        elif before - after:
            self.report(f"narrowed enum {where}", f"no longer {', '.join(sorted(before - after))}")

    def compare_object(self, old: dict, new: dict, where: str, direction: str) -> None:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        for prop, schema in old_props.items():
            if prop not in new_props:
                self.report(f"removed field {where}.{prop}", direction)
            else:
                self.compare_schema(schema, new_props[prop], f"{where}.{prop}", direction)
        if direction == "request" and new_props:
            for prop in sorted(set(new.get("required", [])) - set(old.get("required", []))):
                self.report(f"newly required field {where}.{prop}")


def breaking_changes(old: dict, new: dict) -> dict[str, str]:
    """The changes from `old` to `new` that can break a client of `old`: {declaration text: detail}."""
    return Comparison(old, new).run()


# ---- declarations -----------------------------------------------------------------------------------

DECLARED_HEADING = "## Declared changes"


def declared_changes(markdown: str) -> set[str]:
    """The lines `- <change>[ — why]` after the `## Declared changes` heading."""
    _, found, section = markdown.partition(DECLARED_HEADING)
    assert found, f"{DECLARATIONS.name} needs a '{DECLARED_HEADING}' heading"
    declared = set()
    for line in section.splitlines():
        if line.startswith("#"):
            break
        if match := re.match(r"^- (.+?)(?:\s+—\s.*)?$", line.strip()):
            declared.add(match.group(1).strip().strip("`"))
    return declared


def latest_release() -> Path:
    releases = sorted(RELEASED.glob("v*.json"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    assert releases, "openapi/released/ holds no vN.json"
    return releases[-1]


# ---- the guard --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def released() -> dict:
    return json.loads(latest_release().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current() -> dict:
    return json.loads(CURRENT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def declared() -> set[str]:
    return declared_changes(DECLARATIONS.read_text(encoding="utf-8"))


def test_no_undeclared_breaking_change(released, current, declared):
    undeclared = {
        text: detail for text, detail in breaking_changes(released, current).items() if text not in declared
    }
    assert not undeclared, (
        f"openapi/openapi.json breaks clients of {latest_release().name}; restore what was removed, or "
        f"declare each line in openapi/breaking-changes.md:\n"
        + "\n".join(f"- {text}" + (f"   ({detail})" if detail else "") for text, detail in undeclared.items())
    )


def test_every_declaration_names_a_real_change(released, current, declared):
    stale = declared - breaking_changes(released, current).keys()
    assert not stale, (
        f"declared in openapi/breaking-changes.md but not found (typo, or already released?): {stale}"
    )


def test_guard_reads_the_real_document(released):
    """The comparator walks the real document: deep removals in it are found."""
    assert breaking_changes(released, released) == {}
    changed = copy.deepcopy(released)
    schemas = changed["components"]["schemas"]
    del schemas["Event"]["properties"]["summary"]
    del schemas["Location"]["properties"]["lat"]  # reached via Event.location: oneOf [Location, null]
    del changed["paths"]["/v1/events"]["get"]["parameters"][0]  # `from`
    schemas["CitationIn"]["required"].append("locator")
    assert {
        "removed field Event.summary",
        "removed field Location.lat",
        "removed parameter GET /v1/events query from",
        "newly required field CitationIn.locator",
    } <= breaking_changes(released, changed).keys()


# ---- the comparator, on small synthetic documents ---------------------------------------------------


def document(schemas: dict | None = None, **operations_: dict) -> dict:
    """A minimal OpenAPI 3.1 document; operations are given as `get__v1_things={...}` (`/` as `_`)."""
    paths: dict[str, dict] = {}
    for key, op in operations_.items():
        method, path = key.split("__", 1)
        paths.setdefault("/" + path.replace("_", "/"), {})[method] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def returns(schema: dict) -> dict:
    return {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}


def accepts(schema: dict, **extra: object) -> dict:
    return {
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        **returns({}),
        **extra,
    }


def thing(*required: str, **props: dict) -> dict:
    return {"type": "object", "properties": props, "required": list(required)}


STR = {"type": "string"}
QUERY_TAG = {"in": "query", "name": "tag", "schema": STR}


def test_identical_documents_have_no_change():
    doc = document({"Thing": thing("id", id=STR)}, get__things=returns(ref("Thing")))
    assert breaking_changes(doc, copy.deepcopy(doc)) == {}


def test_removed_operation_is_caught():
    old = document(get__things={"operationId": "list_things", **returns(STR)}, post__things=accepts(STR))
    new = document(post__things=accepts(STR))
    assert list(breaking_changes(old, new)) == ["removed operation GET /things"]


def test_added_operation_is_not_a_break():
    old = document(get__things=returns(STR))
    assert breaking_changes(old, document(get__things=returns(STR), post__things=accepts(STR))) == {}


def test_removed_and_newly_required_parameters_are_caught():
    old = document(get__things={"parameters": [QUERY_TAG, {"in": "query", "name": "q", "schema": STR}]})
    new = document(
        get__things={
            "parameters": [
                {**QUERY_TAG, "required": True},
                {"in": "header", "name": "X-New", "required": True},
            ]
        }
    )
    assert list(breaking_changes(old, new)) == [
        "newly required parameter GET /things header X-New",
        "newly required parameter GET /things query tag",
        "removed parameter GET /things query q",
    ]


def test_removed_response_field_is_caught_through_refs_arrays_and_nullable_unions():
    old = document(
        {
            "Page": thing(items={"type": "array", "items": ref("Thing")}),
            "Thing": thing(place={"oneOf": [ref("Place"), {"type": "null"}]}, name=STR),
            "Place": thing(lat={"type": "number"}, lon={"type": "number"}),
        },
        get__things=returns(ref("Page")),
    )
    new = copy.deepcopy(old)
    del new["components"]["schemas"]["Place"]["properties"]["lon"]
    del new["components"]["schemas"]["Thing"]["properties"]["name"]
    assert list(breaking_changes(old, new)) == ["removed field Place.lon", "removed field Thing.name"]


def test_removed_request_field_and_newly_required_request_field_are_caught():
    old = document(
        {"ThingIn": thing("name", name=STR, note=STR, kind=STR)}, post__things=accepts(ref("ThingIn"))
    )
    new = document(
        {"ThingIn": thing("name", "kind", name=STR, kind=STR, size=STR, colour=STR)},
        post__things=accepts(ref("ThingIn")),
    )
    new["components"]["schemas"]["ThingIn"]["required"].append(
        "colour"
    )  # a new field that is required at once
    assert list(breaking_changes(old, new)) == [
        "newly required field ThingIn.colour",
        "newly required field ThingIn.kind",
        "removed field ThingIn.note",
    ]


def test_added_optional_field_is_not_a_break():
    old = document(
        {"Thing": thing("name", name=STR)},
        get__things=returns(ref("Thing")),
        post__things=accepts(ref("Thing")),
    )
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Thing"]["properties"]["note"] = STR
    assert breaking_changes(old, new) == {}


def test_a_response_field_that_became_required_is_not_a_break():
    old = document({"Thing": thing(name=STR)}, get__things=returns(ref("Thing")))
    new = document({"Thing": thing("name", name=STR)}, get__things=returns(ref("Thing")))
    assert breaking_changes(old, new) == {}


def test_narrowed_enum_is_caught_in_requests_and_parameters_only():
    def doc(*values: str) -> dict:
        status = {"type": "string", "enum": list(values)}
        return document(
            {"ThingIn": thing(status=status), "Thing": thing(status=status)},
            post__things=accepts(ref("ThingIn")),
            get__things={
                "parameters": [{"in": "query", "name": "status", "schema": status}],
                **returns(ref("Thing")),
            },
        )

    changes = breaking_changes(doc("draft", "published", "retracted"), doc("draft", "published"))
    assert list(changes) == ["narrowed enum GET /things query status", "narrowed enum ThingIn.status"]
    assert changes["narrowed enum ThingIn.status"] == 'no longer "retracted"'
    assert (
        breaking_changes(doc("draft", "published"), doc("draft", "published", "retracted")) == {}
    )  # widened


def test_free_string_restricted_to_an_enum_is_a_narrowing():
    old = document({"ThingIn": thing(kind=STR)}, post__things=accepts(ref("ThingIn")))
    new = document(
        {"ThingIn": thing(kind={"type": "string", "enum": ["a"]})}, post__things=accepts(ref("ThingIn"))
    )
    assert list(breaking_changes(old, new)) == ["narrowed enum ThingIn.kind"]


def test_nullable_enum_spelled_either_way_is_the_same_enum():
    type_list = {"type": ["null", "string"], "enum": ["a", "b", None]}
    one_of = {"oneOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]}
    old = document(get__things={"parameters": [{"in": "query", "name": "s", "schema": type_list}]})
    new = document(get__things={"parameters": [{"in": "query", "name": "s", "schema": one_of}]})
    assert breaking_changes(old, new) == {}
    assert breaking_changes(new, old) == {}
    not_nullable = document(
        get__things={"parameters": [{"in": "query", "name": "s", "schema": one_of["oneOf"][0]}]}
    )
    assert list(breaking_changes(old, not_nullable)) == ["narrowed enum GET /things query s"]


def test_renamed_component_is_followed_and_recursive_schemas_end():
    old = document(
        {"Node": thing(name=STR, children={"type": "array", "items": ref("Node")})},
        get__nodes=returns(ref("Node")),
    )
    new = document(
        {"TreeNode": thing(name=STR, children={"type": "array", "items": ref("TreeNode")})},
        get__nodes=returns(ref("TreeNode")),
    )
    assert breaking_changes(old, new) == {}
    del new["components"]["schemas"]["TreeNode"]["properties"]["name"]
    assert list(breaking_changes(old, new)) == ["removed field Node.name"]


def test_declared_change_passes():
    old = document({"Event": thing(title=STR, summary=STR)}, get__events=returns(ref("Event")))
    new = document({"Event": thing(title=STR)}, get__events=returns(ref("Event")))
    markdown = (
        "# Declared breaking changes\n\nFormat example:\n\n- removed field Example.ignored\n\n"
        f"{DECLARED_HEADING}\n\n- removed field Event.summary — folded into `title` (#123)\n"
        "- `removed operation GET /gone`\n\n## Released\n\n- removed field Old.thing\n"
    )
    declared = declared_changes(markdown)
    assert declared == {"removed field Event.summary", "removed operation GET /gone"}
    assert breaking_changes(old, new).keys() - declared == set()
    assert breaking_changes(old, new).keys() - declared_changes(f"{DECLARED_HEADING}\n\n(none)\n") == {
        "removed field Event.summary"
    }
