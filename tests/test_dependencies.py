"""How the app's handlers get their dependencies."""

from __future__ import annotations

from litestar.routes import HTTPRoute
from litestar.testing import TestClient


def test_no_handler_has_dependencies_resolved_at_once(client: TestClient) -> None:
    """Litestar resolves a handler's dependencies that don't depend on each other concurrently, in an
    anyio task group (~70 µs of CPU per request here): each handler's must form a chain, one at a time."""
    batches = {
        f"{method} {route.path}": [sorted(dep.key for dep in batch) for batch in model.dependency_batches]
        for route in client.app.routes
        if isinstance(route, HTTPRoute)
        for method, (_, model) in route.route_handler_map.items()
    }
    assert batches["GET /v1/events"] == [["db"], ["actor"], ["filters"]]
    assert batches["GET /v1/events/{event_id:uuid}"] == [["db"], ["actor"]]
    assert {path: b for path, b in batches.items() if any(len(batch) > 1 for batch in b)} == {}
