"""Newsrooms: a newsroom exists from its first write on (keys, events, sources, entities, timelines)."""

from __future__ import annotations

from pathlib import Path

import asyncpg

from service.sql import load_queries

Q = load_queries(Path(__file__).with_name("newsrooms.sql"))


async def ensure_newsroom(conn: asyncpg.Connection, *, newsroom: str) -> None:
    await conn.execute(Q.ensure_newsroom, newsroom)
