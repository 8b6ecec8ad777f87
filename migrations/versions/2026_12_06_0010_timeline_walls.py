"""Timelines keep to their newsroom: a slug is never reused, and a tag page knows each event's newsroom.

Slugs. A slug stays with the timeline that has it, deleted or not (its embed URLs are in published
articles), so the unique index covers every row, not only live ones. Before it is built, each slug
that several rows share keeps one holder: the live timeline if there is one (even one that took the
slug over from a deleted timeline: its content is what readers see now), else the one deleted last
(latest `deleted_at`, then the newest). Every other row sharing the slug is renamed to its slug (cut
to 55 characters) + "-" + the first 8 hex digits of md5(id): still a valid slug, restorable under
that name, its history untouched. Renaming a timeline does not free its old slug either: the index
on the slugs that timeline revisions name (revisions_timeline_slug_idx, migration 0009) finds every
newsroom that ever had a slug, and a slug another newsroom ever had is refused. Downgrade gives each renamed row (deleted, its last revision naming
another slug) that slug back, and makes the index partial again.

Tag pages. A timeline's saved filter draws from its own newsroom's events (or the one newsroom it
names), so the tag page that answers a timeline of one tag needs each row's newsroom: `event_tags`
gets a `newsroom` column, carried in both indexes' INCLUDE (the page stays an index-only scan, the
newsroom a filter on the entries read), filled by the same triggers. The table is rebuilt from
`events` (faster than updating every row). Downgrade drops the column and restores the triggers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_PAGE_INDEX = "CREATE UNIQUE INDEX event_tags_page_idx ON event_tags (tag, sort_at, id) INCLUDE ({columns})"
_REACH_INDEX = (
    "CREATE INDEX event_tags_reach_idx ON event_tags (tag, reach, sort_at, id) INCLUDE ({columns}) "
    "WHERE reach > 0"
)
_OLD_COLUMNS = "start_date, end_date, status"
_NEW_COLUMNS = "start_date, end_date, status, newsroom"

# The event_tags triggers' functions (migration 0005), with `{newsroom}` where the newsroom is written.
_INSERTED = """
CREATE OR REPLACE FUNCTION event_tags_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status{column})
  SELECT t.tag, n.sort_at, n.id, n.start_date, n.end_date, event_reach(n.start_date, n.end_date),
         n.status{new_value}
  FROM new_events n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.tags)) AS t(tag)
  WHERE n.deleted_at IS NULL;
  RETURN NULL;
END
$fn$
"""
_UPDATED = """
CREATE OR REPLACE FUNCTION event_tags_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM event_tags WHERE tag = ANY (OLD.tags) AND sort_at = OLD.sort_at AND id = OLD.id;
  IF NEW.deleted_at IS NULL THEN
    INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status{column})
    SELECT DISTINCT t.tag, NEW.sort_at, NEW.id, NEW.start_date, NEW.end_date,
           event_reach(NEW.start_date, NEW.end_date), NEW.status{row_value}
    FROM unnest(NEW.tags) AS t(tag);
  END IF;
  RETURN NULL;
END
$fn$
"""


def _functions(with_newsroom: bool) -> list[str]:
    names = (
        {"column": ", newsroom", "new_value": ", n.newsroom", "row_value": ", NEW.newsroom"}
        if with_newsroom
        else {"column": "", "new_value": "", "row_value": ""}
    )
    return [_INSERTED.format(**names), _UPDATED.format(**names)]


UPGRADE = [
    # One holder per slug: the live row, else the one deleted last; the others get a slug of their own.
    """
    UPDATE timelines t
    SET slug = rtrim(left(t.slug, 55), '-') || '-' || left(md5(t.id::text), 8)
    FROM (SELECT id, row_number() OVER (PARTITION BY slug ORDER BY deleted_at IS NULL DESC,
                                        deleted_at DESC, created_at DESC, id DESC) AS n
          FROM timelines) ranked
    WHERE ranked.id = t.id AND ranked.n > 1
    """,
    "DROP INDEX timelines_slug_key",
    "CREATE UNIQUE INDEX timelines_slug_key ON timelines (slug)",
    "DROP INDEX event_tags_page_idx",
    "DROP INDEX event_tags_reach_idx",
    "TRUNCATE event_tags",
    "ALTER TABLE event_tags ADD COLUMN newsroom text NOT NULL",
    *_functions(with_newsroom=True),
    """
    INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status, newsroom)
    SELECT t.tag, e.sort_at, e.id, e.start_date, e.end_date, event_reach(e.start_date, e.end_date), e.status,
           e.newsroom
    FROM events e CROSS JOIN LATERAL (SELECT DISTINCT unnest(e.tags)) AS t(tag)
    WHERE e.deleted_at IS NULL
    """,
    _PAGE_INDEX.format(columns=_NEW_COLUMNS),
    _REACH_INDEX.format(columns=_NEW_COLUMNS),
    "ANALYZE event_tags",
]

DOWNGRADE = [
    "DROP INDEX event_tags_page_idx",
    "DROP INDEX event_tags_reach_idx",
    *_functions(with_newsroom=False),
    "ALTER TABLE event_tags DROP COLUMN newsroom",
    _PAGE_INDEX.format(columns=_OLD_COLUMNS),
    _REACH_INDEX.format(columns=_OLD_COLUMNS),
    "DROP INDEX timelines_slug_key",
    "CREATE UNIQUE INDEX timelines_slug_key ON timelines (slug) WHERE deleted_at IS NULL",
    # A deleted timeline whose last revision names another slug was renamed by the upgrade: its slug back.
    """
    UPDATE timelines t
    SET slug = last.state ->> 'slug'
    FROM (SELECT DISTINCT ON (r.object_id) r.object_id, r.state
          FROM revisions r WHERE r.object_type = 'timeline'
          ORDER BY r.object_id, r.created_at DESC, r.id DESC) last
    WHERE last.object_id = t.id AND t.deleted_at IS NOT NULL AND last.state ->> 'slug' <> t.slug
    """,
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
