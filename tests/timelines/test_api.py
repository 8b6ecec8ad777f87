"""/v1/timelines: saved filters checked like the query they stand for, membership
(filter ∪ include) − exclude, drafts and newsroom walls, keyset pages over a timeline's events,
preconditions, revisions, and the demo timelines."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from typing import Any

import pytest
from litestar.testing import TestClient

from service import problem_types
from service.app import create_app
from service.cli import openapi_json
from service.demo.seed import demo_id, seed_demo
from service.timelines import service as timelines_service
from tests.conftest import app_settings, create_key, fetch
from tests.helpers import problem

ETAG = re.compile(r'^"(\d+)-[0-9a-f]{16}"$')

# Demo events by hand-made sort position (from service/demo/demo-events.json): the start day, or the
# summit's UTC instant (08:07Z), which sorts after the other events of 15 December.
SORT_AT = {
    "mclaren": "2016-07-18", "ioc-no-ban": "2016-07-24", "rio-exclusion": "2016-08-05",
    "ipc-ban": "2016-08-07", "icarus": "2017-01-01", "treaty-extended": "2021-06-28",
    "putin-partnership": "2021-11-01", "invitations": "2021-11-01", "boycott": "2021-12-06",
    "democracy-summit": "2021-12-09", "summit-announced": "2021-12-13", "summit": "2021-12-15T08:07",
    "taiwan-support": "2021-12-15", "putin-to-attend": "2021-12-15", "beijing-opening": "2022-02-04",
}  # fmt: skip

# The demo timelines' members, by hand from the dataset's dates and tags.
# xi-putin-summit: any of china-russia, summit, boycott, overlapping June 2021 - February 2022.
XI_PUTIN = {
    "treaty-extended", "putin-partnership", "invitations", "boycott", "democracy-summit", "summit-announced",
    "summit", "taiwan-support", "putin-to-attend", "beijing-opening",
}  # fmt: skip
# russia-doping: tagged doping, overlapping 2016-2017.
DOPING = {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus"}


def event(key: str) -> str:
    return str(demo_id("event", key))


KEY_OF = {event(key): key for key in SORT_AT}


def in_order(keys: set[str] | list[str]) -> list[str]:
    """Demo event keys in the order a list gives them: by sort position, then id."""
    return sorted(keys, key=lambda k: (SORT_AT[k], demo_id("event", k)))


def keys_of(body: dict[str, Any]) -> list[str]:
    return [KEY_OF.get(item["id"], item["id"]) for item in body["items"]]


def create(client: TestClient, **fields: Any) -> dict:
    body = {"slug": "a-timeline", "title": "A timeline", "status": "published", **fields}
    response = client.post("/v1/timelines", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def members(
    client: TestClient, slug: str, params: list[tuple[str, str]] | None = None, **kw: Any
) -> list[str]:
    """Every member on one page (limit 200), as demo keys (or ids for non-demo events)."""
    response = client.get(f"/v1/timelines/{slug}/events", params=[*(params or []), ("limit", "200")], **kw)
    assert response.status_code == 200, response.text
    assert response.json()["next_cursor"] is None
    return keys_of(response.json())


def timeline_revisions(db_url: str, timeline_id: str) -> list[tuple[str, int]]:
    rows = fetch(
        db_url,
        "SELECT action, version FROM revisions WHERE object_type = 'timeline' AND object_id = $1 ORDER BY id",
        uuid.UUID(timeline_id),
    )
    return [(r["action"], r["version"]) for r in rows]


def snapshot(db_url: str) -> dict:
    """Timeline rows, their versions and all revisions: equal before and after means nothing was written."""
    row = fetch(
        db_url,
        """SELECT (SELECT count(*) FROM timelines) AS timelines,
                  (SELECT coalesce(sum(version), 0) FROM timelines) AS versions,
                  (SELECT count(*) FROM timelines WHERE deleted_at IS NOT NULL) AS deleted,
                  (SELECT count(*) FROM revisions) AS revisions,
                  (SELECT count(*) FROM newsrooms) AS newsrooms""",
    )[0]
    return dict(row)


def draft_event(
    client: TestClient, title: str = "A draft event", date: str = "2021-12-14", **fields: Any
) -> str:
    response = client.post("/v1/events", json={"title": title, "date": date, "status": "draft", **fields})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# --- create, read, update, delete ----------------------------------------------------------------


def test_crud_with_statuses_headers_and_revisions(client, anon, db_url):
    response = client.post(
        "/v1/timelines",
        json={
            "slug": "olympic-diplomacy",
            "title": "Olympic diplomacy",
            "description": "Boycotts and visits.",
            "filter": {"tag": ["olympics", "olympics"], "from": "2021", "q": "  "},
            "include": [event("summit")],
            "exclude": [event("boycott")],
            "status": "published",
            "theme": "dark",
            "start_at": "2022-02",
            "language": "en-GB",
            "change_note": "First cut.",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == "/v1/timelines/olympic-diplomacy"
    assert ETAG.match(response.headers["etag"]).group(1) == "1"
    uuid.UUID(body["id"])
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")} == {
        "newsroom": "demo",
        "slug": "olympic-diplomacy",
        "title": "Olympic diplomacy",
        "description": "Boycotts and visits.",
        "filter": {"tag": ["olympics"], "from": "2021"},  # stored as checked: repeats once, blank q gone
        "include": [event("summit")],
        "exclude": [event("boycott")],
        "status": "published",
        "theme": "dark",
        "start_at": "2022-02",
        "language": "en-GB",
        "version": 1,
    }

    read = client.get("/v1/timelines/olympic-diplomacy")
    assert read.status_code == 200
    assert read.json() == body
    assert read.headers["etag"] == response.headers["etag"]
    assert read.headers["cache-control"].startswith("private")
    public = anon.get("/v1/timelines/olympic-diplomacy")
    assert public.status_code == 200
    assert public.headers["cache-control"].startswith("public")
    assert (
        anon.get(
            "/v1/timelines/olympic-diplomacy", headers={"If-None-Match": public.headers["etag"]}
        ).status_code
        == 304
    )
    # olympics from 2021 on: boycott (excluded), putin-to-attend, beijing-opening; plus the summit
    assert members(anon, "olympic-diplomacy") == in_order({"putin-to-attend", "beijing-opening", "summit"})

    patched = client.patch(
        "/v1/timelines/olympic-diplomacy",
        json={"title": "Olympic diplomacy, 2021-22", "exclude": [], "description": None},
        headers={"If-Match": response.headers["etag"]},
    )
    assert patched.status_code == 200, patched.text
    assert ETAG.match(patched.headers["etag"]).group(1) == "2"
    new = patched.json()
    assert (new["title"], new["exclude"], new["description"], new["version"]) == (
        "Olympic diplomacy, 2021-22",
        [],
        None,
        2,
    )
    assert new["filter"] == body["filter"] and new["include"] == body["include"] and new["theme"] == "dark"
    assert members(anon, "olympic-diplomacy") == in_order(
        {"boycott", "putin-to-attend", "beijing-opening", "summit"}
    )

    deleted = client.delete("/v1/timelines/olympic-diplomacy", headers={"If-Match": patched.headers["etag"]})
    assert deleted.status_code == 204
    assert deleted.content == b""
    problem(client.get("/v1/timelines/olympic-diplomacy"), 404)
    problem(client.get("/v1/timelines/olympic-diplomacy/events"), 404)
    problem(client.patch("/v1/timelines/olympic-diplomacy", json={"title": "Again"}), 404)
    problem(client.delete("/v1/timelines/olympic-diplomacy"), 404)

    assert timeline_revisions(db_url, body["id"]) == [("create", 1), ("update", 2), ("delete", 3)]
    [first] = fetch(
        db_url,
        "SELECT state, key_id, change_note, correction FROM revisions "
        "WHERE object_id = $1 AND action = 'create'",
        uuid.UUID(body["id"]),
    )
    state = first["state"] if isinstance(first["state"], dict) else json.loads(first["state"])
    assert {k: state[k] for k in body if k not in ("created_at", "updated_at")} == {
        k: body[k] for k in body if k not in ("created_at", "updated_at")
    }
    assert first["key_id"] is not None
    assert (first["change_note"], first["correction"]) == ("First cut.", False)


def test_defaults_of_a_minimal_timeline(client):
    body = create(client, slug="minimal")
    defaults = ("description", "filter", "include", "exclude", "theme", "start_at", "language")
    assert {k: body[k] for k in defaults} == {
        "description": None,
        "filter": {},
        "include": [],
        "exclude": [],
        "theme": "auto",
        "start_at": "oldest",
        "language": "en",
    }
    response = client.post("/v1/timelines", json={"slug": "draft-by-default", "title": "Draft"})
    assert response.json()["status"] == "draft"


def test_a_correction_is_kept_with_its_note(client, db_url):
    body = create(client, slug="corrected")
    problem(
        client.patch("/v1/timelines/corrected", json={"title": "Fixed", "correction": True}),
        422,
        "change_note",
    )
    response = client.patch(
        "/v1/timelines/corrected",
        json={"title": "Fixed", "correction": True, "change_note": "Typo in title."},
    )
    assert response.status_code == 200, response.text
    rows = fetch(
        db_url,
        "SELECT action, correction, change_note FROM revisions WHERE object_id = $1 ORDER BY id",
        uuid.UUID(body["id"]),
    )
    assert [tuple(r) for r in rows] == [("create", False, None), ("update", True, "Typo in title.")]


def test_slug_can_change_and_moves_the_timeline(client):
    create(client, slug="old-name")
    response = client.patch("/v1/timelines/old-name", json={"slug": "new-name"})
    assert response.status_code == 200, response.text
    assert response.json()["slug"] == "new-name"
    problem(client.get("/v1/timelines/old-name"), 404)
    assert client.get("/v1/timelines/new-name").status_code == 200


def test_a_deleted_timeline_keeps_its_slug_and_comes_back_with_restore(client, db_url):
    first = create(client, slug="reused")
    assert client.delete("/v1/timelines/reused").status_code == 204
    body = problem(client.post("/v1/timelines", json={"slug": "reused", "title": "Again"}), 409)
    assert body["existing_id"] == first["id"]
    assert body["type"] == problem_types.DELETED_TIMELINE
    assert "/v1/timelines/reused/restore" in body["detail"]
    restored = client.post("/v1/timelines/reused/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["id"] == first["id"] and restored.json()["version"] == first["version"] + 2
    assert [a for a, _ in timeline_revisions(db_url, first["id"])] == ["create", "delete", "restore"]


def test_idempotent_create_replays_the_first_response(client, db_url):
    headers = {"Idempotency-Key": "timeline-1"}
    body = {"slug": "idempotent", "title": "Once"}
    first = client.post("/v1/timelines", json=body, headers=headers)
    again = client.post("/v1/timelines", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert fetch(db_url, "SELECT count(*) FROM timelines WHERE slug = 'idempotent'")[0][0] == 1
    problem(client.post("/v1/timelines", json={**body, "title": "Twice"}, headers=headers), 422)


# --- conflicts and rejected writes ----------------------------------------------------------------


def test_duplicate_slug_is_a_409_naming_the_existing_timeline(client, db_url):
    before = snapshot(db_url)
    body = problem(client.post("/v1/timelines", json={"slug": "russia-doping", "title": "Again"}), 409)
    assert body["existing_id"] == str(demo_id("timeline", "russia-doping"))
    assert snapshot(db_url) == before

    create(client, slug="mine")
    before = snapshot(db_url)
    body = problem(client.patch("/v1/timelines/mine", json={"slug": "xi-putin-summit"}), 409)
    assert body["existing_id"] == str(demo_id("timeline", "xi-putin-summit"))
    assert snapshot(db_url) == before


def test_a_slug_taken_by_another_newsrooms_draft_is_a_409_that_does_not_name_it(client, db_url):
    """Slugs are shared by every newsroom, so the 409 cannot hide that the slug is taken; it names the
    timeline only to a key that may see it (QUALITY: another newsroom's object is not revealed)."""
    draft = create(client, slug="secret-plan", status="draft")
    published = create(client, slug="open-plan")
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as other:
        other.headers.update(bearer(create_key(db_url, "other", "editor")))
        assert other.get("/v1/timelines/secret-plan").status_code == 404
        create(other, slug="other-plan")
        before = snapshot(db_url)
        for refused in (
            other.post("/v1/timelines", json={"slug": "secret-plan", "title": "Mine"}),
            other.patch("/v1/timelines/other-plan", json={"slug": "secret-plan"}),
        ):
            body = problem(refused, 409)
            assert "existing_id" not in body
            assert draft["id"] not in json.dumps(body)
        shown = problem(other.post("/v1/timelines", json={"slug": "open-plan", "title": "Mine"}), 409)
        assert shown["existing_id"] == published["id"]
        assert snapshot(db_url) == before
    # The draft's own newsroom is told which timeline has the slug.
    mine = problem(client.post("/v1/timelines", json={"slug": "secret-plan", "title": "Again"}), 409)
    assert mine["existing_id"] == draft["id"]


@pytest.mark.parametrize("key", ["cursor", "limit", "order", "around", "updated_since", "status", "colour"])
def test_request_only_and_unknown_keys_in_a_saved_filter_are_a_422(client, db_url, key):
    before = snapshot(db_url)
    value = {"limit": 10}.get(key, "x")
    problem(
        client.post("/v1/timelines", json={"slug": "bad", "title": "Bad", "filter": {key: value}}),
        422,
        f"filter.{key}",
    )
    problem(client.patch("/v1/timelines/russia-doping", json={"filter": {key: value}}), 422, f"filter.{key}")
    assert snapshot(db_url) == before


# Each value the event search refuses as a query parameter is refused in a saved filter too.
BAD_VALUES = [
    ("from", "2021-13", [("from", "2021-13")]),
    ("from", "2021-02-30", [("from", "2021-02-30")]),
    ("to", "yesterday", [("to", "yesterday")]),
    ("to", "2021-12-150", [("to", "2021-12-150")]),
    ("tag", ["Not A Slug"], [("tag", "Not A Slug")]),
    ("tag", [f"t{i}" for i in range(21)], [("tag", f"t{i}") for i in range(21)]),
    ("any_tag", ["ok", "UPPER"], [("any_tag", "ok"), ("any_tag", "UPPER")]),
    ("entity", ["not-a-uuid"], [("entity", "not-a-uuid")]),
    (
        "entity",
        [str(uuid.UUID(int=i)) for i in range(21)],
        [("entity", str(uuid.UUID(int=i))) for i in range(21)],
    ),
    ("country", "cn", [("country", "cn")]),
    ("country", "CHN", [("country", "CHN")]),
    ("source", "nope", [("source", "nope")]),
    ("publisher", "p" * 501, [("publisher", "p" * 501)]),
    ("stance", "maybe", [("stance", "maybe")]),
    ("q", "q" * 201, [("q", "q" * 201)]),
    ("min_importance", 9, [("min_importance", "9")]),
    ("min_importance", 0, [("min_importance", "0")]),
    ("newsroom", "n" * 65, [("newsroom", "n" * 65)]),
]


@pytest.mark.parametrize(
    ("key", "value", "query"), BAD_VALUES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(BAD_VALUES)]
)
def test_invalid_filter_values_are_a_422_like_the_query_parameters_400(client, db_url, key, value, query):
    problem(client.get("/v1/events", params=query), 400, key)
    before = snapshot(db_url)
    for response in (
        client.post("/v1/timelines", json={"slug": "bad", "title": "Bad", "filter": {key: value}}),
        client.patch("/v1/timelines/russia-doping", json={"filter": {key: value}}),
    ):
        fields = [e["field"] for e in problem(response, 422)["errors"]]
        # the key itself, or one of its values (`filter.entity[0]`)
        assert any(f == f"filter.{key}" or f.startswith(f"filter.{key}[") for f in fields), fields
    assert snapshot(db_url) == before


