"""Liveness, readiness and metrics, for load balancers, orchestrators and monitoring. None of them may be
kept by a cache (`no-store`); each carries its ETag all the same, as every GET does."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Request, get
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.response import Response
from msgspec import UNSET, Meta, UnsetType

from service.db import DatabaseDep
from service.errors import ProblemDoc, problem_response
from service.http import uncached
from service.metrics import MEDIA_TYPE, exposition
from service.openapi_docs import problems
from service.replicas import ReplicaState
from service.schemas import Output


class Health(Output, kw_only=True):
    """The service's own view of its health."""

    status: Annotated[
        Literal["ok", "ready", "degraded"],
        Meta(
            description="`ok` when alive, `ready` when it can serve; `degraded` when it can, but a read "
            "replica is skipped (down, or behind by more than the maximum lag)."
        ),
    ]
    replicas: Annotated[
        list[ReplicaState] | UnsetType,
        Meta(description="The read replicas as the worker that answered sees them (only if there are some)."),
    ] = UNSET


_LIVE, _READY = msgspec.json.encode(Health(status="ok")), msgspec.json.encode(Health(status="ready"))


# A malformed request (a broken Host header) is a 400 on every path, these too.
MALFORMED = {400: problems()[400]}


@get(
    "/health/live",
    operation_id="health_live",
    tags=["health"],
    summary="Liveness",
    responses=MALFORMED,
    opt={"auth": False},
)
async def live(request: Request) -> Response[Health]:
    """The process is up; says nothing about the database."""
    return uncached(request, _LIVE, media_type=MediaType.JSON)


@get(
    "/health/ready",
    operation_id="health_ready",
    tags=["health"],
    summary="Readiness",
    responses=problems(),
    opt={"auth": False},
)
async def ready(request: Request, db: DatabaseDep, state: State) -> Response[Health]:
    """Ready when the primary answers within the pool's acquire timeout; else 503. With read replicas,
    `degraded` (still a 200) while one of them is skipped."""
    if await db.ready():
        if db.replicas is None:
            return uncached(request, _READY, media_type=MediaType.JSON)
        status = "degraded" if db.replicas.degraded() else "ready"
        body = msgspec.json.encode(Health(status=status, replicas=db.replica_states()))
        return uncached(request, body, media_type=MediaType.JSON)
    return problem_response(
        ProblemDoc(
            type="about:blank",
            title="Service Unavailable",
            status=503,
            detail="The database is not reachable.",
        ),
        {"Retry-After": str(state.settings.retry_after_seconds), "Cache-Control": "no-store"},
    )


@get(
    "/metrics",
    operation_id="metrics",
    tags=["health"],
    summary="Prometheus metrics",
    media_type=MEDIA_TYPE,
    response_description="The Prometheus text exposition format (0.0.4).",
    responses=MALFORMED,
    opt={"auth": False},
)
async def metrics(request: Request) -> Response[bytes]:
    """Requests by method, route and status, their durations, the requests in progress and the response
    cache's hits and misses; summed over every worker of the server."""
    return uncached(request, exposition(), media_type=MEDIA_TYPE)
