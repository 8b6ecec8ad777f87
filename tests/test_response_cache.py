"""The response cache (service/cache.py): anonymous GETs are served from memory until a write, by
whoever, empties what it changed; keyed reads and private answers never come from it; without its
listener it is off."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import asyncpg
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.cache import ChangeFeed, Entry, Generation, ResponseCache, generation_of, response_cache
from service.config import load_settings
from service.demo.seed import demo_id
from service.events.document import rebuild_docs
from tests.conftest import app_settings

EVENT = demo_id("event", "summit")
PATH = f"/v1/events/{EVENT}"
PAGE = "/v1/timelines/xi-putin-summit/events"


def run_sql(dsn: str, sql: str, *args: object, triggers: bool = True) -> None:
    """Write directly; with `triggers=False` as a replica applies changes: no trigger fires, so no
    notification is sent and a cached response stays as it was (which shows it was cached). The event
    documents are rebuilt as the triggers would have, so the database does say the new thing."""

    async def run() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            if not triggers:
                await conn.execute("SET session_replication_role = replica")
            await conn.execute(sql, *args)
            if not triggers:
                await rebuild_docs(conn)
        finally:
            await conn.close()

    asyncio.run(run())


def eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def cached(db_url: str) -> Iterator[TestClient]:
    """An anonymous client whose app's change listener is connected."""
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as test_client:
        assert eventually(lambda: test_client.app.state.change_feed.live)
        yield test_client


def title(client: TestClient, **kw: object) -> str:
    response = client.get(PATH, **kw)
    assert response.status_code == 200, response.text
    return response.json()["title"]


def test_a_write_without_notification_is_not_seen_so_the_answer_was_cached(cached, db_url):
    original = title(cached)
    run_sql(db_url, "UPDATE events SET title = 'Renamed quietly' WHERE id = $1", EVENT, triggers=False)
    assert title(cached) == original  # from the cache
    # the same write with its notification empties it
    run_sql(db_url, "UPDATE events SET title = 'Renamed aloud' WHERE id = $1", EVENT)
    assert eventually(lambda: title(cached) == "Renamed aloud")


def test_keyed_reads_never_come_from_the_cache(cached, client, db_url):
    title(cached)
    run_sql(db_url, "UPDATE events SET title = 'Renamed quietly' WHERE id = $1", EVENT, triggers=False)
    assert title(client) == "Renamed quietly"  # a key's request goes to the database


def test_a_write_through_the_api_is_seen_at_once_by_every_app(cached, client, anon):
    before = cached.get(PAGE).json()
    assert title(anon) == title(cached)
    patched = client.patch(PATH, json={"title": "Edited by an editor"})
    assert patched.status_code == 200, patched.text
    assert title(cached) == "Edited by an editor" and title(anon) == "Edited by an editor"
    assert cached.get(PAGE).json() != before