def test_the_saved_filter_declares_the_limits_of_the_query_parameters():
    """The saved filter's schema and the event search's parameters agree, key by key."""
    document = json.loads(openapi_json(create_app(app_settings("postgresql:///unused"))))
    params = {
        p["name"]: p["schema"]
        for p in document["paths"]["/v1/events"]["get"]["parameters"]
        if p["in"] == "query"
    }
    saved = document["components"]["schemas"]["TimelineFilter"]["properties"]

    def constraints(schema: dict) -> dict:
        """The schema less its description and the null it may also be (a saved list is empty instead)."""
        schema = {k: v for k, v in schema.items() if k != "description"}
        branches = [b for b in schema.pop("oneOf", []) if b != {"type": "null"}]
        if len(branches) == 1:
            schema.update(branches[0])
        if isinstance(schema.get("type"), list):
            [schema["type"]] = [t for t in schema["type"] if t != "null"]
        if "enum" in schema:
            schema["enum"] = [v for v in schema["enum"] if v is not None]
        return schema

    assert set(saved) == set(params) - {"status", "updated_since", "order", "limit", "cursor", "around"}
    for name, schema in saved.items():
        assert constraints(schema) == constraints(params[name]), name
    assert document["components"]["schemas"]["TimelineFilter"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"include": [str(uuid.uuid4())]}, "include[0]"),
        ({"include": ["{summit}", str(uuid.uuid4())]}, "include[1]"),
        ({"exclude": [str(uuid.uuid4())]}, "exclude[0]"),
        ({"include": ["{summit}"] * 1001}, "include"),
        ({"exclude": ["{summit}"] * 1001}, "exclude"),
        ({"include": ["nope"]}, "include[0]"),
        ({"start_at": "2021-13"}, "start_at"),
        ({"start_at": "2021-02-30"}, "start_at"),
        ({"start_at": "latest"}, "start_at"),
        ({"theme": "sepia"}, "theme"),
        ({"status": "retracted"}, "status"),
        ({"language": "english please"}, "language"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"title": ""}, "title"),
        ({"filter": []}, "filter"),
        ({"filter": {"tag": "doping"}}, "filter.tag"),
    ],
)
def test_invalid_bodies_are_a_422_naming_the_field_and_write_nothing(client, db_url, body, field):
    body = json.loads(json.dumps(body).replace("{summit}", event("summit")))
    before = snapshot(db_url)
    problem(client.post("/v1/timelines", json={"slug": "bad", "title": "Bad", **body}), 422, field)
    problem(client.patch("/v1/timelines/russia-doping", json=body), 422, field)
    assert snapshot(db_url) == before


