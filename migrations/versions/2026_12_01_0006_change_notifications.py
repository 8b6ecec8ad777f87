"""Change notifications: every write to published content sends `NOTIFY dateline_changes` on commit.

The workers' response caches listen for it (service/cache.py) and empty themselves, whoever wrote:
the API, another replica, an import, psql. Statement-level triggers, so a bulk write notifies once,
and PostgreSQL folds identical notifications of one transaction into one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = (
    "newsrooms",
    "sources",
    "entities",
    "events",
    "event_entities",
    "citations",
    "revisions",
    "timelines",
)

UPGRADE = [
    """
    CREATE FUNCTION notify_dateline_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('dateline_changes', '');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_dateline_changes()"
        for table in TABLES
    ),
]

DOWNGRADE = [
    *(f"DROP TRIGGER {table}_changed ON {table}" for table in TABLES),
    "DROP FUNCTION notify_dateline_changes()",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
