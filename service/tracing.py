"""OpenTelemetry traces, on when OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK's own variables configure
the rest: OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, ...).

How and why: docs/architecture.md, "Traces".
"""

from __future__ import annotations

import os
from typing import Any

from litestar.types import ASGIApp, Receive, Scope, Send

ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"


def enabled(environ: dict[str, str] | None = None) -> bool:
    return bool((os.environ if environ is None else environ).get(ENDPOINT))


def _provider() -> Any:
    """The global tracer provider; an OTLP-exporting one installed first when none is set yet."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider

    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        return provider
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "dateline")})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider


def name_by_route(app: ASGIApp) -> ASGIApp:
    """Route middleware: the request's server span named after its route template, which Litestar's
    router has written into the scope by now (the plugin names it before routing, by the raw path)."""
    from opentelemetry import trace
    from opentelemetry.semconv.attributes.http_attributes import HTTP_ROUTE

    async def named(scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        template = scope.get("path_template")
        if template and span.is_recording():
            span.update_name(f"{scope.get('method', '')} {template}".strip())
            span.set_attribute(HTTP_ROUTE, template)
        await app(scope, receive, send)

    return named


def tracing() -> tuple[list[Any], list[Any]]:
    """(plugins, middleware) for the app: Litestar's OpenTelemetry plugin and the span naming, with
    asyncpg instrumented; nothing when OTEL_EXPORTER_OTLP_ENDPOINT is not set."""
    if not enabled():
        return [], []
    from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    provider = _provider()
    instrumentor = AsyncPGInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=provider)
    config = OpenTelemetryConfig(tracer_provider=provider, exclude_spans=["receive", "send"])
    return [OpenTelemetryPlugin(config)], [name_by_route]
