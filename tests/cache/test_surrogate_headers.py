"""Surrogate keys on public answers (service/surrogate.py): an edge cache keeps them long and purges them
by key; keyed answers never carry them; a page of many events carries a bounded header."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.demo.seed import demo_id
from tests.conftest import fetch

EVENT = demo_id("event", "summit")
SLUG = "xi-putin-summit"
PUBLIC = [
    ("/v1/events", "list-events"),
    ("/v1/events?limit=200", "list-events"),
    (f"/v1/events/{EVENT}", f"ev-{EVENT}"),
    (f"/v1/events/{str(EVENT).upper()}", f"ev-{EVENT}"),
    ("/v1/timelines", "list-timelines"),
    (f"/v1/timelines/{SLUG}", f"tl-{SLUG}"),
    (f"/v1/timelines/{SLUG}/events?limit=200", f"tl-{SLUG}"),
    (f"/v1/timelines/{SLUG}/export/ics", f"tl-{SLUG}"),
    (f"/embed/timelines/{SLUG}", f"tl-{SLUG}"),
    (f"/oembed?url=https://example.org/embed/timelines/{SLUG}", f"tl-{SLUG}"),
    ("/v1/sources", "list-sources"),
    ("/v1/entities", "list-entities"),
    ("/v1/tags", "list-tags"),
]


@pytest.mark.parametrize(("path", "key"), PUBLIC)
def test_public_answers_name_their_keys_for_every_edge(reader, path, key):
    response = reader.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["surrogate-key"] == f"{key} all"
    assert response.headers["cache-tag"] == f"{key},all"
    assert response.headers["surrogate-control"] == "max-age=86400"
    assert response.headers["cdn-cache-control"] == "max-age=86400"
    assert (
        response.headers["cache-control"] == reader.app.state.settings.cache_control_public
    )  # browsers: as before


def test_one_source_and_one_entity_by_id(reader):
    for listing, prefix in (("/v1/sources", "src"), ("/v1/entities", "ent")):
        item = reader.get(listing).json()["items"][0]["id"]
        assert reader.get(f"{listing}/{item}").headers["surrogate-key"] == f"{prefix}-{item} all"


@pytest.mark.parametrize(("path", "key"), PUBLIC)
def test_keyed_answers_carry_no_surrogate_headers(client, path, key):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["cache-control"].startswith("private")
    for name in ("surrogate-key", "cache-tag", "surrogate-control", "cdn-cache-control"):
        assert name not in response.headers


def test_a_page_of_200_events_names_the_list_not_each_event(client, anon, db_url):
    template = fetch(
        db_url, "SELECT id FROM events WHERE status = 'published' AND deleted_at IS NULL LIMIT 1"
    )[0]
    columns = fetch(
        db_url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' "
        "AND is_generated = 'NEVER' AND column_name <> 'id'",
    )
    listed = ", ".join(row["column_name"] for row in columns)
    fetch(
        db_url,
        f"INSERT INTO events ({listed}) SELECT {listed} FROM events, generate_series(1, 200) "  # noqa: S608 - the catalogue's column names
        "WHERE id = $1",
        template["id"],
    )
    page = anon.get("/v1/events", params={"limit": 200})
    assert len(page.json()["items"]) == 200
    assert page.headers["surrogate-key"] == "list-events all"
    assert len(page.headers["surrogate-key"]) + len(page.headers["cache-tag"]) < 64


def test_errors_and_other_paths_are_not_public_or_name_misc(reader):
    missing = reader.get("/v1/events/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "surrogate-key" not in missing.headers


def test_the_document_declares_them_on_public_reads_only():
    document = json.loads((Path(__file__).parents[2] / "openapi" / "openapi.json").read_text())
    declared = {
        path
        for path, item in document["paths"].items()
        if "Surrogate-Key" in item.get("get", {}).get("responses", {}).get("200", {}).get("headers", {})
    }
    assert declared == {
        "/embed/timelines/{slug}",
        "/oembed",
        "/v1/entities",
        "/v1/entities/{entity_id}",
        "/v1/events",
        "/v1/events/{event_id}",
        "/v1/events/{event_id}/citations/{citation_id}",
        "/v1/sources",
        "/v1/sources/{source_id}",
        "/v1/tags",
        "/v1/timelines",
        "/v1/timelines/{slug}",
        "/v1/timelines/{slug}/events",
        *(
            f"/v1/timelines/{{slug}}/export/{fmt}"
            for fmt in ("atom", "csljson", "csv", "ics", "jsonld", "timelinejs")
        ),
    }
