"""The OpenAPI document: committed copy current, every operation and field described, ids stable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.testing import TestClient

from service.app import create_app
from service.cli import openapi_json
from tests.conftest import app_settings

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"

OPERATION_IDS = {
    "list_events", "create_event", "get_event", "update_event", "delete_event",
    "create_citation", "get_citation", "delete_citation",
    "list_sources", "create_source", "get_source", "update_source", "delete_source",
    "list_entities", "create_entity", "get_entity", "update_entity",
    "list_timelines", "create_timeline", "get_timeline", "update_timeline", "delete_timeline",
    "restore_timeline",
    "list_timeline_events", "embed_timeline", "oembed",
    "export_timeline_timelinejs", "export_timeline_jsonld", "export_timeline_csljson", "export_timeline_ics",
    "export_timeline_atom", "export_timeline_csv", "import_events",
    "list_tags", "health_live", "health_ready", "metrics", "create_key", "list_keys", "get_key", "revoke_key",
    "restore_event", "restore_source",
    "list_event_revisions", "list_source_revisions", "list_entity_revisions", "list_timeline_revisions",
}  # fmt: skip


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(openapi_json(create_app(app_settings("postgresql:///unused"))))


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_committed_document_is_current(document):
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == document, "openapi/openapi.json is stale: run `make openapi`"


def test_served_document_matches(reader, document):
    response = reader.get("/schema/openapi.json")
    assert response.status_code == 200
    assert response.json() == document  # finished as the committed copy is
    assert response.json()["openapi"].startswith("3.1")


@pytest.mark.parametrize("path", ["/schema/openapi.json", "/schema"])
def test_the_document_and_its_page_carry_an_etag_and_answer_a_304(reader, path):
    response = reader.get(path)
    assert response.status_code == 200 and response.content
    again = reader.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", response.headers["etag"])
    assert reader.get(path, headers={"If-None-Match": '"stale"'}).content == response.content


def test_a_worker_builds_the_document_only_when_it_is_asked_for(db_url):
    """Serving the API never builds the OpenAPI document (Litestar keeps it once built: ~5 MB)."""
    app = create_app(app_settings(db_url))
    with TestClient(app) as client:
        assert client.get("/v1/events", params={"limit": "1"}).status_code == 200
        assert app.plugins.get(OpenAPIPlugin)._openapi is None
        assert client.get("/schema/openapi.json").status_code == 200
        assert app.plugins.get(OpenAPIPlugin)._openapi is not None


def test_operation_ids_are_stable(document):
    assert {op["operationId"] for _, _, op in operations(document)} == OPERATION_IDS


def test_every_operation_parameter_and_field_is_described(document):
    undescribed = []
    for path, method, op in operations(document):
        if not op.get("description"):
            undescribed.append(f"{method} {path}")
        undescribed += [
            f"{method} {path} ?{p['name']}" for p in op.get("parameters", []) if not p.get("description")
        ]
    for name, schema in document["components"]["schemas"].items():
        if not schema.get("description"):
            undescribed.append(name)
        undescribed += [
            f"{name}.{p}" for p, s in schema.get("properties", {}).items() if not s.get("description")
        ]
    assert undescribed == []


def test_every_error_response_is_a_declared_problem(document):
    for path, method, op in operations(document):
        errors = {code: r for code, r in op["responses"].items() if code[0] in "45"}
        if op["operationId"] in ("health_live", "metrics"):  # from the process alone: no input, no database
            assert set(errors) == {"400"}  # only a malformed request (a broken Host header) fails
        else:
            assert "400" in errors and "503" in errors, f"{method} {path}"
        for code, response in errors.items():
            schema = response["content"]["application/problem+json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ProblemDoc"}, f"{method} {path} {code}"


def test_request_bodies_are_closed_objects(document):
    for name in (
        "EventIn",
        "EventPatch",
        "CitationIn",
        "SourceIn",
        "SourcePatch",
        "EntityIn",
        "EntityPatch",
        "TimelineIn",
        "TimelinePatch",
        "TimelineFilter",
    ):
        assert document["components"]["schemas"][name]["additionalProperties"] is False


def test_create_operations_link_to_the_operations_on_what_they_created(document):
    ids = {op["operationId"] for _, _, op in operations(document)}
    linked = 0
    for _, _, op in operations(document):
        for link in op["responses"].get("201", {}).get("links", {}).values():
            assert link["operationId"] in ids
            linked += 1
    created = {op["operationId"]: op for _, _, op in operations(document)}
    assert set(created["create_event"]["responses"]["201"]["links"]) >= {"GetEvent", "CiteSource"}
    assert created["create_event"]["responses"]["201"]["links"]["GetEvent"]["parameters"] == {
        "event_id": "$response.body#/id"
    }
    assert linked >= 20
