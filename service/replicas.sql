-- name: replayed
-- How far this server has replayed the primary's WAL (a primary given as a replica: all it has written).
SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_flush_lsn() END

-- name: written
-- The primary's WAL position flushed so far: at or past every commit that has returned.
SELECT pg_current_wal_flush_lsn()

-- name: key_wrote
-- After a key's write committed: the position its later reads must see, kept where its lookup reads.
UPDATE api_keys SET written_lsn = pg_current_wal_flush_lsn() WHERE id = $1 RETURNING written_lsn
