"""/v1/entities: people, organisations, countries and places; a Wikidata id names one per newsroom."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.config import load_settings
from service.demo.seed import demo_id
from tests.conftest import create_key, fetch
from tests.helpers import problem

ETAG = re.compile(r'^"(\d+)-[0-9a-f]{16}"$')
XI = str(demo_id("entity", "xi"))
PUTIN = str(demo_id("entity", "putin"))
PSAKI = str(demo_id("entity", "psaki"))


def counts(db_url: str) -> dict:
    return dict(
        fetch(
            db_url,
            """SELECT (SELECT count(*) FROM entities) AS entities,
                      (SELECT coalesce(sum(version), 0) FROM entities) AS versions,
                      (SELECT count(*) FROM revisions WHERE object_type = 'entity') AS revisions""",
        )[0]
    )


def names(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def other_newsroom(db_url: str) -> Iterator[TestClient]:
    """The same database, with an editor key of newsroom `other`."""
    key = create_key(db_url, "other", "editor")
    settings = load_settings({}, database_url=db_url, pool_min_size=1, pool_max_size=2)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {key}"
        yield client


def test_create_answers_201_with_location_and_the_entity(client, db_url):
    before = counts(db_url)
    response = client.post(
        "/v1/entities",
        json={"name": "Sergey Lavrov", "kind": "person", "wikidata": "Q178056", "aliases": ["Sergei Lavrov"]},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/entities/{body['id']}"
    assert ETAG.match(response.headers["etag"]).group(1) == "1"
    uuid.UUID(body["id"])
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")} == {
        "newsroom": "demo",
        "name": "Sergey Lavrov",
        "kind": "person",
        "wikidata": "Q178056",
        "aliases": ["Sergei Lavrov"],
        "version": 1,
    }
    read = client.get(response.headers["location"])
    assert read.status_code == 200
    assert read.json() == body
    assert read.headers["etag"] == response.headers["etag"]
    assert counts(db_url) == {
        "entities": before["entities"] + 1,
        "versions": before["versions"] + 1,
        "revisions": before["revisions"] + 1,
    }


def test_a_minimal_entity(client):
    response = client.post("/v1/entities", json={"name": "Beijing", "kind": "place"})
    assert response.status_code == 201, response.text
    assert (response.json()["wikidata"], response.json()["aliases"]) == (None, [])


def test_get_a_demo_entity(reader):
    response = reader.get(f"/v1/entities/{XI}")
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["kind"], body["wikidata"], body["aliases"], body["newsroom"]) == (
        "Xi Jinping",
        "person",
        "Q15031",
        [],
        "demo",
    )
    cached = reader.get(f"/v1/entities/{XI}", headers={"If-None-Match": response.headers["etag"]})
    assert cached.status_code == 304


def test_get_unknown_entity_is_404(reader):
    problem(reader.get(f"/v1/entities/{uuid.uuid4()}"), 404)


def test_patch_merges_and_bumps_the_version(client, db_url):
    path = f"/v1/entities/{PSAKI}"
    before = client.get(path)
    response = client.patch(path, json={"aliases": ["Jennifer Psaki"], "wikidata": "Q16730094"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["name"], body["kind"], body["aliases"], body["wikidata"], body["version"]) == (
        "Jen Psaki",
        "person",
        ["Jennifer Psaki"],
        "Q16730094",
        2,
    )
    assert response.headers["etag"] != before.headers["etag"]
    assert client.get(path).json() == body
    assert names(client.get("/v1/entities", params={"q": "jennifer"})) == ["Jen Psaki"]

    cleared = client.patch(path, json={"wikidata": None}, headers={"If-Match": response.headers["etag"]})
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["wikidata"], cleared.json()["aliases"], cleared.json()["version"]) == (
        None,
        ["Jennifer Psaki"],
        3,
    )
    revisions = fetch(
        db_url, "SELECT action, version FROM revisions WHERE object_id = $1 ORDER BY id", uuid.UUID(PSAKI)
    )
    assert [(r["action"], r["version"]) for r in revisions] == [("create", 1), ("update", 2), ("update", 3)]


def test_patch_with_a_stale_if_match_is_412(client, db_url):
    path = f"/v1/entities/{PSAKI}"
    stale = client.get(path).headers["etag"]
    assert client.patch(path, json={"name": "Jen Psaki (press secretary)"}).status_code == 200
    before = counts(db_url)
    problem(client.patch(path, json={"name": "Lost"}, headers={"If-Match": stale}), 412)
    assert client.get(path).json()["name"] == "Jen Psaki (press secretary)"
    assert counts(db_url) == before


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("PRC", ["China"]),
        ("prc", ["China"]),
        ("ushakov", ["Yuri Ushakov"]),  # by name
        ("yury", ["Yuri Ushakov"]),  # by alias only
        ("Russian Federation", ["Russia"]),
        ("xi jin", ["Xi Jinping"]),
        ("International", ["International Olympic Committee", "International Paralympic Committee"]),
        ("%", []),
        ("_", []),
        ("nobody-by-this-name", []),
    ],
)
def test_q_matches_names_and_aliases(reader, q, expected):
    assert names(reader.get("/v1/entities", params={"q": q})) == expected


def test_wikidata_finds_one_entity(reader):
    response = reader.get("/v1/entities", params={"wikidata": "Q15031"})
    assert [item["id"] for item in response.json()["items"]] == [XI]
    assert names(reader.get("/v1/entities", params={"wikidata": "Q999999999"})) == []


def test_a_wikidata_filter_that_is_not_an_id_is_400(reader):
    problem(reader.get("/v1/entities", params={"wikidata": "X1"}), 400, "wikidata")


def test_a_duplicate_wikidata_in_the_same_newsroom_is_409_naming_the_existing_one(shared):
    client, db_url = shared
    before = counts(db_url)
    body = problem(
        client.post("/v1/entities", json={"name": "Xi", "kind": "person", "wikidata": "Q15031"}), 409
    )
    assert body["existing_id"] == XI
    assert XI in body["detail"]
    assert counts(db_url) == before


def test_patch_to_another_entitys_wikidata_is_409(shared):
    client, db_url = shared
    before, rows = client.get(f"/v1/entities/{PUTIN}").json(), counts(db_url)
    body = problem(client.patch(f"/v1/entities/{PUTIN}", json={"wikidata": "Q15031"}), 409)
    assert body["existing_id"] == XI
    assert client.get(f"/v1/entities/{PUTIN}").json() == before
    assert counts(db_url) == rows


def test_patch_keeping_its_own_wikidata_is_not_a_conflict(client):
    response = client.patch(f"/v1/entities/{XI}", json={"wikidata": "Q15031", "aliases": ["Xi"]})
    assert response.status_code == 200, response.text
    assert response.json()["aliases"] == ["Xi"]


def test_another_newsroom_may_reuse_a_wikidata_id(other_newsroom, client):
    response = other_newsroom.post(
        "/v1/entities", json={"name": "Xi Jinping", "kind": "person", "wikidata": "Q15031"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["newsroom"] == "other"
    assert response.json()["id"] != XI
    problem(other_newsroom.patch(f"/v1/entities/{XI}", json={"name": "Hijacked"}), 404)
    assert client.get(f"/v1/entities/{XI}").json()["name"] == "Xi Jinping"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "kind": "person", "wikidata": "X1"}, "wikidata"),
        ({"name": "X", "kind": "person", "wikidata": "Q0"}, "wikidata"),
        ({"name": "X", "kind": "person", "wikidata": "q15031"}, "wikidata"),
        ({"name": "X", "kind": "person", "wikidata": 15031}, "wikidata"),
        ({"name": "X", "kind": "robot"}, "kind"),
        ({"name": "", "kind": "person"}, "name"),
        ({"kind": "person"}, "name"),
        ({"name": "X", "kind": "person", "aliases": "Y"}, "aliases"),
        ({"name": "X", "kind": "person", "aliases": ["x" * 301]}, "aliases[0]"),
    ],
)
def test_invalid_entities_are_422(shared, body, field):
    client, db_url = shared
    before = counts(db_url)
    problem(client.post("/v1/entities", json=body), 422, field)
    assert counts(db_url) == before


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"wikidata": "X1"}, "wikidata"),
        ({"name": None}, "name"),
        ({"kind": None}, "kind"),
        ({"kind": "robot"}, "kind"),
    ],
)
def test_invalid_patches_are_422(shared, patch, field):
    client, db_url = shared
    before = counts(db_url)
    problem(client.patch(f"/v1/entities/{XI}", json=patch), 422, field)
    assert counts(db_url) == before
