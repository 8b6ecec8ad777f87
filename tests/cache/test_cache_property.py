"""The response cache never serves what a fresh render would not: random sequences of writes of every
kind, by two newsrooms, through the API and psql (drafts, publish and unpublish, deletes and restores,
timeline edits, sources, entities, citations), each followed by reading every public URL through the
cached app and through an app without a cache on the same database, which must agree."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.cache.test_invalidation_paths import app, heard_up_to_now
from tests.conftest import app_settings, create_key, fetch
from tests.test_response_cache import run_sql

SLUGS = ("xi-putin-summit", "russia-doping")
TAGS = ("summit", "boycott", "doping", "china-russia", "elsewhere")
ENTITIES = [demo_id("entity", key) for key in ("xi", "putin", "ioc")]
SOURCES = [demo_id("source", key) for key in ("dispatch", "tass-summit", "wapo-olympics")]


class World:
    """The apps, and what the writes made so far (their URLs are read too)."""

    def __init__(
        self, db_url: str, cached: TestClient, fresh: TestClient, demo: TestClient, rival: TestClient
    ):
        self.db_url, self.cached, self.fresh, self.editors = (
            db_url,
            cached,
            fresh,
            {"demo": demo, "rival": rival},
        )
        self.events = {
            "demo": [row["id"] for row in fetch(db_url, "SELECT id FROM events ORDER BY id")],
            "rival": [],
        }
        self.citations: list[tuple[str, uuid.UUID, str]] = []  # (newsroom, event, citation)
        self.count = itertools.count()

    def urls(self) -> list[str]:
        events = [*self.events["demo"], *self.events["rival"]]
        return [
            "/v1/events?limit=200",
            "/v1/events?tag=summit",
            "/v1/tags",
            "/v1/timelines",
            "/v1/sources",
            "/v1/entities",
            *(f"/v1/events/{e}" for e in events),
            *(
                url
                for slug in SLUGS
                for url in (
                    f"/v1/timelines/{slug}",
                    f"/v1/timelines/{slug}/events?limit=200",
                    f"/embed/timelines/{slug}",
                    f"/oembed?url=https://example.org/embed/timelines/{slug}",
                )
            ),
            "/v1/timelines/rival-line",
            "/v1/timelines/rival-line/events",
            "/embed/timelines/rival-line",
            *(f"/v1/sources/{s}" for s in SOURCES),
            *(f"/v1/entities/{n}" for n in ENTITIES),
            *(f"/v1/events/{e}/citations/{c}" for _, e, c in self.citations),
        ]

    def agree(self) -> None:
        for url in self.urls():
            kept, made = self.cached.get(url), self.fresh.get(url)
            assert (kept.status_code, kept.content) == (made.status_code, made.content), url

    def fill(self) -> None:
        for url in self.urls():
            self.cached.get(url)

    # The writes: each picks its target with `n`; a refusal (a 4xx) is a write that did not happen.

    def _event(self, newsroom: str, n: int) -> uuid.UUID | None:
        events = self.events[newsroom]
        return events[n % len(events)] if events else None

    def _send(self, newsroom: str, method: str, url: str, **kw: object) -> dict | None:
        response = self.editors[newsroom].request(method, url, **kw)
        assert response.status_code < 500, response.text
        return response.json() if response.status_code in (200, 201) and response.content else None

    def create(self, newsroom: str, n: int) -> None:
        made = self._send(
            newsroom,
            "POST",
            "/v1/events",
            json={
                "title": f"Made {next(self.count)}",
                "date": f"2021-12-1{n % 10}",
                "tags": [TAGS[n % len(TAGS)]],
                "status": ("draft", "published")[n % 2],
                "citations": [
                    {"source": {"url": f"https://{newsroom}.example/{n}", "title": "A"}, "quote": "q"}
                ],
            },
        )
        if made is not None:
            self.events[newsroom].append(uuid.UUID(made["id"]))

    def edit(self, newsroom: str, n: int) -> None:
        if (event := self._event(newsroom, n)) is not None:
            self._send(
                newsroom,
                "PATCH",
                f"/v1/events/{event}",
                json={
                    "title": f"Edited {next(self.count)}",
                    "tags": [TAGS[n % len(TAGS)]],
                    "importance": 1 + n % 5,
                    "entities": [{"id": str(ENTITIES[n % 3])}] if n % 3 else [],
                    "location": {"name": "Somewhere", "country": ("RU", "CN", "US")[n % 3]},
                },
            )

    def publish(self, newsroom: str, n: int) -> None:
        if (event := self._event(newsroom, n)) is not None:
            self._send(
                newsroom, "PATCH", f"/v1/events/{event}", json={"status": ("draft", "published")[n % 2]}
            )

    def delete(self, newsroom: str, n: int) -> None:
        if (event := self._event(newsroom, n)) is not None:
            self._send(newsroom, "DELETE", f"/v1/events/{event}")

    def restore(self, newsroom: str, n: int) -> None:
        if (event := self._event(newsroom, n)) is not None:
            self._send(newsroom, "POST", f"/v1/events/{event}/restore")

    def cite(self, newsroom: str, n: int) -> None:
        if (event := self._event(newsroom, n)) is not None:
            made = self._send(
                newsroom,
                "POST",
                f"/v1/events/{event}/citations",
                json={
                    "source": {"url": f"https://{newsroom}.example/c{n}", "title": "C"},
                    "quote": f"q{n}",
                    "stance": ("supports", "disputes")[n % 2],
                },
            )
            if made is not None:
                self.citations.append((newsroom, event, made["id"]))

    def uncite(self, newsroom: str, n: int) -> None:
        mine = [c for c in self.citations if c[0] == newsroom]
        if mine:
            _, event, citation = mine[n % len(mine)]
            self._send(newsroom, "DELETE", f"/v1/events/{event}/citations/{citation}")

    def timeline(self, newsroom: str, n: int) -> None:
        if newsroom == "rival" and not fetch(
            self.db_url, "SELECT 1 FROM timelines WHERE slug = 'rival-line'"
        ):
            self._send(
                "rival", "POST", "/v1/timelines", json={"slug": "rival-line", "title": "Rival", "filter": {}}
            )
        slug = "rival-line" if newsroom == "rival" else SLUGS[n % 2]
        change = [
            {"title": f"Retitled {next(self.count)}"},
            {"status": ("draft", "published")[n // 7 % 2]},
            {
                "filter": [
                    {"any_tag": [TAGS[n % len(TAGS)]]},
                    {"tag": [TAGS[n % len(TAGS)]]},
                    {"entity": [str(ENTITIES[n % 3])]},
                    {"country": ("RU", "CN", "US")[n % 3]},
                    {"min_importance": 1 + n % 5},
                    {"newsroom": ("demo", "rival")[n % 2]},
                ][n // 4 % 6]
            },
            {"include": [str(e) for e in self.events[newsroom][-2:]]},
        ][n % 4]
        self._send(newsroom, "PATCH", f"/v1/timelines/{slug}", json=change)

    def source(self, newsroom: str, n: int) -> None:
        if newsroom == "demo":
            self._send(
                "demo",
                "PATCH",
                f"/v1/sources/{SOURCES[n % len(SOURCES)]}",
                json={"title": f"S{next(self.count)}"},
            )
        else:
            run_sql(
                self.db_url,
                "UPDATE sources SET title = $1 WHERE id = $2",
                f"S{next(self.count)}",
                SOURCES[n % 3],
            )

    def entity(self, newsroom: str, n: int) -> None:
        if newsroom == "demo":
            self._send(
                "demo",
                "PATCH",
                f"/v1/entities/{ENTITIES[n % len(ENTITIES)]}",
                json={"name": f"N{next(self.count)}"},
            )
        else:
            run_sql(
                self.db_url,
                "UPDATE entities SET name = $1 WHERE id = $2",
                f"N{next(self.count)}",
                ENTITIES[n % 3],
            )

    def psql(self, newsroom: str, n: int) -> None:
        """A write by psql: a title, a status, a deletion or a restore, in one statement."""
        if (event := self._event(newsroom, n)) is None:
            return
        sql = [
            "UPDATE events SET title = 'By psql ' || $2 WHERE id = $1",
            "UPDATE events SET deleted_at = CASE WHEN deleted_at IS NULL THEN now() END "
            "WHERE id = $1 AND $2 <> ''",
            "UPDATE events SET tags = ARRAY[$2] WHERE id = $1",
            "UPDATE events SET status = 'draft' WHERE id = $1 AND $2 <> ''",
        ][n % 4]
        run_sql(self.db_url, sql, event, TAGS[n % len(TAGS)])


WRITES = (
    "create",
    "edit",
    "publish",
    "delete",
    "restore",
    "cite",
    "uncite",
    "timeline",
    "source",
    "entity",
    "psql",
)


@pytest.fixture
def world(db_url: str, template_db) -> Iterator[World]:
    rival = create_key(db_url, "rival", "editor")
    unlimited = {"rate_limit_anon": 10**9, "rate_limit_key": 10**9}
    fresh_settings = app_settings(db_url, response_cache_bytes=0, **unlimited)
    with (
        app(db_url, **unlimited) as cached,
        TestClient(create_app(fresh_settings), base_url="http://testserver.local") as fresh,
        app(db_url, template_db.admin_key, **unlimited) as demo,
        app(db_url, rival, **unlimited) as rival_client,
    ):
        yield World(db_url, cached, fresh, demo, rival_client)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    writes=st.lists(
        st.tuples(st.sampled_from(WRITES), st.sampled_from(["demo", "rival"]), st.integers(0, 1_000)),
        min_size=1,
        max_size=6,
    )
)
def test_every_kept_answer_equals_a_fresh_render_after_every_write(world, writes):
    world.fill()
    for write, newsroom, n in writes:
        getattr(world, write)(newsroom, n)
        heard_up_to_now(world.db_url, world.cached)  # a psql write is seen once its notification is in
        world.agree()
