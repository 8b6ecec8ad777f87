"""Newsrooms are walled (QUALITY 14) and writes need a key (QUALITY 13), for every operation.

The operations come from the OpenAPI document (the committed copy in openapi/ together with the one the
app serves, so an operation added to either is covered without touching this file). Every operation
that takes an object id or slug is called with keys of newsroom `other` on the demo newsroom's objects:
no write and no read of a draft succeeds, and the answer for an existing object equals the answer for
a random id that names nothing, so it does not leak whether the object exists. Every write is also
called anonymously: 401 everywhere. The whole database is compared before and after: nothing written.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from litestar.testing import TestClient

from service import problem_types
from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings, create_key, fetch

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
WRITES = ("post", "patch", "delete", "put")
METHODS = ("get", "head", *WRITES)
DEMO_TIMELINE = "xi-putin-summit"
VALIDATION = problem_types.VALIDATION

# Bodies a demo editor could send; an operation missing here gets one built from its schema.
KNOWN_BODIES: dict[str, dict[str, Any]] = {
    "create_event": {"title": "Wall test event", "date": "2021-12-15"},
    "update_event": {"title": "Wall test: renamed"},
    "create_citation": {"source_id": str(demo_id("source", "tass-summit")), "quote": "A wall test passage."},
    "create_source": {"url": "https://wall.example/report", "title": "Wall test source"},
    "update_source": {"title": "Wall test: renamed"},
    "create_entity": {"name": "Wall Tester", "kind": "person"},
    "update_entity": {"name": "Wall test: renamed"},
    "create_key": {"role": "viewer"},
    "create_timeline": {"slug": "wall-test", "title": "Wall test timeline"},
    "update_timeline": {"title": "Wall test: renamed"},
}


class Operation(NamedTuple):
    method: str
    path: str
    operation_id: str
    params: tuple[str, ...]  # path parameters, in order
    schema: dict[str, Any]  # the whole operation object

    @property
    def write(self) -> bool:
        return self.method in WRITES

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], Operation]:
    found = {}
    for path, item in document.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            params = tuple(re.findall(r"{([^}]+)}", path))
            found[(method, path)] = Operation(
                method, path, op.get("operationId", f"{method} {path}"), params, op
            )
    return found


@pytest.fixture(scope="module")
def documents(app_client) -> list[dict[str, Any]]:
    committed = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    served = app_client.get("/schema/openapi.json")
    assert served.status_code == 200
    return [committed, served.json()]


@pytest.fixture(scope="module")
def operations(documents) -> list[Operation]:
    merged: dict[tuple[str, str], Operation] = {}
    for document in documents:
        merged.update(_operations(document))
    ops = sorted(merged.values(), key=lambda o: (o.path, o.method))
    assert len([o for o in ops if o.params]) >= 15  # the document really was read
    return ops


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _resolve(document, options[0]) if options else {"type": "null"}
    return schema


def _example(document: dict[str, Any], schema: dict[str, Any], name: str = "") -> Any:
    """A small valid-looking value for a JSON schema: required fields only, plausible strings."""
    schema = _resolve(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = schema.get("required", [])
        if not required and props:  # a merge patch: change one plain field
            plain = [k for k, v in props.items() if _resolve(document, v).get("type") == "string"]
            required = (
                [("title" if "title" in props else "name" if "name" in props else plain[0])] if plain else []
            )
        return {key: _example(document, props[key], key) for key in required}
    if kind == "array":
        return []
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    if schema.get("format") == "uri" or name.endswith("url"):
        return "https://wall.example/page"
    if "slug" in name:
        return "wall-test"
    if "date" in name:
        return "2021-12-15"
    return "Wall test"


def body_for(op: Operation, documents: list[dict[str, Any]]) -> Any:
    if op.method not in ("post", "patch", "put"):
        return None
    if op.operation_id in KNOWN_BODIES:
        return KNOWN_BODIES[op.operation_id]
    for document in documents:
        item = document.get("paths", {}).get(op.path, {}).get(op.method)
        if item and "requestBody" in item:
            schema = item["requestBody"]["content"]["application/json"]["schema"]
            return _example(document, schema)
    return None


class Demo(NamedTuple):
    """The demo newsroom's objects the walls are tried on: one set per kind of target."""

    targets: list[dict[str, str]]  # each maps every path parameter name to a demo object's id or slug
    victim_key_id: str


class Setup(NamedTuple):
    client: TestClient
    dsn: str
    demo: Demo
    keys: dict[str, str]  # role of newsroom `other` -> key


