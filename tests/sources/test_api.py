"""/v1/sources: one source per canonical URL in each newsroom, finding by URL and text, the events a
source backs."""

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
ABC_URL = "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316"
ABC_ID = str(demo_id("source", "abc-ioc"))
TASS_SUMMIT_ID = str(demo_id("source", "tass-summit"))

# The demo's ABC News URL as a client might send it; every one is the same source.
ABC_URL_FORMS = [
    ABC_URL,
    "http://AbcNews.GO.com/Sports/russia-fully-banned-olympics/story?id=40833316",
    "HTTP://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316",
    "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316#comments",
    "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316&utm_source=twitter",
    "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?utm_medium=social&id=40833316&utm_campaign=x",
    "http://abcnews.go.com:80/Sports/russia-fully-banned-olympics/story?id=40833316",
]


def counts(db_url: str) -> dict:
    return dict(
        fetch(
            db_url,
            """SELECT (SELECT count(*) FROM sources) AS sources,
                      (SELECT coalesce(sum(version), 0) FROM sources) AS versions,
                      (SELECT count(*) FROM revisions WHERE object_type = 'source') AS revisions""",
        )[0]
    )


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


NEW = {
    "url": "https://www.Reuters.com/world/china-russia-summit-2021-12-15/?utm_source=newsletter&ref=a#top",
    "title": "Xi, Putin hold video call",
    "publisher": "Reuters",
    "authors": ["A. Reporter", "B. Reporter"],
    "published": "2021-12-15",
    "language": "en",
    "kind": "news",
    "archive_url": "https://web.archive.org/web/2021/https://www.reuters.com/world/",
    "accessed_at": "2021-12-16T09:30:00+01:00",
}


@pytest.fixture
def other_newsroom(db_url: str) -> Iterator[TestClient]:
    """The same database, with an editor key of newsroom `other`."""
    key = create_key(db_url, "other", "editor")
    settings = load_settings({}, database_url=db_url, pool_min_size=1, pool_max_size=2)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {key}"
        yield client


def test_create_answers_201_with_location_and_the_source(client, db_url):
    before = counts(db_url)
    response = client.post("/v1/sources", json=NEW)

    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/v1/sources/{body['id']}"
    assert ETAG.match(response.headers["etag"]).group(1) == "1"
    uuid.UUID(body["id"])
    assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at", "accessed_at")} == {
        "newsroom": "demo",
        "url": "https://www.reuters.com/world/china-russia-summit-2021-12-15/?ref=a",
        "title": "Xi, Putin hold video call",
        "publisher": "Reuters",
        "authors": ["A. Reporter", "B. Reporter"],
        "published": "2021-12-15",
        "language": "en",
        "kind": "news",
        "archive_url": "https://web.archive.org/web/2021/https://www.reuters.com/world/",
        "version": 1,
        "events": [],
    }
    assert body["accessed_at"] == "2021-12-16T08:30:00Z"
    assert body["created_at"] == body["updated_at"]
    read = client.get(response.headers["location"])
    assert read.status_code == 200
    assert read.json() == body
    assert counts(db_url) == {
        "sources": before["sources"] + 1,
        "versions": before["versions"] + 1,
        "revisions": before["revisions"] + 1,
    }


