"""Event pages by tag: one row per (event, tag) in (tag, sort_at, id) order, kept by triggers.

A page of `GET /v1/events?tag=…&from=…&to=…` is then an index-only range scan that reads about one
page of entries instead of every event carrying the tag. `reach` classes an event by the length of
its [start_date, end_date] so that the events that start before `from` and still overlap it can be
found by a bounded scan per class (see service/events/filters.py `tag_range` and the page SQL in
service/events/repository.py):

    0      end = start (a day, a moment): never starts before `from` and overlaps it
    1      a whole calendar month         2      a whole calendar year
    3..9   any other closed span of 1-3, 4-15, 16-63, 64-255, 256-1023, 1024-4095, 4096-16383 days
    14     a closed span of 16384 days or more         15      an open end (`2020-03/..`)

Only live events have rows; drafts do too (the page filters on `status`).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE FUNCTION event_reach(start_date date, end_date date) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
      SELECT (CASE
        WHEN end_date IS NULL THEN 15
        WHEN end_date = start_date THEN 0
        WHEN extract(day FROM start_date) = 1
             AND end_date = (start_date + interval '1 month')::date - 1 THEN 1
        WHEN extract(doy FROM start_date) = 1
             AND end_date = (start_date + interval '1 year')::date - 1 THEN 2
        WHEN end_date - start_date < 4 THEN 3
        WHEN end_date - start_date < 16 THEN 4
        WHEN end_date - start_date < 64 THEN 5
        WHEN end_date - start_date < 256 THEN 6
        WHEN end_date - start_date < 1024 THEN 7
        WHEN end_date - start_date < 4096 THEN 8
        WHEN end_date - start_date < 16384 THEN 9
        ELSE 14
      END)::smallint
    $fn$
    """,
    """
    CREATE TABLE event_tags (
        tag         text NOT NULL,
        sort_at     timestamptz NOT NULL,
        id          uuid NOT NULL,
        start_date  date NOT NULL,
        end_date    date,
        reach       smallint NOT NULL,
        status      text NOT NULL
    )
    """,
    # Events in page order per tag, and the ones that can start before `from` per reach class.
    """CREATE UNIQUE INDEX event_tags_page_idx ON event_tags (tag, sort_at, id)
       INCLUDE (start_date, end_date, status)""",
    """CREATE INDEX event_tags_reach_idx ON event_tags (tag, reach, sort_at, id)
       INCLUDE (start_date, end_date, status) WHERE reach > 0""",
    """
    CREATE FUNCTION event_tags_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status)
      SELECT t.tag, n.sort_at, n.id, n.start_date, n.end_date, event_reach(n.start_date, n.end_date), n.status
      FROM new_events n CROSS JOIN LATERAL (SELECT DISTINCT unnest(n.tags)) AS t(tag)
      WHERE n.deleted_at IS NULL;
      RETURN NULL;
    END
    $fn$
    """,
    """
    CREATE FUNCTION event_tags_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM event_tags WHERE tag = ANY (OLD.tags) AND sort_at = OLD.sort_at AND id = OLD.id;
      IF NEW.deleted_at IS NULL THEN
        INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status)
        SELECT DISTINCT t.tag, NEW.sort_at, NEW.id, NEW.start_date, NEW.end_date,
               event_reach(NEW.start_date, NEW.end_date), NEW.status
        FROM unnest(NEW.tags) AS t(tag);
      END IF;
      RETURN NULL;
    END
    $fn$
    """,
    """
    CREATE FUNCTION event_tags_deleted() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      DELETE FROM event_tags t
      USING (SELECT unnest(o.tags) AS tag, o.sort_at, o.id FROM old_events o) AS gone
      WHERE t.tag = gone.tag AND t.sort_at = gone.sort_at AND t.id = gone.id;
      RETURN NULL;
    END
    $fn$
    """,
    """
    CREATE FUNCTION event_tags_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      TRUNCATE event_tags;
      RETURN NULL;
    END
    $fn$
    """,
    """CREATE TRIGGER event_tags_inserted AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
       FOR EACH STATEMENT EXECUTE FUNCTION event_tags_inserted()""",
    """CREATE TRIGGER event_tags_updated
       AFTER UPDATE OF tags, sort_at, start_date, end_date, status, deleted_at ON events FOR EACH ROW
       WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.sort_at IS DISTINCT FROM NEW.sort_at
             OR OLD.start_date IS DISTINCT FROM NEW.start_date OR OLD.end_date IS DISTINCT FROM NEW.end_date
             OR OLD.status IS DISTINCT FROM NEW.status OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
       EXECUTE FUNCTION event_tags_updated()""",
    """CREATE TRIGGER event_tags_deleted AFTER DELETE ON events REFERENCING OLD TABLE AS old_events
       FOR EACH STATEMENT EXECUTE FUNCTION event_tags_deleted()""",
    """CREATE TRIGGER event_tags_truncated AFTER TRUNCATE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION event_tags_truncated()""",
    """
    INSERT INTO event_tags (tag, sort_at, id, start_date, end_date, reach, status)
    SELECT t.tag, e.sort_at, e.id, e.start_date, e.end_date, event_reach(e.start_date, e.end_date), e.status
    FROM events e CROSS JOIN LATERAL (SELECT DISTINCT unnest(e.tags)) AS t(tag)
    WHERE e.deleted_at IS NULL
    """,
    "ANALYZE event_tags",
]

DOWNGRADE = [
    "DROP TRIGGER event_tags_truncated ON events",
    "DROP TRIGGER event_tags_deleted ON events",
    "DROP TRIGGER event_tags_updated ON events",
    "DROP TRIGGER event_tags_inserted ON events",
    "DROP FUNCTION event_tags_truncated()",
    "DROP FUNCTION event_tags_deleted()",
    "DROP FUNCTION event_tags_updated()",
    "DROP FUNCTION event_tags_inserted()",
    "DROP TABLE event_tags",
    "DROP FUNCTION event_reach(date, date)",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