def test_another_newsrooms_draft_cannot_be_included(client, anon, db_url):
    other = create_key(db_url, "other", "editor")
    response = anon.post(
        "/v1/events", json={"title": "Their draft", "date": "2021-12-14"}, headers=bearer(other)
    )
    assert response.status_code == 201, response.text
    theirs = response.json()["id"]
    problem(
        client.post("/v1/timelines", json={"slug": "nosy", "title": "Nosy", "include": [theirs]}),
        422,
        "include[0]",
    )
    # once published, it is anyone's to include (it cites a source of its own newsroom)
    cite = {
        "source": {"url": "https://other.example/dispatch", "title": "Their dispatch"},
        "quote": "So it was.",
    }
    assert anon.post(f"/v1/events/{theirs}/citations", json=cite, headers=bearer(other)).status_code == 201
    assert (
        anon.patch(f"/v1/events/{theirs}", json={"status": "published"}, headers=bearer(other)).status_code
        == 200
    )
    create(client, slug="nosy", include=[theirs])
    assert members(anon, "nosy") == [theirs]


def test_a_write_over_the_size_limit_is_a_422_and_writes_nothing(client, db_url, monkeypatch):
    monkeypatch.setattr(timelines_service, "MAX_EVENTS", 4)
    before = snapshot(db_url)
    big = {"slug": "big", "title": "Big", "filter": {"tag": ["doping"]}}
    body = problem(client.post("/v1/timelines", json=big), 422, "filter")
    assert "4" in body["detail"]
    bigger = {"filter": {"any_tag": ["doping", "summit"]}}
    problem(client.patch("/v1/timelines/russia-doping", json=bigger), 422, "filter")
    assert snapshot(db_url) == before
    # at the limit is fine, and excluding brings a timeline back under it
    create(client, slug="four", filter={"tag": ["olympics"], "from": "2021"}, include=[event("summit")])
    response = client.patch(
        "/v1/timelines/russia-doping", json={"filter": {"tag": ["doping"]}, "exclude": [event("icarus")]}
    )
    assert response.status_code == 200, response.text


