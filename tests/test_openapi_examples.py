"""Every body in the OpenAPI document has an example that matches its schema, and every request example
is one the service takes: sent as it is, to the operation that declares it, it is a 2xx."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from service.demo.seed import demo_id

DOCUMENT = json.loads((Path(__file__).resolve().parent.parent / "openapi" / "openapi.json").read_text())
VALUES = {
    "{event_id}": str(demo_id("event", "summit")),
    "{source_id}": str(demo_id("source", "dispatch")),
    "{entity_id}": str(demo_id("entity", "putin")),
    "{slug}": "xi-putin-summit",
}


def _bodies():
    for path, item in DOCUMENT["paths"].items():
        for method, op in item.items():
            if "requestBody" in op:
                yield f"{method} {path} request", op["requestBody"]["content"]
            for code, response in op["responses"].items():
                yield f"{method} {path} {code}", response.get("content", {})


def _validator(schema: dict) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for({**schema, "components": DOCUMENT["components"]})


def test_every_body_has_examples_that_match_its_schema():
    missing, wrong = [], []
    for where, content in _bodies():
        for media_type, media in content.items():
            values = (
                [media["example"]]
                if "example" in media
                else [e["value"] for e in media.get("examples", {}).values()]
            )
            if not values:
                missing.append(f"{where} {media_type}")
            if media_type.endswith("json") or media_type == "text/xml":
                validator = _validator(media["schema"])
                wrong += [
                    f"{where} {media_type}: {e.message}" for v in values for e in validator.iter_errors(v)
                ]
    assert missing == [] and wrong == []


REQUESTS = [
    (method, path, media_type)
    for path, item in DOCUMENT["paths"].items()
    for method, op in item.items()
    for media_type in op.get("requestBody", {}).get("content", {})
    if media_type in ("application/json", "application/merge-patch+json") and path != "/v1/import"
]


@pytest.mark.parametrize(("method", "path", "media_type"), REQUESTS, ids=lambda x: str(x))
def test_every_request_example_is_taken_by_the_service(client, method, path, media_type):
    example = DOCUMENT["paths"][path][method]["requestBody"]["content"][media_type]["example"]
    concrete = path
    for name, value in VALUES.items():
        concrete = concrete.replace(name, value)
    response = client.request(
        method.upper(), concrete, content=json.dumps(example), headers={"Content-Type": media_type}
    )
    assert response.status_code in (200, 201), response.text
    body = response.json()
    for field in ("title", "name", "quote", "slug", "role"):  # what was sent is what the object now says
        if field in example:
            assert body[field] == example[field], field
