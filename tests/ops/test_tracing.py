"""OpenTelemetry, with OTEL_EXPORTER_OTLP_ENDPOINT set: each request is a server span named after its
route template, and the statements it ran are asyncpg spans inside it (the key's lookup, the page's
query); without the variable, no
tracing at all. The app runs in this process on a real database, its spans kept by an in-memory
exporter (the tracer provider set first is the one the app uses)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from service.app import create_app
from service.tracing import ENDPOINT
from tests.conftest import app_settings

EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module")
def provider() -> Iterator[TracerProvider]:
    """The process's tracer provider, once (OpenTelemetry allows one): spans kept in EXPORTER."""
    current = trace.get_tracer_provider()
    if not isinstance(current, TracerProvider):
        current = TracerProvider()
        trace.set_tracer_provider(current)
    current.add_span_processor(SimpleSpanProcessor(EXPORTER))
    yield current
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    AsyncPGInstrumentor().uninstrument()  # the rest of the session's tests run as without tracing


@pytest.fixture
def traced(provider, db_url, template_db, monkeypatch) -> Iterator[TestClient]:
    monkeypatch.setenv(ENDPOINT, "http://127.0.0.1:1")  # never reached: the provider above is used
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {template_db.admin_key}"
        EXPORTER.clear()
        yield client


def _server_spans(spans: tuple[ReadableSpan, ...]) -> list[ReadableSpan]:
    return [span for span in spans if span.kind == SpanKind.SERVER]


def _descends(span: ReadableSpan, ancestor: ReadableSpan, by_id: dict[int, ReadableSpan]) -> bool:
    while span.parent is not None:
        if span.parent.span_id == ancestor.context.span_id:
            return True
        parent = by_id.get(span.parent.span_id)
        if parent is None:
            return False
        span = parent
    return False


READS = [  # (path, the route template the span is named after)
    ("/v1/events?limit=2", "/v1/events"),
    ("/v1/tags", "/v1/tags"),
    ("/v1/timelines", "/v1/timelines"),
]


@pytest.mark.parametrize(("path", "route"), READS)
def test_a_request_is_a_server_span_by_route_with_its_statements_inside(traced, path, route):
    assert traced.get(path).status_code == 200
    spans = EXPORTER.get_finished_spans()
    (server,) = _server_spans(spans)
    assert server.name == f"GET {route}"
    assert server.attributes["http.route"] == route
    by_id = {span.context.span_id: span for span in spans}
    statements = [span for span in spans if span.kind == SpanKind.CLIENT and span.attributes.get("db.system")]
    inside = [span for span in statements if span.context.trace_id == server.context.trace_id]
    assert len(inside) >= 2, [span.name for span in spans]  # the key's lookup, the page's query
    for statement in inside:
        assert statement.attributes["db.system"] == "postgresql"
        assert _descends(statement, server, by_id)
    # Any other is the change listener's (LISTEN, in the background): a trace of its own.
    assert all(span.parent is None for span in statements if span not in inside)


def test_a_path_with_ids_is_named_by_its_template(traced):
    event_id = traced.get("/v1/events?limit=1").json()["items"][0]["id"]
    EXPORTER.clear()
    assert traced.get(f"/v1/events/{event_id}").status_code == 200
    (server,) = _server_spans(EXPORTER.get_finished_spans())
    assert server.name == "GET /v1/events/{event_id}"
    assert event_id not in server.name


def test_a_write_is_traced_with_its_status(traced):
    response = traced.post("/v1/events", json={})
    assert 400 <= response.status_code < 500
    (server,) = _server_spans(EXPORTER.get_finished_spans())
    assert server.name == "POST /v1/events"
    assert server.attributes.get("http.status_code", server.attributes.get("http.response.status_code")) == (
        response.status_code
    )


def test_without_the_endpoint_nothing_is_traced(provider, db_url, monkeypatch):
    monkeypatch.delenv(ENDPOINT, raising=False)
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as client:
        EXPORTER.clear()
        assert client.get("/v1/tags").status_code == 200
    assert _server_spans(EXPORTER.get_finished_spans()) == []
