"""Hidden sources (QUALITY.md 18): a source made by a draft's inline citation is the draft's newsroom's
alone until an event citing it is public; to anyone else every source read answers as if it did not exist.

Each family of writes (an event created with inline sources, citations added to a draft, imports of
NDJSON, our CSV and TimelineJS, the `dateline import` command) makes a rival newsroom's draft cite new
sources by URL. Every source read (the list, `?url=`, `?q=`, `?newsroom=`, one source, its history, the
events filtered by it, citing it by id) is taken by an anonymous caller and by another newsroom's key before
and after: each answer must be the same, byte for byte (a read by id is compared with the same read of an
id that never existed). The rival's own key finds each source, so every probe is one that could show it.
Once an event citing a source is published, the source is public, and it stays so.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.config import load_settings
from service.demo.seed import demo_id
from service.imports import cli
from service.migrate import downgrade, upgrade
from tests.conftest import app_settings, fetch
from tests.security import newsrooms
from tests.security.newsrooms import World, answer, created, ok

SINCE = "2000-01-01T00:00:00Z"
NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}
JSON = {"Content-Type": "application/json"}

world = newsrooms.world  # the fixture: two newsrooms and an anonymous reader


class Hidden:
    """The new sources of one family's drafts: their URLs, a word only they contain (title, publisher)."""

    def __init__(self, family: str, count: int = 2) -> None:
        self.word = f"hid{uuid.uuid4().hex[:10]}"
        self.urls = [f"https://secret.example/{family}/{self.word}/{i}?utm_source=x" for i in range(count)]

    def source(self, url: str) -> dict[str, Any]:
        return {"url": url, "title": f"Leaked memo {self.word}", "publisher": f"Wire {self.word}"}

    def canonical(self, url: str) -> str:
        return url.split("?")[0]


def _draft(client: TestClient, hidden: Hidden, urls: list[str]) -> dict:
    return created(
        client.post(
            "/v1/events",
            json={
                "title": f"Draft {hidden.word}",
                "date": "2021-12-15",
                "status": "draft",
                "citations": [
                    {"source": hidden.source(u), "quote": "a passage", "stance": "supports"} for u in urls
                ],
            },
        )
    )


def by_create(world: World, hidden: Hidden, tmp_path: Path) -> None:
    _draft(world.rival, hidden, hidden.urls)


def by_citations(world: World, hidden: Hidden, tmp_path: Path) -> None:
    draft = _draft(world.rival, hidden, [])
    for url in hidden.urls:
        created(
            world.rival.post(
                f"/v1/events/{draft['id']}/citations",
                json={"source": hidden.source(url), "quote": "a passage", "stance": "supports"},
            )
        )


def _ndjson(hidden: Hidden) -> str:
    rows = [
        {
            "title": f"Imported draft {hidden.word} {i}",
            "date": "2021-12-15",
            "status": "draft",
            "citations": [{"source": hidden.source(url), "quote": "a passage", "stance": "supports"}],
        }
        for i, url in enumerate(hidden.urls)
    ]
    return "\n".join(json.dumps(row) for row in rows) + "\n"


def by_ndjson(world: World, hidden: Hidden, tmp_path: Path) -> None:
    created(world.rival.post("/v1/import", content=_ndjson(hidden), headers=NDJSON))


def by_csv(world: World, hidden: Hidden, tmp_path: Path) -> None:
    rows = "".join(
        f"Imported draft {hidden.word},2021-12-15,draft,{url},Leaked memo {hidden.word},Wire {hidden.word},"
        "a passage,supports\n"
        for url in hidden.urls
    )
    header = (
        "title,date,status,citation_1_url,citation_1_title,citation_1_publisher,citation_1_quote,"
        "citation_1_stance\n"
    )
    created(world.rival.post("/v1/import", content=header + rows, headers=CSV))


