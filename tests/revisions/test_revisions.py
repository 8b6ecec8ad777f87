"""History is kept (QUALITY 9): every successful write to an event stores exactly one immutable revision,
rejected writes store none; `as_of` reads the past; corrections are public; deletes are restorable."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections import Counter
from typing import Any

import asyncpg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from litestar.testing import TestClient

from service import problem_types
from service.app import create_app
from service.demo.seed import demo_id
from tests.conftest import app_settings, create_key, fetch

SOURCE = str(demo_id("source", "tass-summit"))
OTHER_SOURCE = str(demo_id("source", "kremlin-announce"))


class _Holder:
    """One demo database and app for the state machine's runs (each run only looks at the events it made,
    and at counts relative to where it started), and a direct connection to read the database with."""

    client: TestClient | None = None
    loop: asyncio.AbstractEventLoop | None = None
    conn: asyncpg.Connection | None = None

    def fetch(self, sql: str, *args: object) -> list[asyncpg.Record]:
        return self.loop.run_until_complete(self.conn.fetch(sql, *args))


HOLDER = _Holder()
STATS: Counter[int] = Counter()  # responses the machine got, by status


class Model:
    """What the machine expects of one event."""

    def __init__(self, event_id: str, status: str, citations: dict[str, str]) -> None:
        self.id = event_id
        self.writes = 1
        self.status = status
        self.deleted = False
        self.citations = citations  # live citation id -> stance

    @property
    def supported(self) -> bool:
        return "supports" in self.citations.values()


def etag(version: int) -> str:
    """A well-formed ETag of ours that is not the event's current one (a 412 whatever its version)."""
    return f'"{version}-0123456789abcdef"'


