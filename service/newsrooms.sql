-- name: ensure_newsroom
-- The newsroom exists from its first write on.
INSERT INTO newsrooms (name) VALUES ($1) ON CONFLICT DO NOTHING
