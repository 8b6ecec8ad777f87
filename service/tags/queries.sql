-- name: tag_counts
-- The tags of the events that meet {{conditions}}, with how many carry each, keyset-paged on (count
-- descending, tag): {{after}} is the cursor's condition (or nothing), the orders the page's direction.
SELECT t.tag, t.count
FROM (SELECT tag, count(*) AS count FROM events e, unnest(e.tags) AS tag WHERE {{conditions}} GROUP BY tag) t
{{after}}
ORDER BY t.count {{count_order}}, t.tag {{tag_order}}
LIMIT {{limit}}
