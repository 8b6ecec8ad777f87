"""Liveness and readiness, for load balancers and orchestrators."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import get
from litestar.datastructures import State
from litestar.response import Response
from msgspec import Meta

from service.db import Database
from service.errors import ProblemDoc, problem_response
from service.openapi_docs import problems
from service.schemas import Output


class Health(Output, kw_only=True):
    """The service's own view of its health."""

    status: Annotated[Literal["ok", "ready"], Meta(description="`ok` when alive, `ready` when it can serve.")]


@get("/health/live", operation_id="health_live", tags=["health"], summary="Liveness", opt={"auth": False})
async def live() -> Health:
    """The process is up; says nothing about the database."""
    return Health(status="ok")


@get("/health/ready", operation_id="health_ready", tags=["health"], summary="Readiness", responses=problems(),
     opt={"auth": False})
async def ready(db: Database, state: State) -> Response[Health]:
    """Ready when the database answers within the pool's acquire timeout; else 503."""
    if await db.ready():
        return Response(Health(status="ready"), headers={"Cache-Control": "no-store"})
    return problem_response(
        ProblemDoc(type="about:blank", title="Service Unavailable", status=503, detail="The database is not reachable."),
        {"Retry-After": str(state.settings.retry_after_seconds), "Cache-Control": "no-store"},
    )
