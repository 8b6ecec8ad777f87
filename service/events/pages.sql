-- name: fragment_as_of
-- Tables as they stood at the instant {{at}}, rebuilt from the revisions, under the names the event
-- conditions read (events, event_entities, citations, sources): the same filters then run on the past.
-- Each event is its last revision's state; a deleted one is gone. `state` is the event's JSON then.
-- {{search}} is the search text (as refresh_event computes it) when a filter needs it, else NULL.
-- Which revision is each event's last is read from the index revisions_event_as_of_idx alone (migration
-- 0009), in its order; only those revisions' states are then read from the table. `events` is read
-- once (the others read `snap`), so PostgreSQL inlines it: a filter then computes only its own columns.
WITH latest AS MATERIALIZED (
    SELECT DISTINCT ON (r.object_id) r.id, r.action
    FROM revisions r
    WHERE r.object_type = 'event' AND r.created_at <= {{at}}
    ORDER BY r.object_id, r.created_at DESC, r.id DESC),
snap AS MATERIALIZED (
    SELECT r.object_id, l.action, r.state FROM latest l JOIN revisions r ON r.id = l.id),
events AS (
    SELECT s.object_id AS id, s.state ->> 'newsroom' AS newsroom, s.state ->> 'status' AS status,
           NULL::timestamptz AS deleted_at, (s.state ->> 'start')::date AS start_date,
           (s.state ->> 'end')::date AS end_date,
           CASE WHEN strpos(s.state ->> 'date', 'T') > 0 THEN (s.state ->> 'date')::timestamptz
                ELSE (s.state ->> 'start')::date::timestamp AT TIME ZONE 'UTC' END AS sort_at,
           ARRAY(SELECT jsonb_array_elements_text(s.state -> 'tags')) AS tags,
           s.state #>> '{location,country}' AS country, (s.state ->> 'importance')::int AS importance,
           (s.state ->> 'updated_at')::timestamptz AS updated_at, {{search}} AS search, s.state
    FROM snap s
    WHERE s.action <> 'delete'),
event_entities AS (
    SELECT s.object_id AS event_id, (x ->> 'id')::uuid AS entity_id
    FROM snap s CROSS JOIN jsonb_array_elements(s.state -> 'entities') x WHERE s.action <> 'delete'),
citations AS (
    SELECT s.object_id AS event_id, (x ->> 'id')::uuid AS id, (x #>> '{source,id}')::uuid AS source_id,
           x ->> 'stance' AS stance, NULL::timestamptz AS deleted_at
    FROM snap s CROSS JOIN jsonb_array_elements(s.state -> 'citations') x WHERE s.action <> 'delete'),
sources AS (
    SELECT DISTINCT ON (c.source_id) c.source_id AS id, c.x #>> '{source,publisher}' AS publisher
    FROM (SELECT (x #>> '{source,id}')::uuid AS source_id, x
          FROM snap s CROSS JOIN jsonb_array_elements(s.state -> 'citations') x WHERE s.action <> 'delete') c)

-- name: fragment_as_of_search
-- The search text of a snapshot event `s` (see fragment_as_of), weighted as refresh_event weights it.
setweight(to_tsvector('english', s.state ->> 'title'), 'A')
|| setweight(to_tsvector('english', coalesce(s.state ->> 'summary', '')), 'B')
|| setweight(to_tsvector('english', coalesce((
       SELECT string_agg(x ->> 'quote', ' ') FROM jsonb_array_elements(s.state -> 'citations') x), '')), 'C')

-- name: fragment_page_doc
-- A page's documents as UTF-8 bytes (bytea): asyncpg hands them over as they arrive, where text would
-- be decoded into a str first; fetching and sending a page's 50 documents took ~15 % less Python CPU.
convert_to(d.doc::text, 'UTF8') AS doc

-- name: fragment_settled
-- The horizon of a sync feed read oldest change first: the start of the oldest transaction open now in
-- this database, else now (see SETTLED in pages.py).
(SELECT least(now(), min(a.xact_start)) FROM pg_stat_activity a
 WHERE a.datname = current_database() AND a.backend_type = 'client backend')
