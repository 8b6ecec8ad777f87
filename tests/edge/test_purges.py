"""Writes through the service, reads through Varnish: an affected response is fresh at the edge within a
second of the write's commit; drafts and writes that change nothing a response shows purge nothing."""

from __future__ import annotations

import uuid

import httpx

from service.demo.seed import demo_id
from tests.conftest import create_key
from tests.edge.conftest import Edge, eventually

SUMMIT = demo_id("event", "summit")
MCLAREN = demo_id("event", "mclaren")
# What shows the summit event (on the Xi-Putin timeline), and what does not (the doping timeline).
SUMMIT_SHOWN = [
    "/embed/timelines/xi-putin-summit",
    "/v1/timelines/xi-putin-summit/events",
    "/v1/timelines/xi-putin-summit/export/csv",
    f"/v1/events/{SUMMIT}",
]
DOPING = ["/embed/timelines/russia-doping", "/v1/timelines/russia-doping/events", f"/v1/events/{MCLAREN}"]


def warm(reader: httpx.Client, paths: list[str]) -> None:
    for path in paths:
        reader.get(path)
        assert reader.get(path).headers["x-cache"] == "HIT", path


def still_kept(reader: httpx.Client, paths: list[str]) -> list[str]:
    return [path for path in paths if reader.get(path).headers["x-cache"] == "HIT"]


def retitle(edge: Edge, event: uuid.UUID) -> str:
    title = f"Retitled {uuid.uuid4().hex[:8]}"
    answer = edge.editor.patch(f"/v1/events/{event}", json={"title": title})
    assert answer.status_code == 200, answer.text
    return title


def test_an_affected_write_is_fresh_at_the_edge_within_a_second(edge: Edge) -> None:
    reader = edge.new_reader()
    warm(reader, SUMMIT_SHOWN + DOPING)
    for _ in range(3):  # a family of successive edits of the same event
        title = retitle(edge, SUMMIT)
        for path in SUMMIT_SHOWN:
            assert eventually(lambda p=path, t=title: t in reader.get(p).text, seconds=1.0), (
                f"{path} stale after 1 s"
            )
        # Once purged, no read is stale: every later read shows the write.
        assert all(title in reader.get(path).text for path in SUMMIT_SHOWN for _ in range(3))
        assert still_kept(reader, DOPING) == DOPING
    assert edge.outbox() == 0


def test_drafts_and_unrelated_writes_purge_nothing(edge: Edge, db_url: str) -> None:
    """Each write is followed by a marker (an edit of a doping event): purges go in commit order, so once
    the marker's has arrived the write's would have too. The summit's responses must still be kept."""
    reader = edge.new_reader()
    other = httpx.Client(
        base_url=edge.service, headers={"Authorization": f"Bearer {create_key(db_url, 'other', 'admin')}"}
    )
    source = {"url": f"https://other.example/{uuid.uuid4().hex}", "title": "Elsewhere"}
    summit_like = {"date": "2021-12-15", "tags": ["summit", "china-russia"]}
    writes = {
        "a draft that would join the summit timeline": lambda: edge.editor.post(
            "/v1/events", json={"title": "Draft", "status": "draft", **summit_like}
        ),
        "another newsroom's draft": lambda: other.post("/v1/events", json={"title": "Draft", **summit_like}),
        "another newsroom's published event": lambda: other.post(
            "/v1/events",
            json={
                "title": "Elsewhere",
                "date": "1999-01-01",
                "tags": ["elsewhere"],
                "status": "published",
                "citations": [{"source": source, "quote": "It happened."}],
            },
        ),
        "a draft edited": lambda: edge.editor.patch(f"/v1/events/{_draft(edge)}", json={"title": "Draft 2"}),
    }
    for what, write in writes.items():
        warm(reader, SUMMIT_SHOWN)
        answer = write()
        assert answer.status_code in (200, 201), (what, answer.text)
        title = retitle(edge, MCLAREN)
        assert eventually(lambda t=title: t in reader.get(DOPING[0]).text, seconds=1.0), what
        assert still_kept(reader, SUMMIT_SHOWN) == SUMMIT_SHOWN, what
    other.close()


def _draft(edge: Edge) -> str:
    created = edge.editor.post(
        "/v1/events", json={"title": "Draft", "date": "2021-12-15", "tags": ["summit"]}
    )
    assert created.status_code == 201, created.text
    return created.json()["id"]
