"""Sources per newsroom: a canonical URL is unique within a newsroom, and events cite their own newsroom's.

Until now a URL had one source for the whole service, so the newsroom that registered a URL first owned
the source every other newsroom's inline citations of that URL reused: its edits changed their published
events, its delete removed their citations. From this revision a source belongs to one newsroom and only
that newsroom's events cite it.

Upgrade: the unique index becomes (newsroom, url), and every source cited by another newsroom's events is
split: its owner keeps it; each other citing newsroom gets a copy (a new id, that newsroom, the same
fields, deleted if the source is, created now) and its citations, live and deleted, cite the copy. Old
revisions stay as they are; each copy gets a `create` revision and each moved citation an `update` one
(no key: the migration made them), and the events whose live citations moved show the copy and are
listed again by a sync feed (updated_at moves, as when a source they cite changes).

Downgrade: one live source per URL again. For each URL that several live sources share, the oldest (by
created_at, then id) is kept, the others' citations cite it, and the others are removed, each with a
`delete` revision; then the unique index on the URL alone comes back.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The service's own transactions write event documents themselves; so does this migration, once, for the
# events it changes, rather than the triggers of 0007 after each statement.
KEEP_DOCS = "SELECT set_config('dateline.keeps_docs', 'on', true)"

# A source row `s` as its revision's state, and a citation row `c` (as the service writes them).
SOURCE_STATE = """
json_build_object(
    'id', s.id, 'newsroom', s.newsroom, 'url', s.url, 'title', s.title, 'publisher', s.publisher,
    'authors', s.authors, 'published', s.published, 'language', s.language, 'kind', s.kind,
    'archive_url', s.archive_url, 'accessed_at', s.accessed_at, 'created_at', s.created_at,
    'updated_at', s.updated_at, 'version', s.version)::jsonb
"""
CITATION_STATE = """
json_build_object('id', c.id, 'event_id', c.event_id, 'source_id', c.source_id, 'quote', c.quote,
                  'locator', c.locator, 'stance', c.stance, 'note', c.note,
                  'deleted', c.deleted_at IS NOT NULL)::jsonb
"""
SOURCE_COLUMNS = (
    "url, title, publisher, authors, published, published_start, published_end, language, kind, "
    "archive_url, accessed_at"
)

# The citations moved by a direction, and the source each cited before.
MOVED_TABLE = "CREATE TEMP TABLE moved (id uuid, event_id uuid, live boolean, was uuid) ON COMMIT DROP"
MOVED_REVISIONS = f"""
INSERT INTO revisions
    (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT 'citation', c.id, c.newsroom, c.version, 'update', {CITATION_STATE}, NULL, {{note}}, false
FROM moved m JOIN citations c ON c.id = m.id
ORDER BY m.event_id, c.seq
"""
# The live events whose live citations moved read differently: a sync feed lists them again, and their
# documents are rebuilt (by the definition the database holds, event_docs_refresh).
TOUCH_MOVED = (
    "UPDATE events SET updated_at = now() "
    "WHERE id IN (SELECT event_id FROM moved WHERE live) AND deleted_at IS NULL"
)
REFRESH_MOVED = "SELECT event_docs_refresh(ARRAY(SELECT DISTINCT event_id FROM moved WHERE live))"

UPGRADE = [
    KEEP_DOCS,
    "DROP INDEX sources_url_key",
    "CREATE UNIQUE INDEX sources_newsroom_url_key ON sources (newsroom, url) WHERE deleted_at IS NULL",
    # One copy per source and other newsroom whose events cite it.
    """
    CREATE TEMP TABLE source_copies ON COMMIT DROP AS
    SELECT x.source_id, x.newsroom, gen_random_uuid() AS copy_id
    FROM (SELECT DISTINCT c.source_id, e.newsroom
          FROM citations c
          JOIN events e ON e.id = c.event_id
          JOIN sources s ON s.id = c.source_id
          WHERE e.newsroom <> s.newsroom) x
    """,
    "ANALYZE source_copies",
    f"""
    INSERT INTO sources (id, newsroom, {SOURCE_COLUMNS}, deleted_at)
    SELECT m.copy_id, m.newsroom, {SOURCE_COLUMNS}, s.deleted_at
    FROM source_copies m JOIN sources s ON s.id = m.source_id
    ORDER BY m.newsroom, s.url
    """,
    f"""
    INSERT INTO revisions
    (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
    SELECT 'source', s.id, s.newsroom, s.version, 'create', {SOURCE_STATE}, NULL,
           'This newsroom''s copy of source ' || m.source_id || ', which its events cited: '
           || 'a source belongs to one newsroom.', false
    FROM source_copies m JOIN sources s ON s.id = m.copy_id
    ORDER BY m.newsroom, s.url
    """,
    MOVED_TABLE,
    """
    WITH done AS (
        UPDATE citations c SET source_id = m.copy_id, updated_at = now(), version = c.version + 1
        FROM events e, source_copies m
        WHERE e.id = c.event_id AND m.source_id = c.source_id AND m.newsroom = e.newsroom
        RETURNING c.id, c.event_id, c.deleted_at IS NULL, m.source_id
    )
    INSERT INTO moved SELECT * FROM done
    """,
    MOVED_REVISIONS.format(note="'Cites this newsroom''s own copy of source ' || m.was || '.'"),
    TOUCH_MOVED,
    REFRESH_MOVED,
]

DOWNGRADE = [
    KEEP_DOCS,
    # Each live source that shares its URL with an older live one, and that oldest one.
    """
    CREATE TEMP TABLE source_merges ON COMMIT DROP AS
    SELECT s.id AS source_id, s.keeper_id
    FROM (SELECT id, first_value(id) OVER (PARTITION BY url ORDER BY created_at, id) AS keeper_id
          FROM sources WHERE deleted_at IS NULL) s
    WHERE s.id <> s.keeper_id
    """,
    "ANALYZE source_merges",
    MOVED_TABLE,
    """
    WITH done AS (
        UPDATE citations c SET source_id = m.keeper_id, updated_at = now(), version = c.version + 1
        FROM source_merges m
        WHERE c.source_id = m.source_id
        RETURNING c.id, c.event_id, c.deleted_at IS NULL, m.source_id
    )
    INSERT INTO moved SELECT * FROM done
    """,
    MOVED_REVISIONS.format(
        note="'Cites source ' || c.source_id || ' again, the oldest of its URL, instead of ' || m.was || '.'"
    ),
    TOUCH_MOVED,
    REFRESH_MOVED,
    f"""
    INSERT INTO revisions
    (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
    SELECT 'source', s.id, s.newsroom, s.version + 1, 'delete', {SOURCE_STATE}, NULL,
           'Merged into source ' || m.keeper_id || ', the oldest of its URL: one source per URL.', false
    FROM source_merges m JOIN sources s ON s.id = m.source_id
    ORDER BY s.url, s.created_at, s.id
    """,
    # The foreign key's check of each source removed looks for citations of it, deleted ones too: without an
    # index on every citation's source (the kept one leaves deleted citations out) each is a scan of them all.
    "CREATE INDEX citations_any_source_idx ON citations (source_id)",
    "DELETE FROM sources WHERE id IN (SELECT source_id FROM source_merges)",
    "DROP INDEX citations_any_source_idx",
    "DROP INDEX sources_newsroom_url_key",
    "CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE deleted_at IS NULL",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
