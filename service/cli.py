"""The `dateline` command: serve, migrate, seed, import, keys, openapi, settings-reference."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import datetime as dt
import gc
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec

from service import logs, stopping
from service.config import Settings, load_settings
from service.db import resolve_database_url

log = logging.getLogger("dateline")


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


def cmd_rebuild_docs(settings: Settings, _: argparse.Namespace) -> int:
    from service.events.document import rebuild_docs

    print(f"event documents rebuilt: {_connected(settings, rebuild_docs, transaction=False)}")
    return 0


def cmd_seed(settings: Settings, args: argparse.Namespace) -> int:
    if not args.demo:
        print("nothing to seed: pass --demo to load the demo dataset", file=sys.stderr)
        return 2
    from service.demo.seed import seed_demo

    created = asyncio.run(seed_demo(_database(settings), settings, only_if_empty=args.if_empty))
    print(f"demo dataset loaded: {created} new objects")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, load the demo data into an empty embedded database, then serve with granian.

    Migrating and seeding run as child commands, so this process, which granian's workers are forked
    from, never loads Alembic, SQLAlchemy or the seed: each worker holds only what serving needs.
    """
    logs.configure_terminal(settings.log_format)
    embedded = None
    if settings.database_url:
        url = settings.database_url
    else:  # the embedded server lives as long as this command: it is stopped when serving ends
        from service.embedded import EmbeddedPostgres

        embedded = EmbeddedPostgres(settings.data_dir.resolve())
        url = os.environ["DATELINE_DATABASE_URL"] = embedded.start()
    try:
        _child(url, "migrate")
        if embedded:
            _child(url, "seed", "--demo", "--if-empty")
        _serve(settings, args)
    finally:
        for number in stopping.STOP_SIGNALS:  # what is left is cleanup: a second Ctrl-C must not cut it short
            signal.signal(number, signal.SIG_IGN)
        if embedded:
            embedded.stop()
    return 0


def _child(url: str, *command: str) -> None:
    """Run another `dateline` command on this database, its output logged as `serve` logs; its failure
    ends this one with its status."""
    env = {**os.environ, "DATELINE_DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", *command],
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in done.stdout.splitlines():
        if line.strip():
            log.log(logging.ERROR if done.returncode else logging.INFO, "%s: %s", command[0], line)
    if done.returncode:
        raise SystemExit(done.returncode)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    os.environ["DATELINE_WORKERS"] = str(workers)  # each worker enforces its share of the rate limits
    log.info(
        "Dateline serving on http://%s:%s (%s worker%s)", host, port, workers, "s" if workers > 1 else ""
    )
    with _metrics_folder():
        granian_server(settings, host=host, port=port, workers=workers).serve()


MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's setting, read when it is imported


@contextlib.contextmanager
def _metrics_folder() -> Iterator[None]:
    """A folder where every worker keeps its Prometheus figures, so that `/metrics`, whichever worker
    answers it, sums them all (prometheus_client's multiprocess mode: service/metrics.py). It must be
    set before a worker imports prometheus_client (so this process, whose workers are forked from it,
    never imports it), and start empty: one given in PROMETHEUS_MULTIPROC_DIR is emptied of an earlier
    server's files; else a new one, removed at exit."""
    given = os.environ.get(MULTIPROCESS_DIR)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db"):
            old.unlink()
        yield
        return
    os.environ[MULTIPROCESS_DIR] = tempfile.mkdtemp(prefix="dateline-metrics-")
    try:
        yield
    finally:
        shutil.rmtree(os.environ.pop(MULTIPROCESS_DIR), ignore_errors=True)


