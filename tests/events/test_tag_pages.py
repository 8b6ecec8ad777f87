"""Pages of one tag and a date range (read from event_tags) equal the general statement's, page for page.

Events of every date shape sit around the range's edges: moments whose UTC instant falls on another
day than their local date, months, years, short and long intervals, open ends. Both ways of reading
walk every page forwards and back, in both orders, for many ranges; then events are edited, deleted
and restored (the triggers keep event_tags) and the walk is done again.
"""

from __future__ import annotations

import asyncio
import random
import uuid

import asyncpg
import pytest

from service.db import _init_connection
from service.edtf import parse_edtf
from service.events import pages
from service.events.filters import Scope, check_event_filters, tag_range

TAGS = ["alpha", "beta"]


def _dates(rnd: random.Random) -> str:
    year = rnd.choice([2014, 2015, 2016, 2019, 2020])
    month, day = rnd.randint(1, 12), rnd.randint(1, 28)
    shape = rnd.randrange(10)
    if shape == 0:
        offset = rnd.choice(["+14:00", "-11:00", "+05:30", "Z", "-03:00"])
        return f"{year}-{month:02d}-{day:02d}T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00{offset}"
    if shape == 1:
        return f"{year}-{month:02d}"
    if shape == 2:
        return f"{year}" + rnd.choice(["", "~", "?"])
    if shape == 3:
        return f"{year}-{month:02d}-{day:02d}/{year + rnd.randint(0, 3)}-{rnd.randint(month, 12):02d}-28"
    if shape == 4:
        return f"{year - rnd.randint(1, 40)}/{year + rnd.randint(0, 2)}"
    if shape == 5:
        return f"{year - rnd.randint(0, 30)}-{month:02d}/.."
    if shape == 6:
        return f"{year}-{month:02d}/{year + rnd.randint(1, 2)}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


NEWSROOMS = ["demo", "rival"]


async def _insert(conn: asyncpg.Connection, rnd: random.Random, count: int) -> list[uuid.UUID]:
    """Events of two newsrooms, so that a timeline's tag page must keep to the one it draws from."""
    await conn.execute("INSERT INTO newsrooms (name) VALUES ('rival') ON CONFLICT DO NOTHING")
    ids = []
    for i in range(count):
        date = parse_edtf(_dates(rnd))
        tags = rnd.sample(TAGS + ["gamma"], rnd.randint(1, 3))
        status = rnd.choice(["published"] * 8 + ["draft", "retracted"])
        ids.append(
            await conn.fetchval(
                """INSERT INTO events (newsroom, title, date, start_date, end_date, sort_at, precision,
                                   display, tags, status, retraction_note)
               VALUES ($11, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id""",
                f"tag page {i}",
                date.text,
                date.start,
                date.end,
                date.sort_at,
                date.precision,
                date.display,
                tags,
                status,
                "withdrawn" if status == "retracted" else None,
                rnd.choice(NEWSROOMS),
            )
        )
    return ids


async def _walk(conn: asyncpg.Connection, filters, order: str, limit: int, scope: Scope | None) -> list:
    """Every key, page by page forwards, then back again from the last one (prev cursors)."""
    forward, after = [], None
    while True:
        rows = await pages.list_events(
            conn, filters=filters, order=order, after=after, backwards=False, limit=limit, scope=scope
        )
        forward += [key for key, _ in rows[:limit]]
        if len(rows) <= limit:
            break
        after = rows[limit - 1][0]
    backward, before = forward[-1:], forward[-1] if forward else None
    while before is not None:
        rows = await pages.list_events(
            conn, filters=filters, order=order, after=before, backwards=True, limit=limit, scope=scope
        )
        backward = [key for key, _ in rows[:limit]][::-1] + backward
        before = rows[limit - 1][0] if len(rows) > limit else None
    return [forward, backward]


async def _compare(
    conn: asyncpg.Connection, rnd: random.Random, exclude: list[uuid.UUID], rounds: int
) -> tuple[int, int]:
    """Random tag pages walked with the tag statement and the general one: (rounds on the tag path, keys)."""
    fast, keys = 0, 0
    bounds = [None, "2014", "2015", "2015-03", "2015-03-01", "2016-02-29", "2019-12-31", "2020"]
    for _ in range(rounds):
        filters = check_event_filters(
            tag=[rnd.choice(TAGS)],
            from_=rnd.choice(bounds),
            to=rnd.choice(bounds),
            status=rnd.choice([None, None, "published", "retracted"]),
            newsroom=rnd.choice([None, None, *NEWSROOMS]),
        )
        scope = None
        if rnd.random() < 0.4:
            # A timeline of one newsroom, its filter drawing from its own events or a partner's.
            saved = check_event_filters(
                tag=list(filters.tag), from_=rnd.choice(bounds), newsroom=rnd.choice([None, None, *NEWSROOMS])
            )
            owner = rnd.choice(NEWSROOMS)  # read with the owner's key (its drafts are members) or not
            scope = Scope(
                newsroom=owner,
                saved=saved,
                exclude=tuple(rnd.sample(exclude, 5)),
                drafts_of=rnd.choice([None, owner]),
            )
            filters = check_event_filters(to=filters.to, status=filters.status)
        order, limit = rnd.choice(["asc", "desc"]), rnd.choice([1, 3, 7, 50])
        assert tag_range(filters, scope) is not None
        fast += 1
        got = await _walk(conn, filters, order, limit, scope)
        original = pages.tag_range
        pages.tag_range = lambda f, scope=None: None  # the general statement, as before event_tags
        try:
            want = await _walk(conn, filters, order, limit, scope)
        finally:
            pages.tag_range = original
        assert got == want, (filters, scope, order, limit)
        assert got[0] == got[1]
        keys += len(got[0])
    return fast, keys


