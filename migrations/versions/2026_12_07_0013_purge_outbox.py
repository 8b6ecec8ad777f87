"""Purge outbox: the surrogate keys each commit invalidated, kept until the edge has purged them.

A row is written in the transaction that changed what the keys name, so a purge is never lost: a crash
after the commit leaves the row for the purger, which reads the oldest rows first (FOR UPDATE SKIP
LOCKED), sends their keys to the edge and deletes them. An insert wakes the purger with
`NOTIFY dateline_purge` on commit (identical notifications of a transaction fold into one).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE TABLE purge_outbox (
        id bigserial PRIMARY KEY,
        keys text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )
    """,
    """
    CREATE FUNCTION notify_dateline_purge() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('dateline_purge', '');
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER purge_outbox_filled AFTER INSERT ON purge_outbox "
    "FOR EACH STATEMENT EXECUTE FUNCTION notify_dateline_purge()",
]

DOWNGRADE = [
    "DROP TRIGGER purge_outbox_filled ON purge_outbox",
    "DROP FUNCTION notify_dateline_purge()",
    "DROP TABLE purge_outbox",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