@pytest.fixture(scope="module")
def setup(pg_server, template_db) -> Iterator[Setup]:
    name = f"dateline_w_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as client:
        admin = {"Authorization": f"Bearer {template_db.admin_key}"}
        # A demo draft event with its own citation of a demo-owned source: drafts must stay invisible.
        draft = client.post(
            "/v1/events",
            headers=admin,
            json={
                "title": "Demo draft behind the wall",
                "date": "2021-12-16",
                "status": "draft",
                "citations": [
                    {
                        "source": {"url": "https://wall.example/demo-only", "title": "Demo-only source"},
                        "quote": "Only demo knows.",
                    }
                ],
            },
        )
        assert draft.status_code == 201, draft.text
        draft_doc = draft.json()
        summit = client.get(f"/v1/events/{demo_id('event', 'summit')}").json()
        victim = client.post("/v1/keys", headers=admin, json={"role": "editor", "name": "victim"})
        assert victim.status_code == 201
        draft_timeline = None
        paths = client.get("/schema/openapi.json").json()["paths"]
        if "/v1/timelines" in paths and "post" in paths["/v1/timelines"]:
            made = client.post(
                "/v1/timelines",
                headers=admin,
                json={
                    "slug": "demo-draft-wall",
                    "title": "Demo draft timeline",
                    "status": "draft",
                    "include": [draft_doc["id"]],
                },
            )
            assert made.status_code == 201, made.text
            draft_timeline = "demo-draft-wall"
        published = {
            "event_id": str(summit["id"]), "citation_id": summit["citations"][0]["id"],
            "source_id": str(demo_id("source", "dispatch")), "entity_id": str(demo_id("entity", "xi")),
            "key_id": victim.json()["id"], "slug": DEMO_TIMELINE,
        }  # fmt: skip
        drafts = {
            **published, "event_id": draft_doc["id"], "citation_id": draft_doc["citations"][0]["id"],
            "source_id": draft_doc["citations"][0]["source"]["id"], "slug": draft_timeline or DEMO_TIMELINE,
        }  # fmt: skip
        keys = {role: create_key(dsn, "other", role) for role in ("viewer", "editor", "admin")}
        yield Setup(client, dsn, Demo([published, drafts], victim.json()["id"]), keys)
    pg_server.drop(name)


@pytest.fixture(scope="module")
def app_client(setup) -> TestClient:
    return setup.client


def snapshot(dsn: str) -> dict[str, list[str]]:
    """Every row of every table, as text, sorted: equal snapshots mean nothing was written."""
    tables = [
        r["table_name"]
        for r in fetch(
            dsn,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'",
        )
    ]
    assert {"events", "revisions", "api_keys", "citations", "sources"} <= set(tables)
    return {t: [r[0] for r in fetch(dsn, f'SELECT t::text FROM "{t}" t ORDER BY 1')] for t in tables}  # noqa: S608


def _value(op: Operation, param: str, target: dict[str, str], *, random: bool) -> str:
    """The value of a path parameter: the demo object's, or one naming nothing."""
    schema = next(
        (p.get("schema", {}) for p in op.schema.get("parameters", []) if p.get("name") == param), {}
    )
    if "enum" in schema:
        return str(schema["enum"][0])
    if param in target:
        if random:
            return f"no-such-{uuid.uuid4().hex[:12]}" if param == "slug" else str(uuid.uuid4())
        return target[param]
    if schema.get("format") == "uuid" or param.endswith("_id"):
        raise AssertionError(f"{op}: no demo object for path parameter {param}; add one to the setup")
    if param.endswith("slug"):
        return f"no-such-{uuid.uuid4().hex[:12]}" if random else target["slug"]
    return "x"


def _url(op: Operation, target: dict[str, str], *, random: bool) -> str:
    path = op.path
    for param in op.params:
        path = path.replace("{" + param + "}", _value(op, param, target, random=random))
    return path


def _call(client: TestClient, op: Operation, url: str, body: Any, headers: dict[str, str]):
    return client.request(op.method.upper(), url, json=body, headers=headers)


def _title(response) -> str | None:
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        return response.json()["title"]
    return None


def test_cross_newsroom_calls_never_succeed_nor_reveal_existence(setup: Setup, operations, documents):
    client, dsn = setup.client, setup.dsn
    before = snapshot(dsn)
    attempts, successes, leaks, public = 0, [], [], []
    for op in operations:
        if not op.params:
            continue
        body = body_for(op, documents)
        for target in setup.demo.targets:
            for role in ("viewer", "editor", "admin"):
                headers = {"Authorization": f"Bearer {setup.keys[role]}"}
                url = _url(op, target, random=False)
                if not op.write:
                    anon = _call(client, op, url, None, {})
                    if 200 <= anon.status_code < 300:
                        public.append(f"{op} {url}")  # published content: anyone may read it
                        continue
                attempts += 1
                mine = _call(client, op, url, body, headers)
                nothing = _call(client, op, _url(op, target, random=True), body, headers)
                if 200 <= mine.status_code < 300:
                    successes.append(f"{role}: {op} {url} -> {mine.status_code} {mine.text[:200]}")
                assert mine.status_code != 500 and nothing.status_code != 500, (str(op), mine.text)
                if (mine.status_code, _title(mine)) != (nothing.status_code, _title(nothing)):
                    leaks.append(
                        f"{role}: {op}: existing {mine.status_code} {_title(mine)!r} vs "
                        f"nonexistent {nothing.status_code} {_title(nothing)!r}"
                    )
                assert mine.status_code in (401, 403, 404, 405), (role, str(op), mine.status_code, mine.text)
    print(f"\ncross-newsroom successes: {len(successes)} out of {attempts}")
    assert successes == []
    assert leaks == []
    assert attempts >= 3 * 2 * 15
    # Reads that succeeded anonymously are published content only, never the drafts.
    assert not [p for p in public if "demo-draft-wall" in p or setup.demo.targets[1]["event_id"] in p]
    assert snapshot(dsn) == before


