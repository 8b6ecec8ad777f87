-- name: stored
-- The response kept for the key $1's Idempotency-Key $2, if it was made within the last $3 (an interval).
SELECT request_hash, status, location, body FROM idempotency_keys
WHERE key_id = $1 AND key = $2 AND created_at > now() - $3::text::interval

-- name: lock
-- Take the transaction's advisory lock on an (API key, Idempotency-Key) pair $1; false when it is taken.
SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))

-- name: keep
-- Keep a response for the key $1's Idempotency-Key $2: the request's hash, status, Location and body.
INSERT INTO idempotency_keys (key_id, key, request_hash, status, location, body)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (key_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
    status = EXCLUDED.status, location = EXCLUDED.location, body = EXCLUDED.body, created_at = now()
