-- name: insert_citation
-- A new citation of a source for an event.
INSERT INTO citations (newsroom, event_id, source_id, quote, locator, stance, note)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id

-- name: citation_for_update
-- A live citation of the given event, locked for a write.
SELECT id, stance, newsroom, version FROM citations
WHERE id = $1 AND event_id = $2 AND deleted_at IS NULL
FOR UPDATE

-- name: delete_citation
-- Soft-deletes a citation.
UPDATE citations SET deleted_at = now(), updated_at = now(), version = version + 1
WHERE id = $1

-- name: insert_citations
-- New citations, in one statement: one per position of the arrays, numbered (`seq`) in their order.
INSERT INTO citations (id, newsroom, event_id, source_id, quote, locator, stance, note)
SELECT c.id, $1, c.event_id, c.source_id, c.quote, c.locator, c.stance, c.note
FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
     WITH ORDINALITY AS c(id, event_id, source_id, quote, locator, stance, note, position)
ORDER BY c.position

-- name: fragment_citation_json
-- A citation row `c` as its revision's JSON state.
json_build_object('id', c.id, 'event_id', c.event_id, 'source_id', c.source_id, 'quote', c.quote,
                  'locator', c.locator, 'stance', c.stance, 'note', c.note, 'deleted', c.deleted_at IS NOT NULL)

-- name: insert_citation_revision
-- The whole new state of a citation, kept for its history.
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT 'citation', c.id, c.newsroom, c.version, $2, {{citation_json}}::jsonb, $3, $4, false
FROM citations c WHERE c.id = $1
