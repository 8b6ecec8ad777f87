"""Timelines: a saved filter plus hand-picked events, with embed options.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE TABLE timelines (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newsroom    text NOT NULL REFERENCES newsrooms (name),
        slug        text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
        title       text NOT NULL,
        description text,
        filter      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(filter) = 'object'),
        include     uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(include) <= 1000),
        exclude     uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(exclude) <= 1000),
        status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        theme       text NOT NULL DEFAULT 'auto' CHECK (theme IN ('light', 'dark', 'auto')),
        start_at    text NOT NULL DEFAULT 'oldest'
                        CHECK (start_at IN ('oldest', 'newest') OR start_at ~ '^\\d{4}(-\\d{2}(-\\d{2})?)?$'),
        language    text NOT NULL DEFAULT 'en',
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        deleted_at  timestamptz
    )
    """,
    "CREATE UNIQUE INDEX timelines_slug_key ON timelines (slug) WHERE deleted_at IS NULL",
    "CREATE INDEX timelines_list_idx ON timelines (created_at, id) WHERE deleted_at IS NULL",
]

DOWNGRADE = ["DROP TABLE timelines"]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
