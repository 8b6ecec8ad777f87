-- name: has_events
-- Whether the database holds any event at all (`seed --if-empty` seeds only an empty one).
SELECT EXISTS (SELECT 1 FROM events)

-- name: existing_ids
-- Every id of an entity, source, event or timeline: the demo objects already there are not made again.
SELECT id FROM entities UNION ALL SELECT id FROM sources UNION ALL SELECT id FROM events
UNION ALL SELECT id FROM timelines
