"""If-Match on every conditional write (RFC 9110 §13.1.1): the current ETag, or `*`, lets the write
through; any other well-formed entity-tag (stale, weak, made up, another object's) is a 412 that
writes nothing; only a value outside the entity-tag grammar is a 400. Another newsroom's key gets
the 404 it gets without the header, whatever the tag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from service import problem_types
from service.demo.seed import demo_id
from tests.conftest import create_key, fetch
from tests.helpers import problem

SUMMIT = demo_id("event", "summit")
OTHER_EVENT = demo_id("event", "boycott")
ABC = demo_id("source", "abc-ioc")
DISPATCH = demo_id("source", "dispatch")
XI = demo_id("entity", "xi")
TIMELINE = {"slug": "if-match", "title": "If-Match", "include": [str(SUMMIT)], "status": "published"}


def citation_path(client: TestClient) -> str:
    citation = client.get(f"/v1/events/{SUMMIT}").json()["citations"][0]["id"]
    return f"/v1/events/{SUMMIT}/citations/{citation}"


# Every operation that honours If-Match: (method, the object's path, a body).
OPERATIONS: dict[str, tuple[str, Callable[[TestClient], str], Any]] = {
    "update_event": ("PATCH", lambda c: f"/v1/events/{SUMMIT}", {"importance": 4}),
    "delete_event": ("DELETE", lambda c: f"/v1/events/{SUMMIT}", None),
    "delete_citation": ("DELETE", citation_path, None),
    "update_source": ("PATCH", lambda c: f"/v1/sources/{DISPATCH}", {"title": "Retitled"}),
    "delete_source": ("DELETE", lambda c: f"/v1/sources/{ABC}", None),
    "update_entity": ("PATCH", lambda c: f"/v1/entities/{XI}", {"name": "Renamed"}),
    "update_timeline": ("PATCH", lambda c: "/v1/timelines/if-match", {"title": "Retitled"}),
    "delete_timeline": ("DELETE", lambda c: "/v1/timelines/if-match", None),
}
# An object of the same kind whose ETag is well formed, ours, and not the target's.
NEIGHBOURS = {
    "event": f"/v1/events/{OTHER_EVENT}",
    "citation": f"/v1/events/{OTHER_EVENT}",
    "source": f"/v1/sources/{demo_id('source', 'kremlin-announce')}",
    "entity": f"/v1/entities/{demo_id('entity', 'putin')}",
    "timeline": f"/v1/events/{SUMMIT}",
}


def not_current(current: str, neighbour: str) -> list[str | bytes]:
    """Well-formed entity-tags (and lists of them) none of which is, by strong comparison, `current`."""
    version, digest = current.strip('"').split("-")
    return [
        '"stale"',
        'W/"x"',
        '""',
        '"*"',
        f"W/{current}",
        f'"{int(version) + 1}-{digest}"',
        f'"{version}-0000000000000000"',
        f'"{version}-{digest.upper()}"',
        f'"{version}"',
        f'"{digest}"',
        '"a", "b"',
        f'W/{current}, "stale"',
        '"a,b"',
        '"\\"',
        ', "stale" ,',
        '\t"x"\t',
        neighbour,
        f"{neighbour}, W/{current}",
        b'"\xe9t\xe9"',
    ]


MALFORMED = [
    "garbage", "W/", 'w/"x"', '"abc', 'abc"', '"a" "b"', '"a"b', '*, "a"', '"a", *', ", ,", '"a b"',
    "'single'", '"""', "W/ \"x\"", "**", "1-0123456789abcdef", "W/W/\"x\"", '"tab\there"',
]  # fmt: skip


def kind(operation: str) -> str:
    return operation.split("_")[1]


