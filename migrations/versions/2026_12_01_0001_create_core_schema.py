"""Create the core schema: newsrooms, sources, entities, events, citations, revisions.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UPGRADE = [
    """
    CREATE TABLE newsrooms (
        name        text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
        created_at  timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE TABLE sources (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newsroom        text NOT NULL REFERENCES newsrooms (name),
        url             text NOT NULL,
        title           text NOT NULL,
        publisher       text,
        authors         text[] NOT NULL DEFAULT '{}',
        published       text,
        published_start date,
        published_end   date,
        language        text,
        kind            text NOT NULL DEFAULT 'other' CHECK (kind IN
                            ('readout', 'statement', 'news', 'analysis', 'report',
                             'documentary', 'dataset', 'other')),
        archive_url     text,
        accessed_at     timestamptz,
        search          tsvector GENERATED ALWAYS AS (
                            to_tsvector('simple'::regconfig,
                                coalesce(title, '') || ' ' || coalesce(publisher, ''))) STORED,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        version         integer NOT NULL DEFAULT 1,
        deleted_at      timestamptz
    )
    """,
    "CREATE UNIQUE INDEX sources_url_key ON sources (url) WHERE deleted_at IS NULL",
    "CREATE INDEX sources_publisher_idx ON sources (lower(publisher))",
    "CREATE INDEX sources_search_idx ON sources USING gin (search)",
    "CREATE INDEX sources_updated_idx ON sources (updated_at, id)",
    """
    CREATE TABLE entities (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newsroom    text NOT NULL REFERENCES newsrooms (name),
        name        text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('person', 'organization', 'country', 'place', 'other')),
        wikidata    text CHECK (wikidata ~ '^Q[1-9][0-9]*$'),
        aliases     text[] NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        deleted_at  timestamptz
    )
    """,
    "CREATE UNIQUE INDEX entities_wikidata_key ON entities (newsroom, wikidata) WHERE deleted_at IS NULL",
    "CREATE INDEX entities_name_idx ON entities (lower(name))",
    "CREATE INDEX entities_updated_idx ON entities (updated_at, id)",
    """
    CREATE TABLE events (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        newsroom        text NOT NULL REFERENCES newsrooms (name),
        title           text NOT NULL,
        summary         text,
        date            text NOT NULL,
        start_date      date NOT NULL,
        end_date        date,
        sort_at         timestamptz NOT NULL,
        precision       text NOT NULL CHECK (precision IN ('year', 'month', 'day', 'time')),
        approximate     boolean NOT NULL DEFAULT false,
        uncertain       boolean NOT NULL DEFAULT false,
        display         text NOT NULL,
        location        jsonb,
        country         text GENERATED ALWAYS AS (location ->> 'country') STORED,
        tags            text[] NOT NULL DEFAULT '{}',
        importance      smallint NOT NULL DEFAULT 3 CHECK (importance BETWEEN 1 AND 5),
        media           jsonb,
        status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retracted')),
        retraction_note text,
        search          tsvector NOT NULL DEFAULT ''::tsvector,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        version         integer NOT NULL DEFAULT 1,
        deleted_at      timestamptz,
        CHECK (end_date IS NULL OR end_date >= start_date)
    )
    """,
    "CREATE INDEX events_sort_idx ON events (sort_at, id) WHERE deleted_at IS NULL",
    "CREATE INDEX events_range_idx ON events (start_date, end_date) WHERE deleted_at IS NULL",
    "CREATE INDEX events_tags_idx ON events USING gin (tags) WHERE deleted_at IS NULL",
    "CREATE INDEX events_search_idx ON events USING gin (search) WHERE deleted_at IS NULL",
    "CREATE INDEX events_country_idx ON events (country, sort_at, id) WHERE deleted_at IS NULL",
    "CREATE INDEX events_newsroom_idx ON events (newsroom, sort_at, id) WHERE deleted_at IS NULL",
    "CREATE INDEX events_updated_idx ON events (updated_at, id)",
    """
    CREATE TABLE event_entities (
        event_id    uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        entity_id   uuid NOT NULL REFERENCES entities (id),
        role        text NOT NULL CHECK (role IN ('participant', 'subject', 'location', 'mentioned')),
        position    smallint NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, entity_id)
    )
    """,
    "CREATE INDEX event_entities_entity_idx ON event_entities (entity_id, event_id)",
    """
    CREATE TABLE citations (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq         bigint GENERATED ALWAYS AS IDENTITY,
        newsroom    text NOT NULL REFERENCES newsrooms (name),
        event_id    uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        source_id   uuid NOT NULL REFERENCES sources (id),
        quote       text NOT NULL,
        locator     text,
        stance      text NOT NULL DEFAULT 'supports' CHECK (stance IN ('supports', 'disputes', 'context')),
        note        text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        version     integer NOT NULL DEFAULT 1,
        deleted_at  timestamptz
    )
    """,
    "CREATE INDEX citations_event_idx ON citations (event_id, seq) WHERE deleted_at IS NULL",
    "CREATE INDEX citations_source_idx ON citations (source_id, event_id) WHERE deleted_at IS NULL",
    """
    CREATE TABLE revisions (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        object_type text NOT NULL CHECK (object_type IN ('event', 'citation', 'source', 'entity', 'timeline')),
        object_id   uuid NOT NULL,
        newsroom    text NOT NULL REFERENCES newsrooms (name),
        version     integer NOT NULL,
        action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
        state       jsonb NOT NULL,
        key_id      uuid,
        change_note text,
        correction  boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX revisions_object_idx ON revisions (object_id, id)",
    "CREATE INDEX revisions_corrections_idx ON revisions (object_id, created_at) WHERE correction",
]

DOWNGRADE = [
    "DROP TABLE revisions",
    "DROP TABLE citations",
    "DROP TABLE event_entities",
    "DROP TABLE events",
    "DROP TABLE entities",
    "DROP TABLE sources",
    "DROP TABLE newsrooms",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
