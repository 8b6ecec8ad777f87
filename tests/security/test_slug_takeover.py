"""A timeline's slug stays with the newsroom that first used it (issue class: a deleted timeline's slug
taken over, so that iframes already in published articles show another newsroom's content).

Another newsroom gets a 409 for a slug that any timeline has, live or deleted, or that another
newsroom's timeline ever had (renamed away since), on create and on rename, whatever the spelling it
tries; the owner brings its deleted timeline back with `POST /v1/timelines/{slug}/restore` (a 409
points it there when it tries to create the slug again), and nobody else can restore it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest

from service import problem_types
from service.demo.seed import demo_id
from service.migrate import downgrade, upgrade
from tests.conftest import create_key, fetch
from tests.helpers import problem

SLUG = "xi-putin-summit"
DEMO_ID = str(demo_id("timeline", SLUG))
# What a rival may send for the slug: the slug itself, and spellings that would read as it to a person.
VARIANTS = [
    SLUG, SLUG.upper(), "Xi-Putin-Summit", f" {SLUG}", f"{SLUG} ", f"{SLUG}\n", "xi_putin_summit", f"{SLUG}/",
    f"/{SLUG}", "xі-putin-summit", f"{SLUG}\u200b", "xi--putin-summit", "xi-putin-summit-",
    "xi%2Dputin-summit", "ｘi-putin-summit", f"{SLUG}\x00", "xi-putin-summİt",
]  # fmt: skip
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def timelines(db_url: str) -> list[tuple]:
    """Every timeline row as it stands, deleted ones too, with the count of revisions: what must not move."""
    rows = fetch(
        db_url,
        """SELECT t.id, t.newsroom, t.slug, t.version, t.deleted_at IS NOT NULL AS deleted,
                                   (SELECT count(*) FROM revisions r WHERE r.object_id = t.id) AS revisions
                            FROM timelines t ORDER BY t.id""",
    )
    return [tuple(r) for r in rows]


def embed_entries(client: Any, slug: str) -> tuple[int, list[str], str]:
    got = client.get(f"/embed/timelines/{slug}")
    return got.status_code, re.findall(r'<li id="e-([0-9a-f-]{36})"', got.text), got.text


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_another_newsroom_never_takes_a_deleted_slug(client, anon, db_url, role):
    rival = bearer(create_key(db_url, "rival", role))
    assert client.delete(f"/v1/timelines/{SLUG}").status_code == 204
    own = client.post("/v1/timelines", headers=rival, json={"slug": "rival-own", "title": "Rival's"})
    assert own.status_code == 201, own.text
    before = timelines(db_url)
    attempts = 0
    for variant in VARIANTS:
        body = {"slug": variant, "title": "Taken over", "status": "published", "filter": {"tag": ["doping"]}}
        for headers in (rival, {**rival, "Idempotency-Key": f"take-{uuid.uuid4()}"}):
            created = client.post("/v1/timelines", headers=headers, json=body)
            renamed = client.patch("/v1/timelines/rival-own", headers=rival, json={"slug": variant})
            for refused in (created, renamed):
                attempts += 1
                assert refused.status_code in (409, 422), (variant, refused.status_code, refused.text)
                answer = problem(refused, refused.status_code)
                assert DEMO_ID not in json.dumps(answer) and "existing_id" not in answer
                if variant == SLUG:
                    assert refused.status_code == 409
                    assert answer["type"] == problem_types.DUPLICATE_TIMELINE
    assert attempts == 4 * len(VARIANTS)
    assert timelines(db_url) == before
    problem(anon.get(f"/v1/timelines/{SLUG}"), 404)
    assert embed_entries(anon, SLUG)[0] == 404


@pytest.mark.parametrize("takes_back", ["create", "rename"])
def test_a_slug_renamed_away_stays_with_its_newsroom(client, db_url, takes_back):
    rival = bearer(create_key(db_url, "rival", "editor"))
    renamed = client.patch("/v1/timelines/russia-doping", json={"slug": "russia-doping-2016"})
    assert renamed.status_code == 200, renamed.text
    assert (
        client.post("/v1/timelines", headers=rival, json={"slug": "rival-own", "title": "R"}).status_code
        == 201
    )
    before = timelines(db_url)
    problem(
        client.post("/v1/timelines", headers=rival, json={"slug": "russia-doping", "title": "Mine now"}), 409
    )
    problem(client.patch("/v1/timelines/rival-own", headers=rival, json={"slug": "russia-doping"}), 409)
    assert timelines(db_url) == before
    # The newsroom that had it may use it again: for a new timeline, or the old one.
    if takes_back == "create":
        again = client.post("/v1/timelines", json={"slug": "russia-doping", "title": "Doping, again"})
        assert again.status_code == 201, again.text
    else:
        again = client.patch("/v1/timelines/russia-doping-2016", json={"slug": "russia-doping"})
        assert again.status_code == 200, again.text
        assert again.json()["id"] == str(demo_id("timeline", "russia-doping"))


def test_the_owner_restores_its_deleted_timeline_and_the_embed_shows_it_again(client, anon, db_url):
    status, shown, page = embed_entries(anon, SLUG)
    assert status == 200 and shown
    members = client.get(f"/v1/timelines/{SLUG}/events", params={"limit": 200}).json()["items"]
    first = client.get(f"/v1/timelines/{SLUG}").json()
    assert client.delete(f"/v1/timelines/{SLUG}").status_code == 204
    assert embed_entries(anon, SLUG)[0] == 404
    # Creating it again is a 409 that points at the restore, for a new timeline and for a rename alike.
    assert client.post("/v1/timelines", json={"slug": "other", "title": "Other"}).status_code == 201
    before = timelines(db_url)
    for refused in (
        client.post("/v1/timelines", json={"slug": SLUG, "title": "Again"}),
        client.patch("/v1/timelines/other", json={"slug": SLUG}),
    ):
        answer = problem(refused, 409)
        assert answer["type"] == problem_types.DELETED_TIMELINE
        assert answer["existing_id"] == DEMO_ID and f"/v1/timelines/{SLUG}/restore" in answer["detail"]
    assert timelines(db_url) == before

    restored = client.post(f"/v1/timelines/{SLUG}/restore")
    assert restored.status_code == 200, restored.text
    body = restored.json()
    assert {k: v for k, v in body.items() if k not in ("version", "updated_at")} == {
        k: v for k, v in first.items() if k not in ("version", "updated_at")
    }
    assert body["version"] == first["version"] + 2
    assert embed_entries(anon, SLUG)[:2] == (200, shown)
    assert anon.get(f"/v1/timelines/{SLUG}/events", params={"limit": 200}).json()["items"] == members
    actions = [
        r["action"]
        for r in fetch(
            db_url, "SELECT action FROM revisions WHERE object_id = $1 ORDER BY id", uuid.UUID(DEMO_ID)
        )
    ]
    assert actions == ["create", "delete", "restore"]
    restore_revision = fetch(
        db_url,
        "SELECT key_id, state FROM revisions WHERE object_id = $1 AND action = 'restore'",
        uuid.UUID(DEMO_ID),
    )[0]
    assert restore_revision["key_id"] is not None
    assert json.loads(restore_revision["state"])["slug"] == SLUG
    # Live again: a second restore finds no deleted timeline.
    problem(client.post(f"/v1/timelines/{SLUG}/restore"), 404)


@pytest.mark.parametrize(
    "caller, status", [("anonymous", 401), ("rival-editor", 404), ("rival-admin", 404), ("demo-viewer", 403)]
)
def test_nobody_else_restores_a_deleted_timeline(client, anon, db_url, caller, status):
    assert client.delete(f"/v1/timelines/{SLUG}").status_code == 204
    before = timelines(db_url)
    headers = {
        "anonymous": {},
        "rival-editor": bearer(create_key(db_url, "rival", "editor")),
        "rival-admin": bearer(create_key(db_url, "rival", "admin")),
        "demo-viewer": bearer(create_key(db_url, "demo", "viewer")),
    }[caller]
    answer = problem(
        (anon if caller == "anonymous" else client).post(f"/v1/timelines/{SLUG}/restore", headers=headers),
        status,
    )
    assert DEMO_ID not in json.dumps(answer)
    assert timelines(db_url) == before
    assert embed_entries(anon, SLUG)[0] == 404


def test_restore_of_a_live_unknown_or_another_newsroom_s_timeline_is_a_404(client, db_url):
    rival = bearer(create_key(db_url, "rival", "editor"))
    assert (
        client.post("/v1/timelines", headers=rival, json={"slug": "rival-gone", "title": "R"}).status_code
        == 201
    )
    assert client.delete("/v1/timelines/rival-gone", headers=rival).status_code == 204
    before = timelines(db_url)
    for slug, headers in ((SLUG, {}), ("never-was", {}), ("rival-gone", {}), (SLUG, rival)):
        problem(client.post(f"/v1/timelines/{slug}/restore", headers=headers), 404)
    for bad in ("Not-A-Slug", "a" * 65, "bad_slug"):
        got = client.post(f"/v1/timelines/{bad}/restore")
        assert got.status_code in (400, 404, 422), got.text
        problem(got, got.status_code)
    assert timelines(db_url) == before
    # The rival's own restore works, and its slug is still its own.
    assert client.post("/v1/timelines/rival-gone/restore", headers=rival).status_code == 200


def test_the_migration_leaves_one_holder_per_slug_and_gives_the_others_back_on_downgrade(pg_server):
    """Rows sharing a slug before the unique index covered deleted ones: the live one keeps it, else the
    one deleted last; the others get a slug of their own, and get theirs back on downgrade."""
    name = f"dateline_m_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name)
    try:
        upgrade(dsn, "0007")
        fetch(dsn, "INSERT INTO newsrooms (name) VALUES ('demo'), ('rival')")
        long = "a-" * 31 + "zz"  # 64 characters
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        rows = [  # (key, newsroom, slug, deleted_at)
            ("taken-demo", "demo", "taken", now), ("taken-rival", "rival", "taken", None),
            ("twice-old", "demo", "twice", now), ("twice-new", "demo", "twice", now + dt.timedelta(days=1)),
            ("long-old", "demo", long, now), ("long-new", "rival", long, now + dt.timedelta(days=2)),
            ("alone", "demo", "alone", now),
        ]  # fmt: skip
        ids = {key: uuid.uuid5(uuid.NAMESPACE_URL, key) for key, *_ in rows}
        for key, newsroom, slug, deleted_at in rows:
            fetch(
                dsn,
                "INSERT INTO timelines (id, newsroom, slug, title, deleted_at) VALUES ($1, $2, $3, $4, $5)",
                ids[key],
                newsroom,
                slug,
                key,
                deleted_at,
            )
            fetch(
                dsn,
                "INSERT INTO revisions (object_type, object_id, newsroom, version, action, state) "
                "VALUES ('timeline', $1, $2, 1, $3, $4::jsonb)",
                ids[key],
                newsroom,
                "delete" if deleted_at else "create",
                json.dumps({"slug": slug}),
            )
        fetch(
            dsn,
            """INSERT INTO events (newsroom, title, date, start_date, end_date, sort_at, precision, display,
                                          tags, status)
                      VALUES ('rival', 'tagged', '2021', '2021-01-01', '2021-12-31', '2021-01-01', 'year',
                              '2021', ARRAY['a', 'b'], 'published')""",
        )

        def slugs() -> dict[str, str]:
            found = {r["id"]: r["slug"] for r in fetch(dsn, "SELECT id, slug FROM timelines")}
            return {key: found[ids[key]] for key in ids}

        upgrade(dsn)
        after = slugs()
        assert {k: after[k] for k in ("taken-rival", "twice-new", "long-new", "alone")} == {
            "taken-rival": "taken",
            "twice-new": "twice",
            "long-new": long,
            "alone": "alone",
        }
        for key, original in (("taken-demo", "taken"), ("twice-old", "twice"), ("long-old", long)):
            assert after[key] != original and after[key].startswith(original[:50]), after[key]
            assert SLUG_RE.match(after[key]) and len(after[key]) <= 64
        assert len(set(after.values())) == len(after)
        assert [tuple(r) for r in fetch(dsn, "SELECT tag, newsroom FROM event_tags ORDER BY tag")] == [
            ("a", "rival"),
            ("b", "rival"),
        ]

        downgrade(dsn, "0007")
        assert slugs() == {key: slug for key, _, slug, _ in rows}
        upgrade(dsn)
        assert slugs() == after
    finally:
        pg_server.drop(name)
