-- name: fragment_entity_json
-- An entity row `n` as its JSON document.
json_build_object('id', n.id, 'newsroom', n.newsroom, 'name', n.name, 'kind', n.kind, 'wikidata', n.wikidata,
                  'aliases', n.aliases, 'created_at', n.created_at, 'updated_at', n.updated_at,
                  'version', n.version)

-- name: get_entity
-- One live entity.
SELECT {{entity_json}}::text AS doc FROM entities n WHERE n.id = $1 AND n.deleted_at IS NULL

-- name: entity_row_for_update
-- A live entity's fields, locked for a write.
SELECT id, newsroom, name, kind, wikidata, aliases, version
FROM entities WHERE id = $1 AND deleted_at IS NULL
FOR UPDATE

-- name: find_entity_by_wikidata
-- The newsroom's live entity with this Wikidata id, if any.
SELECT id FROM entities WHERE newsroom = $1 AND wikidata = $2 AND deleted_at IS NULL

-- name: insert_entity
-- A new entity; a concurrent insert of the same Wikidata id fails on the unique index.
INSERT INTO entities (id, newsroom, name, kind, wikidata, aliases)
VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6)
ON CONFLICT (newsroom, wikidata) WHERE deleted_at IS NULL DO NOTHING
RETURNING id

-- name: update_entity
-- New values for an entity's fields; bumps its version.
UPDATE entities SET name = $2, kind = $3, wikidata = $4, aliases = $5, updated_at = now(), version = version + 1
WHERE id = $1

-- name: insert_entity_revision
-- The whole new state of an entity, kept for its history.
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT 'entity', n.id, n.newsroom, n.version, $2, {{entity_json}}::jsonb, $3, $4, $5
FROM entities n WHERE n.id = $1
