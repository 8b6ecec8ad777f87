"""Key management (issue 18, class 11): `POST /v1/keys` honours `Idempotency-Key` (a retry never makes
a second key; a replay names the same key but never shows its secret again) and its `Location` answers:
`GET /v1/keys/{id}` for the newsroom's admins, a 404 for any other newsroom's key."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from litestar.testing import TestClient

from service.app import create_app
from tests.conftest import app_settings, create_key, fetch
from tests.keys.test_keys import all_table_text, bearer

BODIES = [{"role": "viewer"}, {"role": "editor", "name": "desk"}, {"role": "admin", "name": "ops ünïcode"}]
LISTED = {"id", "newsroom", "role", "name", "prefix", "created_at", "revoked_at"}


@pytest.fixture
def app(db_url: str):
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as test_client:
        yield test_client


def keys_of(dsn: str, newsroom: str) -> int:
    return fetch(dsn, "SELECT count(*) AS n FROM api_keys WHERE newsroom = $1", newsroom)[0]["n"]


def problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.mark.parametrize("body", BODIES)
def test_a_retried_create_makes_one_key_and_never_shows_the_secret_twice(app, db_url, template_db, body):
    admin = bearer(template_db.admin_key)
    before = keys_of(db_url, "demo")
    headers = {**admin, "Idempotency-Key": f"new-key-{uuid.uuid4()}"}
    first = app.post("/v1/keys", json=body, headers=headers)
    assert first.status_code == 201, first.text
    created = first.json()
    secret = created["key"]
    replays = [app.post("/v1/keys", json=body, headers=headers) for _ in range(3)]
    for replay in replays:
        assert replay.status_code == 200, replay.text
        assert replay.headers["idempotent-replayed"] == "true"
        assert replay.headers["location"] == first.headers["location"] == f"/v1/keys/{created['id']}"
        assert set(replay.json()) == LISTED  # the key as listed: no `key`, no hash
        assert replay.json() == {k: v for k, v in created.items() if k != "key"}
        assert secret not in replay.text and secret[10:] not in replay.text
    assert keys_of(db_url, "demo") == before + 1
    # The secret is nowhere at rest, the stored replay included; the key it names works.
    text = all_table_text(db_url)
    assert secret not in text and secret[10:] not in text
    assert app.get("/v1/keys", headers=bearer(secret)).status_code in (200, 403)  # valid: never a 401

    # The same Idempotency-Key with another body is refused and creates nothing.
    other = {**body, "name": "something else"}
    problem(app.post("/v1/keys", json=other, headers=headers), 422)
    assert keys_of(db_url, "demo") == before + 1


def test_concurrent_retries_make_one_key(db_url, template_db):
    """A burst of the same request (a client retrying on a timeout): one key; the others replay it or
    are told that the first is in flight (409 with Retry-After), never a second key."""
    headers = {**bearer(template_db.admin_key), "Idempotency-Key": "burst-1"}
    before = keys_of(db_url, "demo")
    app = create_app(app_settings(db_url))
    with TestClient(app, base_url="http://testserver.local") as client, ThreadPoolExecutor(6) as pool:
        answers = list(
            pool.map(lambda _: client.post("/v1/keys", json={"role": "viewer"}, headers=headers), range(12))
        )
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 200, 409}, statuses
    assert all("retry-after" in a.headers for a in answers if a.status_code == 409)
    assert keys_of(db_url, "demo") == before + 1
    ids = {a.json()["id"] for a in answers if a.status_code in (200, 201)}
    assert len(ids) == 1


def test_idempotency_keys_are_per_api_key(app, db_url, template_db):
    """Another admin (of this newsroom or another) using the same Idempotency-Key makes its own key."""
    same_room, other_room = create_key(db_url, "demo", "admin"), create_key(db_url, "other", "admin")
    made = []
    for secret in (template_db.admin_key, same_room, other_room):
        headers = {**bearer(secret), "Idempotency-Key": "k"}
        response = app.post("/v1/keys", json={"role": "viewer"}, headers=headers)
        assert response.status_code == 201, response.text
        made.append(response.json())
    assert len({m["id"] for m in made}) == 3
    assert [m["newsroom"] for m in made] == ["demo", "demo", "other"]


def test_location_answers_for_the_newsrooms_admins_only(app, db_url, template_db):
    admin = bearer(template_db.admin_key)
    other_admin = bearer(create_key(db_url, "other", "admin"))
    editor = bearer(create_key(db_url, "demo", "editor"))
    viewer = bearer(create_key(db_url, "demo", "viewer"))
    created = [app.post("/v1/keys", json=body, headers=admin) for body in BODIES]
    for response in created:
        assert response.status_code == 201
        secret, location = response.json()["key"], response.headers["location"]
        got = app.get(location, headers=admin)
        assert got.status_code == 200, got.text
        assert set(got.json()) == LISTED
        assert got.json() == {k: v for k, v in response.json().items() if k != "key"}
        assert secret not in got.text and secret[10:] not in got.text
        assert got.headers["cache-control"].startswith("private")
        assert app.get(location, headers={**admin, "If-None-Match": got.headers["etag"]}).status_code == 304
        # Other callers: another newsroom's admin gets the answer of a key that does not exist.
        nobody = str(uuid.uuid4())
        theirs = problem(app.get(location, headers=other_admin), 404)
        missing = problem(app.get(f"/v1/keys/{nobody}", headers=other_admin), 404)
        assert theirs["detail"].replace(response.json()["id"], "?") == missing["detail"].replace(nobody, "?")
        for lesser in (editor, viewer):
            problem(app.get(location, headers=lesser), 403)
        assert problem(app.get(location), 401)["status"] == 401
        problem(app.get(location, headers={"Authorization": "Bearer dl_unknown"}), 401)
        # HEAD answers like the GET.
        head = app.head(location, headers=admin)
        assert head.status_code == 200 and head.content == b""

    # A revoked key is still readable by its admins, with when it was revoked.
    location = created[0].headers["location"]
    assert app.delete(location, headers=admin).status_code == 204
    assert app.get(location, headers=admin).json()["revoked_at"] is not None
    # Not a key id: 404 (the path does not match), never a 500.
    for bad in ("not-a-uuid", "1", "%00", uuid.uuid4().hex[:10]):
        assert app.get(f"/v1/keys/{bad}", headers=admin).status_code in (400, 404)
