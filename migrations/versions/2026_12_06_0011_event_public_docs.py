"""Public documents: each unpublished event's last state that readers could see.

A sync feed (`updated_since`) lists a tombstone for an event its caller could once see and no longer
can, and matches its filters against that last visible state: never against a draft the caller may
not read, or every filter would tell whether some hidden draft matches it. An event's document
(`event_docs`) is its current state; while it is published or retracted, that is also its last
public state. When it turns into a draft, the document it leaves behind is kept here, with the
instant it left public view (the tombstone's place in the feed). It is kept as jsonb: a feed reads its
fields without parsing the text of each document, with its search text computed once.

A trigger on `event_docs` keeps this table, so every write (the service's, and the triggers that
follow writes made outside it) keeps it in the same transaction. The backfill takes the last
published or retracted revision of each event that is a draft now.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def search(doc: str) -> str:
    """The search text of the event document `doc` (jsonb), weighted as the event's own: the service's
    fragment_doc_search as of this revision."""
    return f"""
    setweight(to_tsvector('english', {doc} ->> 'title'), 'A')
    || setweight(to_tsvector('english', coalesce({doc} ->> 'summary', '')), 'B')
    || setweight(to_tsvector('english', coalesce((
           SELECT string_agg(x ->> 'quote', ' ') FROM jsonb_array_elements({doc} -> 'citations') x), '')), 'C')
    """


UPGRADE = [
    """
    CREATE TABLE event_public_docs (
        event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        newsroom text NOT NULL,
        doc jsonb NOT NULL,
        search tsvector NOT NULL,
        hidden_at timestamptz NOT NULL
    )
    """,
    "CREATE INDEX event_public_docs_hidden_idx ON event_public_docs (hidden_at, event_id)",
    # A feed's deleted events in change order, without reading past the live ones (most of the table).
    "CREATE INDEX events_deleted_idx ON events (updated_at, id) WHERE deleted_at IS NOT NULL",
    f"""
    CREATE FUNCTION event_public_docs_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        shown jsonb := OLD.doc::jsonb;
    BEGIN
        INSERT INTO event_public_docs (event_id, newsroom, doc, search, hidden_at)
        VALUES (OLD.event_id, shown ->> 'newsroom', shown, {search("shown")}, now())
        ON CONFLICT (event_id) DO UPDATE
        SET doc = EXCLUDED.doc, search = EXCLUDED.search, hidden_at = EXCLUDED.hidden_at;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER event_docs_unpublished AFTER UPDATE ON event_docs FOR EACH ROW
    WHEN (NEW.doc ->> 'status' = 'draft' AND OLD.doc ->> 'status' <> 'draft')
    EXECUTE FUNCTION event_public_docs_keep()
    """,
    f"""
    INSERT INTO event_public_docs (event_id, newsroom, doc, search, hidden_at)
    SELECT DISTINCT ON (r.object_id) r.object_id, e.newsroom, r.state, {search("r.state")},
           coalesce((SELECT min(n.created_at) FROM revisions n
                     WHERE n.object_type = 'event' AND n.object_id = r.object_id AND n.id > r.id), e.updated_at)
    FROM events e JOIN revisions r ON r.object_id = e.id AND r.object_type = 'event'
    WHERE e.status = 'draft' AND r.state ->> 'status' <> 'draft'
    ORDER BY r.object_id, r.id DESC
    """,
]

DOWNGRADE = [
    "DROP INDEX events_deleted_idx",
    "DROP TRIGGER event_docs_unpublished ON event_docs",
    "DROP FUNCTION event_public_docs_keep()",
    "DROP TABLE event_public_docs",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
