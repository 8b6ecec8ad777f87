"""An event read as rows and assembled in Python equals the same event built as JSON in SQL."""

from __future__ import annotations

import asyncio

import asyncpg
import msgspec

from service.db import _init_connection
from service.events.repository import EVENT_JSON, EVENT_ROW, event_from_row
from service.events.schemas import Event


def test_rows_and_json_give_the_same_events(client, db_url):
    # A correction, a deleted citation and an event without entities make the demo data cover every branch.
    events = client.get("/v1/events", params={"limit": 200}).json()["items"]
    target = events[0]
    assert (
        client.patch(
            f"/v1/events/{target['id']}",
            json={"summary": "Fixed.", "change_note": "Typo.", "correction": True},
        ).status_code
        == 200
    )

    async def read() -> tuple[list[bytes], list[bytes]]:
        conn = await asyncpg.connect(db_url)
        try:
            await _init_connection(conn)
            query = "SELECT {} FROM events e WHERE e.deleted_at IS NULL ORDER BY e.id"
            as_json = await conn.fetch(query.format(f"{EVENT_JSON}::text AS doc"))
            as_rows = await conn.fetch(query.format(EVENT_ROW))
        finally:
            await conn.close()
        decode = msgspec.json.Decoder(Event).decode
        return ([msgspec.json.encode(decode(row["doc"])) for row in as_json],
                [msgspec.json.encode(event_from_row(row)) for row in as_rows])  # fmt: skip

    from_json, from_rows = asyncio.run(read())
    assert len(from_json) >= len(events) > 0
    assert from_rows == from_json
    assert any(b'"corrections":[{' in doc for doc in from_rows)