def test_draft_reads_by_other_newsroom_match_a_random_id(setup: Setup):
    """Spelled out for the draft event: its id and its citation's id read as if they did not exist."""
    client = setup.client
    draft = setup.demo.targets[1]
    other = {"Authorization": f"Bearer {setup.keys['editor']}"}
    event_url = f"/v1/events/{draft['event_id']}"
    for url in (event_url, f"{event_url}/citations/{draft['citation_id']}", f"{event_url}/revisions"):
        existing = client.get(url, headers=other)
        random = client.get(url.replace(draft["event_id"], str(uuid.uuid4())), headers=other)
        assert existing.status_code == random.status_code == 404, url
        assert existing.json()["title"] == random.json()["title"] == "Not Found"
        assert existing.json()["type"] == random.json()["type"]
    listed = client.get("/v1/events", params={"status": "draft", "limit": 200}, headers=other)
    assert listed.status_code == 200 and listed.json()["items"] == []
    searched = client.get(
        "/v1/events", params={"q": "Demo draft behind the wall", "limit": 200}, headers=other
    )
    assert draft["event_id"] not in searched.text
    # The source the draft created by citing it inline stays the draft's secret until an event citing it
    # is public: it reads as a random id does.
    source = client.get(f"/v1/sources/{draft['source_id']}", headers=other)
    random = client.get(f"/v1/sources/{uuid.uuid4()}", headers=other)
    assert source.status_code == random.status_code == 404
    assert source.json()["type"] == random.json()["type"] and source.json()["title"] == random.json()["title"]


def test_anonymous_writes_are_401_and_write_nothing(setup: Setup, operations, documents):
    client, dsn = setup.client, setup.dsn
    before = snapshot(dsn)
    writes = [op for op in operations if op.write]
    assert {"create_event", "update_event", "delete_event", "create_key"} <= {
        op.operation_id for op in writes
    }
    for op in writes:
        for target in setup.demo.targets:
            response = _call(client, op, _url(op, target, random=False), body_for(op, documents), {})
            assert response.status_code == 401, (str(op), response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["title"] == "Unauthorized"
            assert response.headers["www-authenticate"] == 'Bearer realm="dateline"'
    print(
        f"\nanonymous writes refused: {len(writes) * len(setup.demo.targets)} calls"
        f" over {len(writes)} operations"
    )
    assert snapshot(dsn) == before


def test_writes_need_the_editor_role_even_in_ones_own_newsroom(setup: Setup, operations, documents):
    """A viewer of the demo newsroom may not write anything of its own newsroom; an editor may not manage
    keys. Writes are closed by default, so a new write operation is covered here without being listed."""
    client, dsn = setup.client, setup.dsn
    before = snapshot(dsn)
    viewer = {"Authorization": f"Bearer {create_key(dsn, 'demo', 'viewer')}"}
    editor = {"Authorization": f"Bearer {create_key(dsn, 'demo', 'editor')}"}
    checked = 0
    for op in operations:
        if not op.write:
            continue
        for target in setup.demo.targets:
            url = _url(op, target, random=False)
            for who in (viewer, editor) if "/v1/keys" in op.path else (viewer,):
                response = _call(client, op, url, body_for(op, documents), who)
                assert response.status_code == 403, (str(op), response.text)
                assert response.json()["title"] == "Forbidden"
                checked += 1
    assert checked >= 30
    # Those 403s wrote nothing; only the two keys made above are new.
    after = snapshot(dsn)
    assert len(after.pop("api_keys")) == len(before.pop("api_keys")) + 2
    assert after == before


def test_the_bodies_used_are_valid_for_the_owner(setup: Setup, operations, documents, template_db):
    """The walls were tried with bodies the owner's own editor may send: none is refused as invalid,
    so a 404 above came from the wall and not from the body. (Runs last: it writes.)"""
    client = setup.client
    owner = {"Authorization": f"Bearer {create_key(setup.dsn, 'demo', 'admin')}"}
    for op in operations:
        if not op.write:
            continue
        response = _call(
            client, op, _url(op, setup.demo.targets[0], random=False), body_for(op, documents), owner
        )
        assert response.status_code not in (400, 401, 403, 415, 500), (str(op), response.text)
        if response.status_code == 422:
            assert response.json()["type"] != VALIDATION, (str(op), response.text)
