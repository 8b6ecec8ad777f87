"""API keys: created by the CLI or by admins, stored hashed, revoked at once, never logged; roles are
cumulative (viewer < editor < admin). Every test runs on its own clone of the demo database."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import subprocess
import sys
import threading
import uuid

import httpx
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings, clean_env, create_key, fetch, free_port, start_server
from tests.helpers import unknown_id

DATELINE = [sys.executable, "-m", "service.cli"]
DRAFT = {"title": "Keys test draft", "date": "2021-12-15", "status": "draft"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    return body


def unauthorized(response: httpx.Response) -> dict:
    body = problem(response, 401)
    assert body["title"] == "Unauthorized"
    assert response.headers["www-authenticate"].startswith('Bearer realm="dateline"')
    return body


def all_table_text(dsn: str) -> str:
    """Every row of every table in the schema, as text: where a secret must never be."""
    tables = [
        r["table_name"]
        for r in fetch(
            dsn,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE'",
        )
    ]
    assert {"api_keys", "revisions", "events", "idempotency_keys"} <= set(tables)
    out = []
    for table in tables:
        out += [r[0] for r in fetch(dsn, f'SELECT t::text FROM "{table}" t')]  # noqa: S608 - names from the catalog
    return "\n".join(out)


@pytest.fixture
def app(db_url: str):
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as test_client:
        yield test_client


# --- the CLI ---------------------------------------------------------------------------------------


def test_cli_creates_newsroom_and_prints_a_working_key_alone_on_the_last_line(db_url: str, app: TestClient):
    assert fetch(db_url, "SELECT 1 FROM newsrooms WHERE name = 'cli-desk'") == []
    result = subprocess.run(
        [*DATELINE, "keys", "create", "--newsroom", "cli-desk", "--role", "editor"],
        env=clean_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    key = lines[-1]
    assert key == key.strip() and key.startswith("dl_") and " " not in key
    assert len(key) == 3 + 43
    assert key not in "\n".join(lines[:-1])  # printed once, alone on its line
    assert [r["name"] for r in fetch(db_url, "SELECT name FROM newsrooms WHERE name = 'cli-desk'")] == [
        "cli-desk"
    ]
    rows = fetch(db_url, "SELECT newsroom, role, prefix, hash FROM api_keys WHERE newsroom = 'cli-desk'")
    assert len(rows) == 1
    assert (rows[0]["newsroom"], rows[0]["role"], rows[0]["prefix"]) == ("cli-desk", "editor", key[:10])
    assert bytes(rows[0]["hash"]) == hashlib.sha256(key.encode()).digest()

    # The key works: an editor of cli-desk writes, and what it writes is cli-desk's.
    response = app.post("/v1/events", json=DRAFT, headers=bearer(key))
    assert response.status_code == 201, response.text
    assert response.json()["newsroom"] == "cli-desk"
    # ...but it is not an admin key.
    assert problem(app.get("/v1/keys", headers=bearer(key)), 403)["title"] == "Forbidden"


def test_cli_admin_key_for_an_existing_newsroom_and_bad_arguments(db_url: str, app: TestClient):
    before = fetch(db_url, "SELECT count(*) AS n FROM newsrooms")[0]["n"]
    result = subprocess.run(
        [*DATELINE, "keys", "create", "--newsroom", "demo", "--role", "admin", "--name", "ops"],
        env=clean_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert fetch(db_url, "SELECT count(*) AS n FROM newsrooms")[0]["n"] == before
    listed = app.get("/v1/keys", headers=bearer(key))
    assert listed.status_code == 200, listed.text
    mine = [k for k in listed.json()["items"] if k["prefix"] == key[:10]]
    assert len(mine) == 1 and mine[0]["name"] == "ops" and mine[0]["role"] == "admin"

    keys_before = fetch(db_url, "SELECT count(*) AS n FROM api_keys")[0]["n"]
    for bad in (["--newsroom", "demo", "--role", "owner"], ["--newsroom", "Bad Name", "--role", "viewer"]):
        result = subprocess.run(
            [*DATELINE, "keys", "create", *bad],
            env=clean_env(DATELINE_DATABASE_URL=db_url),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stdout
    assert fetch(db_url, "SELECT count(*) AS n FROM api_keys")[0]["n"] == keys_before


def dateline(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*DATELINE, *args],
        env=clean_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=60,
    )


def cli_key(db_url: str, newsroom: str, role: str) -> tuple[str, str]:
    """A key made by `keys create`: its id (from the line before) and the key (the last line)."""
    result = dateline(db_url, "keys", "create", "--newsroom", newsroom, "--role", role)
    assert result.returncode == 0, result.stderr
    *before, key = result.stdout.rstrip("\n").split("\n")
    [key_id] = [word for word in before[-1].split() if len(word) == 36 and word.count("-") == 4]
    return str(uuid.UUID(key_id)), key


def listed(db_url: str, newsroom: str) -> dict[str, list[str]]:
    """`keys list`: each key's line by its id (the first column)."""
    result = dateline(db_url, "keys", "list", "--newsroom", newsroom)
    assert result.returncode == 0, result.stderr
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["ID", "ROLE", "CREATED", "REVOKED", "NAME"]
    return {line.split()[0]: line.split() for line in lines}


