"""Keyset pages of /v1/events and /v1/tags: every item once, in order, both ways; cursors bound to
their filters; stable while events are being inserted."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from service.demo.seed import demo_id
from tests.conftest import fetch

# Demo events by hand-made sort position: the start day, or the summit's UTC instant (08:07Z).
SORT_AT = {
    "mclaren": "2016-07-18", "ioc-no-ban": "2016-07-24", "rio-exclusion": "2016-08-05",
    "ipc-ban": "2016-08-07", "icarus": "2017-01-01", "treaty-extended": "2021-06-28",
    "putin-partnership": "2021-11-01",
    "invitations": "2021-11-01", "boycott": "2021-12-06", "democracy-summit": "2021-12-09",
    "summit-announced": "2021-12-13", "summit": "2021-12-15T08:07", "taiwan-support": "2021-12-15",
    "putin-to-attend": "2021-12-15", "beijing-opening": "2022-02-04",
}  # fmt: skip
DEMO_KEYS = {str(demo_id("event", k)): (at, demo_id("event", k)) for k, at in SORT_AT.items()}
DEMO_ORDER = sorted(DEMO_KEYS, key=DEMO_KEYS.__getitem__)

# Every demo tag by count, then name.
DEMO_TAGS = [
    ("china-russia", 7), ("olympics", 6), ("doping", 5), ("diplomacy", 4), ("summit", 4), ("democracy", 2),
    ("boycott", 1), ("film", 1), ("human-rights", 1), ("paralympics", 1), ("taiwan", 1), ("treaty", 1),
]  # fmt: skip

Params = list[tuple[str, str]]


def get_page(client: TestClient, params: Params, path: str = "/v1/events") -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["items"]]


def walk_forward(client: TestClient, params: Params, path: str = "/v1/events") -> list[dict[str, Any]]:
    """Every page from the first, following next_cursor."""
    pages = [get_page(client, params, path)]
    while pages[-1]["next_cursor"] is not None:
        assert len(pages) < 500, "the walk does not end"
        pages.append(get_page(client, [*params, ("cursor", pages[-1]["next_cursor"])], path))
    return pages


def walk_back(
    client: TestClient, params: Params, page: dict[str, Any], path: str = "/v1/events"
) -> list[dict[str, Any]]:
    """From `page` back to the first, following prev_cursor; returned first page first."""
    pages = [page]
    while pages[-1]["prev_cursor"] is not None:
        assert len(pages) < 500, "the walk does not end"
        pages.append(get_page(client, [*params, ("cursor", pages[-1]["prev_cursor"])], path))
    return pages[::-1]


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def publish(client: TestClient, date: str, title: str = "Inserted event") -> str:
    """Create a published event (cited by a demo source); returns its id."""
    body = {"title": title, "date": date, "status": "published",
            "citations": [{"source_id": str(demo_id("source", "dispatch")), "quote": "So it was.",
                           "stance": "supports"}]}  # fmt: skip
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def links(response: Any) -> dict[str, str]:
    """The RFC 8288 Link header as {rel: url}."""
    header = response.headers.get("link")
    if not header:
        return {}
    found = re.findall(r'<([^>]*)>\s*;\s*rel="([^"]+)"', header)
    assert len(found) == header.count("rel="), header
    return {rel: url for url, rel in found}


def assert_bad_request(response: Any) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] and problem["type"]
    return problem


# ----------------------------------------------------------------------------------------------------
# Walking the demo events


@pytest.mark.parametrize("limit", [1, 2, 3, 4])
def test_walk_forward_returns_every_event_once_in_order(reader, limit):
    pages = walk_forward(reader, [("limit", str(limit))])
    assert [ids(p) for p in pages] == chunks(DEMO_ORDER, limit)
    assert pages[0]["prev_cursor"] is None
    assert all(p["prev_cursor"] is not None for p in pages[1:])
    assert all(p["next_cursor"] is not None for p in pages[:-1])


@pytest.mark.parametrize("limit", [1, 2, 3, 4])
def test_walk_back_from_the_last_page_returns_the_same_pages(reader, limit):
    forward = walk_forward(reader, [("limit", str(limit))])
    backward = walk_back(reader, [("limit", str(limit))], forward[-1])
    assert [ids(p) for p in backward] == [ids(p) for p in forward]
    assert backward[0]["prev_cursor"] is None
    # the first page reached backwards leads forward again to the second
    second = get_page(reader, [("limit", str(limit)), ("cursor", backward[0]["next_cursor"])])
    assert ids(second) == ids(forward[1])


@pytest.mark.parametrize("limit", [2, 4])
def test_walk_descending(reader, limit):
    params = [("limit", str(limit)), ("order", "desc")]
    pages = walk_forward(reader, params)
    assert [ids(p) for p in pages] == chunks(DEMO_ORDER[::-1], limit)
    assert [ids(p) for p in walk_back(reader, params, pages[-1])] == [ids(p) for p in pages]


def test_walk_with_filters(reader):
    params = [("tag", "china-russia"), ("limit", "3")]
    expected = [
        i
        for i in DEMO_ORDER
        if i
        in {
            str(demo_id("event", k))
            for k in (
                "treaty-extended",
                "putin-partnership",
                "summit-announced",
                "summit",
                "taiwan-support",
                "putin-to-attend",
                "beijing-opening",
            )
        }
    ]
    pages = walk_forward(reader, params)
    assert [ids(p) for p in pages] == chunks(expected, 3)
    assert [ids(p) for p in walk_back(reader, params, pages[-1])] == chunks(expected, 3)


def test_a_page_that_ends_exactly_at_the_end(reader):
    # 15 events in pages of 5: the third page is full; whether or not it offers a next page,
    # that page must be empty and offer no further one
    pages = walk_forward(reader, [("limit", "5")])
    assert [ids(p) for p in pages if p["items"]] == chunks(DEMO_ORDER, 5)
    assert all(p["items"] for p in pages)


# ----------------------------------------------------------------------------------------------------
# Runs of equal dates


def test_page_boundaries_inside_a_run_of_equal_dates(client):
    new = [publish(client, "2021-12-15", title=f"Same day {n}") for n in range(5)]
    midnight = [*new, str(demo_id("event", "taiwan-support")), str(demo_id("event", "putin-to-attend"))]
    # all seven sort at midnight UTC of 15 December, so by id; the summit moment (08:07Z) comes last
    expected = sorted(midnight, key=uuid.UUID) + [str(demo_id("event", "summit"))]
    params = [("from", "2021-12-15"), ("to", "2021-12-15"), ("limit", "2")]

    forward = walk_forward(client, params)
    assert [ids(p) for p in forward] == chunks(expected, 2)
    assert [ids(p) for p in walk_back(client, params, forward[-1])] == chunks(expected, 2)

    desc = [*params, ("order", "desc")]
    pages = walk_forward(client, desc)
    assert [ids(p) for p in pages] == chunks(expected[::-1], 2)
    assert [ids(p) for p in walk_back(client, desc, pages[-1])] == chunks(expected[::-1], 2)

    # and without the date filter the run sits between the 13th and the summit
    everything = [i for p in walk_forward(client, [("limit", "3")]) for i in ids(p)]
    at = everything.index(str(demo_id("event", "summit-announced")))
    assert everything[at + 1 : at + 9] == expected


# ----------------------------------------------------------------------------------------------------
# Link header


def test_link_header_next_and_prev_urls_work(reader):
    params = [("tag", "doping"), ("limit", "2")]
    expected = [
        i
        for i in DEMO_ORDER
        if i
        in {str(demo_id("event", k)) for k in ("mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus")}
    ]
    response = reader.get("/v1/events", params=params)
    assert "prev" not in links(response)
    seen, responses = [ids(response.json())], [response]
    while "next" in links(response):
        url = links(response)["next"]
        parts = urlsplit(url)
        assert parts.path == "/v1/events"
        query = parse_qsl(parts.query)
        assert ("tag", "doping") in query and ("limit", "2") in query
        assert [v for k, v in query if k == "cursor"] == [response.json()["next_cursor"]]
        response = reader.get(url)
        assert response.status_code == 200
        seen.append(ids(response.json()))
        responses.append(response)
        assert len(seen) < 10
    assert seen == chunks(expected, 2)
    assert response.json()["next_cursor"] is None

    # back along rel="prev" from the last page
    back = [ids(response.json())]
    while "prev" in links(response):
        response = reader.get(links(response)["prev"])
        assert response.status_code == 200
        back.append(ids(response.json()))
        assert len(back) < 10
    assert back[::-1] == chunks(expected, 2)


def test_no_link_header_on_a_single_page(reader):
    response = reader.get("/v1/events", params={"tag": "doping"})
    assert response.status_code == 200
    assert links(response) == {}


# ----------------------------------------------------------------------------------------------------
# Bad cursors


def cursor_of(client: TestClient, params: Params, path: str = "/v1/events") -> str:
    cursor = get_page(client, params, path)["next_cursor"]
    assert cursor is not None
    return cursor


@pytest.mark.parametrize(
    "other",
    [
        [("tag", "olympics")],
        [("tag", "doping"), ("order", "desc")],
        [("tag", "doping"), ("tag", "olympics")],
        [],
        [("tag", "doping"), ("from", "2016")],
        [("tag", "doping"), ("status", "published")],
        [("any_tag", "doping")],
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p) or "no-filters",
)
def test_cursor_reused_with_other_filters_or_order_is_a_400(reader, other):
    cursor = cursor_of(reader, [("tag", "doping"), ("limit", "2")])
    problem = assert_bad_request(
        reader.get("/v1/events", params=[*other, ("limit", "2"), ("cursor", cursor)])
    )
    assert "cursor" in problem["detail"]


def test_prev_cursor_reused_with_other_filters_is_a_400(reader):
    first = get_page(reader, [("limit", "2"), ("order", "desc")])
    second = get_page(reader, [("limit", "2"), ("order", "desc"), ("cursor", first["next_cursor"])])
    assert_bad_request(reader.get("/v1/events", params=[("limit", "2"), ("cursor", second["prev_cursor"])]))


def test_cursor_of_one_resource_is_a_400_on_another(reader):
    tag_cursor = cursor_of(reader, [("limit", "2")], "/v1/tags")
    assert_bad_request(reader.get("/v1/events", params=[("limit", "2"), ("cursor", tag_cursor)]))
    event_cursor = cursor_of(reader, [("limit", "2")])
    assert_bad_request(reader.get("/v1/tags", params=[("limit", "2"), ("cursor", event_cursor)]))


def b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def tampered(cursor: str, change: Any) -> str:
    """White-box: re-encode a real cursor (base64url JSON) after `change` edits its decoded form."""
    decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return b64(json.dumps(change(decoded)))


GARBAGE = {
    "word": lambda c: "garbage",
    "empty": lambda c: "",
    "truncated": lambda c: c[: len(c) // 2],
    "last-char-dropped": lambda c: c[:-1],
    "punctuation": lambda c: "%%%%!!",
    "non-ascii": lambda c: "curs\u00f6r",
    "json-object": lambda c: b64('{"direction": "next"}'),
    "json-null": lambda c: b64("null"),
    "too-long": lambda c: c * 20,
    "bad-direction": lambda c: tampered(c, lambda d: ["sideways", *d[1:]]),
    "key-not-a-date": lambda c: tampered(c, lambda d: [d[0], ["yesterday", d[1][1]], d[2]]),
    "key-not-a-uuid": lambda c: tampered(c, lambda d: [d[0], [d[1][0], "not-a-uuid"], d[2]]),
    "key-too-short": lambda c: tampered(c, lambda d: [d[0], d[1][:1], d[2]]),
    "key-a-number": lambda c: tampered(c, lambda d: [d[0], 7, d[2]]),
    "fingerprint-changed": lambda c: tampered(c, lambda d: [d[0], d[1], "0" * 16]),
}


@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_cursor_is_a_400(reader, name):
    real = cursor_of(reader, [("limit", "2")])
    assert_bad_request(reader.get("/v1/events", params=[("limit", "2"), ("cursor", GARBAGE[name](real))]))


@pytest.mark.parametrize(
    "name", ["word", "truncated", "bad-direction", "key-not-a-date", "key-too-short", "key-a-number"]
)
def test_garbage_tag_cursor_is_a_400(reader, name):
    real = cursor_of(reader, [("limit", "2")], "/v1/tags")
    assert_bad_request(reader.get("/v1/tags", params=[("limit", "2"), ("cursor", GARBAGE[name](real))]))


def test_untampered_reencoded_cursor_still_works(reader):
    # guards the tampering helper above: a cursor decoded and encoded unchanged is accepted
    real = cursor_of(reader, [("limit", "2")])
    assert ids(get_page(reader, [("limit", "2"), ("cursor", tampered(real, lambda d: d))])) == DEMO_ORDER[2:4]


# ----------------------------------------------------------------------------------------------------
# Stable under inserts


DAY_HOTSPOTS = [dt.date(2016, 8, 7), dt.date(2021, 11, 1), dt.date(2021, 12, 15), dt.date(2022, 2, 4)]
new_dates = st.tuples(
    st.one_of(
        st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2023, 12, 31)),
        st.sampled_from(DAY_HOTSPOTS),
    ),
    st.sampled_from(["day", "month", "year"]),
)


def edtf_and_sort(day: dt.date, precision: str) -> tuple[str, str]:
    """The EDTF text of a date at this precision, and its sort position (its first day)."""
    if precision == "year":
        return f"{day.year:04d}", f"{day.year:04d}-01-01"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}", f"{day.year:04d}-{day.month:02d}-01"
    return day.isoformat(), day.isoformat()


def hide_inserted(db_url: str) -> None:
    """Take the events of earlier examples out of every list, keeping the demo events."""
    fetch(
        db_url,
        "UPDATE events SET deleted_at = now() WHERE deleted_at IS NULL AND NOT (id = ANY($1::uuid[]))",
        [demo_id("event", k) for k in SORT_AT],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    limit=st.integers(min_value=1, max_value=5),
    order=st.sampled_from(["asc", "desc"]),
    batches=st.lists(st.lists(new_dates, max_size=3), min_size=1, max_size=8),
)
def test_pages_are_stable_under_inserts(client, db_url, limit, order, batches):
    hide_inserted(db_url)
    params = [("limit", str(limit)), ("order", order)]
    before = ids(get_page(client, [("limit", "200")]))
    assert sorted(before) == sorted(DEMO_KEYS)
    keys = dict(DEMO_KEYS)
    descending = order == "desc"

    page = get_page(client, params)
    returned = ids(page)
    inserted: list[tuple[str, tuple[str, uuid.UUID]]] = []  # (id, key of the last item returned before it)
    step = 0
    while page["next_cursor"] is not None:
        assert step < 200, "the walk does not end"
        if step < len(batches) and returned:
            for day, precision in batches[step]:
                text, sort_at = edtf_and_sort(day, precision)
                new_id = publish(client, text)
                keys[new_id] = (sort_at, uuid.UUID(new_id))
                inserted.append((new_id, keys[returned[-1]]))
        page = get_page(client, [*params, ("cursor", page["next_cursor"])])
        returned += ids(page)
        step += 1

    assert len(returned) == len(set(returned)), "an event was returned twice"
    assert set(returned) <= set(keys)
    assert sorted(i for i in returned if i in DEMO_KEYS) == sorted(before), "an existing event was skipped"
    in_walk = [keys[i] for i in returned]
    assert in_walk == sorted(in_walk, reverse=descending), "the walk left (start, id) order"
    for new_id, last_seen in inserted:
        after_cursor = keys[new_id] < last_seen if descending else keys[new_id] > last_seen
        assert (new_id in returned) == after_cursor, (
            "an insert ahead of the cursor was missed, or one behind it shown"
        )


# ----------------------------------------------------------------------------------------------------
# Tag pages


def tag_items(body: dict[str, Any]) -> list[tuple[str, int]]:
    return [(item["tag"], item["count"]) for item in body["items"]]


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_tag_pages_walk_each_tag_once_with_its_count(reader, limit):
    params = [("limit", str(limit))]
    pages = walk_forward(reader, params, "/v1/tags")
    assert [tag_items(p) for p in pages] == chunks(DEMO_TAGS, limit)
    assert pages[0]["prev_cursor"] is None
    backward = walk_back(reader, params, pages[-1], "/v1/tags")
    assert [tag_items(p) for p in backward] == chunks(DEMO_TAGS, limit)


def test_tag_pages_with_a_filter(reader):
    params = [("limit", "2"), ("tag", "china-russia")]
    expected = [
        ("china-russia", 7),
        ("diplomacy", 4),
        ("olympics", 2),
        ("summit", 2),
        ("taiwan", 1),
        ("treaty", 1),
    ]
    pages = walk_forward(reader, params, "/v1/tags")
    assert [tag_items(p) for p in pages] == chunks(expected, 2)
    assert [tag_items(p) for p in walk_back(reader, params, pages[-1], "/v1/tags")] == chunks(expected, 2)
    other = [("limit", "2"), ("tag", "doping"), ("cursor", pages[0]["next_cursor"])]
    assert_bad_request(reader.get("/v1/tags", params=other))


def test_tag_pages_link_header(reader):
    response = reader.get("/v1/tags", params={"limit": "5"})
    seen = [tag_items(response.json())]
    while "next" in links(response):
        response = reader.get(links(response)["next"])
        assert response.status_code == 200
        seen.append(tag_items(response.json()))
        assert len(seen) < 10
    assert seen == chunks(DEMO_TAGS, 5)
