"""Source visibility: a source is public once it is published, never before.

A draft's inline citation of a new URL creates a source; until now that source was at once readable by
anyone (lists, `?url=`, `?q=`, by id), telling every other newsroom what the draft cites. From this
revision a source has `published_at`: set when it is created on its own (POST /v1/sources), or when an
event that cites it is published or retracted; never cleared (once shown, it stays public). Until then
only its own newsroom's keys read it; to anyone else it is missing.

Statement triggers on `event_docs` set it: every write that makes an event public writes that event's
document in the same transaction (the service's own writes, and the triggers of 0007 after writes made
outside it), so every path (create, PATCH, citations, imports, psql) is covered at once. The column is no part
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

ACTIONS = ("INSERT", "UPDATE")

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
        ids uuid[];
    BEGIN
        SELECT array_agg(s.id) INTO ids FROM sources s
        WHERE s.published_at IS NULL
          AND s.id IN (SELECT (x -> 'source' ->> 'id')::uuid
                       FROM shown d CROSS JOIN LATERAL json_array_elements(d.doc -> 'citations') x
                       WHERE d.doc ->> 'status' <> 'draft');
        IF ids IS NULL THEN
            RETURN NULL;
        END IF;
        PERFORM set_config('dateline.keeps_docs', 'on', true);  -- no document shows published_at
        UPDATE sources SET published_at = now() WHERE id = ANY(ids) AND published_at IS NULL;
        PERFORM set_config('dateline.keeps_docs', coalesce(keeps, ''), true);
        RETURN NULL;
    END
    $$
    """,
    # One statement each (an import writes its documents in a few): transition tables need one event each.
    *(
        f"CREATE TRIGGER event_docs_publish_sources_{action.lower()} AFTER {action} ON event_docs "
        "REFERENCING NEW TABLE AS shown FOR EACH STATEMENT EXECUTE FUNCTION sources_publish()"
        for action in ACTIONS
    ),
]

DOWNGRADE = [
    *(f"DROP TRIGGER event_docs_publish_sources_{action.lower()} ON event_docs" for action in ACTIONS),
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