def snapshot(dsn: str) -> dict:
    """Row counts and version sums of everything a conditional write could change."""
    tables = ("events", "sources", "citations", "entities", "timelines")  # fixed names, no input
    parts = [
        f"(SELECT count(*) FILTER (WHERE deleted_at IS NULL) FROM {t}) AS {t}, "  # noqa: S608
        f"(SELECT coalesce(sum(version), 0) FROM {t}) AS {t}_versions"
        for t in tables
    ]
    sql = "SELECT " + ", ".join(parts) + ", (SELECT count(*) FROM revisions) AS revisions"  # noqa: S608
    return dict(fetch(dsn, sql)[0])


@pytest.fixture(scope="module")
def world(shared):
    """The module's database with the timeline the operations touch, and a key of another newsroom."""
    assert shared.client.post("/v1/timelines", json=TIMELINE).status_code == 201
    return shared, create_key(shared.dsn, "other", "admin")


def send(client: TestClient, operation: str, if_match: str | bytes | None, **headers: str):
    method, path, body = OPERATIONS[operation]
    if if_match is not None:
        headers["If-Match"] = if_match  # type: ignore[assignment]
    return client.request(method, path(client), json=body, headers=headers)


def etag(client: TestClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.headers["etag"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_tag_that_is_not_current_is_412_and_writes_nothing(world, operation):
    shared, _ = world
    current = etag(shared.client, OPERATIONS[operation][1](shared.client))
    neighbour = etag(shared.client, NEIGHBOURS[kind(operation)])
    before = snapshot(shared.dsn)
    for tag in not_current(current, neighbour):
        body = problem(send(shared.client, operation, tag), 412)
        assert "version" in body["detail"]
    assert snapshot(shared.dsn) == before
    assert etag(shared.client, OPERATIONS[operation][1](shared.client)) == current


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_malformed_if_match_is_400_and_writes_nothing(world, operation):
    shared, _ = world
    before = snapshot(shared.dsn)
    for header in MALFORMED:
        body = problem(send(shared.client, operation, header), 400)
        assert "If-Match" in body["detail"]
    assert snapshot(shared.dsn) == before


@pytest.mark.parametrize("operation", OPERATIONS)
def test_other_callers_get_what_they_get_without_the_header(world, operation):
    """Another newsroom's key: 404 (a 412 would answer a question about an object it cannot write);
    no key: 401."""
    shared, other = world
    current = etag(shared.client, OPERATIONS[operation][1](shared.client))
    before = snapshot(shared.dsn)
    for tag in [current, '"stale"', "*", "garbage"]:
        problem(send(shared.client, operation, None, Authorization=f"Bearer {other}"), 404)
        if tag != "garbage":  # a malformed header is a 400 for any caller that may write
            problem(send(shared.client, operation, tag, Authorization=f"Bearer {other}"), 404)
    key = shared.client.headers.pop("Authorization")
    try:
        for tag in [current, '"stale"', "*", "garbage"]:
            problem(send(shared.client, operation, tag), 401)
    finally:
        shared.client.headers["Authorization"] = key
    assert snapshot(shared.dsn) == before


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("form", ["current", "star", "in a list", "absent"])
def test_the_current_tag_or_star_lets_the_write_through(client, db_url, operation, form):
    if kind(operation) == "timeline":
        assert client.post("/v1/timelines", json=TIMELINE).status_code == 201
    path = OPERATIONS[operation][1](client)
    current = etag(client, path)
    forms = {"current": current, "star": "*", "in a list": f'"stale", W/"x", {current}', "absent": None}
    header = forms[form]
    before = snapshot(db_url)
    response = send(client, operation, header)
    if operation == "delete_source" and response.status_code == 422:  # it backs a published event alone
        assert problem(response, 422)["type"] == problem_types.PUBLISHING_RULE
        assert snapshot(db_url) == before
        return
    assert response.status_code == (204 if OPERATIONS[operation][0] == "DELETE" else 200), response.text
    assert snapshot(db_url)["revisions"] > before["revisions"]
    if response.status_code == 200:
        assert etag(client, path) == response.headers["etag"] != current
