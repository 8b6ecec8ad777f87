"""Event documents: each event's public JSON, kept whole so a page reads one row per event.

A page of 50 events used to build every event from five tables at read time (its entities, its
citations with their sources, its public corrections): about 400 buffer reads and most of
PostgreSQL's CPU per page. `event_docs` holds that document, written by the same transaction as the
change that alters it (the event's revision, or a source or an entity that it shows), and a page
reads it by primary key (bench/README.md, "Event documents").

The service's own write transactions write the documents themselves (its connections set
`dateline.keeps_docs`); any other write (psql, another tool) is followed by statement-level triggers
that rebuild the documents of the events it touched, so a page never shows an event as it no longer
is. The backfill builds every existing event's document with the definition of this revision.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# An event as its public JSON document: the service's fragment_event_json as of this revision.
DOC = """
json_build_object(
    'id', e.id, 'newsroom', e.newsroom, 'title', e.title, 'summary', e.summary, 'date', e.date,
    'start', e.start_date, 'end', e.end_date, 'precision', e.precision, 'approximate', e.approximate,
    'uncertain', e.uncertain, 'display', e.display, 'location', e.location, 'tags', e.tags,
    'entities', coalesce((
        SELECT json_agg(json_build_object('id', n.id, 'name', n.name, 'kind', n.kind,
                                          'wikidata', n.wikidata, 'role', ee.role) ORDER BY ee.position)
        FROM event_entities ee
        CROSS JOIN LATERAL (SELECT n.* FROM entities n WHERE n.id = ee.entity_id LIMIT 1) n
        WHERE ee.event_id = e.id), '[]'),
    'importance', e.importance, 'media', e.media, 'status', e.status, 'retraction_note', e.retraction_note,
    'citations', coalesce((
        SELECT json_agg(json_build_object(
                   'id', c.id, 'event_id', c.event_id, 'source', json_build_object(
                       'id', s.id, 'newsroom', s.newsroom, 'url', s.url, 'title', s.title,
                       'publisher', s.publisher, 'authors', s.authors, 'published', s.published,
                       'language', s.language, 'kind', s.kind, 'archive_url', s.archive_url,
                       'accessed_at', s.accessed_at, 'created_at', s.created_at,
                       'updated_at', s.updated_at, 'version', s.version),
                   'quote', c.quote,
                   'locator', c.locator, 'stance', c.stance, 'note', c.note, 'created_at', c.created_at,
                   'updated_at', c.updated_at, 'version', c.version) ORDER BY c.seq)
        FROM citations c JOIN sources s ON s.id = c.source_id
        WHERE c.event_id = e.id AND c.deleted_at IS NULL), '[]'),
    'corrections', coalesce((
        SELECT json_agg(json_build_object('at', r.created_at, 'note', r.change_note) ORDER BY r.id)
        FROM revisions r
        WHERE r.object_id = e.id AND r.correction AND r.object_type = 'event'), '[]'),
    'created_at', e.created_at, 'updated_at', e.updated_at, 'version', e.version)
"""

HAS_LZ4 = (
    "EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals))"
)

# Writes that change some event's document, made outside the service (psql, a restore, another tool).
TRIGGERS = [
    ("events", "INSERT"), ("events", "UPDATE"),
    ("citations", "INSERT"), ("citations", "UPDATE"), ("citations", "DELETE"),
    ("event_entities", "INSERT"), ("event_entities", "UPDATE"), ("event_entities", "DELETE"),
    ("sources", "UPDATE"), ("entities", "UPDATE"), ("revisions", "INSERT"),
]  # fmt: skip

UPGRADE = [
    """
    CREATE TABLE event_docs (
        event_id uuid PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        doc json NOT NULL
    )
    """,
    # lz4 where the server has it: a page decompresses each of its documents (most are over the 2 kB
    # at which PostgreSQL compresses), and lz4 does that faster than pglz; so are revisions' states
    # compressed faster as they are written. pglz, PostgreSQL's default, elsewhere.
    f"""
    DO $$
    BEGIN
        IF {HAS_LZ4} THEN
            ALTER TABLE event_docs ALTER COLUMN doc SET COMPRESSION lz4;
            ALTER TABLE revisions ALTER COLUMN state SET COMPRESSION lz4;
        END IF;
    END
    $$
    """,
    f"""
    CREATE FUNCTION event_docs_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO event_docs (event_id, doc)
    SELECT e.id, {DOC}
    FROM events e WHERE e.id = ANY(ids)
    ON CONFLICT (event_id) DO UPDATE SET doc = EXCLUDED.doc
    $$
    """,
    f"""
    INSERT INTO event_docs (event_id, doc)
    SELECT e.id, {DOC}
    FROM events e
    """,
    """
    CREATE FUNCTION event_docs_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('dateline.keeps_docs', true) = 'on' THEN
            RETURN NULL;  -- the service's own transaction, which writes the documents itself
        END IF;
        IF TG_TABLE_NAME = 'events' THEN
            PERFORM event_docs_refresh(ARRAY(SELECT id FROM changed));
        ELSIF TG_TABLE_NAME IN ('citations', 'event_entities') THEN
            PERFORM event_docs_refresh(ARRAY(SELECT DISTINCT event_id FROM changed));
        ELSIF TG_TABLE_NAME = 'sources' THEN
            PERFORM event_docs_refresh(ARRAY(SELECT DISTINCT c.event_id FROM citations c JOIN changed s
                                             ON c.source_id = s.id WHERE c.deleted_at IS NULL));
        ELSIF TG_TABLE_NAME = 'entities' THEN
            PERFORM event_docs_refresh(ARRAY(SELECT DISTINCT ee.event_id FROM event_entities ee JOIN changed n
                                             ON ee.entity_id = n.id));
        ELSIF TG_TABLE_NAME = 'revisions' THEN
            PERFORM event_docs_refresh(ARRAY(SELECT DISTINCT object_id FROM changed
                                             WHERE object_type = 'event' AND correction));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_docs_{action.lower()} AFTER {action} ON {table} "
        f"REFERENCING {'OLD' if action == 'DELETE' else 'NEW'} TABLE AS changed "
        "FOR EACH STATEMENT EXECUTE FUNCTION event_docs_follow()"
        for table, action in TRIGGERS
    ),
]

DOWNGRADE = [
    "ALTER TABLE revisions ALTER COLUMN state SET COMPRESSION default",
    *(f"DROP TRIGGER {table}_docs_{action.lower()} ON {table}" for table, action in TRIGGERS),
    "DROP FUNCTION event_docs_follow()",
    "DROP FUNCTION event_docs_refresh(uuid[])",
    "DROP TABLE event_docs",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