class EventHistory(RuleBasedStateMachine):
    """Create, patch, delete, restore, cite and uncite events; every success is one revision."""

    events = Bundle("events")

    def __init__(self) -> None:
        super().__init__()
        self.client = HOLDER.client
        self.models: dict[str, Model] = {}
        self.touched: set[str] = set()  # events written to (or refused) since the last invariant check
        self.baseline = self._event_revision_count()

    def _event_revision_count(self) -> int:
        return HOLDER.fetch("SELECT count(*) AS n FROM revisions WHERE object_type = 'event'")[0]["n"]

    def _expect(self, response, status: int) -> None:
        assert response.status_code == status, (status, response.status_code, response.text)
        STATS[status] += 1
        if status >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == status

    # --- rules -----------------------------------------------------------------------------------------

    @rule(
        target=events,
        publish=st.booleans(),
        stance=st.sampled_from([None, "supports", "disputes", "context"]),
    )
    def create(self, publish: bool, stance: str | None):
        body: dict[str, Any] = {"title": "History test", "date": "2021-12-15",
                                "status": "published" if publish else "draft"}  # fmt: skip
        if stance is not None:
            body["citations"] = [{"source_id": SOURCE, "quote": "A quoted passage.", "stance": stance}]
        response = self.client.post("/v1/events", json=body)
        if publish and stance != "supports":  # the publishing rule
            self._expect(response, 422)
            assert response.json()["type"] == problem_types.PUBLISHING_RULE
            return multiple()
        self._expect(response, 201)
        doc = response.json()
        assert doc["version"] == 1
        model = Model(doc["id"], body["status"], {c["id"]: c["stance"] for c in doc["citations"]})
        self.models[model.id] = model
        self.touched.add(model.id)
        return model.id

    @rule(
        event=events,
        title=st.text("abcxyz ", min_size=1, max_size=12),
        publish=st.sampled_from([False, False, True]),
        stale=st.sampled_from([False, False, False, True]),
    )
    def patch(self, event: str, title: str, publish: bool, stale: bool):
        m = self.models[event]
        self.touched.add(event)
        status = "published" if publish else "draft"
        current = stale or m.deleted or self.client.get(f"/v1/events/{event}").headers["etag"]
        headers = {"If-Match": current if isinstance(current, str) else etag(m.writes + 3)}
        response = self.client.patch(
            f"/v1/events/{event}", json={"title": title, "status": status}, headers=headers
        )
        if m.deleted:
            self._expect(response, 404)
        elif stale:
            self._expect(response, 412)
        elif status == "published" and not m.supported:
            self._expect(response, 422)
        else:
            self._expect(response, 200)
            m.writes += 1
            m.status = status
            assert response.json()["version"] == m.writes
            assert response.json()["title"] == title

    @rule(event=events, stale=st.sampled_from([False, False, True]))
    def delete(self, event: str, stale: bool):
        m = self.models[event]
        self.touched.add(event)
        headers = {"If-Match": etag(m.writes + 1)} if stale else {}
        response = self.client.delete(f"/v1/events/{event}", headers=headers)
        if m.deleted:
            self._expect(response, 404)
        elif stale:
            self._expect(response, 412)
        else:
            self._expect(response, 204)
            m.writes += 1
            m.deleted = True

    @rule(event=events)
    def restore(self, event: str):
        m = self.models[event]
        self.touched.add(event)
        response = self.client.post(f"/v1/events/{event}/restore")
        if not m.deleted:
            self._expect(response, 404)
        else:
            self._expect(response, 200)
            m.writes += 1
            m.deleted = False
            assert response.json()["version"] == m.writes
            assert set(c["id"] for c in response.json()["citations"]) == set(m.citations)

    @rule(event=events, stance=st.sampled_from(["supports", "disputes", "context"]))
    def cite(self, event: str, stance: str):
        m = self.models[event]
        self.touched.add(event)
        body = {"source_id": OTHER_SOURCE, "quote": "Another passage.", "stance": stance}
        response = self.client.post(f"/v1/events/{event}/citations", json=body)
        if m.deleted:
            self._expect(response, 404)
        else:
            self._expect(response, 201)
            m.writes += 1
            m.citations[response.json()["id"]] = stance

    @rule(event=events, data=st.data())
    def uncite(self, event: str, data: st.DataObject):
        m = self.models[event]
        self.touched.add(event)
        citation = data.draw(st.sampled_from(sorted(m.citations) or [str(uuid.uuid4())]), label="citation")
        response = self.client.delete(f"/v1/events/{event}/citations/{citation}")
        if m.deleted or citation not in m.citations:
            self._expect(response, 404)
            return
        remaining = {k: v for k, v in m.citations.items() if k != citation}
        if m.status == "published" and "supports" not in remaining.values():
            self._expect(response, 422)
        else:
            self._expect(response, 204)
            m.writes += 1
            m.citations = remaining

    # --- invariants ----------------------------------------------------------------------------------------

    @invariant()
    def one_revision_per_successful_write(self):
        assert self._event_revision_count() == self.baseline + sum(m.writes for m in self.models.values())
        counts = {
            str(r["object_id"]): r["n"]
            for r in HOLDER.fetch(
                "SELECT object_id, count(*) AS n FROM revisions WHERE object_type = 'event' "
                "AND object_id = ANY($1::uuid[]) GROUP BY object_id",
                list(self.models),
            )
        }
        assert counts == {event: m.writes for event, m in self.models.items()}

    @invariant()
    def history_lists_them_newest_first_with_consecutive_versions(self):
        # Only the events a rule touched can have changed (the counts above cover every event each step).
        for event in sorted(self.touched):
            m = self.models[event]
            page = self.client.get(f"/v1/events/{event}/revisions", params={"limit": 200})
            assert page.status_code == 200, page.text
            items = page.json()["items"]
            assert page.json()["next_cursor"] is None
            assert [r["version"] for r in items] == list(range(m.writes, 0, -1))
            assert [r["id"] for r in items] == sorted((r["id"] for r in items), reverse=True)
            assert items[-1]["action"] == "create"
            assert items[0]["action"] == ("delete" if m.deleted else items[0]["action"])
            assert all(r["object_id"] == event and r["object_type"] == "event" for r in items)
            current = self.client.get(f"/v1/events/{event}")
            if m.deleted:
                assert current.status_code == 404
            else:
                assert current.status_code == 200
                assert current.json()["version"] == m.writes
                assert items[0]["state"]["version"] == m.writes
                assert items[0]["state"]["title"] == current.json()["title"]
        self.touched.clear()