def test_conditional_gets_are_answered_from_the_cache(cached, db_url):
    first = cached.get(PAGE, params={"limit": 3})
    etag = first.headers["etag"]
    again = cached.get(PAGE, params={"limit": 3}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and again.headers["cache-control"].startswith("public")
    listed = uuid.UUID(first.json()["items"][0]["id"])
    run_sql(db_url, "UPDATE events SET title = 'Renamed quietly' WHERE id = $1", listed, triggers=False)
    stale = cached.get(PAGE, params={"limit": 3}, headers={"If-None-Match": etag})
    assert stale.status_code == 304  # from the cache: the application would now give the page another ETag
    other = cached.get(PAGE, params={"limit": 3}, headers={"If-None-Match": '"1-0000000000000000"'})
    assert other.status_code == 200 and other.json() == first.json()
    # a 304 the first time too: the cache asks for the whole page, keeps it, and answers the condition
    fresh = cached.get(PAGE, params={"limit": 4})
    run_sql(db_url, "UPDATE timelines SET title = title WHERE slug = 'xi-putin-summit'")
    assert eventually(
        lambda: (
            cached.get(
                PAGE, params={"limit": 4}, headers={"If-None-Match": fresh.headers["etag"]}
            ).status_code
            == 304
        )
    )
    assert first.headers["link"].startswith("<http://testserver.local/")


def test_the_host_is_part_of_the_key(cached):
    one = cached.get(PAGE, params={"limit": 1}, headers={"Host": "one.example"})
    two = cached.get(PAGE, params={"limit": 1}, headers={"Host": "two.example"})
    assert "one.example" in one.headers["link"] and "two.example" in two.headers["link"]


def test_only_public_200s_are_kept(cached, client, db_url):
    assert client.delete(PATH).status_code == 204
    assert cached.get(PATH).status_code == 404
    run_sql(db_url, "UPDATE events SET deleted_at = NULL WHERE id = $1", EVENT, triggers=False)
    assert cached.get(PATH).status_code == 200  # the 404 was not kept
    query = {"status": "published", "limit": 200}
    private = cached.get("/v1/events", params=query)
    assert private.headers["cache-control"].startswith("private") and private.json()["items"]
    run_sql(db_url, "UPDATE events SET title = 'Renamed quietly' WHERE id = $1", EVENT, triggers=False)
    assert "Renamed quietly" in [e["title"] for e in cached.get("/v1/events", params=query).json()["items"]]


def test_without_its_listener_nothing_is_cached(cached, db_url):
    feed = cached.app.state.change_feed
    title(cached)
    run_sql(
        db_url,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'dateline-listen'"
        " AND datname = current_database()",
    )
    assert eventually(lambda: not feed.live, seconds=0.4)  # it notices at once (and retries after 0.5 s)
    run_sql(db_url, "UPDATE events SET title = 'While deaf' WHERE id = $1", EVENT, triggers=False)
    assert title(cached) == "While deaf"  # straight from the database
    assert eventually(lambda: feed.live)  # it reconnects by itself
    seen = feed.invalidations
    run_sql(db_url, "UPDATE events SET title = 'Back' WHERE id = $1", EVENT)
    # its notice has come: a read before that could be kept, then emptied by the notice
    assert eventually(lambda: feed.invalidations > seen)
    assert title(cached) == "Back"
    run_sql(db_url, "UPDATE events SET title = 'Quiet again' WHERE id = $1", EVENT, triggers=False)
    assert title(cached) == "Back"  # cached once more


def test_the_cache_keeps_at_most_its_capacity_least_recently_used_out():
    feed = ChangeFeed()
    cache = ResponseCache(capacity=100, feed=feed)
    g = feed.generation.value
    for i in range(5):
        cache.put(("h", f"/{i}", b""), Entry(g, 200, [(b"etag", f'"{i}"'.encode())], b"x" * 30))
    assert cache.size <= 100 and len(cache.entries) == 3
    assert cache.get(("h", "/0", b"")) is None and cache.get(("h", "/4", b"")) is not None
    assert cache.validator(("h", "/0", b"")).etag == b'"0"'  # its validator outlives its body
    cache.put(("h", "/big", b""), Entry(g, 200, [], b"x" * 101))  # bigger than the whole cache: not kept
    assert cache.get(("h", "/big", b"")) is None
    feed.generation.bump()
    assert (
        cache.get(("h", "/4", b"")) is None and cache.validator(("h", "/0", b"")) is None
    )  # a new generation


def test_a_write_in_another_process_of_the_host_empties_this_ones_cache_of_the_same_database(cached, db_url):
    """Workers of one database on a host share its generation; another database's (another deployment, a
    test run beside this one) is its own, so its writes and listeners leave these caches alone."""
    generation = cached.app.state.change_feed.generation
    assert generation is generation_of(db_url)

    def bump_in_another_process(database: str) -> None:
        code = f"from service.cache import generation_of; generation_of({database!r}).bump()"
        subprocess.run([sys.executable, "-c", code], check=True)

    before = generation.value
    another = db_url.replace("/dateline_t_", "/another_")
    bump_in_another_process(another)
    Generation.file_of(another).unlink()
    assert generation.value == before
    bump_in_another_process(db_url)
    assert generation.value != before


def test_a_304_comes_from_the_kept_etag_after_the_body_is_gone(db_url):
    settings = app_settings(db_url, response_cache_bytes=1)  # no body fits: only validators are kept
    with TestClient(create_app(settings), base_url="http://testserver.local") as small:
        assert eventually(lambda: small.app.state.change_feed.live)
        etag = small.get(PATH).headers["etag"]
        run_sql(db_url, "UPDATE events SET title = 'Renamed quietly' WHERE id = $1", EVENT, triggers=False)
        assert small.get(PATH, headers={"If-None-Match": etag}).status_code == 304  # from the kept ETag
        assert title(small) == "Renamed quietly"  # the body itself was not kept


def test_a_burst_of_misses_for_one_page_makes_it_once():
    """Concurrent first readers of a page (an article going viral, or everyone just after a write) wait
    for the one request that makes it. The cache is ASGI middleware; below it here, an application that
    counts how often it is asked."""
    made = 0

    async def application(scope, receive, send) -> None:
        nonlocal made
        made += 1
        await asyncio.sleep(0.05)  # a page that takes a while to make
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"etag", b'"1-abc"'), (b"cache-control", b"public, max-age=60")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"items": []}'})

    feed = ChangeFeed()
    feed.live = True
    cached_app = response_cache(load_settings({}), feed)(application)

    async def get(path: str) -> tuple[int, bytes]:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"limit=3",
                 "headers": [(b"host", b"testserver.local")]}  # fmt: skip
        await cached_app(scope, None, send)
        return sent[0]["status"], sent[1]["body"]

    async def burst() -> list[tuple[int, bytes]]:
        return await asyncio.gather(*(get("/v1/timelines/viral/events") for _ in range(20)))

    assert asyncio.run(burst()) == [(200, b'{"items": []}')] * 20
    assert made == 1
    feed.generation.bump()  # a write: the next burst makes it once more
    assert asyncio.run(burst()) == [(200, b'{"items": []}')] * 20
    assert made == 2
