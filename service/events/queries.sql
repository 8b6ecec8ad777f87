-- name: get_event
-- One live event's document (see event_docs, migration 0007) and its status.
SELECT d.doc::text AS doc, e.status
FROM events e JOIN event_docs d ON d.event_id = e.id
WHERE e.id = $1 AND e.deleted_at IS NULL

-- name: event_row_for_update
-- A live event's own fields, locked for a write.
SELECT e.id, e.newsroom, e.title, e.summary, e.date, e.location, e.tags, e.importance, e.media,
       e.status, e.retraction_note, e.version,
       coalesce((SELECT json_agg(json_build_object('id', ee.entity_id, 'role', ee.role) ORDER BY ee.position)
                 FROM event_entities ee WHERE ee.event_id = e.id), '[]') AS entities
FROM events e
WHERE e.id = $1 AND e.deleted_at IS NULL
FOR UPDATE

-- name: insert_event
-- A new event with its derived date fields.
INSERT INTO events (id, newsroom, title, summary, date, start_date, end_date, sort_at, precision, approximate,
                    uncertain, display, location, tags, importance, media, status, retraction_note)
VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
        $17, $18)
RETURNING id

-- name: insert_events
-- New events, one per position of the arrays (the columns of insert_event; location, tags and media as
-- JSON text), in their order, with their search text: $19 holds each one's citation quotes, joined by
-- spaces in citation order, as refresh_event reads them once the citations are in.
INSERT INTO events (id, newsroom, title, summary, date, start_date, end_date, sort_at, precision, approximate,
                    uncertain, display, location, tags, importance, media, status, retraction_note, search)
SELECT e.id, $2, e.title, e.summary, e.date, e.start_date, e.end_date, e.sort_at, e.precision, e.approximate,
       e.uncertain, e.display, e.location::jsonb, ARRAY(SELECT jsonb_array_elements_text(e.tags::jsonb)),
       e.importance, e.media::jsonb, e.status, e.retraction_note, {{event_search}}
FROM unnest($1::uuid[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::timestamptz[],
            $9::text[], $10::bool[], $11::bool[], $12::text[], $13::text[], $14::text[], $15::smallint[],
            $16::text[], $17::text[], $18::text[], $19::text[])
     WITH ORDINALITY AS e(id, title, summary, date, start_date, end_date, sort_at, precision, approximate,
                          uncertain, display, location, tags, importance, media, status, retraction_note, quotes,
                          position)
ORDER BY e.position

-- name: update_event
-- New values for an event's own fields; bumps its version.
UPDATE events
SET title = $2, summary = $3, date = $4, start_date = $5, end_date = $6, sort_at = $7, precision = $8,
    approximate = $9, uncertain = $10, display = $11, location = $12, tags = $13, importance = $14,
    media = $15, status = $16, retraction_note = $17, updated_at = now(), version = version + 1
WHERE id = $1

-- name: delete_event
-- Soft-deletes an event: it leaves every list and read, and shows as a tombstone in sync feeds.
UPDATE events SET deleted_at = now(), updated_at = now(), version = version + 1
WHERE id = $1 AND deleted_at IS NULL

-- name: replace_event_entities
-- The event's entity links become exactly the given ones, in order. The CTE deletes only links that
-- go away and kept links are upserted: a CTE's DELETE is not yet visible to the INSERT's unique check.
WITH gone AS (DELETE FROM event_entities WHERE event_id = $1 AND entity_id <> ALL($2::uuid[]))
INSERT INTO event_entities (event_id, entity_id, role, position)
SELECT $1, link.entity_id, link.role, link.position - 1
FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS link(entity_id, role, position)
ON CONFLICT (event_id, entity_id) DO UPDATE SET role = EXCLUDED.role, position = EXCLUDED.position

-- name: insert_event_entities
-- Entity links of new events, one per position of the arrays: (event, entity, role, position).
INSERT INTO event_entities (event_id, entity_id, role, position)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::smallint[])

-- name: has_supporting_citation
-- Whether the event has at least one live citation with stance `supports`.
SELECT EXISTS (SELECT 1 FROM citations
               WHERE event_id = $1 AND stance = 'supports' AND deleted_at IS NULL)

-- name: fragment_event_search
-- An event row `e`'s search text: its title, summary and the quotes of its live citations ({{quotes}}),
-- weighted A, B, C.
setweight(to_tsvector('english', e.title), 'A')
|| setweight(to_tsvector('english', coalesce(e.summary, '')), 'B')
|| setweight(to_tsvector('english', coalesce({{quotes}}, '')), 'C')