def by_timelinejs(world: World, hidden: Hidden, tmp_path: Path) -> None:
    """TimelineJS: a quote that only disputes leaves the event a draft, its source made."""
    doc = {
        "events": [
            {
                "start_date": {"year": 2021, "month": 12},
                "text": {
                    "headline": f"Slide {hidden.word}",
                    "text": f'<a href="{url}">Leaked memo {hidden.word}</a> '
                    f'<q cite="{url}" data-stance="disputes">No.</q>',
                },
            }
            for url in hidden.urls
        ]
    }
    report = created(world.rival.post("/v1/import", content=json.dumps(doc), headers=JSON))
    assert report["published"] == 0, report


def by_command(world: World, hidden: Hidden, tmp_path: Path) -> None:
    path = tmp_path / f"{hidden.word}.ndjson"
    path.write_text(_ndjson(hidden), encoding="utf-8")
    code = cli.run_import(world.dsn, load_settings(), paths=[path], newsroom="rival", fmt=None, jobs=1)
    assert code == 0


FAMILIES: dict[str, Callable[[World, Hidden, Path], None]] = {
    "api-create": by_create, "api-citations": by_citations, "import-ndjson": by_ndjson, "import-csv": by_csv,
    "import-timelinejs": by_timelinejs, "command-import": by_command,
}  # fmt: skip


def list_urls(hidden: Hidden) -> list[str]:
    """Every list of sources that could show the hidden ones."""
    urls = ["/v1/sources", "/v1/sources?limit=200", "/v1/sources?newsroom=rival",
            "/v1/sources?newsroom=rival&limit=1", f"/v1/sources?q={hidden.word}",
            f"/v1/sources?q=Wire+{hidden.word}&newsroom=rival", "/v1/sources?q=leaked"]  # fmt: skip
    for url in hidden.urls:
        urls += [
            f"/v1/sources?{urlencode({'url': url})}",
            f"/v1/sources?{urlencode({'url': hidden.canonical(url), 'newsroom': 'rival'})}",
        ]
    return urls


# Reads of one source by its id; each is compared with the same read of an id that never existed.
BY_ID = [
    "/v1/sources/{id}",
    "/v1/sources/{id}/revisions",
    "/v1/events?source={id}",
    f"/v1/events?source={{id}}&updated_since={SINCE}",
    "/v1/tags?source={id}",
]


def as_if_missing(client: TestClient, template: str, source_id: str) -> tuple[tuple, tuple]:
    """The answer about `source_id`, and that about an id never used with the id written in its place."""
    never = str(uuid.uuid4())
    got = answer(client, template.format(id=source_id))
    missing = answer(client, template.format(id=never))
    return got, tuple(
        v.replace(never, source_id)
        if isinstance(v, str)
        else v.replace(never.encode(), source_id.encode())
        if isinstance(v, bytes)
        else v
        for v in missing
    )


def cite_by_id(client: TestClient, source_id: str) -> tuple[int, Any]:
    response = client.post(
        "/v1/events",
        json={
            "title": "Citing by id",
            "date": "2021",
            "status": "draft",
            "citations": [{"source_id": source_id, "quote": "q", "stance": "supports"}],
        },
    )
    return response.status_code, response.text


def own_ids(world: World, hidden: Hidden) -> list[str]:
    """The rival's own key finds each hidden source by URL: the probes could show them."""
    ids = []
    for url in hidden.urls:
        page = ok(world.rival.get("/v1/sources", params={"url": url, "newsroom": "rival"}))
        assert [s["url"] for s in page["items"]] == [hidden.canonical(url)], page
        ids.append(page["items"][0]["id"])
        assert ok(world.rival.get(f"/v1/sources/{ids[-1]}"))["id"] == ids[-1]
    assert len(ok(world.rival.get("/v1/sources", params={"q": hidden.word}))["items"]) == len(hidden.urls)
    return ids


