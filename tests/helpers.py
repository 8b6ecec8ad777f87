"""Assertions shared by the API tests."""

from __future__ import annotations

from typing import Any

# What must never reach a client in an error: traces, driver names, SQL.
LEAKS = ("Traceback", 'File "', "asyncpg", "psycopg", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "postgres",
         "site-packages", "Exception", "Error:")  # fmt: skip


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