def test_a_stale_if_match_is_a_412_and_writes_nothing(client, db_url):
    current = client.get("/v1/timelines/russia-doping")
    assert client.patch("/v1/timelines/russia-doping", json={"title": "Newer"}).status_code == 200
    before = snapshot(db_url)
    problem(
        client.patch(
            "/v1/timelines/russia-doping",
            json={"title": "Stale"},
            headers={"If-Match": current.headers["etag"]},
        ),
        412,
    )
    problem(client.delete("/v1/timelines/russia-doping", headers={"If-Match": current.headers["etag"]}), 412)
    assert snapshot(db_url) == before
    assert client.get("/v1/timelines/russia-doping").json()["title"] == "Newer"


def test_another_newsrooms_editor_gets_a_404_and_writes_nothing(anon, db_url):
    other = bearer(create_key(db_url, "other", "editor"))
    before = snapshot(db_url)
    problem(anon.patch("/v1/timelines/xi-putin-summit", json={"title": "Mine now"}, headers=other), 404)
    problem(anon.delete("/v1/timelines/xi-putin-summit", headers=other), 404)
    assert snapshot(db_url) == before
    # it may read the published timeline, and make its own
    assert anon.get("/v1/timelines/xi-putin-summit", headers=other).status_code == 200
    response = anon.post("/v1/timelines", json={"slug": "theirs", "title": "Theirs"}, headers=other)
    assert response.status_code == 201
    assert response.json()["newsroom"] == "other"


