"""Indexes for `as_of` reads: which revision of each event was its last at an instant, and which
timeline had a slug then.

`as_of` pages rebuild the events as they stood from their revisions (service/events/queries.sql
fragment_as_of): revisions_event_as_of_idx holds, per event, its revisions newest first with their
action, so the last one before the instant is found by an index-only scan in that order, without
sorting or reading every revision's state. revisions_timeline_slug_idx finds the timeline that had a
slug (service/timelines/queries.sql timeline_scope_as_of) without reading the whole table.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

UPGRADE = [
    "CREATE INDEX revisions_event_as_of_idx ON revisions (object_id, created_at DESC, id DESC) "
    "INCLUDE (action) WHERE object_type = 'event'",
    "CREATE INDEX revisions_timeline_slug_idx ON revisions ((state ->> 'slug'), created_at) "
    "WHERE object_type = 'timeline'",
]

DOWNGRADE = [
    "DROP INDEX revisions_timeline_slug_idx",
    "DROP INDEX revisions_event_as_of_idx",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
