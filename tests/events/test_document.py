"""The event document's three definitions agree: `fragment_event_json` (document.sql, what the service
stores after a write), `new_event_doc` (what an import stores for a new event) and the migrations'
`DOC` (event_docs_refresh, which the triggers run after a write made outside the service)."""

from __future__ import annotations

import asyncio

import asyncpg

from service.events.document import EVENT_JSON, event_from_doc
from tests.imports.test_bulk import NDJSON, bodies, ndjson

LIVE = "SELECT e.id FROM events e WHERE e.deleted_at IS NULL"


async def _three_documents(dsn: str) -> tuple[dict, dict, dict]:
    conn = await asyncpg.connect(dsn)
    try:
        stored = await conn.fetch(
            f"SELECT d.event_id AS id, d.doc::text AS doc FROM event_docs d WHERE d.event_id IN ({LIVE})"
        )
        built = await conn.fetch(
            f"SELECT e.id, ({EVENT_JSON})::text AS doc FROM events e WHERE e.id IN ({LIVE})"
        )
        tx = conn.transaction()
        await tx.start()
        try:
            await conn.execute(f"SELECT event_docs_refresh(ARRAY({LIVE}))")
            triggered = await conn.fetch(
                f"SELECT d.event_id AS id, d.doc::text AS doc FROM event_docs d WHERE d.event_id IN ({LIVE})"
            )
        finally:
            await tx.rollback()
    finally:
        await conn.close()
    return tuple(
        {row["id"]: event_from_doc(row["doc"]) for row in rows} for rows in (stored, built, triggered)
    )


def test_stored_built_and_triggered_documents_are_the_same_event(client, db_url):
    assert client.post("/v1/import", content=ndjson(*bodies(24, seed=3)), headers=NDJSON).status_code == 201
    event = client.get("/v1/events", params={"limit": 1}).json()["items"][0]
    patched = client.patch(
        f"/v1/events/{event['id']}",
        json={"summary": "Changed.", "correction": True, "change_note": "The summary was wrong."},
    )
    assert patched.status_code == 200
    stored, built, triggered = asyncio.run(_three_documents(db_url))
    assert len(stored) >= 24 and stored.keys() == built.keys() == triggered.keys()
    for event_id, doc in stored.items():
        assert doc == built[event_id], event_id
        assert doc == triggered[event_id], event_id
    assert any(doc.corrections for doc in stored.values())
