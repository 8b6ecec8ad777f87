"""Problem types (RFC 9457): each one the service sends is in the catalogue (service/problem_types.py),
dereferenceable at its `type` (a page the service serves), documented in docs/problems.md, and named in
the OpenAPI document, whose every problem response has the one shared schema and valid examples."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import jsonschema_rs
import pytest

from service import problem_types
from service.demo.seed import demo_id
from service.problem_types import CATALOGUE
from tests.helpers import problem

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = json.loads((ROOT / "openapi" / "openapi.json").read_text())


def test_every_type_the_code_sends_comes_from_the_catalogue():
    """No problem type written out anywhere but in the catalogue: a new one must be catalogued (and so
    documented and served) to be sent."""
    found = subprocess.run(
        ["grep", "-rnE", r"urn:dateline|[\"']/problems/[a-z]", "service", "--include=*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    assert [line for line in found if not line.startswith("service/problem_types.py")] == []
    assert len({p.name for p in CATALOGUE}) == len(CATALOGUE) == 12


def test_docs_list_every_type_with_its_meaning():
    text = (ROOT / "docs" / "problems.md").read_text()
    assert re.findall(r"^## `([^`]+)`$", text, re.M) == [p.uri for p in CATALOGUE]
    for p in CATALOGUE:
        assert f"HTTP {p.status} {p.title}. {p.description}" in text


@pytest.mark.parametrize("kind", CATALOGUE, ids=lambda p: p.name)
def test_each_type_is_a_page_of_the_service(anon, kind):
    page = anon.get(kind.uri)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f"<code>{kind.uri}</code>" in page.text and "<code>" in page.text
    assert kind.description.split("`")[0].replace("'", "&#x27;") in page.text.replace("'", "&#x27;")
    assert anon.get(kind.uri, headers={"If-None-Match": page.headers["etag"]}).status_code == 304


def test_the_index_lists_every_type_and_an_unknown_one_is_a_problem(anon):
    index = anon.get("/problems/")
    assert re.findall(r'<h2 id="([^"]+)">', index.text) == [p.name for p in CATALOGUE]
    for name in ("nope", "VALIDATION", "validation.html", "%3Cscript%3E"):
        problem(anon.get(f"/problems/{name}"), 404)


def test_a_real_problem_names_a_type_its_page_explains(client):
    """A 409 for a source that exists: its `type`, resolved against the request's URL, is the page."""
    existing = client.get(f"/v1/sources/{demo_id('source', 'dispatch')}").json()
    response = client.post("/v1/sources", json={"url": existing["url"], "title": "Again"})
    body = problem(response, 409)
    assert body["type"] == problem_types.DUPLICATE_SOURCE == "/problems/duplicate-source"
    assert body["existing_id"] == existing["id"]
    page = client.get(urljoin(str(response.url), body["type"]))
    assert page.status_code == 200 and "existing_id" in page.text


def _problem_responses():
    for path, item in DOCUMENT["paths"].items():
        for method, op in item.items():
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    yield f"{method} {path} {code}", code, response


def test_every_problem_response_has_the_one_schema_and_valid_examples_of_its_status():
    validator = jsonschema_rs.validator_for(
        {"$ref": "#/components/schemas/ProblemDoc", "components": DOCUMENT["components"]}
    )
    seen = set()
    for where, code, response in _problem_responses():
        (media_type, media), *others = response["content"].items()
        assert (media_type, media["schema"], others) == (
            "application/problem+json",
            {"$ref": "#/components/schemas/ProblemDoc"},
            [],
        ), where
        assert media["examples"], where
        for example in media["examples"].values():
            validator.validate(example["value"])
            assert example["value"]["status"] == int(code), where
            seen.add(example["value"]["type"])
    assert seen == {"about:blank", *(p.uri for p in CATALOGUE)}


def test_the_problem_schema_names_every_type():
    schema = DOCUMENT["components"]["schemas"]["ProblemDoc"]
    assert schema["properties"]["type"]["examples"] == ["about:blank", *(p.uri for p in CATALOGUE)]
    assert all(p.uri in schema["properties"]["type"]["description"] for p in CATALOGUE)
    assert schema["properties"]["existing_id"]["format"] == "uuid"
    assert sorted(schema["required"]) == ["status", "title", "type"]


def test_each_response_shows_the_types_its_operation_sends():
    """The catalogue says which operations send each type (`sent_by`): every operation it names exists,
    and a problem response's examples are only of those types (a source write's 409 is never a duplicate
    timeline)."""
    operations = {op["operationId"]: op for item in DOCUMENT["paths"].values() for op in item.values()}
    for kind in CATALOGUE:
        named = [s for s in kind.sent_by if s != problem_types.EVERY and not s.startswith("parameter:")]
        assert set(named) <= set(operations), kind.name
    by_uri = {p.uri: p for p in CATALOGUE}
    for op_id, op in operations.items():
        parameters = {f"parameter:{p['name']}" for p in op.get("parameters", [])}
        for response in op["responses"].values():
            for example in (
                response.get("content", {}).get("application/problem+json", {}).get("examples", {}).values()
            ):
                kind = by_uri.get(example["value"]["type"])
                assert kind is None or {problem_types.EVERY, op_id, *parameters} & set(kind.sent_by), (
                    op_id,
                    kind,
                )
    examples = operations["create_source"]["responses"]["409"]["content"]["application/problem+json"][
        "examples"
    ]
    assert sorted(examples) == ["duplicate-source", "idempotency-in-flight"]
