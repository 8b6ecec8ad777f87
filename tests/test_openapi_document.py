"""The document tells a client what the service does: who may call each operation, which headers each
response carries, what each tag groups, and where the API answers."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from service.app import create_app
from service.cli import openapi_json
from tests.conftest import app_settings

OPTIONAL = [{}, {"bearer": []}]
REQUIRED = [{"bearer": []}]
# Reads that need a key all the same (a role in the handler's opt), and the ones that ignore keys.
KEYED_READS = {
    "list_keys", "get_key",
    "list_event_revisions", "list_source_revisions", "list_entity_revisions", "list_timeline_revisions",
}  # fmt: skip
KEYLESS = {"health_live", "health_ready", "metrics"}


def build(**overrides: object) -> dict:
    return json.loads(openapi_json(create_app(app_settings("postgresql:///unused", **overrides))))


@pytest.fixture(scope="module")
def document() -> dict:
    return build()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_the_bearer_scheme_is_declared(document):
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "dl_" in scheme["description"]


def test_writes_require_a_key_and_reads_take_one_optionally(document):
    wrong = []
    for path, method, op in operations(document):
        if op["operationId"] in KEYLESS:
            expected = []
        elif method != "get" or op["operationId"] in KEYED_READS:
            expected = REQUIRED
        else:
            expected = OPTIONAL
        if op.get("security") != expected:
            wrong.append((method, path, op.get("security"), expected))
    assert not wrong
    assert any(op["security"] == OPTIONAL for _, _, op in operations(document))


def _concrete(path: str) -> str:
    """The path with made-up values for its parameters (ids that exist nowhere)."""
    return re.sub(r"\{[^}]+\}", lambda m: "json" if m.group(0) == "{format}" else str(uuid.uuid4()), path)


def test_the_declared_security_is_what_the_service_does(anon, document):
    """Without a key, every operation declared as needing one is a 401, and no other operation is."""
    mismatched = []
    for path, method, op in operations(document):
        body = {} if method in ("post", "patch") else None
        response = anon.request(method.upper(), _concrete(path), json=body)
        assert response.status_code < 500, (method, path, response.status_code)
        needs_key = op["security"] == REQUIRED
        if (response.status_code == 401) != needs_key:
            mismatched.append((method, path, response.status_code))
    assert not mismatched


def test_every_header_component_is_referenced(document):
    text = json.dumps(document["paths"])
    unreferenced = [n for n in document["components"]["headers"] if f'"#/components/headers/{n}"' not in text]
    assert not unreferenced
    assert {"ETag", "Location", "Link", "Retry-After", "Idempotent-Replayed", "Cache-Control", "Vary"} <= set(
        document["components"]["headers"]
    )


def _headers(response: dict) -> set[str]:
    headers = response.get("headers", {}).items()
    return {name for name, ref in headers if ref == {"$ref": f"#/components/headers/{name}"}}


def test_responses_reference_the_headers_they_send(document):
    missing = []
    for path, method, op in operations(document):
        idempotent = any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
        for code, response in op["responses"].items():
            wanted = {"Vary"}
            if method == "get" and code == "200":
                wanted |= {"ETag", "Cache-Control"}
                schema = json.dumps(response.get("content", {}))
                ref = re.search(r'"#/components/schemas/(\w+)"', schema)
                page = ref and document["components"]["schemas"][ref.group(1)].get("properties", {})
                if page and "next_cursor" in page:
                    wanted.add("Link")
            if code == "201":
                wanted.add("ETag")
                wanted |= {"Location"} if op["operationId"] != "import_events" else set()
            if code in ("429", "503") or (code == "409" and idempotent):
                wanted.add("Retry-After")
            if idempotent and code in ("200", "201"):
                wanted.add("Idempotent-Replayed")
            if not wanted <= _headers(response):
                missing.append((method, path, code, sorted(wanted - _headers(response))))
    assert not missing


def test_list_pages_send_the_link_header_they_declare(reader, document):
    response = reader.get("/v1/events", params={"limit": "1"})
    declared = document["paths"]["/v1/events"]["get"]["responses"]["200"]["headers"]
    sent = {name.lower() for name in response.headers}
    assert {name.lower() for name in declared if not name.startswith("RateLimit")} <= sent


def test_every_tag_used_is_declared_with_a_description(document):
    declared = {tag["name"]: tag.get("description") for tag in document["tags"]}
    used = {tag for _, _, op in operations(document) for tag in op.get("tags", [])}
    assert used <= set(declared)
    assert all(declared.values())
    assert set(declared) <= used  # no tag declared for nothing


def test_contact_and_license_are_given(document):
    assert document["info"]["contact"]["name"]
    assert document["info"]["license"]["name"]


def test_servers_follow_the_public_url(document):
    assert document["servers"] == [{"url": "/"}]
    public = build(public_url="https://dateline.example.org/")
    assert public["servers"] == [{"url": "https://dateline.example.org"}]


def _walk(node, where=""):
    """Every schema-like object in the document, with where it is."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