@pytest.mark.parametrize("family", FAMILIES)
def test_a_drafts_new_sources_change_no_answer(world: World, family: str, tmp_path: Path):
    hidden = Hidden(family)
    lists = list_urls(hidden)
    before = {(who, url): answer(client, url) for who, client in world.callers().items() for url in lists}

    FAMILIES[family](world, hidden, tmp_path)
    ids = own_ids(world, hidden)

    after = {(who, url): answer(client, url) for who, client in world.callers().items() for url in lists}
    changed = [f"{who}: {url}" for who, url in before if before[who, url] != after[who, url]]
    for (who, client), template, source_id in (
        (c, t, i) for c in world.callers().items() for t in BY_ID for i in ids
    ):
        got, missing = as_if_missing(client, template, source_id)
        if got != missing:
            changed.append(f"{who}: {template.format(id=source_id)}")
    for source_id in ids:  # citing it by id: the same 422 as an id that never existed
        never = str(uuid.uuid4())
        status, text = cite_by_id(world.demo, never)
        if cite_by_id(world.demo, source_id) != (status, text.replace(never, source_id)):
            changed.append(f"other newsroom: cite {source_id}")
    compared = len(before) + len(world.callers()) * len(BY_ID) * len(ids) + len(ids)
    print(f"hidden-source probes ({family}): {compared} answers compared, {len(changed)} changed")
    assert changed == [], f"{len(changed)} of {compared} answers changed:\n" + "\n".join(changed[:40])


def _publish_by_patch(world: World, hidden: Hidden, ids: list[str], draft: dict) -> None:
    ok(world.rival.patch(f"/v1/events/{draft['id']}", json={"status": "published"}))


def _publish_new_event_by_id(world: World, hidden: Hidden, ids: list[str], draft: dict) -> None:
    created(
        world.rival.post(
            "/v1/events",
            json={
                "title": "Published",
                "date": "2021",
                "status": "published",
                "citations": [{"source_id": i, "quote": "q", "stance": "supports"} for i in ids],
            },
        )
    )


def _cite_from_published(world: World, hidden: Hidden, ids: list[str], draft: dict) -> None:
    event = created(
        world.rival.post(
            "/v1/events",
            json={
                "title": "Published",
                "date": "2021",
                "status": "published",
                "citations": [
                    {
                        "source": {"url": f"https://example.org/{uuid.uuid4().hex}", "title": "Other"},
                        "quote": "q",
                        "stance": "supports",
                    }
                ],
            },
        )
    )
    for source_id in ids:
        created(
            world.rival.post(
                f"/v1/events/{event['id']}/citations",
                json={"source_id": source_id, "quote": "q", "stance": "context"},
            )
        )


def _import_published_by_url(world: World, hidden: Hidden, ids: list[str], draft: dict) -> None:
    rows = [
        {
            "title": "Imported",
            "date": "2021",
            "status": "published",
            "citations": [{"source": hidden.source(url), "quote": "q", "stance": "supports"}],
        }
        for url in hidden.urls
    ]
    body = "\n".join(json.dumps(row) for row in rows) + "\n"
    created(world.rival.post("/v1/import", content=body, headers=NDJSON))


PUBLISHERS = {
    "patch-status": _publish_by_patch, "create-published-by-id": _publish_new_event_by_id,
    "cite-from-published": _cite_from_published, "import-published-by-url": _import_published_by_url,
}  # fmt: skip


@pytest.mark.parametrize("how", PUBLISHERS)
def test_a_source_is_public_once_an_event_citing_it_is(world: World, how: str):
    """Published by any write, a source shows to everyone, and stays public when the event is a draft
    again or is deleted: what was published was seen, and events that others cite may rely on it."""
    hidden = Hidden(how)
    draft = _draft(world.rival, hidden, hidden.urls)
    ids = own_ids(world, hidden)
    for client in world.callers().values():
        assert {client.get(f"/v1/sources/{i}").status_code for i in ids} == {404}

    PUBLISHERS[how](world, hidden, ids, draft)
    for client in world.callers().values():
        for source_id, url in zip(ids, hidden.urls, strict=True):
            assert ok(client.get(f"/v1/sources/{source_id}"))["url"] == hidden.canonical(url)
            found = ok(client.get("/v1/sources", params={"url": url}))["items"]
            assert [s["id"] for s in found] == [source_id]

    world.rival.patch(f"/v1/events/{draft['id']}", json={"status": "draft"})
    if how != "patch-status":
        assert world.rival.delete(f"/v1/events/{draft['id']}").status_code == 204
    for client in world.callers().values():
        assert {client.get(f"/v1/sources/{i}").status_code for i in ids} == {200}


