"""Health and metrics: never kept by a cache, yet each carries its ETag and answers a 304, as every GET
does."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("path", "body"), [("/health/live", {"status": "ok"}), ("/health/ready", {"status": "ready"})]
)
def test_health_has_an_etag_and_a_304_and_is_never_cached(anon, path, body):
    response = anon.get(path)
    assert response.status_code == 200 and response.json() == body
    assert response.headers["cache-control"] == "no-store"
    again = anon.get(path, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert anon.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_metrics_have_an_etag_of_their_own_body(anon):
    first, second = anon.get("/metrics"), anon.get("/metrics")
    assert first.headers["etag"] and first.headers["cache-control"] == "no-store"
    assert first.headers["etag"] != second.headers["etag"]  # the first scrape is counted in the second