def test_shared_enums_are_components_that_every_field_references(document):
    """One component per enum that several fields or parameters take: a generated client has one type
    for it (one `Stance`), not one per field; no field spells one of them out again."""
    from service.openapi_tables import SHARED_ENUMS

    schemas = document["components"]["schemas"]
    for values, name in SHARED_ENUMS.items():
        assert schemas[name]["enum"] == list(values) and schemas[name]["type"] == "string"
    spelled = [w for w, node in _walk(document) if tuple(node.get("enum", ())) in SHARED_ENUMS]
    assert sorted(spelled) == sorted(f"/components/schemas/{name}" for name in SHARED_ENUMS.values())
    refs = {node["$ref"] for _, node in _walk(document) if "$ref" in node}
    assert {f"#/components/schemas/{name}" for name in SHARED_ENUMS.values()} <= refs


def test_nullable_is_a_type_list_and_no_one_of_has_one_entry(document):
    one_entry = [
        w for w, node in _walk(document) if isinstance(node.get("oneOf"), list) and len(node["oneOf"]) < 2
    ]
    assert one_entry == []
    # a two-entry oneOf with null is only for a reference, which has no `type` to add "null" to
    for where, node in _walk(document):
        branches = node.get("oneOf")
        if isinstance(branches, list) and {"type": "null"} in branches:
            assert len(branches) == 2 and "$ref" in branches[1 - branches.index({"type": "null"})], where
    assert document["components"]["schemas"]["EventPatch"]["properties"]["change_note"]["type"] == [
        "string",
        "null",
    ]


def test_always_sent_fields_are_required(document):
    schemas = document["components"]["schemas"]
    for name in (
        "EventPage",
        "SourcePage",
        "EntityPage",
        "TimelinePage",
        "TagPage",
        "KeyPage",
        "RevisionPage",
    ):
        assert {"items", "next_cursor", "prev_cursor"} <= set(schemas[name]["required"]), name
        assert schemas[name]["properties"]["next_cursor"]["type"] == ["string", "null"]
    assert "events" in schemas["SourceDetail"]["required"]
    event = schemas["Event"]
    assert set(event["required"]) == set(event["properties"])


def test_event_pages_are_discriminated_on_object(document):
    items = document["components"]["schemas"]["EventPage"]["properties"]["items"]["items"]
    assert items["discriminator"] == {
        "propertyName": "object",
        "mapping": {"event": "#/components/schemas/Event", "tombstone": "#/components/schemas/Deleted"},
    }
    for name, tag in (("Event", "event"), ("Deleted", "tombstone")):
        schema = document["components"]["schemas"][name]
        assert schema["properties"]["object"]["const"] == tag and "object" in schema["required"]


def test_patch_takes_a_merge_patch_or_plain_json(document):
    patches = [op for _, method, op in operations(document) if method == "patch"]
    assert len(patches) == 4
    for op in patches:
        content = op["requestBody"]["content"]
        assert set(content) == {"application/json", "application/merge-patch+json"}
        assert content["application/json"]["schema"] == content["application/merge-patch+json"]["schema"]


def test_a_merge_patch_is_taken_as_such(client):
    """The declared media type works: a merge patch sent as application/merge-patch+json (`null` removes
    a member), and one that is not JSON at all is a 415."""
    event = client.post(
        "/v1/events", json={"title": "Draft", "date": "2021-12-15", "summary": "Gone soon"}
    ).json()
    patched = client.patch(
        f"/v1/events/{event['id']}",
        content=json.dumps({"summary": None, "importance": 2}),
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["summary"], patched.json()["importance"]) == (None, 2)
    refused = client.patch(
        f"/v1/events/{event['id']}",
        content="summary=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert refused.status_code == 415
