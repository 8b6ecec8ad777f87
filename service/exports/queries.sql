-- name: export_state
-- What an export's ETag is made of, computed without rendering: how many members, a digest of their ids
-- and versions (so an event leaving or joining changes it), their latest change, the latest change of a
-- source they cite (a source's edit does not bump its events), and the most citations one of them has.
-- At most `at_most` members are read: beyond what an export may hold, that there are more is all that
-- needs telling.
SELECT count(*) AS events,
       md5(coalesce(string_agg(e.id::text || ':' || e.version::text, ',' ORDER BY e.id), '')) AS digest,
       max(e.updated_at) AS changed_at,
       max(cited.sources_changed_at) AS sources_changed_at,
       coalesce(max(cited.citations), 0) AS max_citations
FROM (SELECT e.id, e.version, e.updated_at FROM events e WHERE {{members}} LIMIT {{at_most}}) e
CROSS JOIN LATERAL (SELECT count(*) AS citations, max(s.updated_at) AS sources_changed_at
                    FROM citations c JOIN sources s ON s.id = c.source_id
                    WHERE c.event_id = e.id AND c.deleted_at IS NULL) cited
