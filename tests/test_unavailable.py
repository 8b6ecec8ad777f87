"""When the database is gone or saturated: 503 problems with Retry-After, never a 500 or a hang."""

from __future__ import annotations

import socket
import time

from litestar.testing import TestClient

from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_no_database_gives_503_with_retry_after_and_not_ready():
    url = f"postgresql://postgres@127.0.0.1:{_closed_port()}/nothing"
    app = create_app(app_settings(url, pool_acquire_timeout=1.0, retry_after_seconds=7))
    with TestClient(app) as client:
        for method, path in [
            ("GET", "/v1/events"),
            ("GET", f"/v1/events/{demo_id('event', 'summit')}"),
            ("GET", "/v1/tags"),
            ("GET", "/health/ready"),
        ]:
            started = time.monotonic()
            response = client.request(method, path)
            assert response.status_code == 503, (path, response.text)
            assert response.headers["retry-after"] == "7", path
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == 503
            assert time.monotonic() - started < 5
        assert client.get("/health/live").status_code == 200
        created = client.post(
            "/v1/entities",
            json={"name": "Nobody", "kind": "person"},
            headers={"Authorization": "Bearer dl_unchecked"},
        )
        assert created.status_code == 503, created.text


def test_full_pool_gives_503_within_the_acquire_timeout(db_url):
    app = create_app(app_settings(db_url, pool_min_size=1, pool_max_size=1, pool_acquire_timeout=0.5))
    with TestClient(app) as client:
        # Hold the only connection from inside the app's event loop, then ask for a page.
        conn_cm = app.state.db.connection()
        client.blocking_portal.call(conn_cm.__aenter__)
        try:
            started = time.monotonic()
            response = client.get("/v1/events")
            elapsed = time.monotonic() - started
        finally:
            client.blocking_portal.call(conn_cm.__aexit__, None, None, None)
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        assert elapsed < 3
        assert client.get("/v1/events").status_code == 200