def test_cli_lists_a_newsrooms_keys_without_secrets(db_url: str, template_db):
    made = {role: cli_key(db_url, "demo", role) for role in ("viewer", "editor", "admin")}
    other_id, other_key = cli_key(db_url, "elsewhere", "admin")
    demo = listed(db_url, "demo")
    stored = fetch(db_url, "SELECT id::text, role, created_at FROM api_keys WHERE newsroom = 'demo'")
    assert set(demo) == {row["id"] for row in stored} and len(demo) == 4  # the template's admin key too
    for role, (key_id, _) in made.items():
        assert demo[key_id][1] == role
        created = next(row["created_at"] for row in stored if row["id"] == key_id)
        assert " ".join(demo[key_id][2:5]) == created.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        assert demo[key_id][5] == "-"  # not revoked
    assert other_id not in demo and list(listed(db_url, "elsewhere")) == [other_id]
    output = dateline(db_url, "keys", "list", "--newsroom", "demo").stdout
    for secret in [key for _, key in made.values()] + [template_db.admin_key, other_key]:
        assert secret not in output and secret[3:13] not in output  # nor the prefix the API shows
    missing = dateline(db_url, "keys", "list", "--newsroom", "no-such-desk")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "no newsroom no-such-desk" in missing.stderr


def test_cli_revokes_a_key_by_id_and_it_stops_working_at_once(db_url: str, app: TestClient):
    (viewer_id, viewer), (editor_id, editor) = (
        cli_key(db_url, "demo", "viewer"),
        cli_key(db_url, "demo", "editor"),
    )
    other_id, other = cli_key(db_url, "elsewhere", "editor")
    for key in (viewer, editor, other):
        assert app.get("/v1/events?status=draft", headers=bearer(key)).status_code == 200
    for key_id in (editor_id, other_id):  # the operator's command reaches every newsroom
        result = dateline(db_url, "keys", "revoke", key_id)
        assert result.returncode == 0, result.stderr
        assert key_id in result.stdout and "revoked" in result.stdout
    for key in (editor, other):
        unauthorized(app.get("/v1/events?status=draft", headers=bearer(key)))
        unauthorized(app.post("/v1/events", json=DRAFT, headers=bearer(key)))
    assert app.get("/v1/events?status=draft", headers=bearer(viewer)).status_code == 200  # the others work
    revoked_at = listed(db_url, "demo")[editor_id][5:8]
    assert listed(db_url, "demo")[viewer_id][5] == "-" and revoked_at[2] == "UTC"
    again = dateline(db_url, "keys", "revoke", editor_id)  # twice: the first time stays
    assert again.returncode == 0 and listed(db_url, "demo")[editor_id][5:8] == revoked_at