def test_a_minimal_source_gets_defaults(client):
    response = client.post("/v1/sources", json={"url": "https://example.com/a", "title": "A"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["publisher"], body["authors"], body["published"], body["language"], body["kind"]) == (
        None,
        [],
        None,
        None,
        "other",
    )


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("HTTPS://Example.COM/Path/Case?b=2&a=1", "https://example.com/Path/Case?b=2&a=1"),
        ("https://example.com/fragment#section-2", "https://example.com/fragment"),
        ("https://example.com/utm?utm_source=x&utm_medium=y&UTM_CAMPAIGN=z", "https://example.com/utm"),
        ("https://example.com/mixed?id=1&utm_term=t&page=2", "https://example.com/mixed?id=1&page=2"),
        ("https://example.com:443/port", "https://example.com/port"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_the_url_is_stored_canonical(shared, sent, stored):
    client, db_url = shared
    response = client.post("/v1/sources", json={"url": sent, "title": "t"})
    assert response.status_code == 201, response.text
    assert response.json()["url"] == stored
    row = fetch(db_url, "SELECT url FROM sources WHERE id = $1", uuid.UUID(response.json()["id"]))
    assert row[0]["url"] == stored


@pytest.mark.parametrize("url", ABC_URL_FORMS)
def test_a_second_source_with_the_same_url_is_409_naming_the_existing_one(shared, url):
    client, db_url = shared
    before = counts(db_url)
    body = problem(client.post("/v1/sources", json={"url": url, "title": "Again"}), 409)
    assert body["existing_id"] == ABC_ID
    assert ABC_ID in body["detail"]
    assert counts(db_url) == before


def test_a_different_path_case_is_a_different_source(shared):
    client = shared.client
    response = client.post(
        "/v1/sources",
        json={
            "url": "http://abcnews.go.com/sports/russia-fully-banned-olympics/story?id=40833316",
            "title": "t",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["id"] != ABC_ID


def test_each_newsroom_has_its_own_source_of_a_url(other_newsroom, client, db_url):
    """A URL has one source per newsroom: another newsroom's is no conflict; a second of its own is."""
    before = counts(db_url)
    response = other_newsroom.post("/v1/sources", json={"url": ABC_URL + "#x", "title": "Mine"})
    assert response.status_code == 201, response.text
    mine = response.json()
    assert (mine["newsroom"], mine["url"]) == ("other", ABC_URL)
    assert mine["id"] != ABC_ID
    assert counts(db_url)["sources"] == before["sources"] + 1
    again = problem(other_newsroom.post("/v1/sources", json={"url": ABC_URL_FORMS[1], "title": "Again"}), 409)
    assert again["existing_id"] == mine["id"]
    assert client.get(f"/v1/sources/{ABC_ID}").json()["title"] == "Russia won't be fully banned from Olympics"


def test_find_by_url_lists_each_newsrooms_source_and_newsroom_narrows_it(other_newsroom, anon):
    mine = other_newsroom.post("/v1/sources", json={"url": ABC_URL_FORMS[2], "title": "Mine"}).json()["id"]
    assert ids(anon.get("/v1/sources", params={"url": ABC_URL})) == [mine, ABC_ID]  # newest first
    assert ids(anon.get("/v1/sources", params={"url": ABC_URL, "newsroom": "other"})) == [mine]
    assert ids(anon.get("/v1/sources", params={"url": ABC_URL, "newsroom": "demo"})) == [ABC_ID]
    assert ids(anon.get("/v1/sources", params={"url": ABC_URL, "newsroom": "nobody"})) == []
    page = anon.get("/v1/sources", params={"url": ABC_URL, "limit": 1}).json()
    assert [item["id"] for item in page["items"]] == [mine]
    rest = anon.get("/v1/sources", params={"url": ABC_URL, "limit": 1, "cursor": page["next_cursor"]})
    assert ids(rest) == [ABC_ID]


@pytest.mark.parametrize("url", ABC_URL_FORMS)
def test_find_by_url_in_any_form(reader, url):
    assert ids(reader.get("/v1/sources", params={"url": url})) == [ABC_ID]


def test_find_by_an_unknown_url_is_an_empty_page(reader):
    response = reader.get("/v1/sources", params={"url": "https://example.com/never-cited"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None, "prev_cursor": None}


def test_find_by_an_invalid_url_is_400(reader):
    problem(reader.get("/v1/sources", params={"url": "http://example.com:99999/"}), 400, "url")


@pytest.mark.parametrize(
    ("q", "keys"),
    [
        ("Autocracy", {"dispatch"}),
        ("ABC", {"abc-ioc"}),
        ("TASS", {"tass-announce", "tass-summit", "tass-ushakov", "tass-boycott"}),
        ("Olympics boycott", {"tass-boycott", "ctm-boycott"}),
        ("nothingmatchesthis", set()),
    ],
)
def test_q_searches_titles_and_publishers(reader, q, keys):
    assert set(ids(reader.get("/v1/sources", params={"q": q}))) == {str(demo_id("source", k)) for k in keys}


def test_a_source_lists_the_events_it_backs_with_stances(reader):
    response = reader.get(f"/v1/sources/{ABC_ID}")
    assert response.status_code == 200
    body = response.json()
    assert (body["url"], body["publisher"], body["title"]) == (
        ABC_URL,
        "ABC News",
        "Russia won't be fully banned from Olympics",
    )
    assert [(e["id"], e["stance"], e["status"]) for e in body["events"]] == [
        (str(demo_id("event", "mclaren")), "supports", "published"),
        (str(demo_id("event", "ioc-no-ban")), "supports", "published"),
        (str(demo_id("event", "rio-exclusion")), "disputes", "published"),
    ]
    assert body["events"][2] == {
        "id": str(demo_id("event", "rio-exclusion")),
        "title": "Russia's doping exclusion at the Rio 2016 Games",
        "date": "2016-08-05/2016-08-21",
        "display": "5–21 August 2016",
        "status": "published",
        "stance": "disputes",
    }


def test_get_unknown_source_is_404(reader):
    problem(reader.get(f"/v1/sources/{uuid.uuid4()}"), 404)


def test_if_none_match_gets_304(reader):
    path = f"/v1/sources/{ABC_ID}"
    etag = reader.get(path).headers["etag"]
    cached = reader.get(path, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.headers["etag"] == etag


def test_patch_merges_and_bumps_the_version(client, db_url):
    path = f"/v1/sources/{TASS_SUMMIT_ID}"
    before = client.get(path).json()
    response = client.patch(
        path,
        json={
            "title": "Putin and Xi wrap up their virtual summit",
            "publisher": None,
            "authors": ["TASS staff"],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["title"], body["publisher"], body["authors"], body["version"]) == (
        "Putin and Xi wrap up their virtual summit",
        None,
        ["TASS staff"],
        before["version"] + 1,
    )
    kept = ("id", "url", "published", "language", "kind", "archive_url", "created_at", "events")
    assert {k: body[k] for k in kept} == {k: before[k] for k in kept}
    assert client.get(path).json() == body
    assert (
        fetch(db_url, "SELECT count(*) AS n FROM revisions WHERE object_id = $1", uuid.UUID(TASS_SUMMIT_ID))[
            0
        ]["n"]
        == 2
    )


def test_patch_the_url_is_stored_canonical(client):
    response = client.patch(
        f"/v1/sources/{TASS_SUMMIT_ID}", json={"url": "HTTPS://TASS.COM/world/1376009-new#x"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["url"] == "https://tass.com/world/1376009-new"


def test_patch_to_the_same_url_in_another_form_is_not_a_conflict(client):
    response = client.patch(f"/v1/sources/{ABC_ID}", json={"url": ABC_URL_FORMS[1] + "#top"})
    assert response.status_code == 200, response.text
    assert response.json()["url"] == ABC_URL


@pytest.mark.parametrize("url", [ABC_URL, ABC_URL_FORMS[1], ABC_URL_FORMS[4]])
def test_patch_to_another_sources_url_is_409(shared, url):
    client, db_url = shared
    path = f"/v1/sources/{TASS_SUMMIT_ID}"
    before, rows = client.get(path).json(), counts(db_url)
    body = problem(client.patch(path, json={"url": url}), 409)
    assert body["existing_id"] == ABC_ID
    assert client.get(path).json() == before
    assert counts(db_url) == rows


def test_patch_with_a_stale_if_match_is_412(client, db_url):
    path = f"/v1/sources/{TASS_SUMMIT_ID}"
    stale = client.get(path).headers["etag"]
    assert client.patch(path, json={"title": "One"}, headers={"If-Match": stale}).status_code == 200
    rows = counts(db_url)
    problem(client.patch(path, json={"title": "Two"}, headers={"If-Match": stale}), 412)
    assert client.get(path).json()["title"] == "One"
    assert counts(db_url) == rows


def test_another_newsroom_cannot_edit_or_delete_a_source(other_newsroom, db_url):
    before = counts(db_url)
    problem(other_newsroom.patch(f"/v1/sources/{ABC_ID}", json={"title": "Hijacked"}), 404)
    problem(other_newsroom.delete(f"/v1/sources/{TASS_SUMMIT_ID}"), 404)
    assert counts(db_url) == before


@pytest.mark.parametrize("published", ["2021-02-30", "2021-13", "yesterday", "", "2021-12-10/2021-12-09"])
def test_an_invalid_published_date_is_422(shared, published):
    client, db_url = shared
    before = counts(db_url)
    problem(
        client.post(
            "/v1/sources", json={"url": "https://example.com/p", "title": "t", "published": published}
        ),
        422,
        "published",
    )
    problem(client.patch(f"/v1/sources/{TASS_SUMMIT_ID}", json={"published": published}), 422, "published")
    assert counts(db_url) == before


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "javascript:alert(1)",
        "mailto:desk@example.com",
        "example.com/a",
        "/relative/path",
        "https://",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "file:///etc/passwd",
    ],
)
def test_a_non_http_url_is_422(shared, url):
    client, db_url = shared
    before = counts(db_url)
    problem(client.post("/v1/sources", json={"url": url, "title": "t"}), 422, "url")
    problem(
        client.post("/v1/sources", json={"url": "https://example.com/ok", "title": "t", "archive_url": url}),
        422,
        "archive_url",
    )
    problem(client.patch(f"/v1/sources/{TASS_SUMMIT_ID}", json={"url": url}), 422, "url")
    assert counts(db_url) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://example.com/k", "title": "t", "kind": "blog"}, "kind"),
        ({"url": "https://example.com/k", "title": "t", "language": "english!"}, "language"),
        ({"url": "https://example.com/k", "title": "t", "accessed_at": "2021-12-16T09:30:00"}, "accessed_at"),
        ({"url": "https://example.com/k", "title": ""}, "title"),
        ({"url": "https://example.com/k"}, "title"),
        ({"url": "https://example.com/k", "title": "t", "authors": "A. Reporter"}, "authors"),
    ],
)
def test_other_invalid_fields_are_422(shared, body, field):
    client, db_url = shared
    before = counts(db_url)
    problem(client.post("/v1/sources", json=body), 422, field)
    assert counts(db_url) == before


def test_delete_an_uncited_source(client):
    created = client.post("/v1/sources", json={"url": "https://example.com/gone", "title": "t"}).json()
    assert client.delete(f"/v1/sources/{created['id']}").status_code == 204
    problem(client.get(f"/v1/sources/{created['id']}"), 404)
    assert ids(client.get("/v1/sources", params={"url": "https://example.com/gone"})) == []
    problem(client.delete(f"/v1/sources/{created['id']}"), 404)
