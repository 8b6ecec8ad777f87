"""Idempotency keys: the first response to a POST, kept 24 hours for replays.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE TABLE idempotency_keys (
        key_id        uuid NOT NULL,
        key           text NOT NULL,
        request_hash  bytea NOT NULL,
        status        smallint NOT NULL,
        location      text,
        body          bytea NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key_id, key)
    )
    """,
    "CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)",
    "CREATE INDEX revisions_created_idx ON revisions (object_id, created_at, id)",
]

DOWNGRADE = [
    "DROP INDEX revisions_created_idx",
    "DROP TABLE idempotency_keys",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