def granian_server(settings: Settings, *, host: str, port: int, workers: int) -> Any:
    """The HTTP server `serve` runs."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces, Loops
    from granian.http import HTTP1Settings

    # On SIGTERM/SIGINT granian stops accepting, lets the requests in flight finish, then runs the
    # lifespan shutdown (the pool closes within DATELINE_POOL_CLOSE_TIMEOUT); a worker that has not
    # finished all that within DATELINE_SHUTDOWN_TIMEOUT is killed, so a stop is always bounded.
    # HTTP/1.1 only: in its HTTP/1-or-2 detection granian reads a new connection's first bytes with no
    # timeout, so a client that connects and never sends a byte would be held forever; in HTTP/1 mode the
    # header read timeout (slow loris) runs from the moment the connection is accepted.
    # uvloop: asyncpg's and the responses' socket work on libuv's loop took less of the worker's CPU
    # (GET /v1/events/{id}: 0.47-0.55 -> 0.43-0.46 ms per request in three interleaved pairs).
    server = Granian(
        "service.cli:served_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        loop=Loops.uvloop,
        workers=workers,
        log_access=False,
        log_dictconfig=logs.granian_config(
            settings.log_format
        ),  # one format for granian's lines and the app's
        http=HTTPModes.http1,
        http1_settings=HTTP1Settings(header_read_timeout=round(settings.header_read_timeout * 1000)),
        workers_kill_timeout=max(1, math.ceil(settings.shutdown_timeout)),
    )
    server.on_startup(stopping.keep_in_forked_workers)  # see service/stopping.py
    return server


def served_app() -> Any:
    """What `serve` runs in each granian worker: the app, its request bodies bounded in time."""
    stopping.pass_on_once()  # first: a stop signal can come while the rest loads
    _large_blocks_back_to_the_os()
    from service.app import create_app

    settings = load_settings()
    app = stopping.logs_delivered(body_read_deadline(create_app(settings), settings.body_read_timeout))
    _collect_less()
    return app


def _collect_less() -> None:
    """The cyclic garbage collector, tuned for a worker whose requests make thousands of short-lived
    objects (a page decodes 50 documents into Structs) that reference counting frees anyway: the
    objects made at start (the app, its routes, its schemas: ~70,000) are frozen out of every
    collection, and the youngest generation is collected every 20,000 allocations instead of 700.
    Measured on a 50-event page's decoding with the app loaded: 1.16 ms with the defaults, 0.63 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def _large_blocks_back_to_the_os() -> None:
    """glibc raises its mmap threshold each time a large block is freed, after which blocks of a
    page's or an export's size (100 KB to a few MB) come from the heap and stay there once freed: a
    worker's memory only grows. A fixed threshold of 64 KiB gives them back when freed (measured on the
    benchmark's mixed load with the response cache: about 20 MB less). Elsewhere than glibc: nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 64 * 1024)  # M_MMAP_THRESHOLD, from malloc.h
    except (OSError, AttributeError):
        pass


def body_read_deadline(app: Any, seconds: float) -> Any:
    """ASGI wrapper: a request's whole body must arrive within `seconds` of its headers, else 408.

    granian bounds only the wait for the headers (HTTP/1 header_read_timeout); a client trickling its
    body a byte at a time (slow loris) would otherwise hold a connection and a request forever. The
    408 is raised as Litestar's HTTPException from `receive`, so it becomes our problem document and
    granian drops the connection, whose body was never read to the end.
    """
    from litestar.exceptions import HTTPException

    async def bounded_app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or seconds <= 0:
            await app(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + seconds
        complete = False

        async def bounded_receive() -> Any:
            nonlocal complete
            if complete:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise HTTPException(
                    status_code=408,
                    detail=f"The request body did not arrive within {seconds:g} s.",
                    headers={"Connection": "close"},
                ) from None
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await app(scope, bounded_receive, send)

    return bounded_app


def _connected(settings: Settings, work: Callable[[Any], Awaitable[Any]], *, transaction: bool = True) -> Any:
    """Run `work(conn)` on the configured (or embedded) database, in one transaction unless told not to."""
    import asyncpg

    async def run() -> Any:
        conn = await asyncpg.connect(_database(settings))
        try:
            if not transaction:
                return await work(conn)
            async with conn.transaction():
                return await work(conn)
        finally:
            await conn.close()

    return asyncio.run(run())


def cmd_keys_create(settings: Settings, args: argparse.Namespace) -> int:
    """Create a key (and its newsroom if missing): its id first, the key alone on the last line (for
    scripts)."""
    from service.keys.repository import create_key

    key = _connected(
        settings, lambda conn: create_key(conn, newsroom=args.newsroom, role=args.role, name=args.name)
    )
    print(f"created {key.role} key {key.id} for newsroom {key.newsroom}; it is shown only now:")
    print(key.key)
    return 0


def _when(moment: Any) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "-"


def cmd_keys_list(settings: Settings, args: argparse.Namespace) -> int:
    """A newsroom's keys, one a line: id, role, created, revoked, name. Never a secret, nor part of one."""
    from service.keys.repository import newsroom_keys

    keys = _connected(settings, lambda conn: newsroom_keys(conn, newsroom=args.newsroom))
    if keys is None:
        print(f"no newsroom {args.newsroom}", file=sys.stderr)
        return 1
    rows = [("ID", "ROLE", "CREATED", "REVOKED", "NAME")]
    rows += [(str(k.id), k.role, _when(k.created_at), _when(k.revoked_at), k.name) for k in keys]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print(
            "  ".join(
                [*(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)), row[4]]
            ).rstrip()
        )
    return 0


