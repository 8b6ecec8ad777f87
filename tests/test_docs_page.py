"""/schema, the API reference, in Debian's headless chromium (driven by Playwright; never
`playwright install`) against the real server, with every request to another host aborted: the page
renders its operations from this service alone, and asks no other host for anything (a CDN, fonts,
a proxy, telemetry). Other /schema/* paths are problem 404s; the pinned script is the one recorded.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from service.apidocs.page import ASSET_PATH, SCALAR_SHA384
from tests.helpers import problem

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture
def browser() -> Iterator[Any]:
    """Started in the test, not the module: Playwright's sync API holds an event loop while it runs, and
    the other fixtures run their own (asyncio.run)."""
    assert CHROMIUM.exists(), "needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def test_the_reference_renders_with_every_other_host_blocked(live_server, browser):
    ours = urlsplit(live_server).netloc
    elsewhere: list[str] = []
    served: list[tuple[str, int]] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(route: Any) -> None:
        if urlsplit(route.request.url).netloc == ours or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("response", lambda response: served.append((urlsplit(response.url).path, response.status)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        assert page.goto(f"{live_server}/schema").status == 200
        page.get_by_text("Search events", exact=True).first.wait_for(state="visible", timeout=60_000)
        for summary in ("Create an event", "Read an event", "Update an event"):
            assert page.get_by_text(summary, exact=True).count() > 0, summary
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert elsewhere == []
    assert ("/schema" + ASSET_PATH, 200) in served and ("/schema/openapi.json", 200) in served
    assert all(status < 400 for _, status in served), served
    assert errors == []


def test_the_pinned_script_is_the_recorded_one_and_cached_for_long(anon):
    shipped = importlib.resources.files("service.apidocs").joinpath("scalar-api-reference.js").read_bytes()
    assert base64.b64encode(hashlib.sha384(shipped).digest()).decode() == SCALAR_SHA384
    page = anon.get("/schema")
    assert f'integrity="sha384-{SCALAR_SHA384}"' in page.text and "cdn" not in page.text.lower()
    for encoding, body in (("identity", shipped), ("gzip", None)):
        response = anon.get("/schema" + ASSET_PATH, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.content == shipped  # httpx decodes the gzipped body
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["content-type"].startswith("text/javascript")
        assert response.headers.get("content-encoding") == (None if body else "gzip")
        conditional = {"Accept-Encoding": encoding, "If-None-Match": response.headers["etag"]}
        again = anon.get("/schema" + ASSET_PATH, headers=conditional)
        assert again.status_code == 304 and again.content == b""


UNKNOWN = ["/schema/swagger", "/schema/redoc", "/schema/rapidoc", "/schema/elements", "/schema/openapi.yaml",
           "/schema/nope.json", "/schema/assets/other.js", "/schema/assets/scalar-api-reference-0.0.1.js",
           "/schema/a/b/c"]  # fmt: skip


@pytest.mark.parametrize("path", UNKNOWN)
def test_other_schema_paths_are_problem_404s(anon, path):
    problem(anon.get(path), 404)
    head = anon.head(path)
    assert head.status_code == 404 and head.headers["content-type"].startswith("application/problem+json")
