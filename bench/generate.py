"""A benchmark dataset of N events, written through the service's own schema.

    .venv/bin/python bench/generate.py --events 1000000 [--db dateline_bench_1m] [--server postgresql://…]

Creates the database (dropping an older one of that name), runs the migrations, then fills it with
set-based INSERT … SELECT over generate_series, in chunks: no row-by-row inserts, no Python in the
loop. The migrations' secondary indexes and foreign keys are dropped for the load and recreated from
their own definitions afterwards (the schema ends up identical; the test below checks it), triggers
stay on, so derived tables are filled as the service would fill them.

What it writes, deterministically (every choice is a hash of the row number, so two runs agree):
  * 500 entities, 100,000 sources (200 publishers), one newsroom `bench`;
  * N events over 1990-01-01 … 2025-12-31: 48 % day, 20 % month, 14 % year precision, 3 % moments
    with a UTC offset, 12 % closed intervals (1 day to 10 years, log-uniform), 3 % open intervals
    (`2020-03/..`); 14 % of single dates carry a qualifier (`~`, `?`, `%`); 97 % published,
    1 % retracted, 2 % drafts;
  * 3 of 200 tags per event (`tag-000` … `tag-199`), 1-2 entities per event, 2 citations per event
    (the first `supports`), a correction on 1 % of events.
The derived date fields (start_date, end_date, sort_at, precision, approximate, uncertain, display)
are computed in SQL; `check_dates` re-derives a sample with service/edtf.py and fails on any
difference. `search` is computed with the same expression as the service's `refresh_event`, and each
event's document (`event_docs`) with the service's own definition (`fragment_event_json`), once the
rows it reads are in.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import time
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.edtf import parse_edtf  # noqa: E402
from service.events.document import EVENT_JSON, Q, stale_docs, store_docs_of  # noqa: E402
from service.migrate import upgrade  # noqa: E402
from service.sql import expand  # noqa: E402

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
NEWSROOM = "bench"
TAGS = 200
ENTITIES = 500
SOURCES = 100_000
CHUNK = 250_000
FIRST_DAY = dt.date(1990, 1, 1)
DAYS = 13_149  # 1990-01-01 … 2025-12-31

# Deterministic "random" integers: rnd(i, salt, m) in [0, m).
HELPERS = """
CREATE FUNCTION pg_temp.rnd(i bigint, salt bigint, m bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((hashint8extended(i, salt) % m) + m) % m $$;
CREATE FUNCTION pg_temp.words(i bigint, salt bigint, n int) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg((ARRAY['summit','minister','sanctions','treaty','election','protest','olympic',
    'doping','border','trade','energy','pipeline','agreement','talks','delegation','embassy','court',
    'ruling','parliament','vote','ceasefire','report','inquiry','statement','president','premier',
    'alliance','security','council','crisis','reform','budget','tariff','visit','meeting','conference',
    'declaration','boycott','games','athletes','agency','investigation','referendum','accord','summit',
    'exports','imports','military','exercise','launch'])[1 + pg_temp.rnd(i, salt + k, 50)], ' ')
  FROM generate_series(1, n) k $$;
-- Phrases drawn once, picked per row by a hash: a SQL function per row would dominate the load.
CREATE TEMP TABLE phrases AS
SELECT j AS n, pg_temp.words(j, 100, 5) AS w5, pg_temp.words(j, 200, 14) AS w14,
       pg_temp.words(j, 300, 16) AS w16, pg_temp.words(j, 400, 12) AS w12
FROM generate_series(0, 2047) AS j;
ANALYZE pg_temp.phrases;
-- An EDTF part (one side of a date) written, labelled and bounded at its precision.
CREATE FUNCTION pg_temp.part_text(d date, p text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p WHEN 'day' THEN to_char(d, 'YYYY-MM-DD') WHEN 'month' THEN to_char(d, 'YYYY-MM')
                ELSE to_char(d, 'YYYY') END $$;
CREATE FUNCTION pg_temp.plain(d date, p text, with_year boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(' ', CASE WHEN p = 'day' THEN to_char(d, 'FMDD') END,
                        CASE WHEN p <> 'year' THEN to_char(d, 'FMMonth') END,
                        CASE WHEN with_year THEN to_char(d, 'FMYYYY') END) $$;
CREATE FUNCTION pg_temp.part_end(d date, p text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p WHEN 'day' THEN d WHEN 'month' THEN (d + interval '1 month' - interval '1 day')::date
                ELSE (d + interval '1 year' - interval '1 day')::date END $$;
"""

# One row per event with its date drawn: `kind` says the shape, `p` the precision of its parts.
DATES = """
WITH base AS (
  SELECT i,
         pg_temp.rnd(i, 1, 100) AS roll,
         pg_temp.rnd(i, 2, 100) AS qroll,
         DATE '1990-01-01' + pg_temp.rnd(i, 3, 13149)::int AS d0,
         (ARRAY['day','day','month','year'])[1 + pg_temp.rnd(i, 4, 4)] AS ip,
         floor(power(3650.0, pg_temp.rnd(i, 5, 1000000) / 1000000.0))::int AS len
  FROM generate_series($1::bigint, $2::bigint) AS i
), shaped AS (
  SELECT i, qroll, d0, len,
         CASE WHEN roll < 48 THEN 'single' WHEN roll < 68 THEN 'single' WHEN roll < 82 THEN 'single'
              WHEN roll < 85 THEN 'moment' WHEN roll < 97 THEN 'interval' ELSE 'open' END AS kind,
         CASE WHEN roll < 48 THEN 'day' WHEN roll < 68 THEN 'month' WHEN roll < 82 THEN 'year'
              WHEN roll < 85 THEN 'time' ELSE ip END AS p
  FROM base
), parts AS (
  SELECT i, kind, p, d0,
         CASE p WHEN 'month' THEN date_trunc('month', d0)::date WHEN 'year' THEN date_trunc('year', d0)::date
                ELSE d0 END AS s,
         CASE WHEN kind = 'single' THEN (CASE WHEN qroll < 8 THEN '~' WHEN qroll < 12 THEN '?'
                                              WHEN qroll < 14 THEN '%' ELSE '' END)
              WHEN kind IN ('interval', 'open') AND qroll < 6 THEN '~' ELSE '' END AS q,
         len
  FROM shaped
), ends AS (
  SELECT parts.*,
         CASE WHEN kind = 'interval' THEN
           CASE p WHEN 'day' THEN s + greatest(len, 1)
                  WHEN 'month' THEN greatest(date_trunc('month', s + len)::date,
                                             (s + interval '1 month')::date)
                  ELSE greatest(date_trunc('year', s + len)::date, (s + interval '1 year')::date) END
         END AS e,
         (ARRAY[0, 180, -300, 540, 330, -480, 840, -660])[1 + pg_temp.rnd(i, 6, 8)] AS off_min,
         make_interval(hours => pg_temp.rnd(i, 7, 24)::int, mins => pg_temp.rnd(i, 8, 60)::int,
                       secs => CASE WHEN pg_temp.rnd(i, 9, 4) = 0 THEN pg_temp.rnd(i, 10, 60) ELSE 0 END)
           AS clock
  FROM parts
)
SELECT i,
       CASE kind
         WHEN 'single' THEN pg_temp.part_text(s, p) || q
         WHEN 'moment' THEN to_char(d0 + clock, 'YYYY-MM-DD"T"HH24:MI:SS')
                            || CASE WHEN off_min = 0 THEN 'Z'
                                    ELSE (CASE WHEN off_min < 0 THEN '-' ELSE '+' END)
                                         || to_char(abs(off_min) / 60, 'FM00') || ':'
                                         || to_char(abs(off_min) % 60, 'FM00') END
         WHEN 'interval' THEN pg_temp.part_text(s, p) || q || '/' || pg_temp.part_text(e, p)
         ELSE pg_temp.part_text(s, p) || q || '/..'
       END AS date,
       s AS start_date,
       CASE kind WHEN 'open' THEN NULL WHEN 'interval' THEN pg_temp.part_end(e, p)
                 WHEN 'moment' THEN d0 ELSE pg_temp.part_end(s, p) END AS end_date,
       CASE WHEN kind = 'moment' THEN (d0 + clock - make_interval(mins => off_min)) AT TIME ZONE 'UTC'
            ELSE s::timestamp AT TIME ZONE 'UTC' END AS sort_at,
       p AS precision,
       q IN ('~', '%') AS approximate,
       q IN ('?', '%') AS uncertain,
       CASE kind
         WHEN 'single' THEN (CASE WHEN q IN ('~', '%') THEN 'c. ' ELSE '' END) || pg_temp.plain(s, p, true)
                            || (CASE WHEN q IN ('?', '%') THEN '?' ELSE '' END)
         WHEN 'moment' THEN to_char(d0, 'FMDD FMMonth YYYY') || ', '
                            || to_char(d0 + clock, CASE WHEN extract(second FROM clock) > 0
                                                        THEN 'HH24:MI:SS' ELSE 'HH24:MI' END)
                            || ' UTC' || CASE WHEN off_min = 0 THEN ''
                                              ELSE (CASE WHEN off_min < 0 THEN '-' ELSE '+' END)
                                                   || to_char(abs(off_min) / 60, 'FM00') || ':'
                                                   || to_char(abs(off_min) % 60, 'FM00') END
         WHEN 'open' THEN 'since ' || (CASE WHEN q = '~' THEN 'c. ' ELSE '' END) || pg_temp.plain(s, p, true)
         ELSE CASE
           WHEN q = '~' THEN 'c. ' || pg_temp.plain(s, p, true) || ' – ' || pg_temp.plain(e, p, true)
           WHEN p = 'year' THEN to_char(s, 'YYYY') || '–' || to_char(e, 'YYYY')
           WHEN extract(year FROM s) = extract(year FROM e) AND p = 'day'
                AND extract(month FROM s) = extract(month FROM e)
             THEN to_char(s, 'FMDD') || '–' || pg_temp.plain(e, p, true)
           WHEN extract(year FROM s) = extract(year FROM e)
             THEN pg_temp.plain(s, p, false) || ' – ' || pg_temp.plain(e, p, true)
           ELSE pg_temp.plain(s, p, true) || ' – ' || pg_temp.plain(e, p, true)
         END
       END AS display
FROM ends
"""

COUNTRIES = [
    ("CN", "Beijing", 39.9, 116.4), ("RU", "Moscow", 55.75, 37.62), ("US", "Washington", 38.9, -77.04),
    ("FR", "Paris", 48.86, 2.35), ("DE", "Berlin", 52.52, 13.4), ("GB", "London", 51.5, -0.12),
    ("BR", "Rio de Janeiro", -22.9, -43.2), ("JP", "Tokyo", 35.68, 139.69), ("IN", "New Delhi", 28.6, 77.2),
    ("UA", "Kyiv", 50.45, 30.52), ("TR", "Ankara", 39.93, 32.86), ("ZA", "Pretoria", -25.75, 28.19),
    ("CH", "Lausanne", 46.52, 6.63), ("KR", "Seoul", 37.57, 126.98), ("EG", "Cairo", 30.04, 31.24),
    ("MX", "Mexico City", 19.43, -99.13),
]  # fmt: skip

EVENTS = f"""
INSERT INTO events (id, newsroom, title, summary, date, start_date, end_date, sort_at, precision,
                    approximate, uncertain, display, location, tags, importance, status, retraction_note,
                    search, created_at, updated_at)
SELECT md5('ev' || d.i)::uuid, '{NEWSROOM}', t.title, t.summary, d.date, d.start_date, d.end_date, d.sort_at,
       d.precision, d.approximate, d.uncertain, d.display,
       jsonb_build_object('name', c.name, 'country', c.code, 'lat', c.lat, 'lon', c.lon),
       ARRAY['tag-' || to_char(tg.a, 'FM000'), 'tag-' || to_char((tg.a + 1 + tg.b) % 200, 'FM000'),
             'tag-' || to_char((tg.a + 67 + tg.c) % 200, 'FM000')],
       1 + pg_temp.rnd(d.i, 20, 5),
       t.status, CASE WHEN t.status = 'retracted' THEN 'Retracted: the source withdrew the claim.' END,
       setweight(to_tsvector('english', t.title), 'A')
         || setweight(to_tsvector('english', coalesce(t.summary, '')), 'B')
         || setweight(to_tsvector('english', q.quote1 || ' ' || q.quote2), 'C'),
       now() - make_interval(days => pg_temp.rnd(d.i, 21, 2000)::int),
       now() - make_interval(days => pg_temp.rnd(d.i, 22, 30)::int)
FROM ({DATES}) d
CROSS JOIN LATERAL (SELECT pg_temp.rnd(d.i, 11, 200) AS a, pg_temp.rnd(d.i, 12, 66) AS b,
                           pg_temp.rnd(d.i, 13, 66) AS c) tg
JOIN pg_temp.phrases p1 ON p1.n = pg_temp.rnd(d.i, 100, 2048)
JOIN pg_temp.phrases p2 ON p2.n = pg_temp.rnd(d.i, 200, 2048)
JOIN pg_temp.phrases p3 ON p3.n = pg_temp.rnd(d.i, 300, 2048)
JOIN pg_temp.phrases p4 ON p4.n = pg_temp.rnd(d.i, 400, 2048)
CROSS JOIN LATERAL (SELECT 'Event ' || d.i || ': ' || p1.w5 AS title,
                           initcap(p2.w14) || '.' AS summary,
                           CASE WHEN pg_temp.rnd(d.i, 23, 100) < 2 THEN 'draft'
                                WHEN pg_temp.rnd(d.i, 23, 100) < 3 THEN 'retracted'
                                ELSE 'published' END AS status) t
CROSS JOIN LATERAL (SELECT 'According to the record, ' || p3.w16 || '.' AS quote1,
                           'Officials said ' || p4.w12 || '.' AS quote2) q
JOIN (SELECT n - 1 AS k, code, name, lat, lon
      FROM unnest($3::text[], $4::text[], $5::float8[], $6::float8[])
           WITH ORDINALITY AS x(code, name, lat, lon, n)) c
  ON c.k = pg_temp.rnd(d.i, 24, $7)
"""

CITATIONS = """
INSERT INTO citations (id, newsroom, event_id, source_id, quote, locator, stance, created_at, updated_at)
SELECT md5('cit' || i || '-' || k)::uuid, 'bench', md5('ev' || i)::uuid,
       md5('src' || (1 + pg_temp.rnd(i, 30 + k, 100000)))::uuid,
       CASE k WHEN 1 THEN 'According to the record, ' || ph.w16 || '.'
              ELSE 'Officials said ' || ph.w12 || '.' END,
       'para. ' || (1 + pg_temp.rnd(i, 40 + k, 30)),
       CASE WHEN k = 1 THEN 'supports'
            ELSE (ARRAY['supports','supports','supports','supports','supports','supports','supports',
                        'disputes','disputes','context'])[1 + pg_temp.rnd(i, 50, 10)] END,
       now() - make_interval(days => pg_temp.rnd(i, 21, 2000)::int),
       now() - make_interval(days => pg_temp.rnd(i, 21, 2000)::int)
FROM generate_series($1::bigint, $2::bigint) AS i CROSS JOIN generate_series(1, 2) AS k
JOIN pg_temp.phrases ph ON ph.n = pg_temp.rnd(i, 100 * (k + 2), 2048)
ORDER BY i, k
"""

EVENT_ENTITIES = """
INSERT INTO event_entities (event_id, entity_id, role, position)
SELECT md5('ev' || i)::uuid,
       md5('ent' || CASE k WHEN 0 THEN 1 + pg_temp.rnd(i, 60, 500)
                           ELSE 1 + (pg_temp.rnd(i, 60, 500) + 1 + pg_temp.rnd(i, 61, 499)) % 500 END)::uuid,
       (ARRAY['participant', 'subject', 'location', 'mentioned'])[1 + pg_temp.rnd(i, 62 + k, 4)], k
FROM generate_series($1::bigint, $2::bigint) AS i, generate_series(0, 1) AS k
WHERE k = 0 OR pg_temp.rnd(i, 63, 2) = 0
"""

CORRECTIONS = """
INSERT INTO revisions (object_type, object_id, newsroom, version, action, state, change_note, correction,
                       created_at)
SELECT 'event', md5('ev' || i)::uuid, 'bench', 2, 'update', jsonb_build_object('id', md5('ev' || i)::uuid),
       'Corrected the date of the talks.', true, now() - make_interval(days => pg_temp.rnd(i, 70, 30)::int)
FROM generate_series($1::bigint, $2::bigint) AS i
WHERE pg_temp.rnd(i, 71, 100) = 0
"""

SOURCES_SQL = """
INSERT INTO sources (id, newsroom, url, title, publisher, authors, published, published_start, published_end,
                     language, kind, created_at, updated_at)
SELECT md5('src' || j)::uuid, 'bench',
       'https://publisher-' || to_char(pg_temp.rnd(j, 80, 200), 'FM000') || '.example/articles/' || j,
       'Report ' || j || ': ' || ph.w5,
       'Publisher ' || to_char(pg_temp.rnd(j, 80, 200), 'FM000'),
       ARRAY['Author ' || pg_temp.rnd(j, 82, 5000)],
       to_char(DATE '1990-01-01' + pg_temp.rnd(j, 83, 13149)::int, 'YYYY-MM-DD'),
       DATE '1990-01-01' + pg_temp.rnd(j, 83, 13149)::int, DATE '1990-01-01' + pg_temp.rnd(j, 83, 13149)::int,
       'en', (ARRAY['readout','statement','news','analysis','report','documentary','dataset','other'])
               [1 + pg_temp.rnd(j, 84, 8)],
       now() - interval '3 years', now() - interval '3 years'
FROM generate_series(1, $1::bigint) AS j JOIN pg_temp.phrases ph ON ph.n = pg_temp.rnd(j, 81, 2048)
"""

ENTITIES_SQL = """
INSERT INTO entities (id, newsroom, name, kind, wikidata, aliases)
SELECT md5('ent' || j)::uuid, 'bench', 'Entity ' || j || ' ' || initcap(pg_temp.words(j, 90, 2)),
       (ARRAY['person','organization','country','place','other'])[1 + pg_temp.rnd(j, 91, 5)],
       'Q' || (1000 + j), ARRAY[]::text[]
FROM generate_series(1, $1::bigint) AS j
"""

# Each event's document, with the service's own statement and storing (after the load: it reads citations,
# sources, entities and corrections by their indexes).
EVENT_DOCS = expand(
    Q.docs_of,
    event_json=EVENT_JSON,
    which="SELECT md5('ev' || i)::uuid FROM generate_series($1::bigint, $2::bigint) AS i",
)
DOCS_CHUNK = 10_000

# The big tables whose secondary indexes and foreign keys are dropped for the load.
BULK_TABLES = ("events", "citations", "event_entities", "revisions", "sources", "event_tags")


async def _admin(server: str, sql: str) -> None:
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def database_url(server: str, name: str) -> str:
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}"


async def _detach(conn: asyncpg.Connection) -> tuple[list[str], list[str]]:
    """Drop the bulk tables' secondary indexes and foreign keys; return the statements that restore them."""
    tables = [t for t in BULK_TABLES if await conn.fetchval("SELECT to_regclass($1)", t)]
    fks = await conn.fetch(
        """SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
           FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)""",
        tables,
    )
    indexes = await conn.fetch(
        """SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
           WHERE c.relname = ANY($1) AND NOT i.indisprimary
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""",
        tables,
    )
    for fk in fks:
        await conn.execute(f'ALTER TABLE {fk["tbl"]} DROP CONSTRAINT "{fk["conname"]}"')
    for ix in indexes:
        await conn.execute(f"DROP INDEX {ix['name']}")
    return [ix["def"] for ix in indexes], [
        f'ALTER TABLE {fk["tbl"]} ADD CONSTRAINT "{fk["conname"]}" {fk["def"]}' for fk in fks
    ]


async def _chunks(conn: asyncpg.Connection, sql: str, total: int, label: str, *extra: object) -> None:
    started = time.monotonic()
    for lo in range(1, total + 1, CHUNK):
        hi = min(lo + CHUNK - 1, total)
        await conn.execute(sql, lo, hi, *extra)
        rate = hi / (time.monotonic() - started)
        print(f"  {label}: {hi:,}/{total:,} ({rate:,.0f}/s)", flush=True)


async def _docs(dsn: str, total: int, connections: int = 2) -> None:
    """Every event's document as the service stores it (store_docs_of), DOCS_CHUNK events at a time on
    each of `connections` connections: PostgreSQL builds one chunk while Python encodes another."""
    started, done = time.monotonic(), 0
    chunks = [(lo, min(lo + DOCS_CHUNK - 1, total)) for lo in range(1, total + 1, DOCS_CHUNK)]

    async def work(mine: list[tuple[int, int]]) -> None:
        nonlocal done
        conn = await asyncpg.connect(dsn, server_settings={"dateline.keeps_docs": "on"})
        try:
            for lo, hi in mine:
                await store_docs_of(conn, EVENT_DOCS, lo, hi)
                done += hi - lo + 1
                if done % CHUNK < DOCS_CHUNK or done == total:
                    rate = done / (time.monotonic() - started)
                    print(f"  event documents: {done:,}/{total:,} ({rate:,.0f}/s)", flush=True)
        finally:
            await conn.close()

    await asyncio.gather(*(work(chunks[i::connections]) for i in range(connections)))


async def fill(dsn: str, events: int) -> dict[str, float]:
    """Load the dataset into a migrated, empty database; returns seconds per phase."""
    timings: dict[str, float] = {}
    conn = await asyncpg.connect(dsn)
    try:
        # The documents are built once at the end (EVENT_DOCS): the triggers that follow writes made
        # outside the service stand aside, as for the service's own connections.
        await conn.execute(
            "SET maintenance_work_mem = '1GB'; SET synchronous_commit = off; SET dateline.keeps_docs = 'on'"
        )
        await conn.execute(HELPERS)
        t0 = time.monotonic()
        index_defs, fk_defs = await _detach(conn)
        await conn.execute("INSERT INTO newsrooms (name) VALUES ($1) ON CONFLICT DO NOTHING", NEWSROOM)
        await conn.execute(ENTITIES_SQL, ENTITIES)
        await conn.execute(SOURCES_SQL, SOURCES)
        codes, names, lats, lons = (list(col) for col in zip(*COUNTRIES, strict=True))
        await _chunks(conn, EVENTS, events, "events", codes, names, lats, lons, len(COUNTRIES))
        await _chunks(conn, EVENT_ENTITIES, events, "event entities")
        await _chunks(conn, CITATIONS, events, "citations")
        await _chunks(conn, CORRECTIONS, events, "corrections")
        timings["load_s"] = time.monotonic() - t0
        t1 = time.monotonic()
        for statement in index_defs + fk_defs:
            s0 = time.monotonic()
            await conn.execute(statement)
            print(f"  {time.monotonic() - s0:6.1f} s  {statement[:100]}", flush=True)
        timings["index_s"] = time.monotonic() - t1
        t3 = time.monotonic()
        await _docs(dsn, events)
        timings["docs_s"] = time.monotonic() - t3
        t2 = time.monotonic()
        await conn.execute("VACUUM (ANALYZE)")
        timings["vacuum_s"] = time.monotonic() - t2
    finally:
        await conn.close()
    return timings


async def check_dates(dsn: str, sample: int = 3000) -> int:
    """Re-derive a sample of generated dates with service/edtf.py; raise on any difference."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            """SELECT DISTINCT ON (date) date, start_date, end_date, sort_at, precision, approximate,
                      uncertain, display FROM (SELECT * FROM events TABLESAMPLE SYSTEM (5) LIMIT $1) e""",
            sample,
        )
    finally:
        await conn.close()
    for row in rows:
        parsed = parse_edtf(row["date"])
        got = (parsed.start, parsed.end, parsed.sort_at, parsed.precision, parsed.approximate,
               parsed.uncertain, parsed.display)  # fmt: skip
        stored = tuple(
            row[k]
            for k in ("start_date", "end_date", "sort_at", "precision", "approximate", "uncertain", "display")
        )
        if got != stored:
            raise SystemExit(
                f"generated date {row['date']!r} differs from service/edtf.py:\n {stored}\n {got}"
            )
    return len(rows)


async def check_docs(dsn: str, sample: int = 2000) -> int:
    """Compare a sample of stored documents with the service's definition; raise on any difference."""
    conn = await asyncpg.connect(dsn)
    try:
        differ = await stale_docs(conn, "(SELECT * FROM events TABLESAMPLE SYSTEM (1) LIMIT $1)", sample)
    finally:
        await conn.close()
    if differ:
        raise SystemExit(f"{len(differ)} stored event documents differ from the service's: {differ[0]}, …")
    return sample


async def _mark_complete(dsn: str, name: str, events: int) -> None:
    """What bench/run.py looks for before it reuses a dataset: a half-made one is made again."""
    await _admin(dsn, f"COMMENT ON DATABASE \"{name}\" IS 'dateline bench: {events} events, complete'")


async def generate(server: str, name: str, events: int, revision: str = "head") -> dict[str, float]:
    await _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin(server, f'CREATE DATABASE "{name}"')
    dsn = database_url(server, name)
    started = time.monotonic()
    await asyncio.to_thread(upgrade, dsn, revision)  # alembic runs its own event loop
    timings = await fill(dsn, events)
    timings["checked_dates"] = await check_dates(dsn)
    timings["checked_docs"] = await check_docs(dsn)
    await _mark_complete(dsn, name, events)
    timings["total_s"] = time.monotonic() - started
    timings["events_per_s"] = events / timings["total_s"]
    return timings


async def store_docs_again(server: str, name: str, events: int) -> dict[str, float]:
    """The generation's last steps on a dataset whose rows are in: every document stored as the service
    now stores it, VACUUM, the checks, the mark of a finished dataset (for one made before documents
    were stored as sent, or stopped during its documents step)."""
    dsn = database_url(server, name)
    await asyncio.to_thread(upgrade, dsn, "head")
    t0 = time.monotonic()
    await _docs(dsn, events)
    timings = {"docs_again_s": time.monotonic() - t0}
    t1 = time.monotonic()
    await _admin(dsn, "VACUUM (ANALYZE)")
    timings["vacuum_s"] = time.monotonic() - t1
    timings["checked_docs"] = await check_docs(dsn)
    await _mark_complete(dsn, name, events)
    return timings


STATS = ROOT / "bench" / "results" / "datasets.json"


def record(name: str, events: int, timings: dict[str, float]) -> None:
    """A finished generation's figures in results/datasets.json, whichever command made the dataset."""
    stats = json.loads(STATS.read_text()) if STATS.exists() else {}
    stats.setdefault("datasets", {})[name] = {"events": events, **timings}
    stats["generation"] = {"events_per_s": timings["events_per_s"]}
    STATS.write_text(json.dumps(stats, indent=2, default=str) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--db", help="database name (default dateline_bench_<events>)")
    parser.add_argument("--server", default=DEFAULT_SERVER, help="an admin DSN on the PostgreSQL server")
    parser.add_argument("--revision", default="head", help="migrate to this revision (for before/after runs)")
    parser.add_argument(
        "--docs-only",
        action="store_true",
        help="only store the documents again, as the service stores them, and finish the dataset",
    )
    args = parser.parse_args()
    name = args.db or f"dateline_bench_{args.events}"
    if args.docs_only:
        timings = asyncio.run(store_docs_again(args.server, name, args.events))
    else:
        timings = asyncio.run(generate(args.server, name, args.events, args.revision))
        record(name, args.events, timings)
    print(f"{name}: {args.events:,} events; " + ", ".join(f"{k} {v:,.1f}" for k, v in timings.items()))


if __name__ == "__main__":
    main()
