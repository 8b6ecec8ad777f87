"""GET /v1/events filters, one at a time and combined, against the demo dataset.

Every expected set below was worked out by hand from service/demo/demo-events.json and the
Filters paragraph of PRODUCT.md; the demo events, with their strict [start, end] dates:

    mclaren            2016-07-18                 doping olympics           russia wada          imp 4
    ioc-no-ban         2016-07-24                 doping olympics           ioc russia           imp 4
    rio-exclusion      2016-08-05 .. 2016-08-21   doping olympics       BR  russia ioc ipc       imp 5
    ipc-ban            2016-08-07                 doping paralympics    BR  ipc russia           imp 4
    icarus             2017-01-01 .. 2017-12-31   doping film               russia               imp 2
    treaty-extended    2021-06-28                 china-russia diplomacy treaty  xi putin china russia  imp 4
    putin-partnership  2021-11-01 .. 2021-11-30   china-russia diplomacy    putin china usa      imp 3
    invitations        2021-11-01 .. 2021-11-30   democracy summit (2021-11~)  usa taiwan ukraine  imp 3
    boycott            2021-12-06                 olympics boycott human-rights  US  usa psaki china  imp 5
    democracy-summit   2021-12-09 .. 2021-12-10   democracy summit          usa biden            imp 4
    summit-announced   2021-12-13                 china-russia summit       xi putin             imp 2
    summit             2021-12-15 (11:07+03:00)   china-russia diplomacy summit  xi putin ushakov china russia
    imp 5
    taiwan-support     2021-12-15                 china-russia taiwan       putin taiwan china   imp 4
    putin-to-attend    2021-12-15                 olympics china-russia     putin china          imp 3
    beijing-opening    2022-02-04                 olympics china-russia diplomacy  CN  xi putin china russia
    imp 5
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings, create_key, fetch
from tests.helpers import unknown_id

ALL = [
    "mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus", "treaty-extended", "putin-partnership",
    "invitations", "boycott", "democracy-summit", "summit-announced", "summit", "taiwan-support",
    "putin-to-attend", "beijing-opening",
]  # fmt: skip

# Sort position by hand: the start day, and the summit's UTC instant (08:07Z) after that day's
# midnight.
SORT_AT = {
    "mclaren": "2016-07-18", "ioc-no-ban": "2016-07-24", "rio-exclusion": "2016-08-05",
    "ipc-ban": "2016-08-07", "icarus": "2017-01-01", "treaty-extended": "2021-06-28",
    "putin-partnership": "2021-11-01",
    "invitations": "2021-11-01", "boycott": "2021-12-06", "democracy-summit": "2021-12-09",
    "summit-announced": "2021-12-13", "summit": "2021-12-15T08:07", "taiwan-support": "2021-12-15",
    "putin-to-attend": "2021-12-15", "beijing-opening": "2022-02-04",
}  # fmt: skip


def ev(*keys: str) -> set[str]:
    """The ids of these demo events."""
    return {str(demo_id("event", k)) for k in keys}


def ent(key: str) -> str:
    return str(demo_id("entity", key))


def src(key: str) -> str:
    return str(demo_id("source", key))


def in_order(keys: list[str]) -> list[str]:
    """Demo event ids in (start, id) order, from the hand-made SORT_AT table."""
    return [str(demo_id("event", k)) for k in sorted(keys, key=lambda k: (SORT_AT[k], demo_id("event", k)))]


Params = list[tuple[str, str]]


def page(client: TestClient, params: Params | str) -> dict[str, Any]:
    response = client.get("/v1/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def found_list(client: TestClient, params: Params | str = ()) -> list[str]:
    """Ids of every matching event, in answer order; the whole result fits in one page."""
    body = page(client, [*params, ("limit", "200")] if not isinstance(params, str) else params + "&limit=200")
    assert body["next_cursor"] is None
    return [item["id"] for item in body["items"]]


def found(client: TestClient, params: Params | str = ()) -> set[str]:
    ids = found_list(client, params)
    assert len(ids) == len(set(ids)), "an event was listed twice"
    return set(ids)


def published(
    client: TestClient, date: str, title: str = "A new event", quote: str = "It happened.", **fields: Any
) -> dict[str, Any]:
    """Create a published event backed by one demo source; returns the created event."""
    body = {
        "title": title,
        "date": date,
        "status": "published",
        "citations": [{"source_id": src("dispatch"), "quote": quote, "stance": "supports"}],
        **fields,
    }
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()


# ----------------------------------------------------------------------------------------------------
# No filter, and each filter alone


def test_no_filter_lists_every_demo_event_in_start_order(reader):
    assert found_list(reader) == in_order(ALL)


def test_order_desc_reverses_start_then_id(reader):
    assert found_list(reader, [("order", "desc")]) == in_order(ALL)[::-1]
    assert (
        found_list(reader, [("order", "desc"), ("tag", "doping")])
        == in_order(["mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus"])[::-1]
    )


DATES = [
    # month precision: the Rio interval overlaps August, and so does the IPC ban inside it
    ("from=2016-08&to=2016-08", {"rio-exclusion", "ipc-ban"}),
    # year precision
    ("from=2016&to=2016", {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban"}),
    ("from=2017&to=2017", {"icarus"}),
    ("from=2022", {"beijing-opening"}),
    ("to=2016", {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban"}),
    ("from=2018&to=2020", set()),
    # a year-precision event overlaps any month or day inside its year
    ("from=2017-06&to=2017-06", {"icarus"}),
    ("from=2017-06-15&to=2017-06-15", {"icarus"}),
    # day precision: `to` is inclusive of its day
    ("to=2016-07-18", {"mclaren"}),
    ("to=2016-07-17", set()),
    ("from=2016-07-19&to=2016-07-24", {"ioc-no-ban"}),
    # an interval matches on its last day and not the day after
    ("from=2016-08-21&to=2016-12", {"rio-exclusion"}),
    ("from=2016-08-22&to=2016-12", set()),
    ("from=2016-08-20&to=2016-08-20", {"rio-exclusion"}),
    ("from=2021-12-10&to=2021-12-12", {"democracy-summit"}),
    # the month-precision events (one approximate, 2021-11~) end on 2021-11-30
    (
        "from=2021-11-30",
        {
            "putin-partnership",
            "invitations",
            "boycott",
            "democracy-summit",
            "summit-announced",
            "summit",
            "taiwan-support",
            "putin-to-attend",
            "beijing-opening",
        },
    ),
    (
        "from=2021-12-01",
        {
            "boycott",
            "democracy-summit",
            "summit-announced",
            "summit",
            "taiwan-support",
            "putin-to-attend",
            "beijing-opening",
        },
    ),
    ("from=2021-11-15&to=2021-11-15", {"putin-partnership", "invitations"}),
    # the summit moment (11:07 +03:00) is on its own local day
    ("from=2021-12-15&to=2021-12-15", {"summit", "taiwan-support", "putin-to-attend"}),
    ("from=2021-12-14&to=2021-12-14", set()),
    ("to=2021-12-14", set(ALL) - {"summit", "taiwan-support", "putin-to-attend", "beijing-opening"}),
    # a bound of any precision: a qualifier never widens it, a moment stands for its own calendar day
    ("from=2016-08~&to=2016-08~", {"rio-exclusion", "ipc-ban"}),
    (
        "from=2017?",
        {ev_key for ev_key in ALL if ev_key not in {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban"}},
    ),
    (
        "from=2021-12-15T23:30:00-05:00&to=2021-12-15T23:30:00-05:00",
        {"summit", "taiwan-support", "putin-to-attend"},
    ),
    ("from=2021-12-14T23:30:00-05:00&to=2021-12-14T23:30:00-05:00", set()),  # the 15th in UTC, the 14th there
]


@pytest.mark.parametrize(("query", "expected"), DATES, ids=[q for q, _ in DATES])
def test_from_to_overlap(reader, query, expected):
    assert found(reader, query) == ev(*expected)


E, S = ent, src
ALONE = [
    # tag: all must match
    ([("tag", "doping")], {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus"}),
    ([("tag", "doping"), ("tag", "olympics")], {"mclaren", "ioc-no-ban", "rio-exclusion"}),
    ([("tag", "olympics"), ("tag", "china-russia")], {"putin-to-attend", "beijing-opening"}),
    ([("tag", "doping"), ("tag", "summit")], set()),
    ([("tag", "no-such-tag")], set()),
    # any_tag: one must match
    ([("any_tag", "paralympics"), ("any_tag", "film")], {"ipc-ban", "icarus"}),
    ([("any_tag", "democracy"), ("any_tag", "boycott")], {"invitations", "democracy-summit", "boycott"}),
    ([("any_tag", "treaty")], {"treaty-extended"}),
    ([("any_tag", "no-such-tag")], set()),
    # entity: repeatable, all must match, any role
    ([("entity", E("ipc"))], {"rio-exclusion", "ipc-ban"}),
    ([("entity", E("xi"))], {"treaty-extended", "summit-announced", "summit", "beijing-opening"}),
    ([("entity", E("xi")), ("entity", E("russia"))], {"treaty-extended", "summit", "beijing-opening"}),
    ([("entity", E("usa"))], {"putin-partnership", "invitations", "boycott", "democracy-summit"}),
    ([("entity", E("taiwan")), ("entity", E("putin"))], {"taiwan-support"}),
    ([("entity", E("ushakov"))], {"summit"}),
    ([("entity", E("biden")), ("entity", E("xi"))], set()),
    ([("entity", unknown_id("entity"))], set()),
    # country of the location
    ([("country", "BR")], {"rio-exclusion", "ipc-ban"}),
    ([("country", "US")], {"boycott"}),
    ([("country", "CN")], {"beijing-opening"}),
    ([("country", "FR")], set()),
    # source: the event cites it, whatever the stance
    (
        [("source", S("dispatch"))],
        {
            "rio-exclusion",
            "icarus",
            "putin-partnership",
            "invitations",
            "democracy-summit",
            "summit",
            "taiwan-support",
        },
    ),
    ([("source", S("abc-ioc"))], {"mclaren", "ioc-no-ban", "rio-exclusion"}),
    ([("source", S("tass-summit"))], {"summit", "putin-to-attend"}),
    ([("source", unknown_id("source"))], set()),
    # publisher: exact, case-insensitive, of any cited source
    (
        [("publisher", "TASS")],
        {"treaty-extended", "summit-announced", "summit", "putin-to-attend", "boycott"},
    ),
    (
        [("publisher", "tass")],
        {"treaty-extended", "summit-announced", "summit", "putin-to-attend", "boycott"},
    ),
    ([("publisher", "abc news")], {"mclaren", "ioc-no-ban", "rio-exclusion"}),
    ([("publisher", "ABC")], set()),
    ([("publisher", "People's Daily Online")], {"putin-partnership", "beijing-opening"}),
    ([("publisher", "взгляд")], {"summit-announced"}),
    # stance of a citation
    ([("stance", "disputes")], {"rio-exclusion"}),
    ([("stance", "context")], {"rio-exclusion", "summit"}),
    ([("stance", "supports")], set(ALL)),
    # min_importance
    ([("min_importance", "5")], {"rio-exclusion", "boycott", "summit", "beijing-opening"}),
    (
        [("min_importance", "4")],
        {
            "rio-exclusion",
            "boycott",
            "summit",
            "beijing-opening",
            "mclaren",
            "ioc-no-ban",
            "ipc-ban",
            "treaty-extended",
            "democracy-summit",
            "taiwan-support",
        },
    ),
    ([("min_importance", "3")], set(ALL) - {"icarus", "summit-announced"}),
    ([("min_importance", "1")], set(ALL)),
    # newsroom
    ([("newsroom", "demo")], set(ALL)),
    ([("newsroom", "elsewhere")], set()),
]


@pytest.mark.parametrize(
    ("params", "expected"), ALONE, ids=["&".join(f"{k}={v[:12]}" for k, v in p) for p, _ in ALONE]
)
def test_single_filter(reader, params, expected):
    assert found(reader, params) == ev(*expected)


SEARCH = [
    ("Icarus", {"icarus"}),  # title
    ("history", {"summit"}),  # only in a summary ("the best in history")
    ('"best in history"', {"summit"}),
    ("Xinjiang", {"boycott"}),  # only in a quote (China Trade Monitor)
    ("staunch", {"taiwan-support"}),  # only in a quote
    ("screen-to-screen", {"summit"}),  # only in a quote
    (
        "doping",
        {"mclaren", "rio-exclusion", "icarus"},
    ),  # titles and quotes; the French "dopage" is not "doping"
    ("taiwan or xinjiang", {"invitations", "taiwan-support", "boycott"}),
    ("taiwan -ukraine", {"taiwan-support"}),
    ("zeppelin", set()),
]


@pytest.mark.parametrize(("q", "expected"), SEARCH, ids=[q for q, _ in SEARCH])
def test_full_text_search(reader, q, expected):
    assert found(reader, [("q", q)]) == ev(*expected)


# ----------------------------------------------------------------------------------------------------
# Combinations


COMBINED = [
    # stance with publisher or source is the stance of that same citation
    ([("publisher", "abc news"), ("stance", "disputes")], {"rio-exclusion"}),
    ([("publisher", "ABC News"), ("stance", "supports")], {"mclaren", "ioc-no-ban"}),
    ([("publisher", "Directinfo"), ("stance", "supports")], {"mclaren", "ipc-ban"}),
    ([("publisher", "tass"), ("stance", "context")], {"summit"}),
    ([("source", S("abc-ioc")), ("stance", "supports")], {"mclaren", "ioc-no-ban"}),
    ([("source", S("dispatch")), ("stance", "context")], set()),
    ([("source", S("tass-summit")), ("publisher", "tass")], {"summit", "putin-to-attend"}),
    # dates with everything else
    ([("from", "2016-08"), ("to", "2016-08"), ("tag", "olympics")], {"rio-exclusion"}),
    (
        [("from", "2021-12"), ("tag", "china-russia"), ("min_importance", "4")],
        {"summit", "taiwan-support", "beijing-opening"},
    ),
    ([("to", "2021-12-13"), ("tag", "summit")], {"invitations", "democracy-summit", "summit-announced"}),
    (
        [("tag", "summit"), ("any_tag", "diplomacy"), ("any_tag", "democracy")],
        {"invitations", "democracy-summit", "summit"},
    ),
    ([("entity", E("putin")), ("country", "CN")], {"beijing-opening"}),
    (
        [("entity", E("russia")), ("tag", "doping"), ("min_importance", "4")],
        {"mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban"},
    ),
    ([("entity", E("china")), ("q", "olympics")], {"boycott", "putin-to-attend", "beijing-opening"}),
    (
        [("q", "Putin"), ("from", "2021-12-15"), ("to", "2021-12-15")],
        {"summit", "taiwan-support", "putin-to-attend"},
    ),
    ([("any_tag", "film"), ("any_tag", "paralympics"), ("country", "BR")], {"ipc-ban"}),
    ([("newsroom", "demo"), ("stance", "disputes"), ("from", "2016"), ("to", "2016")], {"rio-exclusion"}),
    ([("tag", "doping"), ("from", "2017-02")], {"icarus"}),
]


@pytest.mark.parametrize(
    "params,expected", COMBINED, ids=["&".join(f"{k}={v[:10]}" for k, v in p) for p, _ in COMBINED]
)
def test_filters_combined(reader, params, expected):
    assert found(reader, params) == ev(*expected)


def test_combined_filters_keep_start_order(reader):
    params = [("entity", E("putin")), ("from", "2021-12")]
    assert found_list(reader, params) == in_order(
        ["summit-announced", "summit", "taiwan-support", "putin-to-attend", "beijing-opening"]
    )


# ----------------------------------------------------------------------------------------------------
# Events written by the test


def test_open_ended_interval_matches_any_later_range(client):
    still_going = published(client, "2020-03/..", title="Pandemic measures")
    assert still_going["end"] is None
    sid = still_going["id"]
    assert found(client, "from=2030") == {sid}
    assert found(client, "from=2030-01-01&to=2031") == {sid}
    assert found(client, "from=2021-12-15&to=2021-12-15") == ev(
        "summit", "taiwan-support", "putin-to-attend"
    ) | {sid}
    assert found(client, "to=2020-03-01") == ev(*ALL) - ev(
        "treaty-extended",
        "putin-partnership",
        "invitations",
        "boycott",
        "democracy-summit",
        "summit-announced",
        "summit",
        "taiwan-support",
        "putin-to-attend",
        "beijing-opening",
    ) | {sid}
    assert sid not in found(client, "to=2020-02")
    # it sorts by its start
    assert found_list(client, "from=2017&to=2021-06") == [
        *in_order(["icarus"]),
        sid,
        *in_order(["treaty-extended"]),
    ]


def test_moment_matches_its_own_local_day(client):
    # 01:00 at UTC+05:00 on the 16th is still the 15th in UTC; the filters use the local day
    moment = published(client, "2021-12-16T01:00:00+05:00", title="Late-night statement")
    assert found(client, "from=2021-12-16&to=2021-12-16") == {moment["id"]}
    assert found(client, "from=2021-12-15&to=2021-12-15") == ev("summit", "taiwan-support", "putin-to-attend")


def test_drafts_hidden_unless_asked_for(client):
    draft = client.post(
        "/v1/events", json={"title": "Zeppelin sighting", "date": "2021-12-15", "tags": ["doping"]}
    )
    assert draft.status_code == 201, draft.text
    assert draft.json()["status"] == "draft"
    did = draft.json()["id"]

    assert found(client) == ev(*ALL)
    assert found(client, [("q", "zeppelin")]) == set()
    assert found(client, [("tag", "doping")]) == ev(
        "mclaren", "ioc-no-ban", "rio-exclusion", "ipc-ban", "icarus"
    )
    assert found(client, [("status", "draft")]) == {did}
    assert found(client, [("status", "draft"), ("q", "zeppelin")]) == {did}
    assert found(client, [("status", "draft"), ("tag", "summit")]) == set()
    assert found(client, [("status", "published")]) == ev(*ALL)
    assert found(client, [("status", "retracted")]) == set()


def test_retracted_events_stay_listed(client):
    body = {"title": "Withdrawn claim", "date": "2019-05-01", "status": "retracted",
            "retraction_note": "The source withdrew the story.",
            "citations": [{"source_id": src("dispatch"), "quote": "A claim.",
                           "stance": "supports"}]}  # fmt: skip
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    rid = response.json()["id"]
    assert found(client) == ev(*ALL) | {rid}
    assert found(client, [("status", "retracted")]) == {rid}
    assert found(client, [("status", "published")]) == ev(*ALL)


def test_newsroom_filter(client, db_url):
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as other:
        other.headers["Authorization"] = f"Bearer {create_key(db_url, 'gazette', 'editor')}"
        own_source = {"url": "https://gazette.example/own", "title": "The Gazette's own source"}
        theirs = published(
            other,
            "2021-12-15",
            title="The Gazette's own event",
            citations=[{"source": own_source, "quote": "It happened.", "stance": "supports"}],
        )
    assert theirs["newsroom"] == "gazette"
    assert found(client, [("newsroom", "gazette")]) == {theirs["id"]}
    assert found(client, [("newsroom", "demo")]) == ev(*ALL)
    assert found(client) == ev(*ALL) | {theirs["id"]}
    assert found(client, [("newsroom", "gazette"), ("from", "2021-12-15"), ("to", "2021-12-15")]) == {
        theirs["id"]
    }
    assert found(client, [("newsroom", "gazette"), ("to", "2021-12-14")]) == set()


def test_quote_of_a_new_citation_is_searchable_and_an_uncited_one_is_not(client):
    event = published(client, "2021-12-20", title="Plain title", quote="The quokka was mentioned here.")
    eid = event["id"]
    assert found(client, [("q", "quokka")]) == {eid}
    # a second citation that disputes, found by its quote and by its stance
    cite = client.post(
        f"/v1/events/{eid}/citations",
        json={"source_id": src("abc-ioc"), "quote": "No wombat was ever seen.", "stance": "disputes"},
    )
    assert cite.status_code == 201, cite.text
    assert found(client, [("q", "wombat")]) == {eid}
    assert found(client, [("stance", "disputes")]) == ev("rio-exclusion") | {eid}
    assert found(client, [("publisher", "abc news"), ("stance", "disputes")]) == ev("rio-exclusion") | {eid}
    removed = client.delete(f"/v1/events/{eid}/citations/{cite.json()['id']}")
    assert removed.status_code == 204, removed.text
    assert found(client, [("q", "wombat")]) == set()
    assert found(client, [("stance", "disputes")]) == ev("rio-exclusion")


# ----------------------------------------------------------------------------------------------------
# around


def test_around_opens_on_the_page_holding_the_date(reader):
    body = page(reader, [("around", "2021-12-15"), ("limit", "2")])
    # the two day-precision events of 15 December (midnight UTC) come before the 08:07Z summit
    assert [i["id"] for i in body["items"]] == in_order(["taiwan-support", "putin-to-attend"])
    assert body["prev_cursor"] is not None and body["next_cursor"] is not None
    before = page(reader, [("around", "2021-12-15"), ("limit", "2"), ("cursor", body["prev_cursor"])])
    assert [i["id"] for i in before["items"]] == in_order(["democracy-summit", "summit-announced"])
    after = page(reader, [("around", "2021-12-15"), ("limit", "2"), ("cursor", body["next_cursor"])])
    assert [i["id"] for i in after["items"]] == in_order(["summit", "beijing-opening"])
    assert after["next_cursor"] is None


AROUND = [
    # (around and other filters, candidates for the page in start order, has prev_cursor, has next_cursor)
    ("around=2021-11", ["putin-partnership", "invitations"], True, True),
    ("around=2021-12-11", ["summit-announced", "taiwan-support", "putin-to-attend"], True, True),
    ("around=2016", ["mclaren", "ioc-no-ban"], False, True),
    ("around=2015-06-01", ["mclaren", "ioc-no-ban"], False, True),
    ("around=2016-07-18", ["mclaren", "ioc-no-ban"], False, True),
    ("around=2016-07-19", ["ioc-no-ban", "rio-exclusion"], True, True),
    ("around=2022-02-04", ["beijing-opening"], True, False),
    ("around=2017&tag=doping", ["icarus"], True, False),
    # the Rio interval holds 6 August but starts before it, so it is on the page before
    ("around=2016-08-06&tag=doping", ["ipc-ban", "icarus"], True, False),
]


@pytest.mark.parametrize(("query", "candidates", "has_prev", "has_next"), AROUND, ids=[a[0] for a in AROUND])
def test_around(reader, query, candidates, has_prev, has_next):
    body = page(reader, query + "&limit=2")
    assert [i["id"] for i in body["items"]] == in_order(candidates)[:2]
    assert (body["prev_cursor"] is not None) == has_prev
    assert (body["next_cursor"] is not None) == has_next


def test_around_descending(reader):
    body = page(reader, [("around", "2021-12-15"), ("order", "desc"), ("limit", "2")])
    # descending from the end of 15 December: the summit (08:07Z), then the later id of the two midnight
    # events
    assert [i["id"] for i in body["items"]] == [
        *in_order(["summit"]),
        in_order(["taiwan-support", "putin-to-attend"])[1],
    ]
    assert body["prev_cursor"] is not None
    newer = page(
        reader, [("around", "2021-12-15"), ("order", "desc"), ("limit", "2"), ("cursor", body["prev_cursor"])]
    )
    assert [i["id"] for i in newer["items"]] == in_order(["beijing-opening"])
    assert newer["prev_cursor"] is None
    assert page(reader, [("around", "2022-03"), ("order", "desc"), ("limit", "2")])["prev_cursor"] is None


# ----------------------------------------------------------------------------------------------------
# updated_since: the sync feed


def test_sync_feed_lists_everything_changed_since_in_update_order(reader):
    body = page(reader, [("updated_since", "2000-01-01T00:00:00Z"), ("limit", "200")])
    items = body["items"]
    assert {i["id"] for i in items} == ev(*ALL)
    assert [(i["updated_at"], i["id"]) for i in items] == sorted((i["updated_at"], i["id"]) for i in items)
    assert page(reader, [("updated_since", "2100-01-01T00:00:00Z")])["items"] == []


def test_sync_feed_shows_updates_then_tombstones(client):
    patched = client.patch(f"/v1/events/{demo_id('event', 'icarus')}", json={"importance": 3})
    assert patched.status_code == 200, patched.text
    since = patched.json()["updated_at"]
    gone = client.delete(f"/v1/events/{demo_id('event', 'ipc-ban')}")
    assert gone.status_code == 204

    body = page(client, [("updated_since", since)])
    items = body["items"]
    assert [i["id"] for i in items] == [str(demo_id("event", "icarus")), str(demo_id("event", "ipc-ban"))]
    assert items[0]["object"] == "event" and items[0]["importance"] == 3
    tombstone = items[1]
    assert set(tombstone) == {"object", "id", "deleted", "updated_at"}
    assert tombstone["object"] == "tombstone" and tombstone["deleted"] is True
    assert tombstone["updated_at"] >= since

    # the deleted event has left every ordinary list
    assert found(client) == ev(*ALL) - ev("ipc-ban")
    assert found(client, [("tag", "paralympics")]) == set()
    # other filters still narrow the feed
    assert [i["id"] for i in page(client, [("updated_since", since), ("tag", "film")])["items"]] == [
        str(demo_id("event", "icarus"))
    ]
    # and a feed read one item a page resumes from its cursor
    first = page(client, [("updated_since", since), ("limit", "1")])
    assert [i["id"] for i in first["items"]] == [str(demo_id("event", "icarus"))]
    second = page(client, [("updated_since", since), ("limit", "1"), ("cursor", first["next_cursor"])])
    assert [i["id"] for i in second["items"]] == [str(demo_id("event", "ipc-ban"))]
    assert second["next_cursor"] is None


def test_sync_feed_lists_the_events_that_show_a_changed_source_or_entity(client):
    """An event embeds its sources and entities: when one changes, the events showing it read
    differently, so the feed lists them again, showing the change."""
    source = client.get(f"/v1/sources/{demo_id('source', 'dispatch')}").json()
    citing = {e["id"] for e in source["events"]}
    assert citing
    patched = client.patch(f"/v1/sources/{source['id']}", json={"title": "Retitled by its publisher"})
    assert patched.status_code == 200, patched.text
    since = patched.json()["updated_at"]
    items = page(client, [("updated_since", since), ("limit", "200")])["items"]
    assert {i["id"] for i in items} == citing
    for item in items:
        shown = [c["source"]["title"] for c in item["citations"] if c["source"]["id"] == source["id"]]
        assert shown == ["Retitled by its publisher"]
        assert item["updated_at"] >= since

    entity = client.get(f"/v1/entities/{demo_id('entity', 'putin')}").json()
    naming = found(client, [("entity", entity["id"])])
    assert naming
    patched = client.patch(f"/v1/entities/{entity['id']}", json={"name": "Renamed"})
    assert patched.status_code == 200, patched.text
    items = page(client, [("updated_since", patched.json()["updated_at"]), ("limit", "200")])["items"]
    assert {i["id"] for i in items} == naming
    assert all("Renamed" in [n["name"] for n in i["entities"]] for i in items)


@contextmanager
def write_in_progress(dsn: str, sql: str) -> Iterator[None]:
    """A transaction that has run `sql` and stays open until the block ends, then commits."""
    started, release, failed = threading.Event(), threading.Event(), []

    async def hold() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            async with conn.transaction():
                await conn.execute(sql)
                started.set()
                while not release.is_set():
                    await asyncio.sleep(0.01)
        finally:
            await conn.close()

    def run() -> None:
        try:
            asyncio.run(hold())
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            failed.append(exc)
            started.set()

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(10) and not failed, failed
    try:
        yield
    finally:
        release.set()
        thread.join(10)
    assert not failed, failed


def test_sync_feed_never_passes_a_write_that_commits_late(client, db_url):
    """A write that began before a client's read and commits after it is still listed to that client
    when it resumes: the feed holds back what any open transaction could still come before."""
    since = fetch(db_url, "SELECT now() AS t")[0]["t"].isoformat()
    slow, quick = demo_id("event", "icarus"), demo_id("event", "mclaren")
    with write_in_progress(
        db_url, f"UPDATE events SET importance = 2, updated_at = now() WHERE id = '{slow}'"
    ):
        assert client.patch(f"/v1/events/{quick}", json={"importance": 2}).status_code == 200
        held = page(client, [("updated_since", since)])
        # the quick write committed, but the slow one began before it: neither is listed yet
        assert held["items"] == []
    resumed = page(client, [("updated_since", since)])
    assert [i["id"] for i in resumed["items"]] == [str(slow), str(quick)]


# ----------------------------------------------------------------------------------------------------
# Invalid filters


INVALID = [
    ("from=2016-13", "from"),
    ("from=yesterday", "from"),
    ("from=2016-08-05T10", "from"),
    ("to=2021-02-30", "to"),
    ("to=2021-02-29", "to"),
    ("country=cn", "country"),
    ("country=CHN", "country"),
    ("tag=Not A Slug", "tag"),
    ("tag=doping&tag=Bad_Tag", "tag"),
    ("any_tag=-leading", "any_tag"),
    ("entity=not-a-uuid", "entity"),
    ("source=not-a-uuid", "source"),
    ("stance=maybe", "stance"),
    ("status=deleted", "status"),
    ("min_importance=9", "min_importance"),
    ("min_importance=0", "min_importance"),
    ("min_importance=high", "min_importance"),
    ("limit=0", "limit"),
    ("limit=201", "limit"),
    ("limit=-1", "limit"),
    ("limit=ten", "limit"),
    ("order=sideways", "order"),
    ("updated_since=yesterday", "updated_since"),
    ("around=2021-13", "around"),
    ("from=2021-12-15T10:00Z", "from"),  # a moment needs its seconds
    ("to=2021-02-30T10:00:00Z", "to"),
    ("from=2021~?", "from"),
    ("from=2021-12-15T10:00:00.123456789012345Z", "from"),  # over 32 characters
    ("around=tomorrow", "around"),
]


@pytest.mark.parametrize(("query", "field"), INVALID, ids=[q for q, _ in INVALID])
def test_invalid_filter_is_a_400_naming_the_parameter(reader, query, field):
    response = reader.get("/v1/events?" + query)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] and "type" in problem and problem["detail"]
    assert field in {e["field"] for e in problem["errors"]}


def test_every_invalid_filter_is_reported_at_once(reader):
    response = reader.get("/v1/events?from=2016-13&country=cn&tag=Not%20A%20Slug&to=someday")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"from", "to", "country", "tag"}


def test_limit_bounds_are_accepted(reader):
    assert len(page(reader, "limit=1")["items"]) == 1
    assert len(page(reader, "limit=200")["items"]) == 15


def test_entity_filter_follows_a_patch_of_the_links(client):
    summit = demo_id("event", "summit")
    links = [
        {"id": ent("russia"), "role": "participant"},  # kept, moved first, new role
        {"id": ent("biden"), "role": "mentioned"},  # added
        {"id": ent("xi"), "role": "subject"},
    ]  # kept, new role; putin, ushakov and china go
    response = client.patch(f"/v1/events/{summit}", json={"entities": links})
    assert response.status_code == 200, response.text
    expected = [(link["id"], link["role"]) for link in links]
    assert [(e["id"], e["role"]) for e in response.json()["entities"]] == expected
    assert [(e["id"], e["role"]) for e in client.get(f"/v1/events/{summit}").json()["entities"]] == expected

    assert found(client, [("entity", ent("ushakov"))]) == set()
    assert found(client, [("entity", ent("biden"))]) == ev("democracy-summit", "summit")
    assert found(client, [("entity", ent("xi")), ("entity", ent("russia"))]) == ev(
        "treaty-extended", "summit", "beijing-opening"
    )
    assert found(client, [("entity", ent("putin")), ("from", "2021-12-15"), ("to", "2021-12-15")]) == ev(
        "taiwan-support", "putin-to-attend"
    )


def test_around_after_the_last_event_points_back_to_it(reader):
    body = page(reader, [("around", "2030-01-01"), ("limit", "2")])
    assert body["items"] == [] and body["next_cursor"] is None
    assert body["prev_cursor"] is not None
    before = page(reader, [("around", "2030-01-01"), ("limit", "2"), ("cursor", body["prev_cursor"])])
    assert [i["id"] for i in before["items"]] == in_order(["putin-to-attend", "summit", "beijing-opening"])[
        -2:
    ]


def test_sync_feed_shows_drafts_as_tombstones_only_to_others(client, anon):
    unpublished = client.patch(f"/v1/events/{demo_id('event', 'icarus')}", json={"status": "draft"})
    assert unpublished.status_code == 200, unpublished.text
    draft = client.post("/v1/events", json={"title": "An uncited draft", "date": "2021"})
    assert draft.status_code == 201
    since = [("updated_since", unpublished.json()["updated_at"])]
    items = page(anon, since)["items"]
    assert [(i["id"], i["object"]) for i in items] == [(str(demo_id("event", "icarus")), "tombstone")]
    assert "An uncited draft" not in str(items)
    own = page(client, since)["items"]
    assert [(i["id"], i["object"], i.get("status")) for i in own] == [
        (str(demo_id("event", "icarus")), "event", "draft"),
        (draft.json()["id"], "event", "draft"),
    ]