-- name: fragment_event_quotes
-- The quotes of the live citations of an event row `e`, joined by spaces.
(SELECT string_agg(c.quote, ' ') FROM citations c WHERE c.event_id = e.id AND c.deleted_at IS NULL)

-- name: refresh_event
-- Recomputes the event's search text (title, summary, quotes); with $2 = 1 also marks it changed.
UPDATE events e
SET search = {{event_search}},
    version = e.version + $2,
    updated_at = CASE WHEN $2 > 0 THEN now() ELSE e.updated_at END
WHERE e.id = $1

-- name: fragment_event_state
-- The state an event's revision keeps, from `e.doc` (the event as fragment_event_json): with
-- {{correction}}, a correction's own state lists it among the event's corrections (its `at` is this
-- transaction's now(), the revision's created_at, and its note {{change_note}}), as the event reads once
-- the write commits: the fragment's subquery cannot see the revision being inserted.
CASE WHEN {{correction}} THEN jsonb_set(e.doc, '{corrections}', (e.doc -> 'corrections')
                                        || jsonb_build_array(jsonb_build_object('at', now(), 'note', {{change_note}}::text)))
     ELSE e.doc END

-- name: insert_event_revision
-- The whole new state of an event, kept for its history (see fragment_event_state); returned, to become its
-- document (store_docs).
WITH e AS (SELECT e.id, e.newsroom, e.version, {{event_json}}::jsonb AS doc FROM events e WHERE e.id = $1)
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note,
                       correction)
SELECT 'event', e.id, e.newsroom, e.version, $2, {{event_state}}, $3, $4, $5 FROM e
RETURNING state::text

-- name: insert_created_revisions
-- The `create` revisions of new sources, citations and events, in one statement, numbered as creating the
-- events one by one numbers them: by row, then the row's new sources, its citations (each in citation
-- order) and its event. Sources: ids $2, change notes $3, rows $4, citation positions $5; citations: $6 to
-- $9 alike; events: ids $10, change notes $11, correction flags $12, rows $13, states $14 (JSON text, as
-- the import builds them: fragment_event_state of each new event), versions $15, newsroom $16; the key
-- $1. Each source and citation is looked up by its key (LIMIT 1: never a hash of its whole table).
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT r.object_type, r.object_id, r.newsroom, r.version, 'create', r.state, $1, r.change_note, r.correction
FROM (
    SELECT 'source' AS object_type, s.id AS object_id, s.newsroom, s.version, s.state, w.change_note,
           false AS correction, w.row_number, 0 AS kind, w.position
    FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[]) AS w(id, change_note, row_number, position)
    CROSS JOIN LATERAL (SELECT s.id, s.newsroom, s.version, {{source_json}}::jsonb AS state
                        FROM sources s WHERE s.id = w.id LIMIT 1) s
    UNION ALL
    SELECT 'citation', c.id, c.newsroom, c.version, c.state, w.change_note, false, w.row_number, 1, w.position
    FROM unnest($6::uuid[], $7::text[], $8::int[], $9::int[]) AS w(id, change_note, row_number, position)
    CROSS JOIN LATERAL (SELECT c.id, c.newsroom, c.version, {{citation_json}}::jsonb AS state
                        FROM citations c WHERE c.id = w.id LIMIT 1) c
    UNION ALL
    SELECT 'event', w.id, $16, w.version, w.state::jsonb, w.change_note, w.correction, w.row_number, 2, 0
    FROM unnest($10::uuid[], $11::text[], $12::bool[], $13::int[], $14::text[], $15::int[])
         AS w(id, change_note, correction, row_number, state, version)
) r
ORDER BY r.row_number, r.kind, r.position

-- name: transaction_now
-- The instant this transaction began: every row it writes is stamped with it (now()).
SELECT now()

-- name: live_entity_refs
-- The live entities with these ids, as events show them, each locked until the transaction ends (in id
-- order, as every such lock is taken): an event being made to show one shows it as it stays.
SELECT n.id, n.name, n.kind, n.wikidata FROM entities n
WHERE n.id = ANY($1::uuid[]) AND n.deleted_at IS NULL
ORDER BY n.id
FOR SHARE

-- name: restore_event
-- Brings back a deleted event of the newsroom; returns its status.
UPDATE events SET deleted_at = NULL, updated_at = now(), version = version + 1
WHERE id = $1 AND newsroom = $2 AND deleted_at IS NOT NULL
RETURNING status