@pytest.mark.parametrize(
    ("key_id", "status"),
    [
        (unknown_id("key"), 1),
        (str(uuid.UUID(int=0)), 1),  # no such key
        ("not-a-uuid", 2),
        ("", 2),
        ("dl_" + "A" * 43, 2),
        ("1 OR 1=1", 2),
        ("00000000-0000-0000-0000-00000000000g", 2),
    ],
)
def test_cli_revoke_of_an_unknown_or_malformed_id_changes_nothing(db_url: str, key_id: str, status: int):
    before = fetch(db_url, "SELECT id, revoked_at FROM api_keys ORDER BY id")
    result = dateline(db_url, "keys", "revoke", key_id)
    assert result.returncode == status, result.stderr
    assert result.stdout == "" and result.stderr.strip()
    assert fetch(db_url, "SELECT id, revoked_at FROM api_keys ORDER BY id") == before


# --- storage ---------------------------------------------------------------------------------------


def test_keys_are_stored_hashed_never_in_clear(db_url: str, app: TestClient, template_db):
    admin = template_db.admin_key
    response = app.post("/v1/keys", json={"role": "editor", "name": "desk"}, headers=bearer(admin))
    assert response.status_code == 201, response.text
    created = response.json()
    secret = created["key"]
    # Write with it, so revisions, idempotency records and the like hold rows made with the key.
    written = app.post("/v1/events", json=DRAFT, headers={**bearer(secret), "Idempotency-Key": "k-1"})
    assert written.status_code == 201, written.text
    assert (
        app.patch(
            f"/v1/events/{written.json()['id']}", json={"title": "Renamed"}, headers=bearer(secret)
        ).status_code
        == 200
    )
    cli_key = create_key(db_url, "other", "admin")

    text = all_table_text(db_url)
    for key in (secret, admin, cli_key):
        assert key not in text
        assert key[3:] not in text  # not even without its dl_ prefix
        assert key[10:] not in text  # only the 10-character prefix is kept, to recognise it
    row = fetch(db_url, "SELECT prefix, hash FROM api_keys WHERE id = $1", uuid.UUID(created["id"]))[0]
    assert row["prefix"] == secret[:10]
    assert bytes(row["hash"]) == hashlib.sha256(secret.encode()).digest()
    revisions = fetch(
        db_url,
        "SELECT key_id FROM revisions WHERE object_id = $1 ORDER BY id",
        uuid.UUID(written.json()["id"]),
    )
    assert [r["key_id"] for r in revisions] == [uuid.UUID(created["id"])] * 2


# --- /v1/keys ----------------------------------------------------------------------------------------


def test_key_endpoints_need_admin(db_url: str, app: TestClient):
    editor, viewer = create_key(db_url, "demo", "editor"), create_key(db_url, "demo", "viewer")
    some_key = fetch(db_url, "SELECT id FROM api_keys WHERE newsroom = 'demo' LIMIT 1")[0]["id"]
    before = fetch(db_url, "SELECT count(*) AS n, count(revoked_at) AS revoked FROM api_keys")[0]
    calls = [("POST", "/v1/keys", {"role": "admin"}), ("GET", "/v1/keys", None),
             ("DELETE", f"/v1/keys/{some_key}", None)]  # fmt: skip
    for method, path, body in calls:
        unauthorized(app.request(method, path, json=body))
        for key in (editor, viewer):
            assert (
                problem(app.request(method, path, json=body, headers=bearer(key)), 403)["title"]
                == "Forbidden"
            )
    after = fetch(db_url, "SELECT count(*) AS n, count(revoked_at) AS revoked FROM api_keys")[0]
    assert dict(after) == dict(before)


