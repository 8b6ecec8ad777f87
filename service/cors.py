"""CORS: public reads from any origin, writes only from the configured origins.

Hand-written because Litestar's CORS config allows the same origins for every method.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

READS = {b"GET", b"HEAD"}
ALLOWED_HEADERS = b"Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key"
EXPOSED_HEADERS = b"ETag, Link, Location, Retry-After, RateLimit, RateLimit-Policy"
WRITE_METHODS = b"GET, HEAD, POST, PATCH, DELETE"


def cors(origins: frozenset[str]):
    """ASGI middleware factory: `*` without credentials for reads; writes echo a configured origin."""
    allowed = {origin.encode() for origin in origins}

    def middleware(app: ASGIApp) -> ASGIApp:
        async def with_cors(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            headers = dict(scope.get("headers", []))
            origin = headers.get(b"origin")
            if origin is None:
                await app(scope, receive, send)
                return
            method = scope["method"].encode()
            if method == b"OPTIONS" and b"access-control-request-method" in headers:
                wanted = headers[b"access-control-request-method"].upper()
                out = [(b"vary", b"Origin"), (b"access-control-max-age", b"600")]
                if origin in allowed:
                    out += [
                        (b"access-control-allow-origin", origin),
                        (b"access-control-allow-methods", WRITE_METHODS),
                        (b"access-control-allow-headers", ALLOWED_HEADERS),
                    ]
                elif wanted in READS:
                    out += [
                        (b"access-control-allow-origin", b"*"),
                        (b"access-control-allow-methods", b"GET, HEAD"),
                        (b"access-control-allow-headers", b"If-None-Match"),
                    ]
                await send({"type": "http.response.start", "status": 204, "headers": out})
                await send({"type": "http.response.body", "body": b""})
                return
            if method in READS:
                extra = [
                    (b"access-control-allow-origin", b"*"),
                    (b"access-control-expose-headers", EXPOSED_HEADERS),
                ]
            elif origin in allowed:
                extra = [(b"access-control-allow-origin", origin), (b"vary", b"Origin"),
                         (b"access-control-expose-headers", EXPOSED_HEADERS)]  # fmt: skip
            else:
                extra = []

            async def send_with_cors(message: Message) -> None:
                if message["type"] == "http.response.start" and extra:
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await send(message)

            await app(scope, receive, send_with_cors)

        return with_cors

    return middleware
