"""Two newsrooms and an anonymous reader on one demo database, for the hidden-content tests.

`demo` owns the demo dataset (its admin key); `rival` is another newsroom (an editor key). The apps
keep no response cache: an answer compared before and after a hidden write is always computed anew,
never a cached copy that would hide a difference.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from litestar.testing import TestClient

from service.app import create_app
from tests.conftest import Server, Template, _drop_checked, app_settings, create_key

BASE = "http://testserver.local"


class World(NamedTuple):
    dsn: str
    anon: TestClient
    demo: TestClient  # a newsroom other than the rival's
    rival: TestClient

    def callers(self) -> dict[str, TestClient]:
        """The callers that may not see the rival's drafts."""
        return {"anonymous": self.anon, "other newsroom": self.demo}


def _client(dsn: str, key: str | None) -> TestClient:
    client = TestClient(create_app(app_settings(dsn, response_cache_bytes=0)), base_url=BASE)
    if key is not None:
        client.headers["Authorization"] = f"Bearer {key}"
    return client


@pytest.fixture(scope="module")
def world(pg_server: Server, template_db: Template) -> Iterator[World]:
    """One demo database per module, with a rival newsroom's editor key."""
    name = f"dateline_s_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    rival_key = create_key(dsn, "rival", "editor")
    with (
        _client(dsn, None) as anon,
        _client(dsn, template_db.admin_key) as demo,
        _client(dsn, rival_key) as rival,
    ):
        yield World(dsn, anon, demo, rival)
    _drop_checked(pg_server, name, dsn)


# What of an answer is compared: everything a client can read of it but the Date header.
SHOWN_HEADERS = ("content-type", "etag", "cache-control", "link", "vary", "content-disposition", "location")


def answer(client: TestClient, url: str) -> tuple[Any, ...]:
    """An answer as a client reads it, byte for byte; a 5xx fails the test at once."""
    response = client.get(url)
    assert response.status_code < 500, f"{url}: {response.status_code} {response.text[:300]}"
    return (response.status_code, *(response.headers.get(h) for h in SHOWN_HEADERS), response.content)


def created(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    return response.json()


def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    return response.json()


def new_source(client: TestClient, publisher: str) -> str:
    """A new source of the client's newsroom with this publisher; its id."""
    url = f"https://example.org/{uuid.uuid4().hex}"
    return created(
        client.post(
            "/v1/sources", json={"url": url, "title": f"A page of {publisher}", "publisher": publisher}
        )
    )["id"]