def test_own_newsroom_reuses_its_hidden_source_by_url(world: World):
    """An inline citation of the same URL in another draft of the newsroom finds its hidden source."""
    hidden = Hidden("reuse", count=1)
    _draft(world.rival, hidden, hidden.urls)
    [source_id] = own_ids(world, hidden)
    again = _draft(world.rival, hidden, hidden.urls)
    assert [c["source"]["id"] for c in again["citations"]] == [source_id]
    assert world.anon.get(f"/v1/sources/{source_id}").status_code == 404


def test_a_source_made_on_its_own_is_public_at_once(world: World):
    url = f"https://example.org/{uuid.uuid4().hex}"
    source = created(world.rival.post("/v1/sources", json={"url": url, "title": "On its own"}))
    for client in world.callers().values():
        assert ok(client.get(f"/v1/sources/{source['id']}"))["id"] == source["id"]


PUBLIC = "SELECT url, published_at IS NOT NULL AS public FROM sources WHERE url LIKE 'https://m.example/%'"


def test_migration_publishes_what_was_seen_and_the_trigger_follows_writes_outside_the_service(db_url: str):
    """At 0011: a source cited by no event, one cited by a published event, one by a draft that was public
    once, one only by a draft never public. Upgrading hides only the last; a write made outside the service
    (psql) that publishes its event publishes it; downgrading drops the column."""
    downgrade(db_url, "0011")
    never, once, pub = (demo_id("event", key) for key in ("icarus", "mclaren", "summit"))
    made = {
        r["url"]: r["id"]
        for r in fetch(
            db_url,
            (
                "INSERT INTO sources (newsroom, url, title) VALUES "
                "('demo', 'https://m.example/alone', 'Alone'), "
                "('demo', 'https://m.example/drafted', 'Drafted'), "
                "('demo', 'https://m.example/once', 'Once'), "
                "('demo', 'https://m.example/pub', 'Pub') "
                "RETURNING url, id"
            ),
        )
    }
    for name, event_id in (("drafted", never), ("once", once), ("pub", pub)):
        source_id = made[f"https://m.example/{name}"]
        fetch(
            db_url,
            "INSERT INTO citations (newsroom, event_id, source_id, quote) VALUES ('demo', $1, $2, 'q')",
            event_id,
            source_id,
        )
    fetch(db_url, "UPDATE events SET status = 'draft' WHERE id = ANY($1::uuid[])", [never, once])
    fetch(db_url, "DELETE FROM event_public_docs WHERE event_id = $1", never)  # a draft never public

    upgrade(db_url)
    public = {r["url"].rsplit("/", 1)[1]: r["public"] for r in fetch(db_url, PUBLIC)}
    assert public == {"alone": True, "drafted": False, "once": True, "pub": True}
    with TestClient(create_app(app_settings(db_url)), base_url=newsrooms.BASE) as anon:
        assert anon.get(f"/v1/sources/{made['https://m.example/drafted']}").status_code == 404
        fetch(db_url, "UPDATE events SET status = 'published' WHERE id = $1", never)
        assert anon.get(f"/v1/sources/{made['https://m.example/drafted']}").status_code == 200
    fetch(db_url, "UPDATE events SET status = 'draft' WHERE id = $1", never)
    assert all(r["public"] for r in fetch(db_url, PUBLIC))

    downgrade(db_url, "0011")
    assert (
        fetch(
            db_url,
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'sources' AND column_name = 'published_at'",
        )
        == []
    )
    upgrade(db_url)