def test_anonymous_and_viewer_writes_are_refused(anon, db_url):
    before = snapshot(db_url)
    problem(anon.post("/v1/timelines", json={"slug": "anon", "title": "Anon"}), 401)
    problem(anon.patch("/v1/timelines/russia-doping", json={"title": "Anon"}), 401)
    problem(anon.delete("/v1/timelines/russia-doping"), 401)
    viewer = bearer(create_key(db_url, "demo", "viewer"))
    problem(anon.post("/v1/timelines", json={"slug": "viewer", "title": "Viewer"}, headers=viewer), 403)
    problem(anon.patch("/v1/timelines/russia-doping", json={"title": "Viewer"}, headers=viewer), 403)
    assert snapshot(db_url) == before


# --- membership --------------------------------------------------------------------------------------


def test_the_demo_timelines_hold_the_expected_events(reader):
    assert members(reader, "xi-putin-summit") == in_order(XI_PUTIN)
    assert members(reader, "russia-doping") == in_order(DOPING)
    listed = reader.get("/v1/timelines")
    assert listed.status_code == 200
    by_slug = {t["slug"]: t for t in listed.json()["items"]}
    assert set(by_slug) == {"xi-putin-summit", "russia-doping"}
    assert by_slug["xi-putin-summit"]["id"] == str(demo_id("timeline", "xi-putin-summit"))
    assert by_slug["xi-putin-summit"]["filter"] == {
        "any_tag": ["china-russia", "summit", "boycott"],
        "from": "2021-06",
        "to": "2022-02",
    }
    assert by_slug["russia-doping"]["filter"] == {"tag": ["doping"], "from": "2016", "to": "2017"}
    assert all(t["status"] == "published" and t["newsroom"] == "demo" for t in by_slug.values())


def test_seeding_again_adds_nothing(db_url):
    assert asyncio.run(seed_demo(db_url, app_settings(db_url))) == 0
    assert fetch(db_url, "SELECT count(*) FROM timelines")[0][0] == 2


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # filter ∪ include − exclude: summit-tagged events, plus McLaren, less the Summit for Democracy
        (
            {"filter": {"any_tag": ["summit"]}, "include": ["mclaren"], "exclude": ["democracy-summit"]},
            {"invitations", "summit-announced", "summit", "mclaren"},
        ),
        # exclude wins over include and the filter alike
        (
            {"filter": {"tag": ["doping"]}, "include": ["summit"], "exclude": ["summit", "icarus"]},
            DOPING - {"icarus"},
        ),
        # an empty filter selects nothing by itself: only what is included
        ({"filter": {}, "include": ["boycott", "icarus"]}, {"boycott", "icarus"}),
        ({"filter": {}}, set()),
        # every filter the event search has
        ({"filter": {"country": "BR"}}, {"rio-exclusion", "ipc-ban"}),
        ({"filter": {"min_importance": 5}}, {"rio-exclusion", "boycott", "summit", "beijing-opening"}),
        (
            {"filter": {"from": "2021-12-15", "to": "2021-12-15"}},
            {"summit", "taiwan-support", "putin-to-attend"},
        ),
        ({"filter": {"tag": ["olympics", "diplomacy"]}}, {"beijing-opening"}),
        ({"filter": {"any_tag": ["film", "taiwan"]}}, {"icarus", "taiwan-support"}),
        ({"filter": {"newsroom": "demo", "to": "2016-07"}}, {"mclaren", "ioc-no-ban"}),
        ({"filter": {"newsroom": "nobody"}, "include": ["summit"]}, {"summit"}),
    ],
)
def test_membership_is_filter_or_include_less_exclude(client, anon, fields, expected):
    body = {**fields}
    for name in ("include", "exclude"):
        if name in body:
            body[name] = [event(key) for key in body[name]]
    create(client, slug="members", **body)
    assert members(anon, "members") == in_order(expected)
    assert members(client, "members") == in_order(expected)


def test_entity_source_stance_and_text_filters(client, reader):
    """Saved filters on citations, entities and text match what the same query on /v1/events gives."""
    queries = [
        {"entity": [str(demo_id("entity", "xi")), str(demo_id("entity", "putin"))]},
        {"source": str(demo_id("source", "abc-ioc"))},
        {"stance": "disputes"},
        {"publisher": "ABC NEWS"},
        {"q": "Olympics -Paralympics"},
    ]
    for i, saved in enumerate(queries):
        params = [(k, x) for k, v in saved.items() for x in (v if isinstance(v, list) else [v])]
        search = reader.get("/v1/events", params=[*params, ("limit", "200")]).json()
        create(client, slug=f"saved-{i}", filter=saved)
        assert members(client, f"saved-{i}") == keys_of(search), saved
        assert keys_of(search), f"{saved} matches no demo event: a weak test"


def test_membership_follows_the_events_as_they_change(client, anon):
    create(client, slug="live", filter={"tag": ["doping"]}, include=[event("summit")])
    client.delete(f"/v1/events/{event('icarus')}")
    client.delete(f"/v1/events/{event('summit')}")
    assert members(anon, "live") == in_order(DOPING - {"icarus"})
    new = client.post(
        "/v1/events",
        json={
            "title": "WADA report",
            "date": "2016-11",
            "tags": ["doping"],
            "status": "published",
            "citations": [{"source_id": str(demo_id("source", "dispatch")), "quote": "So it was."}],
        },
    ).json()
    assert new["id"] in members(anon, "live")
    # an edit that keeps a deleted event among the included ids is no error
    response = client.patch("/v1/timelines/live", json={"title": "Live"})
    assert response.status_code == 200, response.text
    assert response.json()["include"] == [event("summit")]


# --- drafts ------------------------------------------------------------------------------------------


