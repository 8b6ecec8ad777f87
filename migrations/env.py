"""Alembic environment: plain SQL migrations run over asyncpg, no ORM metadata."""

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine

target_metadata = None


def _url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        from service.config import load_settings
        from service.db import resolve_database_url

        url = resolve_database_url(load_settings())
    return url.replace("postgresql://", "postgresql+asyncpg://", 1).replace(
        "postgres://", "postgresql+asyncpg://", 1
    )


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) mode is not supported: migrations run against a live database")
asyncio.run(_run_async())
