"""The migrations are reversible: upgrade -> downgrade -> upgrade gives the same schema."""

from __future__ import annotations

import uuid

import pytest

from service.migrate import downgrade, upgrade
from tests.conftest import fetch

SCHEMA_DUMP = [
    """SELECT table_name, column_name, data_type, is_nullable, column_default, generation_expression
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2""",
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
    """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2""",
]


def schema(dsn: str) -> list[tuple]:
    return [tuple(row) for sql in SCHEMA_DUMP for row in fetch(dsn, sql)]


@pytest.fixture
def empty_db(pg_server):
    name = f"dateline_m_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name)
    yield dsn
    pg_server.drop(name)


def test_upgrade_downgrade_upgrade_gives_the_same_schema(empty_db):
    upgrade(empty_db)
    first = schema(empty_db)
    tables = {row[0] for row in first}
    assert {
        "events",
        "sources",
        "citations",
        "entities",
        "event_entities",
        "revisions",
        "newsrooms",
    } <= tables

    downgrade(empty_db)
    leftover = fetch(empty_db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert [row["tablename"] for row in leftover] == ["alembic_version"]

    upgrade(empty_db)
    assert schema(empty_db) == first