def test_an_included_draft_is_seen_by_its_newsroom_only(client, anon, db_url):
    draft = draft_event(client)
    matching = draft_event(client, "A draft summit", tags=["summit"])
    create(client, slug="with-draft", filter={"any_tag": ["summit"]}, include=[draft])
    everyone = in_order({"invitations", "democracy-summit", "summit-announced", "summit"})

    assert members(anon, "with-draft") == everyone
    other = bearer(create_key(db_url, "other", "editor"))
    assert members(anon, "with-draft", headers=other) == everyone
    own = members(client, "with-draft")
    assert set(own) == {*everyone, draft, matching}
    # the owner's drafts are members whether the request asks for a status or not
    assert set(members(client, "with-draft", [("status", "draft")])) == {draft, matching}
    assert members(anon, "with-draft", [("status", "draft")]) == []
    assert members(anon, "with-draft", [("status", "draft")], headers=other) == []
    # nor does the public learn the draft's id from the timeline itself
    assert anon.get("/v1/timelines/with-draft").json()["include"] == []
    assert client.get("/v1/timelines/with-draft").json()["include"] == [draft]


def test_another_newsrooms_drafts_never_join_a_timeline(client, anon, db_url):
    other = bearer(create_key(db_url, "other", "editor"))
    body = {"title": "Their summit", "date": "2021-12-14", "tags": ["summit"]}
    response = anon.post("/v1/events", json=body, headers=other)
    theirs = response.json()["id"]
    create(client, slug="no-leaks", filter={"any_tag": ["summit"]})
    assert theirs not in members(anon, "no-leaks", headers=other)
    assert theirs not in members(anon, "no-leaks", [("status", "draft")], headers=other)
    assert theirs not in members(client, "no-leaks")


def test_a_draft_timeline_is_a_404_outside_its_newsroom(client, anon, db_url):
    create(client, slug="secret", status="draft", filter={"tag": ["doping"]})
    other = bearer(create_key(db_url, "other", "editor"))
    for headers in ({}, other):
        problem(anon.get("/v1/timelines/secret", headers=headers), 404)
        problem(anon.get("/v1/timelines/secret/events", headers=headers), 404)
        assert "secret" not in [t["slug"] for t in anon.get("/v1/timelines", headers=headers).json()["items"]]
    viewer = bearer(create_key(db_url, "demo", "viewer"))
    for c, headers in ((client, {}), (anon, viewer)):
        response = c.get("/v1/timelines/secret", headers=headers)
        assert response.status_code == 200
        assert response.headers["cache-control"].startswith("private")
        assert members(c, "secret", headers=headers) == in_order(DOPING)
        assert "secret" in [t["slug"] for t in c.get("/v1/timelines", headers=headers).json()["items"]]
    # publishing it opens it to everyone
    assert client.patch("/v1/timelines/secret", json={"status": "published"}).status_code == 200
    assert anon.get("/v1/timelines/secret").status_code == 200


# --- the request's own filters, pages and cursors ----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([("tag", "olympics")], ["boycott", "putin-to-attend", "beijing-opening"]),
        (
            [("any_tag", "summit"), ("any_tag", "boycott")],
            ["invitations", "boycott", "democracy-summit", "summit-announced", "summit"],
        ),
        ([("from", "2021-12-15"), ("to", "2021-12-15")], ["taiwan-support", "putin-to-attend", "summit"]),
        ([("min_importance", "5")], ["boycott", "summit", "beijing-opening"]),
        ([("country", "US")], ["boycott"]),
        ([("q", "Taiwan")], ["invitations", "taiwan-support"]),
        ([("tag", "doping")], []),
    ],
)
def test_the_requests_filters_narrow_the_timeline(reader, params, expected):
    got = members(reader, "xi-putin-summit", params)
    assert set(got) == set(expected)
    assert got == in_order(expected)
    desc = members(reader, "xi-putin-summit", [*params, ("order", "desc")])
    assert desc == got[::-1]


def get_page(client: TestClient, path: str, params: list[tuple[str, str]]) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("slug", ["xi-putin-summit", "russia-doping"])
def test_pages_walked_forward_and_back_give_every_member_once(reader, slug, order):
    path = f"/v1/timelines/{slug}/events"
    params = [("limit", "2"), ("order", order)]
    pages = [get_page(reader, path, params)]
    assert pages[0]["prev_cursor"] is None
    while pages[-1]["next_cursor"]:
        assert len(pages) < 20
        pages.append(get_page(reader, path, [*params, ("cursor", pages[-1]["next_cursor"])]))
    forward = [keys_of(page) for page in pages]
    expected = in_order(XI_PUTIN if slug == "xi-putin-summit" else DOPING)
    expected = expected if order == "asc" else expected[::-1]
    assert [key for page in forward for key in page] == expected
    assert all(len(page) == 2 for page in forward[:-1])

    back = [pages[-1]]
    while back[-1]["prev_cursor"]:
        assert len(back) < 20
        back.append(get_page(reader, path, [*params, ("cursor", back[-1]["prev_cursor"])]))
    assert [keys_of(page) for page in back[::-1]] == forward


