"""Targeted invalidation: each change names the surrogate keys of the public responses it can change.

Until now every write to content, a draft's included, sent one bare `NOTIFY dateline_changes` and every
worker emptied its whole response cache. From this revision, statement triggers compute in the writing
transaction the keys of what the change makes different to an anonymous reader (docs/caching.md has
the vocabulary), and `dateline_invalidate(keys)`:

* records them in `purge_outbox` for the edge purger, in the same transaction;
* sends them as the payload of `NOTIFY dateline_changes` (space-separated; `all`, emptying everything,
  when they would pass PostgreSQL's 8000-byte limit), unless the database sets `dateline.notify` to
  `off`;
* adds them to the transaction's `dateline.invalidated` setting, which the service's own writes read
  back before they commit to empty their host's caches at once (`all` past 64 kB).

What changes what: an event's document (event_docs, kept by the service or by 0007's triggers, so every
write that changes what an event shows, its citations, sources and entities included, rewrites it) in
a public state before or after: the event, the sources and entities it shows, the event, tag and
timeline lists, and each published timeline that includes it or whose saved filter may match it (the
filter's newsroom, tags, entities, country and importance are checked; its dates, sources and search
are taken to match). An event deleted or restored while public: the same. A published timeline: its
slug's key, old and new, and the timeline list. A public source, any entity: its own key and list. A
draft changes nothing public, so it invalidates nothing. A TRUNCATE names `all`. Every set also names
`misc`, the key of responses of paths that have no precise key.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

NOTIFIED = (
    "newsrooms",
    "sources",
    "entities",
    "events",
    "event_entities",
    "citations",
    "revisions",
    "timelines",
)
# (table, action, transition tables)
FOLLOWED = [
    ("event_docs", "INSERT", "NEW TABLE AS after"),
    ("event_docs", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("event_docs", "DELETE", "OLD TABLE AS before"),
    ("events", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("timelines", "INSERT", "NEW TABLE AS after"),
    ("timelines", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("timelines", "DELETE", "OLD TABLE AS before"),
    ("sources", "INSERT", "NEW TABLE AS after"),
    ("sources", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("sources", "DELETE", "OLD TABLE AS before"),
    ("entities", "INSERT", "NEW TABLE AS after"),
    ("entities", "UPDATE", "OLD TABLE AS before NEW TABLE AS after"),
    ("entities", "DELETE", "OLD TABLE AS before"),
]
# A TRUNCATE (no transition tables) empties everything.
TRUNCATED = ("events", "event_docs", "citations", "event_entities", "timelines", "sources", "entities")

UPGRADE = [
    *(f"DROP TRIGGER {table}_changed ON {table}" for table in NOTIFIED),
    "DROP FUNCTION notify_dateline_changes()",
    """
    CREATE FUNCTION dateline_invalidate(keys text[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
        named text[] := ARRAY(SELECT DISTINCT k FROM unnest(keys || ARRAY['misc']) k
                              WHERE k IS NOT NULL ORDER BY 1);
        payload text := array_to_string(named, ' ');
        seen text := coalesce(current_setting('dateline.invalidated', true), '');
    BEGIN
        IF cardinality(keys) = 0 OR keys IS NULL THEN
            RETURN;
        END IF;
        INSERT INTO purge_outbox (keys) VALUES (named);
        IF octet_length(payload) > 7900 THEN
            payload := 'all';
        END IF;
        IF current_setting('dateline.notify', true) IS DISTINCT FROM 'off' THEN
            PERFORM pg_notify('dateline_changes', payload);
        END IF;
        IF seen <> 'all' THEN
            seen := ltrim(seen || ' ' || payload);
            IF octet_length(seen) > 65536 THEN
                seen := 'all';
            END IF;
            PERFORM set_config('dateline.invalidated', seen, true);
        END IF;
    END
    $$
    """,
    # The published timelines an event may be in, found by index: those that include it, and those that
    # draw from its newsroom (most newsrooms have a few dozen timelines, however many there are in all).
    "CREATE INDEX timelines_include_idx ON timelines USING gin (include) "
    "WHERE deleted_at IS NULL AND status = 'published'",
    "CREATE INDEX timelines_draws_from_idx ON timelines ((coalesce(filter ->> 'newsroom', newsroom))) "
    "WHERE deleted_at IS NULL AND status = 'published' AND filter <> '{}'",
    # The keys of public event documents: see the module's docstring for what a saved filter is checked on.
    """
    CREATE FUNCTION dateline_event_keys(docs jsonb[]) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(
        SELECT 'ev-' || (d ->> 'id') FROM unnest(docs) d
        UNION SELECT 'src-' || (c #>> '{source,id}')
        FROM unnest(docs) d, jsonb_array_elements(d -> 'citations') c
        UNION SELECT 'ent-' || (n ->> 'id') FROM unnest(docs) d, jsonb_array_elements(d -> 'entities') n
        UNION SELECT k FROM unnest(ARRAY['list-events', 'list-tags']) k WHERE cardinality(docs) > 0
        UNION SELECT 'tl-' || t.slug
        FROM unnest(docs) d JOIN timelines t ON t.include @> ARRAY[(d ->> 'id')::uuid]
        WHERE t.deleted_at IS NULL AND t.status = 'published'
        UNION SELECT 'tl-' || t.slug FROM unnest(docs) d
        JOIN timelines t ON coalesce(t.filter ->> 'newsroom', t.newsroom) = (d ->> 'newsroom')
        WHERE t.deleted_at IS NULL AND t.status = 'published' AND t.filter <> '{}'
          AND (NOT (t.filter ? 'tag') OR (d -> 'tags') @> (t.filter -> 'tag'))
          AND (NOT (t.filter ? 'any_tag')
               OR (d -> 'tags') ?| ARRAY(SELECT jsonb_array_elements_text(t.filter -> 'any_tag')))
          AND (NOT (t.filter ? 'entity') OR (d -> 'entities') @> (
               SELECT coalesce(jsonb_agg(jsonb_build_object('id', x)), '[]')
               FROM jsonb_array_elements(t.filter -> 'entity') x))
          AND (NOT (t.filter ? 'country') OR (d #>> '{location,country}') = (t.filter ->> 'country'))
          AND (NOT (t.filter ? 'min_importance')
               OR (d ->> 'importance')::int >= (t.filter ->> 'min_importance')::int))
    $$
    """,
    """
    CREATE FUNCTION dateline_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        docs jsonb[];
        keys text[];
        rows jsonb[] := '{}';
    BEGIN
        IF TG_TABLE_NAME = 'event_docs' THEN
            IF TG_OP = 'INSERT' THEN
                docs := ARRAY(SELECT a.doc::jsonb FROM after a JOIN events e ON e.id = a.event_id
                              WHERE e.deleted_at IS NULL AND (a.doc ->> 'status') <> 'draft');
            ELSIF TG_OP = 'UPDATE' THEN
                docs := ARRAY(
                    SELECT x FROM after a JOIN before b USING (event_id) JOIN events e ON e.id = a.event_id
                    CROSS JOIN LATERAL (VALUES (b.doc::jsonb), (a.doc::jsonb)) v(x)
                    WHERE e.deleted_at IS NULL AND a.doc::text IS DISTINCT FROM b.doc::text
                      AND (x ->> 'status') <> 'draft');
            ELSE
                docs := ARRAY(SELECT b.doc::jsonb FROM before b WHERE (b.doc ->> 'status') <> 'draft');
            END IF;
            keys := dateline_event_keys(docs);
        ELSIF TG_TABLE_NAME = 'events' THEN  -- deleted or restored: documents say nothing of it
            keys := dateline_event_keys(ARRAY(
                SELECT d.doc::jsonb
                FROM after a JOIN before b USING (id) JOIN event_docs d ON d.event_id = a.id
                WHERE (a.deleted_at IS NULL) <> (b.deleted_at IS NULL) AND (d.doc ->> 'status') <> 'draft'));
        ELSE  -- a timeline, source or entity: its rows before and after, whichever there are
            IF TG_OP <> 'INSERT' THEN
                rows := ARRAY(SELECT to_jsonb(b) FROM before b);
            END IF;
            IF TG_OP <> 'DELETE' THEN
                rows := rows || ARRAY(SELECT to_jsonb(a) FROM after a);
            END IF;
            keys := ARRAY(
                SELECT k FROM unnest(rows) r, LATERAL unnest(CASE TG_TABLE_NAME
                    WHEN 'timelines' THEN ARRAY['tl-' || (r ->> 'slug'), 'list-timelines']
                    WHEN 'sources' THEN ARRAY['src-' || (r ->> 'id'), 'list-sources']
                    ELSE ARRAY['ent-' || (r ->> 'id'), 'list-entities'] END) k
                WHERE CASE TG_TABLE_NAME
                    WHEN 'timelines' THEN (r ->> 'status') = 'published' AND (r ->> 'deleted_at') IS NULL
                    WHEN 'sources' THEN (r ->> 'published_at') IS NOT NULL
                    ELSE true END);
        END IF;
        PERFORM dateline_invalidate(keys);
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_invalidate_{action.lower()} AFTER {action} ON {table} "
        f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION dateline_changes()"
        for table, action, tables in FOLLOWED
    ),
    """
    CREATE FUNCTION dateline_flush() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM dateline_invalidate(ARRAY['all']);
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_invalidate_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION dateline_flush()"
        for table in TRUNCATED
    ),
]

DOWNGRADE = [
    *(f"DROP TRIGGER {table}_invalidate_truncate ON {table}" for table in TRUNCATED),
    "DROP FUNCTION dateline_flush()",
    *(f"DROP TRIGGER {table}_invalidate_{action.lower()} ON {table}" for table, action, _ in FOLLOWED),
    "DROP FUNCTION dateline_changes()",
    "DROP FUNCTION dateline_event_keys(jsonb[])",
    "DROP FUNCTION dateline_invalidate(text[])",
    "DROP INDEX timelines_draws_from_idx",
    "DROP INDEX timelines_include_idx",
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
        for table in NOTIFIED
    ),
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
