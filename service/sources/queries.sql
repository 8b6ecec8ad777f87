-- name: fragment_source_json
-- A source row `s` as its JSON document.
json_build_object(
    'id', s.id, 'newsroom', s.newsroom, 'url', s.url, 'title', s.title, 'publisher', s.publisher,
    'authors', s.authors, 'published', s.published, 'language', s.language, 'kind', s.kind,
    'archive_url', s.archive_url, 'accessed_at', s.accessed_at, 'created_at', s.created_at,
    'updated_at', s.updated_at, 'version', s.version)

-- name: get_source
-- One live source that the caller may see (a public one, or any of its newsroom $2's), with the events it
-- backs that the caller may see.
SELECT {{source_json}}::text AS doc,
       coalesce((SELECT json_agg(json_build_object(
                     'id', e.id, 'title', e.title, 'date', e.date, 'display', e.display,
                     'status', e.status, 'stance', c.stance) ORDER BY e.sort_at, e.id, c.id)
                 FROM citations c JOIN events e ON e.id = c.event_id
                 WHERE c.source_id = s.id AND c.deleted_at IS NULL AND e.deleted_at IS NULL
                   AND (e.status <> 'draft' OR e.newsroom = $2)), '[]')::text AS events
FROM sources s
WHERE s.id = $1 AND s.deleted_at IS NULL AND (s.published_at IS NOT NULL OR s.newsroom = $2)

-- name: source_row_for_update
-- A live source's editable fields, locked for a write.
SELECT id, newsroom, url, title, publisher, authors, published, language, kind, archive_url,
       accessed_at, version
FROM sources WHERE id = $1 AND deleted_at IS NULL
FOR UPDATE

-- name: find_source_by_url
-- The newsroom's live source with this canonical URL, if any, locked until the transaction ends (as
-- live_sources): an event made to cite it shows it as it stays.
SELECT id FROM sources WHERE newsroom = $1 AND url = $2 AND deleted_at IS NULL FOR SHARE

-- name: find_sources_by_urls
-- The newsroom's live sources with these canonical URLs: (url, id) of each one found, locked as
-- live_sources locks.
SELECT url, id FROM sources WHERE newsroom = $1 AND url = ANY($2::text[]) AND deleted_at IS NULL
ORDER BY id
FOR SHARE

-- name: live_sources
-- The live sources with these ids that newsroom $2 may see (public ones and its own: another newsroom's
-- hidden source is missing, as an unknown id is), as their documents, each locked until the transaction
-- ends (in id order, as every such lock is taken): events being made to cite one show it as it stays
-- until they are in, since a change to it waits for them and then rebuilds their documents.
SELECT s.id, {{source_json}}::text AS doc FROM sources s
WHERE s.id = ANY($1::uuid[]) AND s.deleted_at IS NULL AND (s.published_at IS NOT NULL OR s.newsroom = $2)
ORDER BY s.id
FOR SHARE

-- name: insert_sources
-- New sources, as an import's citations make them (hidden until an event citing them is public), one per
-- position of the arrays (the columns of insert_source; authors as a JSON array each); a URL that a live
-- source of the newsroom has meanwhile is skipped. Returns (url, id) of each one inserted.
-- In URL order: two imports creating the same sources then wait for each other in the same order, and
-- never deadlock.
INSERT INTO sources (newsroom, url, title, publisher, authors, published, published_start, published_end,
                     language, kind, archive_url, accessed_at)
SELECT $1, s.url, s.title, s.publisher, ARRAY(SELECT jsonb_array_elements_text(s.authors::jsonb)), s.published,
       s.published_start, s.published_end, s.language, s.kind, s.archive_url, s.accessed_at
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::text[],
            $10::text[], $11::text[], $12::timestamptz[])
     AS s(url, title, publisher, authors, published, published_start, published_end, language, kind,
          archive_url, accessed_at)
ORDER BY s.url
ON CONFLICT (newsroom, url) WHERE deleted_at IS NULL DO NOTHING
RETURNING url, id

-- name: insert_source
-- A new source, public at once when $14 (made on its own; one made by a citation is public when an event
-- citing it is: a trigger on event_docs); a concurrent insert of the same URL by the same newsroom inserts
-- nothing.
INSERT INTO sources (id, newsroom, url, title, publisher, authors, published, published_start, published_end,
                     language, kind, archive_url, accessed_at, published_at)
VALUES (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
        CASE WHEN $14::boolean THEN now() END)
ON CONFLICT (newsroom, url) WHERE deleted_at IS NULL DO NOTHING
RETURNING id

-- name: update_source
-- New values for a source's fields; bumps its version.
UPDATE sources
SET url = $2, title = $3, publisher = $4, authors = $5, published = $6, published_start = $7,
    published_end = $8, language = $9, kind = $10, archive_url = $11, accessed_at = $12,
    updated_at = now(), version = version + 1
WHERE id = $1

-- name: unsupported_if_source_goes
-- Published events whose every supporting citation comes from this source.
SELECT e.id FROM events e
WHERE e.status = 'published' AND e.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM citations c
                  WHERE c.event_id = e.id AND c.source_id <> $1 AND c.stance = 'supports'
                    AND c.deleted_at IS NULL)
  AND EXISTS (SELECT 1 FROM citations c
              WHERE c.event_id = e.id AND c.source_id = $1 AND c.stance = 'supports' AND c.deleted_at IS NULL)

-- name: delete_source
-- Soft-deletes a source and its citations at one instant, so a restore can bring both back.
WITH gone AS (
    UPDATE sources SET deleted_at = now(), updated_at = now(), version = version + 1
    WHERE id = $1 AND deleted_at IS NULL
    RETURNING id
)
UPDATE citations c SET deleted_at = now(), updated_at = now(), version = c.version + 1
FROM gone WHERE c.source_id = gone.id AND c.deleted_at IS NULL
RETURNING c.id, c.event_id

-- name: restore_source
-- Brings back a deleted source of the newsroom, and the citations deleted with it.
WITH back AS (
    UPDATE sources SET deleted_at = NULL, updated_at = now(), version = version + 1
    WHERE id = $1 AND newsroom = $2 AND deleted_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM sources o
                      WHERE o.newsroom = sources.newsroom AND o.url = sources.url AND o.deleted_at IS NULL)
    RETURNING id, (SELECT deleted_at FROM sources WHERE id = $1) AS deleted_at
)
UPDATE citations c SET deleted_at = NULL, updated_at = now(), version = c.version + 1
FROM back WHERE c.source_id = back.id AND c.deleted_at = back.deleted_at
RETURNING c.id, c.event_id

-- name: deleted_source
-- A deleted source of the newsroom: its URL and whether a live source of the newsroom has taken that URL
-- since.
SELECT s.url, (SELECT o.id FROM sources o
               WHERE o.newsroom = s.newsroom AND o.url = s.url AND o.deleted_at IS NULL) AS taken_by
FROM sources s WHERE s.id = $1 AND s.newsroom = $2 AND s.deleted_at IS NOT NULL

-- name: insert_source_revision
-- The whole new state of a source, kept for its history.
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, key_id, change_note, correction)
SELECT 'source', s.id, s.newsroom, s.version, $2, {{source_json}}::jsonb, $3, $4, $5
FROM sources s WHERE s.id = $1
