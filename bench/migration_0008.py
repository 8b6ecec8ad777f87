"""Migration 0008 (sources per newsroom) timed forward and back on a copy of a dataset with crossings.

    .venv/bin/python bench/migration_0008.py --template dateline_bench_1m      # a generated dataset at 0007
    .venv/bin/python bench/migration_0008.py --demo                            # the demo dataset

Copies the dataset (CREATE DATABASE … TEMPLATE; the template stays untouched), brings the copy to 0007,
hands a share of its events to two other newsrooms (as if they had cited its sources inline by URL while
one source per URL was the rule), then times `upgrade` to 0008 and `downgrade` back to 0007 through
service.migrate, with the counts each direction changed: sources split, citations repointed, sources
merged back. Afterwards it checks that no citation crosses newsrooms and that a sample of the moved
events' documents is what their rows make. The copy is dropped at the end unless --keep.

Not a test: it takes minutes on the 1M dataset; its figures go in the change's notes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import load_settings  # noqa: E402
from service.demo.seed import seed_demo  # noqa: E402
from service.events.document import stale_docs  # noqa: E402
from service.migrate import downgrade, upgrade  # noqa: E402

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ROOMS = ("rival-a", "rival-b")  # the other newsrooms, given the events whose ids hash below their shares
MOVE = """
UPDATE events
SET newsroom = CASE WHEN abs(hashtext(id::text)) % 100 < $1::int THEN 'rival-a' ELSE 'rival-b' END
WHERE abs(hashtext(id::text)) % 100 < $1::int + $2::int
"""
CROSSING = """
SELECT count(*) FROM citations c JOIN events e ON e.id = c.event_id JOIN sources s ON s.id = c.source_id
WHERE e.newsroom <> s.newsroom
"""
SAMPLE = "(SELECT * FROM events WHERE newsroom <> $1 ORDER BY id LIMIT 5000)"


def dsn_of(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


async def admin(server: str, sql: str) -> None:
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def counts(dsn: str) -> dict[str, int]:
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            f"""SELECT (SELECT count(*) FROM sources) AS sources,
                       (SELECT count(*) FROM citations) AS citations,
                       (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM revisions) AS revisions,
                       ({CROSSING}) AS crossing"""
        )
        return dict(row)
    finally:
        await conn.close()


async def hand_out(dsn: str, shares: tuple[int, int]) -> dict[str, int]:
    """The share of events (and their citations) of other newsrooms. Their documents are left as they were
    (the newsroom in them stale): the migration rebuilds those of every event whose citations it moves, which
    is every moved event, and the check afterwards finds any it missed."""
    conn = await asyncpg.connect(dsn)
    try:
        owner = await conn.fetchval("SELECT newsroom FROM events LIMIT 1")
        async with conn.transaction():
            await conn.execute("SELECT set_config('dateline.keeps_docs', 'on', true)")
            rooms = "INSERT INTO newsrooms (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING"
            await conn.execute(rooms, ROOMS)
            moved = await conn.execute(MOVE, *shares)
            await conn.execute(
                "UPDATE citations c SET newsroom = e.newsroom FROM events e "
                "WHERE e.id = c.event_id AND c.newsroom <> e.newsroom"
            )
        await conn.execute("VACUUM ANALYZE events")
        await conn.execute("VACUUM ANALYZE citations")
        return {"owner": owner, "events_moved": int(moved.split()[-1])}
    finally:
        await conn.close()


async def check(dsn: str, owner: str) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        return len(await stale_docs(conn, SAMPLE, owner))
    finally:
        await conn.close()


def timed(step, *args) -> float:
    started = time.monotonic()
    step(*args)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--template", help="a dataset database (at 0007 or later) to copy")
    source.add_argument("--demo", action="store_true", help="a new database of the demo dataset")
    parser.add_argument("--server", default=DEFAULT_SERVER, help="an admin DSN on the PostgreSQL server")
    parser.add_argument(
        "--shares",
        type=int,
        nargs=2,
        default=(10, 5),
        metavar=("A", "B"),
        help="percent of the events handed to rival-a and to rival-b (default 10 5)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the copy (at 0007) afterwards")
    args = parser.parse_args()
    name = f"dateline_m0008_{uuid.uuid4().hex[:8]}"
    dsn = dsn_of(args.server, name)
    template = f' TEMPLATE "{args.template}"' if args.template else ""
    asyncio.run(admin(args.server, f'CREATE DATABASE "{name}"{template}'))
    try:
        run(dsn, args)
    finally:
        if not args.keep:
            asyncio.run(admin(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run(dsn: str, args: argparse.Namespace) -> None:
    """Each step's figures as soon as it is done (a long run shows how far it got)."""
    if args.demo:
        upgrade(dsn)
        asyncio.run(seed_demo(dsn, load_settings({}, database_url=dsn)))
    downgrade(dsn, "0007")
    handed = asyncio.run(hand_out(dsn, args.shares))
    before = asyncio.run(counts(dsn))
    rooms = " and ".join(f"{room} ({share} %)" for room, share in zip(ROOMS, args.shares, strict=True))
    say(
        f"{args.template or 'demo'}: {before['events']:,} events, {handed['events_moved']:,} handed to "
        f"{rooms}; {before['sources']:,} sources, {before['citations']:,} citations, "
        f"{before['crossing']:,} citing another newsroom's source"
    )
    up_s = timed(upgrade, dsn, "0008")
    split = asyncio.run(counts(dsn))
    say(
        f"upgrade 0007->0008: {up_s:,.1f} s; {split['sources'] - before['sources']:,} sources split off, "
        f"{before['crossing'] - split['crossing']:,} citations repointed, "
        f"{split['revisions'] - before['revisions']:,} revisions added; citing another newsroom's source "
        f"after: {split['crossing']:,}; stale documents in a sample of 5,000: "
        f"{asyncio.run(check(dsn, handed['owner']))}"
    )
    down_s = timed(downgrade, dsn, "0007")
    back = asyncio.run(counts(dsn))
    say(
        f"downgrade 0008->0007: {down_s:,.1f} s; {split['sources'] - back['sources']:,} sources merged back, "
        f"{back['crossing']:,} citations citing another newsroom's source again, "
        f"{back['revisions'] - split['revisions']:,} revisions added; sources {back['sources']:,} (before "
        f"{before['sources']:,}); stale documents in a sample of 5,000: "
        f"{asyncio.run(check(dsn, handed['owner']))}"
    )


def say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
