"""Each invalidation path on its own (service/cache.py, migration 0014): a write's own transaction
empties what it changed on its host with the database's notifications switched off; a write that
bypasses the service (psql) is emptied by the notification; a draft's change empties nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from service.metrics import CACHE_MISS
from tests.conftest import app_settings, create_key, fetch
from tests.test_response_cache import eventually, run_sql

EVENT, OTHER = demo_id("event", "summit"), demo_id("event", "mclaren")
TIMELINE = "xi-putin-summit"


@contextmanager
def app(db_url: str, key: str | None = None, **overrides: object) -> Iterator[TestClient]:
    with TestClient(
        create_app(app_settings(db_url, **overrides)), base_url="http://testserver.local"
    ) as client:
        if key is not None:
            client.headers["Authorization"] = f"Bearer {key}"
        assert eventually(lambda: client.app.state.change_feed.live)
        yield client


def title(client: TestClient, event: object) -> str:
    response = client.get(f"/v1/events/{event}")
    assert response.status_code == 200, response.text
    return response.json()["title"]


def silence(db_url: str) -> None:
    """Switch the database's change notifications off (connections opened from now on)."""
    fetch(db_url, f"ALTER DATABASE {urlsplit(db_url).path.lstrip('/')} SET dateline.notify = 'off'")


def heard_up_to_now(db_url: str, client: TestClient) -> None:
    """Wait until the listener has heard every notification committed before this call: PostgreSQL
    delivers them in commit order, so once a marker sent now has come, all earlier ones have."""
    feed = client.app.state.change_feed
    seen = feed.invalidations
    run_sql(db_url, "SELECT pg_notify('dateline_changes', 'marker')")
    assert eventually(lambda: feed.invalidations > seen)


def outbox(db_url: str) -> list[list[str]]:
    return [row["keys"] for row in fetch(db_url, "SELECT keys FROM purge_outbox ORDER BY id")]


@pytest.fixture(autouse=True)
def purged(db_url: str) -> None:
    """The outbox as a purger leaves it: the demo data's own keys (from its seeding) are sent."""
    fetch(db_url, "DELETE FROM purge_outbox")


def test_the_writers_own_transaction_empties_what_it_changed_with_notifications_off(db_url, template_db):
    silence(db_url)
    with app(db_url) as anon, app(db_url, template_db.admin_key) as writer:
        assert title(anon, EVENT) != "Edited by its newsroom"
        page = anon.get(f"/v1/timelines/{TIMELINE}/events").json()
        patched = writer.patch(f"/v1/events/{EVENT}", json={"title": "Edited by its newsroom"})
        assert patched.status_code == 200, patched.text
        # at once, through another app of the host, with no notification to help
        assert title(anon, EVENT) == "Edited by its newsroom"
        assert anon.get(f"/v1/timelines/{TIMELINE}/events").json() != page
        # and the notifications are indeed off while the cache is on: a psql write is not seen
        before = title(anon, OTHER)
        run_sql(db_url, "UPDATE events SET title = 'Written by psql' WHERE id = $1", OTHER)
        heard_up_to_now(db_url, anon)
        assert title(anon, OTHER) == before


def test_a_write_that_bypasses_the_service_is_emptied_by_its_notification(db_url):
    with app(db_url) as anon:
        other = title(anon, OTHER)
        title(anon, EVENT)
        run_sql(db_url, "UPDATE events SET title = 'Quietly' WHERE id = $1", OTHER, triggers=False)
        run_sql(db_url, "UPDATE events SET title = 'Written by psql' WHERE id = $1", EVENT)
        assert eventually(lambda: title(anon, EVENT) == "Written by psql")
        assert title(anon, OTHER) == other  # not a flush: the other event's answer is still the kept one


def test_a_change_records_its_keys_in_the_outbox_and_names_them_in_its_notification(db_url):
    with app(db_url) as anon:
        assert outbox(db_url) == []
        run_sql(db_url, "UPDATE events SET title = 'Written by psql' WHERE id = $1", EVENT)
        [keys] = outbox(db_url)
        assert {f"ev-{EVENT}", "list-events", "list-tags", f"tl-{TIMELINE}", "misc"} <= set(keys)
        assert not {f"ev-{OTHER}", "all"} & set(keys)
        everything = anon.app.state.change_feed.generation.value
        heard_up_to_now(db_url, anon)
        assert anon.app.state.change_feed.generation.value == everything  # only its keys moved


def test_a_change_too_big_for_a_notification_empties_everything(db_url):
    with app(db_url) as anon:
        everything = anon.app.state.change_feed.generation.value
        run_sql(
            db_url,
            "INSERT INTO entities (newsroom, name, kind) "
            "SELECT 'demo', 'Entity ' || i, 'other' FROM generate_series(1, 400) i",
        )
        [keys] = outbox(db_url)
        assert len(keys) == 402 and len(" ".join(keys)) > 8000  # all of them, for the edge
        assert eventually(lambda: anon.app.state.change_feed.generation.value != everything)


def test_a_truncate_empties_everything(db_url):
    with app(db_url) as anon:
        everything = anon.app.state.change_feed.generation.value
        run_sql(db_url, "TRUNCATE timelines")
        assert outbox(db_url) == [["all", "misc"]]
        assert eventually(lambda: anon.app.state.change_feed.generation.value != everything)


HOT = ["/v1/events", f"/v1/events/{EVENT}", f"/v1/timelines/{TIMELINE}/events",
       f"/embed/timelines/{TIMELINE}",
       "/v1/tags", "/v1/sources", "/v1/timelines"]  # fmt: skip


@pytest.mark.parametrize("writer", ["api", "psql"])
def test_drafts_invalidate_nothing(db_url, writer):
    rival = create_key(db_url, "rival", "editor")
    with app(db_url) as anon, app(db_url, rival) as editor:
        for path in HOT:
            assert anon.get(path).status_code == 200
        misses = CACHE_MISS._value.get()
        heard_up_to_now(db_url, anon)
        invalidations = anon.app.state.change_feed.invalidations
        if writer == "api":
            draft = editor.post(
                "/v1/events",
                json={
                    "title": "A rival's draft",
                    "date": "2021-12-15",
                    "tags": ["russia-china"],
                    "citations": [{"source": {"url": "https://rival.example/a", "title": "A"}, "quote": "q"}],
                },
            )
            assert draft.status_code == 201, draft.text
            where = f"/v1/events/{draft.json()['id']}"
            assert editor.patch(where, json={"title": "Still a draft"}).status_code == 200
            assert editor.delete(where).status_code == 204
            assert editor.post(f"{where}/restore").status_code == 200
            timeline = editor.post(
                "/v1/timelines",
                json={"slug": "rival-draft", "title": "T", "filter": {"tag": ["russia-china"]}},
            )
            assert timeline.status_code == 201, timeline.text
            assert editor.patch("/v1/timelines/rival-draft", json={"title": "T2"}).status_code == 200
        else:
            run_sql(db_url, "UPDATE events SET title = title || '!' WHERE status = 'draft'")
        heard_up_to_now(db_url, anon)
        assert anon.app.state.change_feed.invalidations == invalidations + 1  # the marker's only
        assert outbox(db_url) == []
        for path in HOT:
            assert anon.get(path).status_code == 200
        assert CACHE_MISS._value.get() == misses
        # a public change does miss: the count above could have moved
        run_sql(db_url, "UPDATE events SET title = 'Public' WHERE id = $1", EVENT)
        assert eventually(lambda: title(anon, EVENT) == "Public")
        assert CACHE_MISS._value.get() > misses and outbox(db_url)