def test_admin_creates_lists_and_revokes_keys_of_its_own_newsroom(db_url: str, app: TestClient, template_db):
    admin = bearer(template_db.admin_key)
    other_admin = create_key(db_url, "other", "admin")
    response = app.post("/v1/keys", json={"role": "viewer", "name": "intern"}, headers=admin)
    assert response.status_code == 201, response.text
    new = response.json()
    assert response.headers["location"] == f"/v1/keys/{new['id']}"
    assert new["newsroom"] == "demo" and new["role"] == "viewer" and new["name"] == "intern"
    assert new["prefix"] == new["key"][:10] and new["revoked_at"] is None
    assert new["key"].startswith("dl_") and len(new["key"]) == 46

    listed = app.get("/v1/keys", headers=admin)
    assert listed.status_code == 200
    assert listed.headers["cache-control"].startswith("private")
    items = listed.json()["items"]
    assert new["key"] not in listed.text and new["key"][10:] not in listed.text
    assert all("key" not in item and "hash" not in item for item in items)
    assert {item["newsroom"] for item in items} == {"demo"}  # never another newsroom's keys
    ids = [item["id"] for item in items]
    assert new["id"] in ids and len(ids) == 2  # the template's admin key and this one
    assert set(items[ids.index(new["id"])]) == {
        "id",
        "newsroom",
        "role",
        "name",
        "prefix",
        "created_at",
        "revoked_at",
    }

    # The new key works, then is revoked; it is refused on the very next request.
    assert app.get("/v1/events?status=draft", headers=bearer(new["key"])).status_code == 200
    assert app.delete(f"/v1/keys/{new['id']}", headers=admin).status_code == 204
    body = unauthorized(app.get("/v1/events?status=draft", headers=bearer(new["key"])))
    assert "revoked" in body["detail"]
    unauthorized(app.get("/v1/events", headers=bearer(new["key"])))  # even a public read
    assert app.delete(f"/v1/keys/{new['id']}", headers=admin).status_code == 204  # twice changes nothing
    revoked = [k for k in app.get("/v1/keys", headers=admin).json()["items"] if k["id"] == new["id"]]
    assert revoked[0]["revoked_at"] is not None

    # Another newsroom's admin cannot see or revoke demo's keys; the answer is that of a random id.
    demo_admin_id = fetch(db_url, "SELECT id FROM api_keys WHERE prefix = $1", template_db.admin_key[:10])[0][
        "id"
    ]
    theirs = app.delete(f"/v1/keys/{demo_admin_id}", headers=bearer(other_admin))
    random = app.delete(f"/v1/keys/{uuid.uuid4()}", headers=bearer(other_admin))
    assert problem(theirs, 404)["title"] == problem(random, 404)["title"] == "Not Found"
    assert (
        fetch(db_url, "SELECT revoked_at FROM api_keys WHERE id = $1", demo_admin_id)[0]["revoked_at"] is None
    )
    assert app.get("/v1/keys", headers=admin).status_code == 200
    other_list = app.get("/v1/keys", headers=bearer(other_admin)).json()["items"]
    assert {k["newsroom"] for k in other_list} == {"other"} and len(other_list) == 1