def cmd_keys_revoke(settings: Settings, args: argparse.Namespace) -> int:
    """Revoke a key by its id, whichever its newsroom: it stops working at once."""
    from service.keys.repository import revoke_any_key

    key = _connected(settings, lambda conn: revoke_any_key(conn, key_id=args.key_id))
    if key is None:
        print(f"no key {args.key_id}", file=sys.stderr)
        return 1
    print(f"{key.role} key {key.id} of newsroom {key.newsroom} revoked at {_when(key.revoked_at)}")
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    from service.imports.cli import run_import

    url = _database(settings)
    paths = [Path(name) for name in args.files]
    return run_import(url, settings, paths=paths, newsroom=args.newsroom, fmt=args.format, jobs=args.jobs)


def cmd_openapi(settings: Settings, _: argparse.Namespace) -> int:
    from service.app import create_app

    app = create_app(
        msgspec.structs.replace(settings, database_url=settings.database_url or "postgresql:///unused")
    )
    sys.stdout.write(openapi_json(app))
    return 0


def cmd_settings_reference(_settings: Settings, _: argparse.Namespace) -> int:
    from service.settings_reference import reference

    sys.stdout.write(reference())
    return 0


def openapi_json(app) -> str:
    """The document as committed in openapi/openapi.json: sorted keys, two-space indent."""
    import json

    return json.dumps(app.openapi_schema.to_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _newsroom(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", value):
        raise argparse.ArgumentTypeError(
            "a newsroom name is 1-63 of [a-z0-9-], starting with a letter or digit"
        )
    return value


def _key_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise argparse.ArgumentTypeError("a key id is a UUID, as `dateline keys list` shows it") from None


def _positive(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError("a whole number from 1 to 64")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline", description="Dateline: an event-timeline API.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser(
        "serve", help="serve the API (embedded PostgreSQL and demo data when none is configured)"
    )
    serve.add_argument("--host", help="address to listen on (DATELINE_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (DATELINE_PORT, default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (DATELINE_WORKERS, default 1)")
    serve.set_defaults(run=cmd_serve)
    sub.add_parser("migrate", help="apply the database migrations").set_defaults(run=cmd_migrate)
    sub.add_parser(
        "rebuild-docs", help="rebuild every event's stored document (after rows were changed outside the API)"
    ).set_defaults(run=cmd_rebuild_docs)
    seed = sub.add_parser("seed", help="load a dataset")
    seed.add_argument("--demo", action="store_true", help="the demo dataset (idempotent)")
    seed.add_argument("--if-empty", action="store_true", help="only into a database that holds no events")
    seed.set_defaults(run=cmd_seed)
    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key; prints it alone on the last line")
    create.add_argument("--newsroom", required=True, type=_newsroom, help="the newsroom (created if missing)")
    create.add_argument("--role", required=True, choices=["viewer", "editor", "admin"])
    create.add_argument("--name", default="", help="a label for the key")
    create.set_defaults(run=cmd_keys_create)
    listing = keys.add_parser("list", help="list a newsroom's keys: ids, roles, dates (never a secret)")
    listing.add_argument("--newsroom", required=True, type=_newsroom, help="the newsroom")
    listing.set_defaults(run=cmd_keys_list)
    revoke = keys.add_parser(
        "revoke", help="revoke a key by its id (from `keys list`); it stops working at once"
    )
    revoke.add_argument("key_id", type=_key_id, metavar="KEY_ID", help="the key's id")
    revoke.set_defaults(run=cmd_keys_revoke)
    imports = sub.add_parser("import", help="import events from files, each all or nothing (progress bars)")
    imports.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="CSV (our export), NDJSON, TimelineJS JSON or the TimelineJS spreadsheet as "
        "CSV; each file is imported whole, in its own transaction, or not at all",
    )
    imports.add_argument(
        "--newsroom", default="demo", type=_newsroom, help="the newsroom the events belong to"
    )
    imports.add_argument(
        "--format",
        choices=["csv", "ndjson", "timelinejs", "timelinejs_csv"],
        help="the files' format (default: from each one's extension and content)",
    )
    imports.add_argument(
        "--jobs",
        type=_positive,
        default=2,
        help="files imported at the same time, each by a worker process of its own (default 2)",
    )
    imports.set_defaults(run=cmd_import)
    sub.add_parser("openapi", help="print the OpenAPI document").set_defaults(run=cmd_openapi)
    sub.add_parser(
        "settings-reference", help="print the DATELINE_* settings as docs/operations.md lists them"
    ).set_defaults(run=cmd_settings_reference)
    args = parser.parse_args(argv)
    return args.run(load_settings(), args)


if __name__ == "__main__":
    raise SystemExit(main())
