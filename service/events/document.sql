-- name: fragment_event_json
-- An event row `e` as its JSON document: citations with their sources, entities, public corrections.
-- (Each entity is looked up by its key: LIMIT 1 keeps the planner from hashing the whole entities
-- table once per event, which it prefers while that table is small.)
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
                   'id', c.id, 'event_id', c.event_id, 'source', {{source_json}}, 'quote', c.quote,
                   'locator', c.locator, 'stance', c.stance, 'note', c.note, 'created_at', c.created_at,
                   'updated_at', c.updated_at, 'version', c.version) ORDER BY c.seq)
        FROM citations c JOIN sources s ON s.id = c.source_id
        WHERE c.event_id = e.id AND c.deleted_at IS NULL), '[]'),
    'corrections', coalesce((
        SELECT json_agg(json_build_object('at', r.created_at, 'note', r.change_note) ORDER BY r.id)
        FROM revisions r
        WHERE r.object_id = e.id AND r.correction AND r.object_type = 'event'), '[]'),
    'created_at', e.created_at, 'updated_at', e.updated_at, 'version', e.version)

-- name: docs_of
-- The documents that the rows make now of the events that {{which}} (a source or an entity they show
-- changed; a range of them, to rebuild), for store_docs.
SELECT e.id, ({{event_json}})::text AS doc FROM events e WHERE e.id IN ({{which}})

-- name: lock_events
-- Lock the live events that {{which}} (they show a source or an entity about to change), in id order.
SELECT e.id FROM events e WHERE e.id IN ({{which}}) AND e.deleted_at IS NULL ORDER BY e.id FOR UPDATE

-- name: touch_events
-- The live events that {{which}} read differently now: their updated_at moves, so that a sync feed
-- (`updated_since`) lists them again.
UPDATE events e SET updated_at = now() WHERE e.id IN ({{which}}) AND e.deleted_at IS NULL

-- name: store_docs
-- Events' documents, one per position of the arrays (ids, JSON text): as stored, each is exactly the JSON
-- the API sends for the event (document.store_docs), so that a page can send it as it is.
INSERT INTO event_docs (event_id, doc)
SELECT d.event_id, d.doc::json FROM unnest($1::uuid[], $2::text[]) AS d(event_id, doc)
ON CONFLICT (event_id) DO UPDATE SET doc = EXCLUDED.doc

-- name: citing
-- The events citing the source $1 (a subquery for docs_of, lock_events, touch_events).
SELECT c.event_id FROM citations c WHERE c.source_id = $1 AND c.deleted_at IS NULL

-- name: naming
-- The events naming the entity $1 (a subquery for docs_of, lock_events, touch_events).
SELECT ee.event_id FROM event_entities ee WHERE ee.entity_id = $1

-- name: after_id
-- The $2 events after the id $1, in id order (a subquery for docs_of, to rebuild every document).
SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT $2

-- name: stale_docs
-- The stored and the fresh document of each live event of {{events}} (a table or a subquery of events
-- rows), in id order, for stale_docs to compare.
SELECT e.id, d.doc::text AS stored, ({{event_json}})::text AS fresh FROM {{events}} e
LEFT JOIN event_docs d ON d.event_id = e.id WHERE e.deleted_at IS NULL ORDER BY e.id
