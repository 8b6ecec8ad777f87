-- name: find_key
-- The live key with this hash, what it may do, and the position of its last write (for its reads).
SELECT id, newsroom, role, written_lsn FROM api_keys WHERE hash = $1 AND revoked_at IS NULL