@pytest.fixture
def holder(db_url: str, template_db):
    with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {template_db.admin_key}"
        HOLDER.client, HOLDER.loop = client, asyncio.new_event_loop()
        HOLDER.conn = HOLDER.loop.run_until_complete(asyncpg.connect(db_url))
        try:
            yield HOLDER
        finally:
            HOLDER.loop.run_until_complete(HOLDER.conn.close())
            HOLDER.loop.close()
            HOLDER.client = HOLDER.loop = HOLDER.conn = None


def test_revision_count_equals_successful_writes(holder):
    run_state_machine_as_test(
        EventHistory,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    # The machine did exercise both sides: writes that succeeded and writes that were refused.
    print(f"\nstate machine responses by status: {dict(sorted(STATS.items()))}")
    assert STATS[201] and STATS[200] + STATS[204] and STATS[404] + STATS[412] + STATS[422]
    made = "SELECT DISTINCT action FROM revisions WHERE object_type = 'event' AND key_id IS NOT NULL"
    actions = {r["action"] for r in holder.fetch(made)}
    assert "create" in actions and len(actions) >= 2


# --- as_of, corrections, walls, source restore ---------------------------------------------------------


def published_event(client: TestClient, title: str) -> dict:
    response = client.post(
        "/v1/events",
        json={
            "title": title,
            "date": "2021-12-15",
            "status": "published",
            "citations": [{"source_id": SOURCE, "quote": "A quoted passage."}],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def instant(text: str, shift_us: int = 0) -> str:
    return (
        dt.datetime.fromisoformat(text.replace("Z", "+00:00")) + dt.timedelta(microseconds=shift_us)
    ).isoformat()


def test_as_of_reads_the_state_at_an_instant(client: TestClient, anon: TestClient):
    created = published_event(client, "Before the patch")
    url = f"/v1/events/{created['id']}"
    time.sleep(0.01)
    patched = client.patch(url, json={"title": "After the patch"})
    assert patched.status_code == 200
    patched_at = patched.json()["updated_at"]

    def title_at(at: str, who: TestClient = client) -> Any:
        response = who.get(url, params={"as_of": at})
        return response.json()["title"] if response.status_code == 200 else response.status_code

    assert title_at(created["created_at"]) == "Before the patch"
    assert title_at(instant(patched_at, -1)) == "Before the patch"
    assert title_at(patched_at) == "After the patch"
    assert title_at(instant(created["created_at"], -1)) == 404  # before it existed
    assert title_at(instant(created["created_at"], -1), anon) == 404
    assert title_at(instant(patched_at, -1), anon) == "Before the patch"  # published: public history
    old = client.get(url, params={"as_of": created["created_at"]}).json()
    assert old["version"] == 1 and old["id"] == created["id"]

    time.sleep(0.01)
    assert client.delete(url).status_code == 204
    deleted_at = client.get(f"{url}/revisions").json()["items"][0]
    assert deleted_at["action"] == "delete"
    assert client.get(url).status_code == 404
    assert title_at(deleted_at["created_at"]) == 404  # after deletion
    assert title_at(instant(deleted_at["created_at"], 3_600_000_000)) == 404
    assert title_at(instant(deleted_at["created_at"], -1)) == "After the patch"  # still there just before
    assert title_at(instant(patched_at, -1)) == "Before the patch"  # the past does not change

    bad = client.get(url, params={"as_of": "yesterday"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")


def test_as_of_hides_drafts_from_other_newsrooms(client: TestClient, anon: TestClient, db_url: str):
    draft = client.post("/v1/events", json={"title": "Draft in history", "date": "2021-12-15"}).json()
    url = f"/v1/events/{draft['id']}"
    at = {"as_of": draft["created_at"]}
    assert client.get(url, params=at).json()["title"] == "Draft in history"
    other = {"Authorization": f"Bearer {create_key(db_url, 'other', 'admin')}"}
    assert anon.get(url, params=at).status_code == 404
    assert anon.get(url, params=at, headers=other).status_code == 404
    random = anon.get(f"/v1/events/{uuid.uuid4()}", params=at, headers=other)
    assert random.status_code == 404 and random.json()["title"] == "Not Found"


def test_a_correction_is_public_and_stays_in_history(client: TestClient, anon: TestClient, db_url: str):
    event = published_event(client, "Summit on 16 December")
    url = f"/v1/events/{event['id']}"
    assert event["corrections"] == []
    before = fetch(db_url, "SELECT count(*) AS n FROM revisions WHERE object_id = $1", uuid.UUID(event["id"]))

    refused = client.patch(url, json={"title": "Summit on 15 December", "correction": True})
    assert refused.status_code == 422
    assert "change_note" in [e["field"] for e in refused.json()["errors"]]
    assert (
        fetch(db_url, "SELECT count(*) AS n FROM revisions WHERE object_id = $1", uuid.UUID(event["id"]))
        == before
    )

    time.sleep(0.01)
    note = "The summit was on 15 December, not 16 December."
    corrected = client.patch(
        url, json={"title": "Summit on 15 December", "correction": True, "change_note": note}
    )
    assert corrected.status_code == 200
    history = client.get(f"{url}/revisions").json()["items"]
    assert (history[0]["correction"], history[0]["change_note"]) == (True, note)
    expected = [{"at": history[0]["created_at"], "note": note}]
    assert corrected.json()["corrections"] == expected
    # The correction's revision holds the state the write answered with, its own note included: read at
    # that instant, the event is exactly what the PATCH returned.
    assert [c["note"] for c in history[0]["state"]["corrections"]] == [note]
    assert client.get(url, params={"as_of": history[0]["created_at"]}).json() == corrected.json()
    assert anon.get(url).json()["corrections"] == expected  # public, to readers too

    time.sleep(0.01)
    later = client.patch(url, json={"summary": "A later, ordinary edit.", "change_note": "typo"})
    assert later.status_code == 200 and later.json()["corrections"] == expected  # not a correction itself
    assert anon.get(url, params={"as_of": later.json()["updated_at"]}).json()["corrections"] == expected
    assert anon.get(url, params={"as_of": history[0]["created_at"]}).json()["corrections"] == expected
    assert anon.get(url, params={"as_of": event["created_at"]}).json()["corrections"] == []


def test_history_is_for_the_owning_newsroom_only(anon: TestClient, db_url: str, template_db):
    other = {"Authorization": f"Bearer {create_key(db_url, 'other', 'admin')}"}
    viewer = {"Authorization": f"Bearer {create_key(db_url, 'demo', 'viewer')}"}
    for kind, key in (
        ("events", ("event", "summit")),
        ("sources", ("source", "dispatch")),
        ("entities", ("entity", "xi")),
    ):
        url = f"/v1/{kind}/{demo_id(*key)}/revisions"
        anonymous = anon.get(url)
        assert anonymous.status_code == 401, url
        assert anonymous.headers["www-authenticate"] == 'Bearer realm="dateline"'
        for own in (viewer, {"Authorization": f"Bearer {template_db.admin_key}"}):
            mine = anon.get(url, headers=own)
            assert mine.status_code == 200 and mine.json()["items"][-1]["action"] == "create", url
            assert mine.headers["cache-control"].startswith("private")
        # Another newsroom's key, even an admin's: a 404 like that of an id naming nothing.
        theirs = anon.get(url, headers=other)
        nothing = anon.get(f"/v1/{kind}/{uuid.uuid4()}/revisions", headers=other)
        assert theirs.status_code == nothing.status_code == 404, url
        assert theirs.json()["title"] == nothing.json()["title"] == "Not Found"
        assert theirs.json()["type"] == nothing.json()["type"]


def test_source_delete_then_restore_brings_its_citations_back(client: TestClient, db_url: str):
    made = client.post("/v1/sources", json={"url": "https://history.example/readout", "title": "A readout"})
    assert made.status_code == 201
    source_id = made.json()["id"]
    quote = {"source_id": source_id, "quote": "The passage from the readout."}
    draft = client.post(
        "/v1/events", json={"title": "Draft citing it", "date": "2021-12", "citations": [quote]}
    )
    published = client.post(
        "/v1/events",
        json={
            "title": "Published citing it",
            "date": "2021-12-15",
            "status": "published",
            "citations": [quote, {"source_id": SOURCE, "quote": "Also supported here."}],
        },
    )
    assert draft.status_code == published.status_code == 201
    events = {e.json()["id"]: e.json() for e in (draft, published)}
    cited = {
        eid: [c["id"] for c in e["citations"] if c["source"]["id"] == source_id] for eid, e in events.items()
    }
    assert all(len(ids) == 1 for ids in cited.values())

    def history(object_id: str) -> list[str]:
        sql = "SELECT action FROM revisions WHERE object_id = $1 ORDER BY id"
        return [r["action"] for r in fetch(db_url, sql, uuid.UUID(object_id))]

    assert client.delete(f"/v1/sources/{source_id}").status_code == 204
    assert client.get(f"/v1/sources/{source_id}").status_code == 404
    for eid, event in events.items():
        now = client.get(f"/v1/events/{eid}").json()
        assert source_id not in [c["source"]["id"] for c in now["citations"]]
        assert now["version"] == event["version"] + 1
        assert history(eid) == ["create", "update"]
        assert history(cited[eid][0]) == ["create", "delete"]

    restored = client.post(f"/v1/sources/{source_id}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["id"] == source_id
    for eid, event in events.items():
        now = client.get(f"/v1/events/{eid}").json()
        assert [c["id"] for c in now["citations"] if c["source"]["id"] == source_id] == cited[eid]
        assert [c["id"] for c in now["citations"]] == [c["id"] for c in event["citations"]]  # same order
        assert now["version"] == event["version"] + 2
        assert history(eid) == ["create", "update", "update"]
        assert history(cited[eid][0]) == ["create", "delete", "restore"]
        revs = client.get(f"/v1/events/{eid}/revisions").json()["items"]
        assert source_id in [c["source"]["id"] for c in revs[0]["state"]["citations"]]
        assert source_id not in [c["source"]["id"] for c in revs[1]["state"]["citations"]]
    assert history(source_id) == ["create", "delete", "restore"]
    assert client.post(f"/v1/sources/{source_id}/restore").status_code == 404  # not deleted any more

    # A source whose deletion would strand a published event is refused, and nothing changes.
    only = client.post(
        "/v1/sources", json={"url": "https://history.example/only", "title": "Sole support"}
    ).json()
    lone = client.post(
        "/v1/events",
        json={
            "title": "Only one support",
            "date": "2021",
            "status": "published",
            "citations": [{"source_id": only["id"], "quote": "q"}],
        },
    )
    assert lone.status_code == 201
    before = fetch(db_url, "SELECT count(*) AS n FROM revisions")[0]["n"]
    refused = client.delete(f"/v1/sources/{only['id']}")
    assert refused.status_code == 422 and lone.json()["id"] in refused.json()["detail"]
    assert fetch(db_url, "SELECT count(*) AS n FROM revisions")[0]["n"] == before
    assert len(client.get(f"/v1/events/{lone.json()['id']}").json()["citations"]) == 1
