"""API keys: random secrets stored as SHA-256 hashes, each belonging to a newsroom with a role.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE TABLE api_keys (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newsroom    text NOT NULL REFERENCES newsrooms (name),
        role        text NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        name        text NOT NULL DEFAULT '',
        prefix      text NOT NULL,
        hash        bytea NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
    )
    """,
    "CREATE INDEX api_keys_newsroom_idx ON api_keys (newsroom, created_at, id)",
]

DOWNGRADE = ["DROP TABLE api_keys"]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
