-- name: find_key
-- The live key with this hash, and what it may do.
SELECT id, newsroom, role FROM api_keys WHERE hash = $1 AND revoked_at IS NULL
