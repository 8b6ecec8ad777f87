-- name: fragment_timeline_json
-- A timeline row `t` as its JSON document; {{include}} and {{exclude}} say which of its ids to show.
json_build_object(
    'id', t.id, 'newsroom', t.newsroom, 'slug', t.slug, 'title', t.title, 'description', t.description,
    'filter', t.filter, 'include', {{include}}, 'exclude', {{exclude}}, 'status', t.status, 'theme', t.theme,
    'start_at', t.start_at, 'language', t.language, 'created_at', t.created_at, 'updated_at', t.updated_at,
    'version', t.version)

-- name: fragment_visible_ids
-- The ids of {{ids}} in order, less those naming another newsroom's drafts than $1's: a reader never
-- learns of a draft it may not see.
ARRAY(SELECT i.id FROM unnest({{ids}}) WITH ORDINALITY AS i(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM events e
                        WHERE e.id = i.id AND e.status = 'draft' AND e.newsroom IS DISTINCT FROM $1)
      ORDER BY i.n)

-- name: get_timeline
-- One live timeline by slug as the newsroom $1 sees it, with its status and owner.
SELECT {{timeline_json}}::text AS doc, t.status, t.newsroom
FROM timelines t
WHERE t.slug = $2 AND t.deleted_at IS NULL

-- name: timeline_scope
-- What a live timeline's members are drawn from: its owner, status, saved filter and id lists.
SELECT t.id, t.newsroom, t.status, t.filter, t.include, t.exclude
FROM timelines t
WHERE t.slug = $1 AND t.deleted_at IS NULL

-- name: timeline_row_for_update
-- A live timeline's editable fields, locked for a write.
SELECT id, newsroom, slug, title, description, filter, include, exclude, status, theme, start_at, language,
       version
FROM timelines
WHERE slug = $1 AND deleted_at IS NULL
FOR UPDATE

-- name: slug_holder
-- Who holds the slug $1, asked by newsroom $2: the timeline that has it now, live or deleted (all NULL
-- when none has), and whether a timeline of another newsroom ever had it (renamed away since, perhaps).
SELECT t.id, t.newsroom, t.status, t.deleted_at IS NOT NULL AS deleted,
       EXISTS (SELECT 1 FROM revisions r
               WHERE r.object_type = 'timeline' AND r.state ->> 'slug' = $1 AND r.newsroom <> $2) AS elsewhere
FROM (SELECT) AS one LEFT JOIN timelines t ON t.slug = $1

-- name: insert_timeline
-- A new timeline; a timeline with the same slug, live or deleted (even one inserted concurrently), makes
-- it nothing.
INSERT INTO timelines (id, newsroom, slug, title, description, filter, include, exclude, status, theme,
                       start_at, language)
VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (slug) DO NOTHING
RETURNING id

-- name: update_timeline
-- New values for a timeline's fields; bumps its version.
UPDATE timelines
SET slug = $2, title = $3, description = $4, filter = $5, include = $6, exclude = $7, status = $8,
    theme = $9, start_at = $10, language = $11, updated_at = now(), version = version + 1
WHERE id = $1

-- name: delete_timeline
-- Soft-deletes a timeline: later reads are a 404; it keeps its slug, for a restore.
UPDATE timelines SET deleted_at = now(), updated_at = now(), version = version + 1
WHERE id = $1 AND deleted_at IS NULL

-- name: restore_timeline
-- Brings back the deleted timeline of newsroom $2 that has the slug $1; returns its id.
UPDATE timelines SET deleted_at = NULL, updated_at = now(), version = version + 1
WHERE slug = $1 AND newsroom = $2 AND deleted_at IS NOT NULL
RETURNING id

-- name: missing_events
-- Which of the given ids name no live event newsroom $2 may see (published, retracted, or its own draft).
SELECT wanted.id
FROM unnest($1::uuid[]) AS wanted(id)
WHERE NOT EXISTS (SELECT 1 FROM events e
                  WHERE e.id = wanted.id AND e.deleted_at IS NULL AND (e.status <> 'draft' OR e.newsroom = $2))

-- name: insert_timeline_revision
-- The whole new state of a timeline, kept for its history.
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT 'timeline', t.id, t.newsroom, t.version, $2, {{timeline_json}}::jsonb, $3, $4, $5
FROM timelines t WHERE t.id = $1

-- name: timeline_scope_as_of
-- The timeline that had the slug $1 at the instant $2, from the revisions: its owner, status, saved
-- filter and id lists then (nothing if it was deleted or had another slug by then).
SELECT l.object_id AS id, l.state ->> 'newsroom' AS newsroom, l.state ->> 'status' AS status,
       l.state -> 'filter' AS filter,
       ARRAY(SELECT jsonb_array_elements_text(l.state -> 'include'))::uuid[] AS include,
       ARRAY(SELECT jsonb_array_elements_text(l.state -> 'exclude'))::uuid[] AS exclude
FROM (SELECT DISTINCT ON (r.object_id) r.object_id, r.action, r.state
      FROM revisions r
      WHERE r.object_type = 'timeline' AND r.created_at <= $2
        AND r.object_id IN (SELECT object_id FROM revisions
                            WHERE object_type = 'timeline' AND state ->> 'slug' = $1 AND created_at <= $2)
      ORDER BY r.object_id, r.created_at DESC, r.id DESC) l
WHERE l.action <> 'delete' AND l.state ->> 'slug' = $1
