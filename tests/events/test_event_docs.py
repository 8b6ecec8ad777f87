"""Event documents (event_docs) stay the event as its rows make it, whatever changes it."""

from __future__ import annotations

import asyncio
import json

import asyncpg
from litestar.testing import TestClient

from service.app import create_app
from service.events.document import rebuild_docs
from tests.conftest import app_settings, fetch, stale_event_docs


def _doc(dsn: str, event_id: str) -> dict:
    rows = fetch(dsn, "SELECT doc::text AS doc FROM event_docs WHERE event_id = $1::uuid", event_id)
    return json.loads(rows[0]["doc"])


def test_a_renamed_source_and_entity_reach_the_documents_and_the_pages(client, db_url):
    event = next(e for e in client.get("/v1/events", params={"limit": 200}).json()["items"] if e["entities"])
    source_id = event["citations"][0]["source"]["id"]
    entity_id = event["entities"][0]["id"]
    assert client.patch(f"/v1/sources/{source_id}", json={"title": "Renamed source"}).status_code == 200
    assert client.patch(f"/v1/entities/{entity_id}", json={"name": "Renamed entity"}).status_code == 200
    doc = _doc(db_url, event["id"])
    assert doc["citations"][0]["source"]["title"] == "Renamed source"
    assert doc["entities"][0]["name"] == "Renamed entity"
    page = client.get("/v1/events", params={"limit": 200}).json()["items"]
    again = next(e for e in page if e["id"] == event["id"])
    assert again["citations"][0]["source"]["title"] == "Renamed source"
    assert again["entities"][0]["name"] == "Renamed entity"
    assert client.get(f"/v1/events/{event['id']}").json() == again
    assert stale_event_docs(db_url) == []


def test_a_correction_and_a_citation_reach_the_documents(client, db_url):
    event = client.get("/v1/events", params={"limit": 1}).json()["items"][0]
    patched = client.patch(
        f"/v1/events/{event['id']}", json={"summary": "Fixed.", "change_note": "Typo.", "correction": True}
    )
    assert patched.status_code == 200, patched.text
    doc = _doc(db_url, event["id"])
    assert doc["summary"] == "Fixed." and [c["note"] for c in doc["corrections"]][-1] == "Typo."
    assert doc["version"] == patched.json()["version"]
    cited = client.post(
        f"/v1/events/{event['id']}/citations",
        json={
            "source_id": event["citations"][0]["source"]["id"],
            "quote": "A second look.",
            "stance": "context",
        },
    )
    assert cited.status_code == 201, cited.text
    assert "A second look." in [c["quote"] for c in _doc(db_url, event["id"])["citations"]]
    assert stale_event_docs(db_url) == []


def _as_the_service(dsn: str, *statements: tuple) -> None:
    """Write on a connection that says it keeps the documents itself (as the service's pool does),
    so the triggers stand aside: what a write path that forgot a document would leave."""

    async def run() -> None:
        conn = await asyncpg.connect(dsn, server_settings={"dateline.keeps_docs": "on"})
        try:
            for sql, *args in statements:
                await conn.execute(sql, *args)
        finally:
            await conn.close()

    asyncio.run(run())


def _not_as_sent(dsn: str) -> int:
    """Live events whose document is not stored as the API sends it (`{"object":"event",…`)."""
    return fetch(
        dsn,
        "SELECT count(*) AS n FROM events e JOIN event_docs d ON d.event_id = e.id "
        'WHERE e.deleted_at IS NULL AND left(d.doc::text, 18) <> \'{"object":"event",\'',
    )[0]["n"]


def test_pages_send_the_stored_documents_as_decoding_them_would(client, db_url):
    """The service stores each document as the API sends the event, so a page sends it as it is; one built
    by SQL (the triggers, for writes made elsewhere) is decoded and encoded. The bytes are the same."""
    created = client.post(
        "/v1/events", json={"title": "Stored as sent", "date": "2021-12-20", "tags": ["as-sent"]}
    )
    assert created.status_code == 201, created.text
    source_id = client.get("/v1/events", params={"limit": 1}).json()["items"][0]["citations"][0]["source"][
        "id"
    ]
    assert (
        client.patch(f"/v1/sources/{source_id}", json={"title": "Retitled, stored as sent"}).status_code
        == 200
    )
    assert fetch(db_url, "SELECT count(*) AS n FROM events")[0]["n"] > 10 and _not_as_sent(db_url) == 0
    with TestClient(create_app(app_settings(db_url, response_cache_bytes=0))) as uncached:
        uncached.headers["Authorization"] = client.headers["Authorization"]  # drafts too
        paths = ["/v1/events?limit=200", f"/v1/events/{created.json()['id']}"]
        sent = [uncached.get(path) for path in paths]
        assert [r.status_code for r in sent] == [200, 200] and len(sent[0].json()["items"]) > 10
        # The documents as the triggers build them: the pages decode them, and say the same bytes.
        fetch(db_url, "SELECT event_docs_refresh(ARRAY(SELECT id FROM events))")
        assert (
            _not_as_sent(db_url)
            == fetch(db_url, "SELECT count(*) AS n FROM events WHERE deleted_at IS NULL")[0]["n"]
        )
        decoded = [uncached.get(path) for path in paths]
        assert [(r.content, r.headers["etag"]) for r in decoded] == [
            (r.content, r.headers["etag"]) for r in sent
        ]
        assert stale_event_docs(db_url) == []
        # `dateline rebuild-docs` stores them as sent again.
        asyncio.run(_rebuild(db_url))
        assert _not_as_sent(db_url) == 0
        assert [uncached.get(path).content for path in paths] == [r.content for r in sent]


