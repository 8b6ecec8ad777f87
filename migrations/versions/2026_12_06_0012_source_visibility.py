"""Source visibility: a source is public once it is published, never before.

A draft's inline citation of a new URL creates a source; until now that source was at once readable by
anyone (lists, `?url=`, `?q=`, by id), telling every other newsroom what the draft cites. From this
revision a source has `published_at`: set when it is created on its own (POST /v1/sources), or when an
event that cites it is published or retracted; never cleared (once shown, it stays public). Until then
only its own newsroom's keys read it; to anyone else it is missing.

A trigger on `event_docs` sets it: every write that makes an event public writes that event's document
in the same transaction (the service's own writes, and the triggers of 0007 after writes made outside
it), so every path (create, PATCH, citations, imports, psql) is covered at once. The column is no part
of any document, so its update does not rebuild documents (it is made as the service makes its own).

Backfill, on the side of hiding: a source is public (since its creation) when an event that is public
now, or was once (event_public_docs), cites or cited it, or when no event ever cited it (made on its
own). A source cited only by drafts that were never public is hidden: an inline citation cannot be told
apart from a source made on its own and then cited by drafts only; its newsroom publishes it by citing it
from a published event.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

UPGRADE = [
    "ALTER TABLE sources ADD COLUMN published_at timestamptz",
    """
    UPDATE sources s SET published_at = s.created_at
    WHERE NOT EXISTS (SELECT 1 FROM citations c WHERE c.source_id = s.id)
       OR EXISTS (SELECT 1 FROM citations c JOIN events e ON e.id = c.event_id
                  WHERE c.source_id = s.id
                    AND (e.status <> 'draft'
                         OR EXISTS (SELECT 1 FROM event_public_docs p WHERE p.event_id = e.id)))
    """,
    # A list for other newsrooms' callers reads the public sources newest first.
    "CREATE INDEX sources_public_idx ON sources (created_at, id) "
    "WHERE deleted_at IS NULL AND published_at IS NOT NULL",
    """
    CREATE FUNCTION sources_publish() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        keeps text := current_setting('dateline.keeps_docs', true);
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM json_array_elements(NEW.doc -> 'citations') x
                       JOIN sources s ON s.id = (x -> 'source' ->> 'id')::uuid
                       WHERE s.published_at IS NULL) THEN
            RETURN NULL;
        END IF;
        PERFORM set_config('dateline.keeps_docs', 'on', true);  -- no document shows published_at
        UPDATE sources SET published_at = now()
        WHERE published_at IS NULL
          AND id IN (SELECT (x -> 'source' ->> 'id')::uuid
                     FROM json_array_elements(NEW.doc -> 'citations') x);
        PERFORM set_config('dateline.keeps_docs', coalesce(keeps, ''), true);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER event_docs_publish_sources AFTER INSERT OR UPDATE ON event_docs FOR EACH ROW
    WHEN (NEW.doc ->> 'status' <> 'draft')
    EXECUTE FUNCTION sources_publish()
    """,
]

DOWNGRADE = [
    "DROP TRIGGER event_docs_publish_sources ON event_docs",
    "DROP FUNCTION sources_publish()",
    "DROP INDEX sources_public_idx",
    "ALTER TABLE sources DROP COLUMN published_at",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
