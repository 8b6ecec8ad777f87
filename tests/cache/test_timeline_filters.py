"""An event's change empties a timeline's kept pages exactly when the timeline's saved filter matches the
event's old or new public state, for each kind of filter the database checks (migration 0014):
an event entering or leaving the filter is seen at once; an edit of an event the filter does not match
names no key of the timeline."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.cache.test_invalidation_paths import app
from tests.conftest import app_settings, fetch

SLUG = "xi-putin-summit"
EVENT = demo_id("event", "mclaren")  # a 2016 event the timeline does not show
IOC = str(demo_id("entity", "ioc"))
PAGES = [f"/v1/timelines/{SLUG}/events?limit=200", f"/embed/timelines/{SLUG}"]
# (the saved filter, the event's fields that match it, and that do not)
CASES = {
    "tag": ({"tag": ["probe"]}, {"tags": ["probe"]}, {"tags": ["other"]}),
    "any_tag": ({"any_tag": ["probe", "more"]}, {"tags": ["more"]}, {"tags": ["other"]}),
    "entity": ({"entity": [IOC]}, {"entities": [{"id": IOC}]}, {"entities": []}),
    "country": ({"country": "FR"}, {"location": {"name": "Paris", "country": "FR"}}, {"location": None}),
    "min_importance": ({"min_importance": 5}, {"importance": 5}, {"importance": 1}),
    "newsroom": ({"newsroom": "demo", "tag": ["probe"]}, {"tags": ["probe"]}, {"tags": []}),
}


@pytest.mark.parametrize("kind", CASES)
def test_a_timeline_follows_its_filter_and_only_its_filter(db_url, template_db, kind):
    saved, matching, other = CASES[kind]
    unlimited = {"rate_limit_anon": 10**9, "rate_limit_key": 10**9}
    with (
        app(db_url, **unlimited) as cached,
        TestClient(
            create_app(app_settings(db_url, response_cache_bytes=0)), base_url="http://testserver.local"
        ) as fresh,
        app(db_url, template_db.admin_key, **unlimited) as editor,
    ):
        cleared = {"from": None, "to": None, "any_tag": None, **saved}
        assert editor.patch(f"/v1/timelines/{SLUG}", json={"filter": cleared}).status_code == 200
        assert editor.patch(f"/v1/events/{EVENT}", json=other).status_code == 200

        def agree() -> None:
            for page in PAGES:
                assert cached.get(page).content == fresh.get(page).content, page

        def keys_of_an_edit(fields: dict) -> set[str]:
            fetch(db_url, "DELETE FROM purge_outbox")
            assert editor.patch(f"/v1/events/{EVENT}", json=fields).status_code == 200
            return {key for row in fetch(db_url, "SELECT keys FROM purge_outbox") for key in row["keys"]}

        agree()
        assert f"tl-{SLUG}" not in keys_of_an_edit({"title": "Not in the timeline"})
        agree()
        assert f"tl-{SLUG}" in keys_of_an_edit(matching)  # it enters
        agree()
        assert shows_the_event(cached.get(PAGES[0]).json()) and f"tl-{SLUG}" in keys_of_an_edit(
            {"title": "In it"}
        )
        agree()
        assert f"tl-{SLUG}" in keys_of_an_edit(other)  # it leaves
        agree()
        assert not shows_the_event(cached.get(PAGES[0]).json())


def shows_the_event(page: dict) -> bool:
    return str(EVENT) in [item["id"] for item in page["items"]]
