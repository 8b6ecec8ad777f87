-- name: find_key
-- The live key with this hash, what it may do, and the position of its last write (for its reads).
SELECT id, newsroom, role, written_lsn FROM api_keys WHERE hash = $1 AND revoked_at IS NULL

-- name: insert_key
-- A new key; only its hash is kept.
INSERT INTO api_keys (newsroom, role, name, prefix, hash)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, newsroom, role, name, prefix, created_at, revoked_at

-- name: revoke_key
-- Revokes a key of the newsroom at once; revoking twice changes nothing.
UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
WHERE id = $1 AND newsroom = $2
RETURNING id

-- name: list_keys
-- A page of the newsroom's keys (never their secrets), oldest first.
SELECT id, newsroom, role, name, prefix, created_at, revoked_at FROM api_keys
WHERE newsroom = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
ORDER BY created_at, id LIMIT $4

-- name: get_key
-- One key of the newsroom (never its secret), revoked or not.
SELECT id, newsroom, role, name, prefix, created_at, revoked_at FROM api_keys WHERE id = $1 AND newsroom = $2

-- name: newsroom_keys
-- Every key of a newsroom (never their secrets), oldest first: `dateline keys list`.
SELECT id, newsroom, role, name, prefix, created_at, revoked_at FROM api_keys
WHERE newsroom = $1 ORDER BY created_at, id

-- name: revoke_key_by_id
-- Revokes a key of any newsroom at once (`dateline keys revoke`, run by whoever runs the service);
-- revoking twice keeps the first time.
UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
WHERE id = $1
RETURNING id, newsroom, role, name, prefix, created_at, revoked_at

-- name: newsroom_exists
SELECT EXISTS (SELECT 1 FROM newsrooms WHERE name = $1)