def test_key_body_is_validated(app: TestClient, template_db, db_url: str):
    admin = bearer(template_db.admin_key)
    before = fetch(db_url, "SELECT count(*) AS n FROM api_keys")[0]["n"]
    for body in (
        {"role": "owner"},
        {},
        {"role": "editor", "newsroom": "other"},
        {"role": "editor", "name": "x" * 101},
    ):
        response = app.post("/v1/keys", json=body, headers=admin)
        assert response.status_code in (400, 422), (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert fetch(db_url, "SELECT count(*) AS n FROM api_keys")[0]["n"] == before


@pytest.mark.parametrize(
    "header",
    [
        "Bearer dl_" + "A" * 43,  # well-formed, unknown
        "Bearer not-a-dateline-key",
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer dl_" + "x" * 300,
        "dl_" + "A" * 43,  # no scheme
    ],
)
def test_malformed_or_unknown_key_is_401_with_www_authenticate(app: TestClient, db_url: str, header: str):
    before = fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"]
    for method, path, body in (
        ("GET", "/v1/events", None),
        ("POST", "/v1/events", DRAFT),
        ("GET", "/v1/keys", None),
    ):
        response = app.request(method, path, json=body, headers={"Authorization": header})
        problem_doc = unauthorized(response)
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
        secret = header.split(" ")[-1]
        if len(secret) > 8:
            assert secret not in response.text  # never echoed back
        assert problem_doc["detail"]
    assert fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"] == before


def test_missing_key_on_a_write_is_401(anon: TestClient, db_url: str):
    before = fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"]
    body = unauthorized(anon.post("/v1/events", json=DRAFT))
    assert "Authorization" in body["detail"]
    assert anon.post("/v1/events", json=DRAFT).headers["www-authenticate"] == 'Bearer realm="dateline"'
    assert fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"] == before


# --- roles ---------------------------------------------------------------------------------------------


def test_roles_are_cumulative(db_url: str, app: TestClient, template_db):
    keys = {role: create_key(db_url, "demo", role) for role in ("viewer", "editor")}
    keys["admin"] = template_db.admin_key
    draft = app.post("/v1/events", json=DRAFT, headers=bearer(keys["admin"]))
    assert draft.status_code == 201
    draft_id = draft.json()["id"]
    # Nobody but the newsroom's keys sees the draft.
    anon_read = app.get(f"/v1/events/{draft_id}")
    assert problem(anon_read, 404)["title"] == "Not Found"
    assert app.get("/v1/events", params={"status": "draft"}).json()["items"] == []

    can_write = {"viewer": False, "editor": True, "admin": True}
    can_admin = {"viewer": False, "editor": False, "admin": True}
    for role, key in keys.items():
        h = bearer(key)
        # Every role sees its newsroom's drafts, alone and in lists, and the history.
        got = app.get(f"/v1/events/{draft_id}", headers=h)
        assert got.status_code == 200, (role, got.text)
        assert got.json()["status"] == "draft"
        assert got.headers["cache-control"].startswith("private")
        listed = app.get("/v1/events", params={"status": "draft"}, headers=h)
        assert listed.status_code == 200
        items = listed.json()["items"]
        assert draft_id in [e["id"] for e in items], role
        assert {(e["status"], e["newsroom"]) for e in items} == {("draft", "demo")}
        assert app.get(f"/v1/events/{draft_id}/revisions", headers=h).status_code == 200

        version = app.get(f"/v1/events/{draft_id}", headers=h).json()["version"]
        writes = [
            app.post("/v1/events", json={**DRAFT, "title": f"by {role}"}, headers=h),
            app.patch(f"/v1/events/{draft_id}", json={"summary": f"patched by {role}"}, headers=h),
        ]
        if can_write[role]:
            assert [w.status_code for w in writes] == [201, 200], role
            assert writes[1].json()["version"] == version + 1
        else:
            for w in writes:
                body = problem(w, 403)
                assert body["title"] == "Forbidden" and "editor" in body["detail"]
            assert app.get(f"/v1/events/{draft_id}", headers=h).json()["version"] == version
        keys_call = app.get("/v1/keys", headers=h)
        assert keys_call.status_code == (200 if can_admin[role] else 403), role

    titles = {r["title"] for r in fetch(db_url, "SELECT title FROM events WHERE title LIKE 'by %'")}
    assert titles == {"by editor", "by admin"}


def test_viewer_cannot_write_anything(db_url: str, app: TestClient):
    viewer = bearer(create_key(db_url, "demo", "viewer"))
    event, source, entity = demo_id("event", "summit"), demo_id("source", "dispatch"), demo_id("entity", "xi")
    counts = "SELECT (SELECT count(*) FROM revisions) AS r, (SELECT count(*) FROM events) AS e"
    before = fetch(db_url, counts)[0]
    calls = [
        ("POST", "/v1/events", DRAFT),
        ("PATCH", f"/v1/events/{event}", {"title": "x"}),
        ("DELETE", f"/v1/events/{event}", None),
        ("POST", f"/v1/events/{event}/citations", {"source_id": str(source), "quote": "q"}),
        ("POST", "/v1/sources", {"url": "https://viewer.example/a", "title": "t"}),
        ("PATCH", f"/v1/sources/{source}", {"title": "x"}),
        ("DELETE", f"/v1/sources/{source}", None),
        ("POST", "/v1/entities", {"name": "Someone", "kind": "person"}),
        ("PATCH", f"/v1/entities/{entity}", {"name": "x"}),
    ]
    for method, path, body in calls:
        response = app.request(method, path, json=body, headers=viewer)
        assert problem(response, 403)["title"] == "Forbidden", path
    assert dict(fetch(db_url, counts)[0]) == dict(before)


# --- never logged ----------------------------------------------------------------------------------------


def test_keys_never_appear_in_logs(db_url: str, template_db):
    editor = create_key(db_url, "demo", "editor")
    admin = template_db.admin_key
    unknown = "dl_" + "Z" * 43
    port = free_port()
    server = start_server(clean_env(DATELINE_DATABASE_URL=db_url, DATELINE_LOG_LEVEL="DEBUG"), port)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    statuses = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:

            def call(method: str, path: str, key: str, extra: dict | None = None, **kw) -> None:
                headers = {**bearer(key), **(extra or {})}
                statuses.append(http.request(method, path, headers=headers, **kw).status_code)

            call("POST", "/v1/events", editor, json=DRAFT)
            call("GET", "/v1/events?status=draft", editor)
            call("GET", "/v1/keys", editor)  # 403
            call("GET", f"/v1/events/{uuid.uuid4()}", editor)  # 404
            call("POST", "/v1/events", editor, json={"title": "x", "date": "2021-02-30"})  # 422
            call(
                "POST", "/v1/events", editor, {"Content-Type": "application/json"}, content=b"{not json"
            )  # 400
            call("GET", "/v1/events", unknown)  # 401
            call("GET", "/v1/events", "Bearer-ish " + editor)  # 401, malformed
            call("GET", "/v1/keys", admin)
            call("POST", "/v1/keys", admin, json={"role": "viewer"})
    finally:
        server.terminate()
        server.wait(timeout=20)
        reader.join(timeout=10)
    assert statuses == [201, 200, 403, 404, 422, 400, 401, 401, 200, 201], statuses
    output = "".join(lines)
    # The capture worked (the server's own lines are there), and no key, nor its part after dl_, is.
    assert "Dateline serving on" in output and "Started worker" in output
    for key in (editor, admin, unknown):
        assert key not in output
        assert key[3:] not in output


def test_log_level_setting_takes_effect(db_url: str):
    """DATELINE_LOG_LEVEL=DEBUG must reach the root logger (Litestar's default config pins it at INFO),
    else the test above would check logs that could never hold anything below INFO."""
    root = logging.getLogger()
    saved = root.level
    try:
        with TestClient(create_app(app_settings(db_url, log_level="DEBUG"))) as debug_client:
            assert debug_client.get("/health/live").status_code == 200
            assert root.getEffectiveLevel() == logging.DEBUG
            assert logging.getLogger("dateline").isEnabledFor(logging.DEBUG)
        with TestClient(create_app(app_settings(db_url, log_level="WARNING"))) as quiet_client:
            assert quiet_client.get("/health/live").status_code == 200
            assert root.getEffectiveLevel() == logging.WARNING
    finally:
        root.setLevel(saved)


def test_health_checks_ignore_a_bad_authorization_header(client):
    for path in ("/health/live", "/health/ready"):
        response = client.get(path, headers={"Authorization": "Bearer dl_not-a-key"})
        assert response.status_code == 200, (path, response.text)