def test_tag_pages_equal_the_general_statement(db_url):
    rnd = random.Random(7)

    async def run() -> None:
        conn = await asyncpg.connect(db_url)
        try:
            await _init_connection(conn)
            ids = await _insert(conn, rnd, 300)
            fast, keys = await _compare(conn, rnd, ids, 60)
            assert fast == 60 and keys > 300
            # Edits the triggers must follow: new dates and tags, drafts, deletions, restores, hard deletes.
            for event_id in rnd.sample(ids, 60):
                date = parse_edtf(_dates(rnd))
                await conn.execute(
                    "UPDATE events SET date = $2, start_date = $3, end_date = $4, sort_at = $5, tags = $6, "
                    "status = $7 WHERE id = $1",
                    event_id,
                    date.text,
                    date.start,
                    date.end,
                    date.sort_at,
                    rnd.sample(TAGS, rnd.randint(1, 2)),
                    rnd.choice(["published", "draft"]),
                )
            gone = rnd.sample(ids, 30)
            await conn.execute("UPDATE events SET deleted_at = now() WHERE id = ANY($1::uuid[])", gone)
            await conn.execute("UPDATE events SET deleted_at = NULL WHERE id = ANY($1::uuid[])", gone[:10])
            await conn.execute("UPDATE events SET title = 'unrelated' WHERE id = ANY($1::uuid[])", ids[:50])
            await conn.execute("DELETE FROM events WHERE id = ANY($1::uuid[])", gone[10:15])
            fast, keys = await _compare(conn, rnd, ids, 60)
            assert fast == 60 and keys > 300
            stale = await conn.fetchval(
                """SELECT count(*) FROM (
                     SELECT t.tag, e.sort_at, e.id, e.start_date, e.end_date, e.status, e.newsroom
                     FROM events e, unnest(e.tags) t(tag) WHERE e.deleted_at IS NULL
                     EXCEPT
                     SELECT tag, sort_at, id, start_date, end_date, status, newsroom FROM event_tags) d"""
            ) + await conn.fetchval(
                """SELECT count(*) FROM event_tags g WHERE NOT EXISTS (
                     SELECT 1 FROM events e WHERE e.id = g.id AND e.deleted_at IS NULL AND g.tag = ANY(e.tags)
                       AND e.sort_at = g.sort_at)"""
            )
            assert stale == 0
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"tag": ["a", "b"]},
        {"tag": ["a"], "q": "summit"},
        {"tag": ["a"], "status": "draft"},
        {"any_tag": ["a"]},
        {"from_": "2015"},
        {"tag": ["a"], "country": "CN"},
        {"tag": ["a", "b"], "newsroom": "demo"},
    ],
)
def test_other_filters_take_the_general_statement(kwargs):
    assert tag_range(check_event_filters(**kwargs)) is None


def test_a_timeline_with_includes_takes_the_general_statement():
    saved = check_event_filters(tag=["a"], from_="2015")
    assert tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved)) is not None
    assert (
        tag_range(check_event_filters(status="draft"), Scope(newsroom="demo", saved=saved, drafts_of="demo"))
        is None
    )
    assert (
        tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved, include=(uuid.uuid4(),))) is None
    )
    assert (
        tag_range(check_event_filters(tag=["a"]), Scope(newsroom="demo", saved=check_event_filters())) is None
    )
    assert tag_range(check_event_filters(tag=["b"]), Scope(newsroom="demo", saved=saved)) is None


def test_the_owner_s_key_lists_its_drafts_on_the_tag_page_and_nobody_else_s():
    saved = check_event_filters(tag=["a"], from_="2015")
    assert tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved, drafts_of="demo")).drafts
    assert not tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved)).drafts
    partner = check_event_filters(tag=["a"], newsroom="partner")
    assert not tag_range(
        check_event_filters(), Scope(newsroom="demo", saved=partner, drafts_of="demo")
    ).drafts
    published = check_event_filters(status="published")
    assert not tag_range(published, Scope(newsroom="demo", saved=saved, drafts_of="demo")).drafts


def test_a_tag_page_keeps_to_one_newsroom():
    """A timeline's tag page reads only the newsroom its filter draws from: its own, or the partner it
    names; a request naming yet another newsroom takes the general statement (which finds nothing)."""
    saved = check_event_filters(tag=["a"], from_="2015")
    assert tag_range(check_event_filters(), Scope(newsroom="demo", saved=saved)).newsroom == "demo"
    partner = check_event_filters(tag=["a"], newsroom="partner")
    assert tag_range(check_event_filters(), Scope(newsroom="demo", saved=partner)).newsroom == "partner"
    assert (
        tag_range(check_event_filters(newsroom="demo"), Scope(newsroom="demo", saved=saved)).newsroom
        == "demo"
    )
    assert tag_range(check_event_filters(newsroom="rival"), Scope(newsroom="demo", saved=saved)) is None
    assert tag_range(check_event_filters(tag=["a"], newsroom="rival")).newsroom == "rival"
    assert tag_range(check_event_filters(tag=["a"])).newsroom is None
