"""The application: routes, lifespan, error handlers and the OpenAPI document."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components

from service import logs, openapi_docs
from service.apidocs.page import ApiReference, problem_not_found
from service.auth.actor import provide_actor, role_guard
from service.cache import ChangeFeed, change_listener, response_cache
from service.config import Settings, load_settings
from service.cors import cors
from service.db import database_lifespan
from service.embed.controller import EmbedController
from service.entities.controller import EntityController
from service.errors import EXCEPTION_HANDLERS
from service.events.controller import EventController
from service.expensive import expensive_gate
from service.exports.controller import FORMAT_HANDLERS, ExportController
from service.exports.kept import export_store
from service.guards import reject_bad_host, reject_nul_in_url
from service.head import App
from service.health import live, metrics, ready
from service.http import tag_whole_bodies
from service.imports.controller import import_events
from service.keys.controller import KeyController
from service.limits import rate_limit
from service.openapi_schema import finish_openapi
from service.problem_pages import PROBLEM_PAGES
from service.purge.purger import purger
from service.revisions.controller import REVISION_HANDLERS
from service.sources.controller import SourceController
from service.surrogate import surrogate_headers
from service.tags.controller import TagController
from service.timelines.controller import TimelineController
from service.tracing import tracing

DESCRIPTION = """\
Dateline keeps a newsroom's record of dated events, each tied to the sources that back it with
the quoted passage, and serves filtered timelines of them.

Errors are RFC 9457 `application/problem+json`. Lists are keyset pages with opaque cursors and a
`Link` header. Every GET carries an `ETag` (send `If-None-Match` for a 304) and also answers HEAD;
`PATCH` and `DELETE` honour `If-Match`.
"""


def _provide_db(state: State) -> Any:
    return state.db


def create_app(settings: Settings | None = None) -> App:
    settings = settings or load_settings()
    feed = ChangeFeed()
    logging.basicConfig(level=settings.log_level, format=logs.FORMAT, datefmt=logs.DATE_FORMAT)
    logs.lean_records()
    trace_plugins, trace_middleware = tracing()
    app = App(
        route_handlers=[
            EventController,
            SourceController,
            EntityController,
            TagController,
            TimelineController,
            KeyController,
            live,
            ready,
            metrics,
            ExportController,
            *FORMAT_HANDLERS,
            import_events,
            EmbedController,
            *REVISION_HANDLERS,
            PROBLEM_PAGES,
        ],
        dependencies={
            "db": Provide(_provide_db, sync_to_thread=False),
            "actor": Provide(provide_actor),
        },
        guards=[role_guard],
        lifespan=[database_lifespan, change_listener, export_store, purger],
        plugins=trace_plugins,
        middleware=[
            *trace_middleware,
            reject_bad_host,
            cors(settings.write_origins),
            rate_limit(settings),
            reject_nul_in_url,
            expensive_gate(settings),
            response_cache(settings, feed),
            surrogate_headers(settings),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="Dateline",
            version="1.0.0",
            description=DESCRIPTION,
            path="/schema",
            use_handler_docstrings=True,
            contact=openapi_docs.CONTACT,
            license=openapi_docs.LICENSE,
            tags=openapi_docs.TAGS,
            servers=openapi_docs.servers(settings.public_url),
            components=Components(security_schemes=openapi_docs.SECURITY_SCHEMES),
            render_plugins=[ApiReference()],
            # Litestar's own /schema handlers set no ETag: the router tags their bodies (every GET has one),
            # and turns its HTML 404 page into a problem.
            openapi_router=Router(
                "/schema",
                route_handlers=[],
                include_in_schema=False,
                middleware=[problem_not_found, tag_whole_bodies],
            ),
        ),
        request_max_body_size=settings.max_body_bytes,
        state=State({"settings": settings, "change_feed": feed}),
        debug=False,
        # Litestar's default logging config pins the root logger at INFO: honour DATELINE_LOG_LEVEL. Its
        # lines read as granian's (service/logs.py).
        logging_config=LoggingConfig(
            root={"handlers": ["queue_listener"], "level": settings.log_level.upper()},
            formatters=logs.app_formatters(settings.log_format),
        ),
    )
    finish_openapi(app)
    return app
