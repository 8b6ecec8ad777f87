"""GET /v1/tags: the tags of the matching events with their counts (facets), under the event filters.

Expected counts are worked out by hand from service/demo/demo-events.json (see the table at the
top of tests/events/test_filters.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.demo.seed import demo_id

ALL_TAGS = [
    ("china-russia", 7), ("olympics", 6), ("doping", 5), ("diplomacy", 4), ("summit", 4), ("democracy", 2),
    ("boycott", 1), ("film", 1), ("human-rights", 1), ("paralympics", 1), ("taiwan", 1), ("treaty", 1),
]  # fmt: skip

Params = list[tuple[str, str]]


def tags(client: TestClient, params: Params = ()) -> list[tuple[str, int]]:
    """The whole tag list (one page of up to 200) as (tag, count) in answer order."""
    response = client.get("/v1/tags", params=[*params, ("limit", "200")])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None and body["prev_cursor"] is None
    return [(item["tag"], item["count"]) for item in body["items"]]


def ent(key: str) -> str:
    return str(demo_id("entity", key))


def published(client: TestClient, date: str, tags: list[str], **fields: Any) -> dict[str, Any]:
    body = {"title": "Tagged event", "date": date, "tags": tags, "status": "published",
            "citations": [{"source_id": str(demo_id("source", "dispatch")), "quote": "Indeed.",
                           "stance": "supports"}],
            **fields}  # fmt: skip
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_all_tags_with_counts_most_used_first_then_by_name(reader):
    assert tags(reader) == ALL_TAGS


FACETS = [
    ([("from", "2016"), ("to", "2017")], [("doping", 5), ("olympics", 3), ("film", 1), ("paralympics", 1)]),
    ([("from", "2016-08"), ("to", "2016-08")], [("doping", 2), ("olympics", 1), ("paralympics", 1)]),
    (
        [("from", "2021-12-15"), ("to", "2021-12-15")],
        [("china-russia", 3), ("diplomacy", 1), ("olympics", 1), ("summit", 1), ("taiwan", 1)],
    ),
    (
        [("tag", "china-russia")],
        [("china-russia", 7), ("diplomacy", 4), ("olympics", 2), ("summit", 2), ("taiwan", 1), ("treaty", 1)],
    ),
    ([("tag", "summit"), ("tag", "democracy")], [("democracy", 2), ("summit", 2)]),
    (
        [("any_tag", "film"), ("any_tag", "treaty")],
        [("china-russia", 1), ("diplomacy", 1), ("doping", 1), ("film", 1), ("treaty", 1)],
    ),
    ([("country", "BR")], [("doping", 2), ("olympics", 1), ("paralympics", 1)]),
    (
        [("entity", ent("usa"))],
        [
            ("democracy", 2),
            ("summit", 2),
            ("boycott", 1),
            ("china-russia", 1),
            ("diplomacy", 1),
            ("human-rights", 1),
            ("olympics", 1),
        ],
    ),
    (
        [("entity", ent("xi")), ("entity", ent("russia"))],
        [("china-russia", 3), ("diplomacy", 3), ("olympics", 1), ("summit", 1), ("treaty", 1)],
    ),
    ([("source", str(demo_id("source", "abc-ioc")))], [("doping", 3), ("olympics", 3)]),
    (
        [("publisher", "tass")],
        [
            ("china-russia", 4),
            ("diplomacy", 2),
            ("olympics", 2),
            ("summit", 2),
            ("boycott", 1),
            ("human-rights", 1),
            ("treaty", 1),
        ],
    ),
    ([("stance", "disputes")], [("doping", 1), ("olympics", 1)]),
    (
        [("publisher", "Directinfo"), ("stance", "supports")],
        [("doping", 2), ("olympics", 1), ("paralympics", 1)],
    ),
    ([("q", "Xinjiang")], [("boycott", 1), ("human-rights", 1), ("olympics", 1)]),
    (
        [("min_importance", "5")],
        [
            ("olympics", 3),
            ("china-russia", 2),
            ("diplomacy", 2),
            ("boycott", 1),
            ("doping", 1),
            ("human-rights", 1),
            ("summit", 1),
        ],
    ),
    ([("newsroom", "demo")], ALL_TAGS),
    ([("newsroom", "elsewhere")], []),
    ([("country", "FR")], []),
    ([("status", "draft")], []),
]


@pytest.mark.parametrize(
    ("params", "expected"), FACETS, ids=["&".join(f"{k}={v[:10]}" for k, v in p) for p, _ in FACETS]
)
def test_counts_under_filters(reader, params, expected):
    assert tags(reader, params) == expected


def test_page_envelope_shape(reader):
    response = reader.get("/v1/tags", params={"limit": "2"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["etag"]
    assert response.headers["cache-control"].startswith("public")
    body = response.json()
    assert set(body) == {"items", "next_cursor", "prev_cursor"}
    assert body["items"] == [{"tag": "china-russia", "count": 7}, {"tag": "olympics", "count": 6}]
    assert isinstance(body["next_cursor"], str) and body["next_cursor"]
    assert body["prev_cursor"] is None
    assert 'rel="next"' in response.headers["link"] and 'rel="prev"' not in response.headers["link"]


def test_empty_result_envelope(reader):
    response = reader.get("/v1/tags", params={"country": "FR"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None, "prev_cursor": None}
    assert "link" not in response.headers


def test_etag_revalidation(reader):
    first = reader.get("/v1/tags", params={"tag": "doping"})
    again = reader.get("/v1/tags", params={"tag": "doping"}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=cn", "country"),
        ("tag=Not%20A%20Slug", "tag"),
        ("from=2016-13", "from"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("min_importance=9", "min_importance"),
        ("entity=not-a-uuid", "entity"),
    ],
)
def test_invalid_filters_are_a_400(reader, query, field):
    response = reader.get("/v1/tags?" + query)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in response.json()["errors"]}


def test_counts_follow_writes_and_leave_out_drafts_and_deleted_events(client):
    published(client, "2021-12-20", ["doping", "new-tag"])
    draft = client.post(
        "/v1/events", json={"title": "Draft", "date": "2021-12-21", "tags": ["doping", "draft-only"]}
    )
    assert draft.status_code == 201, draft.text

    counts = dict(tags(client))
    assert counts["doping"] == 6 and counts["new-tag"] == 1
    assert "draft-only" not in counts
    assert tags(client, [("status", "draft")]) == [("doping", 1), ("draft-only", 1)]
    assert tags(client, [("from", "2021-12-20")]) == [
        ("china-russia", 1),
        ("diplomacy", 1),
        ("doping", 1),
        ("new-tag", 1),
        ("olympics", 1),
    ]

    gone = client.delete(f"/v1/events/{demo_id('event', 'icarus')}")
    assert gone.status_code == 204
    counts = dict(tags(client))
    assert counts["doping"] == 5 and "film" not in counts

    retagged = client.patch(f"/v1/events/{demo_id('event', 'boycott')}", json={"tags": ["olympics"]})
    assert retagged.status_code == 200, retagged.text
    counts = dict(tags(client))
    assert "boycott" not in counts and "human-rights" not in counts and counts["olympics"] == 6
