-- name: try_lock
-- Take the deployment's purger lock if it is free; held by this session until it ends (closes or dies).
SELECT pg_try_advisory_lock($1)

-- name: next_batch
-- The oldest outbox rows still to be sent to the edge.
SELECT id, keys FROM purge_outbox ORDER BY id LIMIT $1

-- name: forget_sent
-- Rows whose keys the edge acknowledged with a 2xx.
DELETE FROM purge_outbox WHERE id = ANY($1::bigint[])

-- name: backlog
-- How many rows wait and how old the oldest is, in seconds (0 when none wait).
SELECT count(*) AS depth,
       coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS lag
FROM purge_outbox
