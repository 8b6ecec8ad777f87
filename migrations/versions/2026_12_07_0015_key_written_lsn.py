"""A key's last commit position: reads made with a key see everything that key has written.

After a write transaction made with a key commits, the service records in `api_keys.written_lsn`
the primary's WAL position at that moment (`pg_current_wal_flush_lsn()`, at or past the commit). The
key lookup, which every keyed request makes on the primary, reads it back; a replica may then serve
that request only once it has replayed past it (service/replicas.py), on any worker of any host.

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-07
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

UPGRADE = ["ALTER TABLE api_keys ADD COLUMN written_lsn pg_lsn"]

DOWNGRADE = ["ALTER TABLE api_keys DROP COLUMN written_lsn"]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
