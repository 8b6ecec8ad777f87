"""The `dateline` command: serve, migrate, seed, openapi."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys

import msgspec

from service.config import Settings, load_settings
from service.db import resolve_database_url


def _database(settings: Settings) -> str:
    """The configured database, or the embedded one (started now); later commands and workers reuse it."""
    url = resolve_database_url(settings)
    os.environ["DATELINE_DATABASE_URL"] = url
    return url


def cmd_migrate(settings: Settings, _: argparse.Namespace) -> int:
    from service.migrate import upgrade

    upgrade(_database(settings))
    print("migrated to head")
    return 0


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    if not args.demo:
        print("nothing to seed: pass --demo to load the demo dataset", file=sys.stderr)
        return 2
    from service.demo.seed import seed_demo

    created = asyncio.run(seed_demo(_database(settings), settings))
    print(f"demo dataset loaded: {created} new objects")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, load the demo data into an empty embedded database, then serve with granian."""
    from granian import Granian
    from granian.constants import Interfaces

    from service.demo.seed import seed_demo
    from service.migrate import upgrade

    embedded = not settings.database_url
    url = _database(settings)
    upgrade(url)
    if embedded:
        asyncio.run(seed_demo(url, settings, only_if_empty=True))
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    os.environ["DATELINE_WORKERS"] = str(workers)  # each worker enforces its share of the rate limits
    print(f"Dateline serving on http://{host}:{port} ({workers} worker{'s' if workers > 1 else ''})", flush=True)
    Granian(
        "service.app:create_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        log_access=False,
    ).serve()
    return 0


def cmd_keys_create(settings: Settings, args: argparse.Namespace) -> int:
    """Create a key (and its newsroom if missing); the key alone on the last line, for scripts."""
    from service.auth.keys import create_key
    from service.db import Database, create_pool

    async def run() -> str:
        db = Database(await create_pool(_database(settings), settings), settings)
        try:
            async with db.transaction() as conn:
                key = await create_key(conn, newsroom=args.newsroom, role=args.role, name=args.name)
        finally:
            await db.close()
        print(f"created {key.role} key {key.id} for newsroom {key.newsroom}; it is shown only now:")
        return key.key

    print(asyncio.run(run()))
    return 0


def cmd_openapi(settings: Settings, _: argparse.Namespace) -> int:
    from service.app import create_app

    app = create_app(msgspec.structs.replace(settings, database_url=settings.database_url or "postgresql:///unused"))
    sys.stdout.write(openapi_json(app))
    return 0


def openapi_json(app) -> str:
    """The document as committed in openapi/openapi.json: sorted keys, two-space indent."""
    import json

    return json.dumps(app.openapi_schema.to_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _newsroom(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", value):
        raise argparse.ArgumentTypeError("a newsroom name is 1-63 of [a-z0-9-], starting with a letter or digit")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline", description="Dateline: an event-timeline API.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API (embedded PostgreSQL and demo data when none is configured)")
    serve.add_argument("--host", help="address to listen on (DATELINE_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (DATELINE_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (DATELINE_WORKERS, default 1)")
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help="apply the database migrations").set_defaults(run=cmd_migrate)
    seed = sub.add_parser("seed", help="load a dataset")
    seed.add_argument("--demo", action="store_true", help="the demo dataset (idempotent)")
    seed.set_defaults(run=cmd_seed)
    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key; prints it alone on the last line")
    create.add_argument("--newsroom", required=True, type=_newsroom, help="the newsroom (created if missing)")
    create.add_argument("--role", required=True, choices=["viewer", "editor", "admin"])
    create.add_argument("--name", default="", help="a label for the key")
    create.set_defaults(run=cmd_keys_create)
    sub.add_parser("openapi", help="print the OpenAPI document").set_defaults(run=cmd_openapi)
    args = parser.parse_args(argv)
    return args.run(load_settings(), args)


if __name__ == "__main__":
    raise SystemExit(main())