async def _rebuild(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await rebuild_docs(conn, batch=7)  # several batches
    finally:
        await conn.close()


def test_the_check_sees_a_document_not_stored_as_sent(db_url):
    # A document that begins as the API's encoding is sent as it is: it must be exactly that encoding.
    event_id = str(fetch(db_url, "SELECT event_id FROM event_docs LIMIT 1")[0]["event_id"])
    doc = fetch(db_url, "SELECT doc::text AS doc FROM event_docs WHERE event_id = $1::uuid", event_id)[0][
        "doc"
    ]
    assert doc.startswith('{"object":"event","id":') and stale_event_docs(db_url) == []
    spaced = doc.replace('","', '", "', 1)  # the same JSON, other bytes
    assert json.loads(spaced) == json.loads(doc)
    _as_the_service(
        db_url, ("UPDATE event_docs SET doc = $2::json WHERE event_id = $1::uuid", event_id, spaced)
    )
    assert stale_event_docs(db_url) == [event_id]
    _as_the_service(db_url, ("UPDATE event_docs SET doc = $2::json WHERE event_id = $1::uuid", event_id, doc))
    assert stale_event_docs(db_url) == []


def test_the_check_sees_a_stale_document(db_url):
    # The check the fixtures run after every writing test: it must catch a document left behind.
    event_id = str(fetch(db_url, "SELECT event_id FROM event_docs LIMIT 1")[0]["event_id"])
    assert stale_event_docs(db_url) == []
    _as_the_service(
        db_url, ("UPDATE events SET title = 'Changed behind its document' WHERE id = $1::uuid", event_id)
    )
    assert stale_event_docs(db_url) == [event_id]
    _as_the_service(db_url, ("DELETE FROM event_docs WHERE event_id = $1::uuid", event_id))
    assert stale_event_docs(db_url) == [event_id]
    _as_the_service(db_url, ("UPDATE events SET deleted_at = now() WHERE id = $1::uuid", event_id))
    assert stale_event_docs(db_url) == []


def test_writes_made_outside_the_service_are_followed_by_the_documents(db_url):
    # psql, another tool: every table an event's document reads, written directly.
    event = fetch(
        db_url,
        """SELECT e.id, c.source_id, ee.entity_id FROM events e
                             JOIN citations c ON c.event_id = e.id
                             JOIN event_entities ee ON ee.event_id = e.id
                             WHERE e.deleted_at IS NULL LIMIT 1""",
    )[0]
    writes = [
        ("UPDATE events SET title = 'Retitled in psql' WHERE id = $1", event["id"]),
        ("UPDATE sources SET title = 'Source retitled in psql' WHERE id = $1", event["source_id"]),
        ("UPDATE entities SET name = 'Entity renamed in psql' WHERE id = $1", event["entity_id"]),
        (
            "UPDATE citations SET quote = 'Requoted in psql' WHERE event_id = $1 AND source_id = $2",
            event["id"],
            event["source_id"],
        ),
        (
            "DELETE FROM event_entities WHERE event_id = $1 AND entity_id = $2",
            event["id"],
            event["entity_id"],
        ),
        (
            "INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, change_note, "
            "correction) SELECT 'event', id, newsroom, version, 'update', '{}'::jsonb, 'Corrected in psql.', "
            "true FROM events WHERE id = $1",
            event["id"],
        ),
    ]
    for sql, *args in writes:
        fetch(db_url, sql, *args)
        assert stale_event_docs(db_url) == [], sql
    doc = _doc(db_url, str(event["id"]))
    assert doc["title"] == "Retitled in psql"
    assert "Source retitled in psql" in [c["source"]["title"] for c in doc["citations"]]
    assert "Requoted in psql" in [c["quote"] for c in doc["citations"]]
    assert event["entity_id"] not in [n["id"] for n in doc["entities"]]
    assert doc["corrections"][-1]["note"] == "Corrected in psql."


def test_documents_are_compressed_with_lz4_where_the_server_has_it(db_url):
    has_lz4 = fetch(
        db_url, "SELECT 'lz4' = ANY(enumvals) AS ok FROM pg_settings WHERE name = 'default_toast_compression'"
    )[0]["ok"]
    methods = fetch(
        db_url,
        "SELECT attrelid::regclass::text AS tbl, attcompression::text AS method FROM pg_attribute "
        "WHERE (attrelid, attname) IN (('event_docs'::regclass, 'doc'), ('revisions'::regclass, 'state'))",
    )
    assert {row["tbl"]: row["method"] for row in methods} == {
        "event_docs": "l" if has_lz4 else "",
        "revisions": "l" if has_lz4 else "",
    }
