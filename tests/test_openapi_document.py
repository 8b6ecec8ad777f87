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