def test_pages_carry_link_headers_within_the_timeline(reader):
    response = reader.get("/v1/timelines/xi-putin-summit/events", params={"limit": 3, "tag": "china-russia"})
    link = response.headers["link"]
    assert link.startswith("<http://testserver.local/v1/timelines/xi-putin-summit/events?")
    assert 'rel="next"' in link and "tag=china-russia" in link
    assert response.headers["cache-control"].startswith("public")
    again = reader.get(
        "/v1/timelines/xi-putin-summit/events",
        params={"limit": 3, "tag": "china-russia"},
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304


def test_around_opens_on_the_page_that_holds_the_date(reader):
    page = get_page(
        reader, "/v1/timelines/xi-putin-summit/events", [("around", "2021-12-13"), ("limit", "2")]
    )
    assert keys_of(page) == in_order(XI_PUTIN)[5:7]
    assert page["prev_cursor"] is not None
    before = get_page(
        reader, "/v1/timelines/xi-putin-summit/events", [("limit", "2"), ("cursor", page["prev_cursor"])]
    )
    assert keys_of(before) == in_order(XI_PUTIN)[3:5]
    problem(reader.get("/v1/timelines/xi-putin-summit/events", params={"around": "2021-13"}), 400, "around")


def test_a_cursor_from_elsewhere_is_a_400(reader):
    events_cursor = get_page(reader, "/v1/events", [("limit", "2")])["next_cursor"]
    doping_cursor = get_page(reader, "/v1/timelines/russia-doping/events", [("limit", "2")])["next_cursor"]
    summit_cursor = get_page(reader, "/v1/timelines/xi-putin-summit/events", [("limit", "2")])["next_cursor"]
    path = "/v1/timelines/xi-putin-summit/events"
    problem(reader.get(path, params={"limit": 2, "cursor": events_cursor}), 400)
    problem(reader.get(path, params={"limit": 2, "cursor": doping_cursor}), 400)
    problem(reader.get(path, params={"limit": 2, "cursor": summit_cursor, "tag": "summit"}), 400)
    problem(reader.get(path, params={"limit": 2, "cursor": summit_cursor, "order": "desc"}), 400)
    problem(reader.get("/v1/events", params={"limit": 2, "cursor": summit_cursor}), 400)
    assert reader.get(path, params={"limit": 2, "cursor": summit_cursor}).status_code == 200


def test_bad_query_filters_are_a_400_as_on_the_event_search(reader):
    path = "/v1/timelines/xi-putin-summit/events"
    problem(reader.get(path, params={"from": "2021-13"}), 400, "from")
    problem(reader.get(path, params={"limit": 0}), 400, "limit")
    problem(reader.get(path, params={"limit": 201}), 400, "limit")
    problem(reader.get(path, params={"country": "us"}), 400, "country")
    problem(reader.get("/v1/timelines/Not_A_Slug/events"), 400)
    problem(reader.get("/v1/timelines/no-such-timeline/events"), 404)
    problem(reader.get("/v1/timelines/no-such-timeline"), 404)


def test_sync_feed_of_a_timeline_shows_its_deleted_members_as_tombstones(client, anon):
    since = anon.get("/v1/timelines/russia-doping").json()["updated_at"]
    client.delete(f"/v1/events/{event('icarus')}")
    client.delete(f"/v1/events/{event('summit')}")  # not a member: no tombstone here
    page = get_page(anon, "/v1/timelines/russia-doping/events", [("updated_since", since)])
    assert page["items"] == [
        {
            "object": "tombstone",
            "id": event("icarus"),
            "deleted": True,
            "updated_at": page["items"][0]["updated_at"],
        }
    ]


def test_list_timelines_pages_newest_first(client, anon):
    for i in range(3):
        create(client, slug=f"page-{i}")
    first = get_page(anon, "/v1/timelines", [("limit", "2")])
    assert [t["slug"] for t in first["items"]] == ["page-2", "page-1"]
    second = get_page(anon, "/v1/timelines", [("limit", "2"), ("cursor", first["next_cursor"])])
    third = get_page(anon, "/v1/timelines", [("limit", "2"), ("cursor", second["next_cursor"])])
    slugs = [t["slug"] for page in (first, second, third) for t in page["items"]]
    assert slugs[:3] == ["page-2", "page-1", "page-0"]
    assert set(slugs[3:]) == {"xi-putin-summit", "russia-doping"} and third["next_cursor"] is None
    back = get_page(anon, "/v1/timelines", [("limit", "2"), ("cursor", second["prev_cursor"])])
    assert back["items"] == first["items"]
    assert [t["slug"] for t in get_page(anon, "/v1/timelines", [("newsroom", "nobody")])["items"]] == []
    problem(anon.get("/v1/timelines", params={"cursor": first["next_cursor"], "newsroom": "demo"}), 400)


def test_timeline_revisions(client, anon):
    r = client.patch(
        "/v1/timelines/xi-putin-summit",
        json={"title": "Xi and Putin, December 2021", "change_note": "shorter"},
    )
    assert r.status_code == 200, r.text
    items = client.get("/v1/timelines/xi-putin-summit/revisions").json()["items"]
    assert [(i["action"], i["change_note"]) for i in items] == [("update", "shorter"), ("create", None)]
    assert items[0]["state"]["title"] == "Xi and Putin, December 2021"
    assert anon.get("/v1/timelines/xi-putin-summit/revisions").status_code == 401
    assert client.get("/v1/timelines/no-such-timeline/revisions").status_code == 404


# --- as_of: the timeline as it stood ------------------------------------------------------------------


def now_in_db(db_url: str) -> str:
    return fetch(db_url, "SELECT clock_timestamp() AS t")[0]["t"].isoformat()


@pytest.mark.parametrize(
    "params",
    [
        [],
        [("tag", "china-russia")],
        [("any_tag", "summit"), ("any_tag", "boycott")],
        [("q", "summit")],
        [("stance", "supports")],
        [("publisher", "TASS")],
        [("entity", str(demo_id("entity", "xi")))],
        [("from", "2021-12"), ("to", "2021-12")],
        [("min_importance", "3")],
        [("order", "desc")],
        [("country", "CN")],
        [("newsroom", "demo")],
    ],
)
def test_as_of_now_lists_what_the_live_timeline_lists(reader, db_url, params):
    """The past is rebuilt from the revisions and filtered by the same conditions as the present: read
    just now, both give the same events, each exactly as it reads today."""
    at = [("as_of", now_in_db(db_url))]
    listed = 0
    for slug in ("xi-putin-summit", "russia-doping"):
        path = f"/v1/timelines/{slug}/events"
        live = get_page(reader, path, [*params, ("limit", "200")])
        past = get_page(reader, path, [*params, *at, ("limit", "200")])
        assert past["items"] == live["items"], (slug, params)
        listed += len(live["items"])
    assert listed > 0  # every case selects some of the demo events


def test_as_of_gives_the_timeline_and_its_events_as_they_stood(client, anon, db_url):
    quote = {"source_id": str(demo_id("source", "dispatch")), "quote": "So it was."}

    def new_event(title: str, date: str) -> str:
        body = {"title": title, "date": date, "tags": ["asof"], "status": "published", "citations": [quote]}
        response = client.post("/v1/events", json=body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    first, second = new_event("First, as written", "2021-12-15"), new_event("Second", "2021-12-16")
    before_timeline = now_in_db(db_url)
    create(client, slug="as-of-story", filter={"tag": ["asof"]})
    article_ran = now_in_db(db_url)

    assert (
        client.patch(
            f"/v1/events/{first}",
            json={"title": "First, corrected", "correction": True, "change_note": "Wrong title."},
        ).status_code
        == 200
    )
    third = new_event("Third, added later", "2021-12-17")
    assert client.patch("/v1/timelines/as-of-story", json={"exclude": [second]}).status_code == 200
    assert client.delete(f"/v1/events/{first}").status_code == 204

    path = "/v1/timelines/as-of-story/events"
    now = anon.get(path).json()["items"]
    assert [e["id"] for e in now] == [third]
    then = anon.get(path, params={"as_of": article_ran})
    assert then.status_code == 200, then.text
    items = then.json()["items"]
    assert [(e["id"], e["title"], e["corrections"]) for e in items] == [
        (first, "First, as written", []),
        (second, "Second", []),
    ]
    assert anon.get(path, params={"as_of": article_ran, "q": "written"}).json()["items"][0]["id"] == first
    assert anon.get(path, params={"as_of": article_ran, "q": "corrected"}).json()["items"] == []

    # keyset pages of the past carry as_of in their links, and their cursors only work with it
    page = anon.get(path, params={"as_of": article_ran, "limit": 1})
    assert [e["id"] for e in page.json()["items"]] == [first]
    assert "as_of=" in page.headers["link"]
    cursor = page.json()["next_cursor"]
    following = anon.get(path, params={"as_of": article_ran, "limit": 1, "cursor": cursor}).json()
    assert [e["id"] for e in following["items"]] == [second] and following["next_cursor"] is None
    problem(anon.get(path, params={"limit": 1, "cursor": cursor}), 400)

    problem(anon.get(path, params={"as_of": before_timeline}), 404)  # the timeline did not exist yet
    problem(anon.get(path, params={"as_of": "last week"}), 400, "as_of")
    problem(anon.get(path, params={"as_of": article_ran, "updated_since": article_ran}), 400, "as_of")
    assert client.delete("/v1/timelines/as-of-story").status_code == 204
    problem(anon.get(path, params={"as_of": now_in_db(db_url)}), 404)  # deleted since
    assert len(anon.get(path, params={"as_of": article_ran}).json()["items"]) == 2  # the past stays


def test_as_of_hides_a_draft_timeline_and_drafts_from_other_newsrooms(client, anon, db_url):
    draft = draft_event(client, "A draft in the story", tags=["asofdraft"])
    create(client, slug="draft-story", status="draft", filter={"tag": ["asofdraft"]})
    at = {"as_of": now_in_db(db_url)}
    problem(anon.get("/v1/timelines/draft-story/events", params=at), 404)
    assert [e["id"] for e in client.get("/v1/timelines/draft-story/events", params=at).json()["items"]] == [
        draft
    ]
    assert client.patch("/v1/timelines/draft-story", json={"status": "published"}).status_code == 200
    at = {"as_of": now_in_db(db_url)}
    assert anon.get("/v1/timelines/draft-story/events", params=at).json()["items"] == []


def test_patch_merges_the_saved_filter_parameter_by_parameter(client, anon):
    """RFC 7396: `{"filter": {"to": …}}` changes `to` alone; `null` removes a parameter; a list given
    replaces the saved one; `"filter": null` empties it (the timeline then holds its `include` only)."""
    path = "/v1/timelines/russia-doping"  # saved: tag doping, 2016 to 2017
    response = client.patch(path, json={"filter": {"to": "2016"}})
    assert response.status_code == 200, response.text
    assert response.json()["filter"] == {"tag": ["doping"], "from": "2016", "to": "2016"}
    assert members(anon, "russia-doping") == in_order(DOPING - {"icarus"})
    response = client.patch(path, json={"filter": {"to": None, "tag": ["doping", "film"]}})
    assert response.status_code == 200, response.text
    assert response.json()["filter"] == {"tag": ["doping", "film"], "from": "2016"}
    assert members(anon, "russia-doping") == ["icarus"]
    response = client.patch(path, json={"filter": None, "include": [event("summit")]})
    assert response.status_code == 200, response.text
    assert response.json()["filter"] == {}
    assert members(anon, "russia-doping") == ["summit"]
