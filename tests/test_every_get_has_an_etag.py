"""PRODUCT: every GET carries an ETag, and `If-None-Match` with it gets a 304. Checked for every GET
operation of the OpenAPI document (a new one is checked as soon as it is documented), with the demo
data and the demo admin key, plus the documentation pages that the document itself does not list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.demo.seed import demo_id

DOCUMENT = json.loads((Path(__file__).resolve().parent.parent / "openapi" / "openapi.json").read_text())
SUMMIT = demo_id("event", "summit")
VALUES = {
    "event_id": str(SUMMIT),
    "source_id": str(demo_id("source", "dispatch")),
    "entity_id": str(demo_id("entity", "putin")),
    "slug": "xi-putin-summit",
    "format": "timelinejs",
}
QUERIES = {"/oembed": "?url=http://testserver.local/embed/timelines/xi-putin-summit"}
GETS = sorted(path for path, item in DOCUMENT["paths"].items() if "get" in item) + [
    "/schema",
    "/schema/openapi.json",
    "/problems/",
    "/problems/validation",
]


def concrete(client, path: str) -> str:
    if "{key_id}" in path:  # the caller's newsroom's first key (admins only)
        path = path.replace("{key_id}", client.get("/v1/keys").json()["items"][0]["id"])
    if "{citation_id}" in path:
        citation = client.get(f"/v1/events/{SUMMIT}").json()["citations"][0]["id"]
        path = path.replace("{citation_id}", citation)
    for name, value in VALUES.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no value for a parameter of {path}"
    return path + QUERIES.get(path, "")


@pytest.mark.parametrize("path", GETS)
def test_every_get_carries_an_etag_and_answers_a_304(shared, path):
    client = shared.client
    url = concrete(client, path)
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers.get("etag"), f"GET {path} has no ETag"
    again = client.get(url, headers={"If-None-Match": response.headers["etag"]})
    if path == "/metrics":  # its body counts the request before it, so it changes from one to the next
        assert again.status_code == 200 and again.headers["etag"] != response.headers["etag"]
        return
    assert again.status_code == 304, f"GET {path}: {again.status_code}"
    assert again.content == b""
