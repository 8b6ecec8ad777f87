-- name: list_revisions
-- A page of an object's history, newest first; only for the newsroom that owns it.
SELECT id, object_type, object_id, version, action, state, key_id, change_note, correction, created_at
FROM revisions
WHERE object_id = $1 AND object_type = $2 AND newsroom = $3 AND ($4::bigint IS NULL OR id < $4)
ORDER BY id DESC
LIMIT $5

-- name: state_as_of
-- The last revision of an object made at or before an instant.
SELECT action, state::text AS state, newsroom FROM revisions
WHERE object_id = $1 AND object_type = $2 AND created_at <= $3
ORDER BY created_at DESC, id DESC
LIMIT 1

-- name: live_timeline_id
-- The id of the live timeline with this slug, if any: a timeline's history is asked for by its slug.
SELECT id FROM timelines WHERE slug = $1 AND deleted_at IS NULL
