"""Assertions shared by the API tests."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

# What must never reach a client in an error: traces, driver names, SQL.
LEAKS = ("Traceback", 'File "', "asyncpg", "psycopg", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM",
         "postgres", "site-packages", "Exception", "Error:")  # fmt: skip


def unknown_id(label: str) -> str:
    """An id that names no row, the same on every run and in every pytest-xdist worker (which must
    collect the same test parameters): use it, not uuid4(), in a `parametrize` list."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://dateline.invalid/unknown/{label}"))


def problem(response: Any, status: int, field: str | None = None) -> dict:
    """An RFC 9457 problem: its status equals the HTTP status; no trace, no SQL; names `field` if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    for key in ("type", "title", "detail"):
        assert isinstance(body[key], str) and body[key], body
    for leak in LEAKS:
        assert leak not in response.text, response.text
    if field is not None:
        assert field in [e["field"] for e in body["errors"]], body
        assert all(e["message"] for e in body["errors"])
    return body


async def updatable(dsn: str, rows: list[tuple[str, uuid.UUID]]) -> dict[str, bool]:
    """Whether another connection can update each (table, id) row now, or finds it locked (300 ms)."""
    other = await asyncpg.connect(dsn)
    try:
        await other.execute("SET lock_timeout = '300ms'")
        out = {}
        for table, row_id in rows:
            try:
                async with other.transaction():
                    await other.execute(f"UPDATE {table} SET version = version WHERE id = $1", row_id)  # noqa: S608
                out[f"{table} {row_id}"] = True
            except asyncpg.LockNotAvailableError:
                out[f"{table} {row_id}"] = False
        return out
    finally:
        await other.close()
