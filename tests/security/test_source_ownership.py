"""A newsroom cannot change what another newsroom's events cite.

A source belongs to the newsroom that made it: the canonical URL is unique per newsroom, an inline
citation by URL reuses the caller's own source or creates one, and citing another newsroom's source by id
is a 422 naming the field, whatever the write path (events, citations, the import API in each format, the
`dateline import` command). So a rival that registers a URL first, then edits or deletes its source,
changes nothing of the victim's events, and no revision of the victim's objects carries the rival's key.

Every case ends by checking two invariants over the whole database: no citation cites a source of
another newsroom than its event's, and no revision was written with a key of another newsroom than the
object's.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.config import load_settings
from service.demo.seed import demo_id
from service.imports import cli
from tests.conftest import Shared, app_settings, create_key, fetch
from tests.helpers import problem

VICTIM, RIVAL = "demo", "rival"
DEMO_SOURCES = ["abc-ioc", "tass-summit", "dispatch", "tass-boycott", "ctm-boycott"]
NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}
JSON = {"Content-Type": "application/json"}

# One canonical URL in the forms a client may send it: (the rival registers it as, the victim cites it as).
URL_FORMS = [
    ("https://news.example.org/{case}/story?id=7", "https://news.example.org/{case}/story?id=7"),
    (
        "HTTPS://News.Example.ORG/{case}/story?id=7#top",
        "https://news.example.org:443/{case}/story?utm_source=x&id=7",
    ),
    (
        "https://news.example.org/{case}/story?utm_medium=social&id=7",
        "https://NEWS.example.org/{case}/story?id=7#c",
    ),
]


def crossings(dsn: str) -> dict[str, int]:
    """Citations of another newsroom's source, and revisions written with another newsroom's key."""
    row = fetch(
        dsn,
        """SELECT (SELECT count(*) FROM citations c JOIN events e ON e.id = c.event_id
                   JOIN sources s ON s.id = c.source_id WHERE e.newsroom <> s.newsroom) AS citations,
                  (SELECT count(*) FROM revisions r JOIN api_keys k ON k.id = r.key_id
                   WHERE k.newsroom <> r.newsroom) AS revisions""",
    )[0]
    return dict(row)


def counts(dsn: str) -> dict[str, int]:
    return dict(
        fetch(
            dsn,
            """SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sources) AS sources,
                      (SELECT count(*) FROM citations) AS citations,
                      (SELECT count(*) FROM revisions) AS revisions,
                      (SELECT coalesce(sum(version), 0) FROM sources) AS source_versions""",
        )[0]
    )


def keyed(dsn: str, newsroom: str, role: str = "editor") -> TestClient:
    client = TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local")
    client.headers["Authorization"] = f"Bearer {create_key(dsn, newsroom, role)}"
    return client


# ---- the write paths that cite a source by URL: each creates one published event -------------------


def _inline(url: str, quote: str) -> dict:
    return {"source": {"url": url, "title": "The citing newsroom's own title"}, "quote": quote}


def _event(title: str, url: str, quote: str) -> dict:
    return {"title": title, "date": "2021-12-20", "status": "published", "citations": [_inline(url, quote)]}


def _by_event(client: TestClient, dsn: str, title: str, url: str, quote: str) -> None:
    assert client.post("/v1/events", json=_event(title, url, quote)).status_code == 201


def _by_citation(client: TestClient, dsn: str, title: str, url: str, quote: str) -> None:
    created = client.post("/v1/events", json={"title": title, "date": "2021-12-20"})
    assert created.status_code == 201, created.text
    path = f"/v1/events/{created.json()['id']}"
    assert client.post(f"{path}/citations", json=_inline(url, quote)).status_code == 201
    assert client.patch(path, json={"status": "published"}).status_code == 200


def _ndjson(title: str, url: str, quote: str) -> str:
    return json.dumps(_event(title, url, quote))


def _csv(title: str, url: str, quote: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date", "status", "citation_1_url", "citation_1_title", "citation_1_quote"])
    writer.writerow([title, "2021-12-20", "published", url, "The citing newsroom's own title", quote])
    return out.getvalue()


def _timelinejs(title: str, url: str, quote: str) -> str:
    text = f'<q cite="{url}">{quote}</q>'
    return json.dumps(
        {
            "events": [
                {
                    "start_date": {"year": 2021, "month": 12, "day": 20},
                    "text": {"headline": title, "text": text},
                }
            ]
        }
    )


def _timelinejs_sheet(title: str, url: str, quote: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Year", "Month", "Day", "Headline", "Text"])
    writer.writerow(["2021", "12", "20", title, f'<q cite="{url}">{quote}</q>'])
    return out.getvalue()


def _import(make: Callable[[str, str, str], str], headers: dict[str, str]) -> Callable[..., None]:
    def write(client: TestClient, dsn: str, title: str, url: str, quote: str) -> None:
        response = client.post("/v1/import", content=make(title, url, quote), headers=headers)
        assert response.status_code == 201, response.text
        assert response.json()["published"] == 1

    return write


def _command(tmp: Path, newsroom: str) -> Callable[..., None]:
    """`dateline import`, as an editor of the newsroom it is given (it takes no key)."""

    def write(client: TestClient, dsn: str, title: str, url: str, quote: str) -> None:
        path = tmp / f"{uuid.uuid4().hex}.ndjson"
        path.write_text(_ndjson(title, url, quote) + "\n", encoding="utf-8")
        assert cli.run_import(dsn, load_settings(), paths=[path], newsroom=newsroom, fmt=None, jobs=1) == 0

    return write


INLINE_PATHS = ["event", "citation", "ndjson", "csv", "timelinejs", "timelinejs_csv", "command"]


def inline_writer(path: str, tmp: Path, newsroom: str = VICTIM) -> Callable[..., None]:
    return {
        "event": _by_event,
        "citation": _by_citation,
        "ndjson": _import(lambda *a: _ndjson(*a) + "\n", NDJSON),
        "csv": _import(_csv, CSV),
        "timelinejs": _import(_timelinejs, JSON),
        "timelinejs_csv": _import(_timelinejs_sheet, CSV),
        "command": _command(tmp, newsroom),
    }[path]


class Rooms(NamedTuple):
    victim: TestClient  # the demo newsroom's admin key
    rival: TestClient
    anon: TestClient
    dsn: str


@pytest.fixture
def rooms(client: TestClient, anon: TestClient, db_url: str) -> Iterator[Rooms]:
    with keyed(db_url, RIVAL) as rival:
        yield Rooms(client, rival, anon, db_url)


def event_of(dsn: str, title: str) -> str:
    [row] = fetch(dsn, "SELECT id FROM events WHERE title = $1", title)
    return str(row["id"])


def seen(rooms: Rooms, event_id: str) -> tuple[dict, dict]:
    """The event as anyone reads it, and as its own newsroom reads it."""
    public, own = rooms.anon.get(f"/v1/events/{event_id}"), rooms.victim.get(f"/v1/events/{event_id}")
    assert public.status_code == own.status_code == 200
    return public.json(), own.json()


@pytest.mark.parametrize("forms", URL_FORMS, ids=["same", "case-port-utm", "utm-fragment"])
@pytest.mark.parametrize("path", INLINE_PATHS)
def test_a_rival_that_registers_a_url_first_cannot_touch_the_victims_citations(rooms, path, forms, tmp_path):
    case = uuid.uuid4().hex[:12]
    registered, cited_as = (form.format(case=case) for form in forms)
    made = rooms.rival.post("/v1/sources", json={"url": registered, "title": "Rival's title"})
    assert made.status_code == 201, made.text
    rival_source = made.json()

    title = f"Victim event {case}"
    inline_writer(path, tmp_path)(rooms.victim, rooms.dsn, title, cited_as, "The victim's passage.")
    event_id = event_of(rooms.dsn, title)
    public, own = seen(rooms, event_id)
    [citation] = public["citations"]
    assert citation["source"]["newsroom"] == VICTIM
    assert citation["source"]["id"] != rival_source["id"]
    assert citation["source"]["url"] == rival_source["url"]  # the same canonical URL, the victim's own source
    found = rooms.anon.get("/v1/sources", params={"url": cited_as, "newsroom": VICTIM}).json()["items"]
    assert [s["id"] for s in found] == [citation["source"]["id"]]
    assert rooms.anon.get(f"/v1/sources/{rival_source['id']}").json()["events"] == []

    for patch in ({"title": "Hijacked"}, {"url": "https://evil.example/replaced", "publisher": "Evil"}):
        response = rooms.rival.patch(f"/v1/sources/{rival_source['id']}", json=patch)
        assert response.status_code == 200, response.text
        assert seen(rooms, event_id) == (public, own)
    assert rooms.rival.delete(f"/v1/sources/{rival_source['id']}").status_code == 204
    assert seen(rooms, event_id) == (public, own)
    assert crossings(rooms.dsn) == {"citations": 0, "revisions": 0}


def demo_events(client: TestClient) -> dict[str, dict]:
    page = client.get("/v1/events", params={"newsroom": VICTIM, "limit": 200})
    assert page.status_code == 200
    return {item["id"]: item for item in page.json()["items"]}


@pytest.mark.parametrize("path", INLINE_PATHS)
def test_a_rival_citing_the_victims_url_gets_its_own_source(rooms, path, tmp_path, template_db):
    """The victim (the demo newsroom) registered the URL first: the rival's inline citation of it, by any
    path, makes the rival's own source, whose edits and delete leave every demo event as it was."""
    abc = rooms.anon.get(f"/v1/sources/{demo_id('source', 'abc-ioc')}").json()
    before, source_before = demo_events(rooms.anon), abc
    title = f"Rival event {uuid.uuid4().hex[:12]}"
    write = inline_writer(path, tmp_path, RIVAL)
    write(rooms.rival, rooms.dsn, title, abc["url"] + "#rival", "The rival's passage.")
    [citation] = rooms.anon.get(f"/v1/events/{event_of(rooms.dsn, title)}").json()["citations"]
    theirs = citation["source"]
    assert (theirs["newsroom"], theirs["url"]) == (RIVAL, abc["url"])
    assert theirs["id"] != abc["id"]
    assert rooms.rival.patch(f"/v1/sources/{theirs['id']}", json={"title": "Rewritten"}).status_code == 200
    assert rooms.rival.patch(f"/v1/sources/{abc['id']}", json={"title": "Rewritten"}).status_code == 404
    assert rooms.rival.delete(f"/v1/events/{event_of(rooms.dsn, title)}").status_code == 204
    assert rooms.rival.delete(f"/v1/sources/{theirs['id']}").status_code == 204
    assert demo_events(rooms.anon) == before
    assert rooms.anon.get(f"/v1/sources/{abc['id']}").json() == source_before
    assert crossings(rooms.dsn) == {"citations": 0, "revisions": 0}


# ---- citing another newsroom's source by id: a 422 naming the field, nothing written ----------------------


class Callers(NamedTuple):
    shared: Shared
    rival: TestClient
    anon: TestClient
    rival_source: str  # a source of the rival newsroom
    own_event: str  # a draft of the demo newsroom, to cite on
    rival_event: str  # a draft of the rival newsroom


@pytest.fixture(scope="module")
def callers(shared: Shared) -> Iterator[Callers]:
    client, dsn = shared
    with (
        keyed(dsn, RIVAL, "admin") as rival,
        TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as anon,
    ):
        source = rival.post("/v1/sources", json={"url": "https://rival.example/own", "title": "Rival's"})
        own = client.post("/v1/events", json={"title": "Demo draft to cite on", "date": "2021"})
        theirs = rival.post("/v1/events", json={"title": "Rival draft to cite on", "date": "2021"})
        assert source.status_code == own.status_code == theirs.status_code == 201
        yield Callers(shared, rival, anon, source.json()["id"], own.json()["id"], theirs.json()["id"])


def _citations(target: str, before: int) -> list[dict]:
    """`before` citations of new inline sources, then one of `target` by id: the one refused."""
    own = [
        {"source": {"url": f"https://own.example/{i}", "title": "Own"}, "quote": "Own passage."}
        for i in range(before)
    ]
    return [*own, {"source_id": target, "quote": "A passage of another newsroom's source."}]


def attempt_by_id(path: str, caller: TestClient, c: Callers, target: str, before: int, tmp: Path):
    """Cite `target` by id through `path`; (status, the fields the problem names)."""
    newsroom = VICTIM if caller is c.shared.client else RIVAL
    event_id = c.own_event if newsroom == VICTIM else c.rival_event
    event = {"title": "Cites by id", "date": "2021-12-20", "status": "published",
             "citations": _citations(target, before)}  # fmt: skip
    if path == "event":
        response = caller.post("/v1/events", json=event)
    elif path == "citation":
        response = caller.post(f"/v1/events/{event_id}/citations", json={"source_id": target, "quote": "Q."})
    elif path == "patch":
        response = caller.patch(f"/v1/events/{event_id}", json={"citations": _citations(target, before)})
    elif path == "ndjson":
        response = caller.post("/v1/import", content=json.dumps(event) + "\n", headers=NDJSON)
    else:  # the command, as an editor of the caller's newsroom (it has no anonymous form)
        file = tmp / "by-id.ndjson"
        file.write_text(json.dumps(event) + "\n", encoding="utf-8")
        settings = load_settings()
        return cli.run_import(c.shared.dsn, settings, paths=[file], newsroom=newsroom, fmt=None, jobs=1), []
    body = response.json() if response.content else {}
    return response.status_code, [e["field"] for e in body.get("errors", [])]


BY_ID_PATHS = ["event", "citation", "ndjson", "command"]
FIELD = {
    "event": "citations[{i}].source_id",
    "citation": "source_id",
    "ndjson": "row 1: citations[{i}].source_id",
}


@pytest.mark.parametrize("before", [0, 2])
@pytest.mark.parametrize("target", [*DEMO_SOURCES, "deleted"])
@pytest.mark.parametrize("path", BY_ID_PATHS)
def test_the_rival_citing_a_demo_source_by_id_is_422_naming_the_field(
    callers, path, target, before, tmp_path, capsys
):
    dsn = callers.shared.dsn
    if target == "deleted":  # a demo source since deleted: no such source either way
        made = callers.shared.client.post(
            "/v1/sources", json={"url": f"https://gone.example/{uuid.uuid4()}", "title": "Gone"}
        )
        target = made.json()["id"]
        assert callers.shared.client.delete(f"/v1/sources/{target}").status_code == 204
    else:
        target = str(demo_id("source", target))
    rows = counts(dsn)
    status, fields = attempt_by_id(path, callers.rival, callers, target, before, tmp_path)
    if path == "command":
        assert status == 1
        assert f"citations[{before}].source_id" in capsys.readouterr().err
    else:
        assert status == 422
        assert fields == [FIELD[path].format(i=before)]
    assert counts(dsn) == rows
    assert crossings(dsn) == {"citations": 0, "revisions": 0}


@pytest.mark.parametrize("path", BY_ID_PATHS)
def test_the_demo_newsroom_citing_the_rivals_source_by_id_is_422(callers, path, tmp_path, capsys):
    dsn = callers.shared.dsn
    rows = counts(dsn)
    status, fields = attempt_by_id(path, callers.shared.client, callers, callers.rival_source, 1, tmp_path)
    if path == "command":
        assert status == 1 and "citations[1].source_id" in capsys.readouterr().err
    else:
        assert (status, fields) == (422, [FIELD[path].format(i=1)])
    assert counts(dsn) == rows
    assert crossings(dsn) == {"citations": 0, "revisions": 0}


@pytest.mark.parametrize("path", ["event", "citation", "ndjson", "patch"])
@pytest.mark.parametrize("target", ["abc-ioc", "rival"])
def test_anonymous_callers_cite_nothing(callers, path, target, tmp_path):
    dsn = callers.shared.dsn
    rows = counts(dsn)
    source = callers.rival_source if target == "rival" else str(demo_id("source", target))
    status, _ = attempt_by_id(path, callers.anon, callers, source, 0, tmp_path)
    assert status == 401
    assert counts(dsn) == rows


@pytest.mark.parametrize("caller", ["demo", "rival"])
def test_patching_an_event_never_cites(callers, caller, tmp_path):
    """Citations change through their own endpoint only: a PATCH that carries some is refused whole."""
    dsn = callers.shared.dsn
    rows = counts(dsn)
    client = callers.shared.client if caller == "demo" else callers.rival
    status, _ = attempt_by_id("patch", client, callers, str(demo_id("source", "abc-ioc")), 1, tmp_path)
    assert 400 <= status < 500
    assert counts(dsn) == rows


@pytest.mark.parametrize("path", BY_ID_PATHS)
def test_a_newsroom_cites_its_own_source_by_id(client, db_url, path, tmp_path):
    """The control: the same calls with the caller's own source succeed."""
    with (
        keyed(db_url, RIVAL) as rival,
        TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as anon,
    ):
        own_event = client.post("/v1/events", json={"title": "Demo draft", "date": "2021"}).json()["id"]
        c = Callers(Shared(client, db_url), rival, anon, "", own_event, "")
        status, fields = attempt_by_id(path, client, c, str(demo_id("source", "abc-ioc")), 1, tmp_path)
    assert (status, fields) == ((0, []) if path == "command" else (201, []))
    assert crossings(db_url) == {"citations": 0, "revisions": 0}


# ---- one source per URL per newsroom ----------------------------------------------------------------------

ABC_FORMS = [
    "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316",
    "http://AbcNews.GO.com/Sports/russia-fully-banned-olympics/story?id=40833316#comments",
    "http://abcnews.go.com/Sports/russia-fully-banned-olympics/story?id=40833316&utm_source=twitter",
    "http://abcnews.go.com:80/Sports/russia-fully-banned-olympics/story?id=40833316",
]


def test_a_second_post_of_a_url_is_409_naming_the_callers_own_source(rooms):
    abc = str(demo_id("source", "abc-ioc"))
    dsn = rooms.dsn
    for form in ABC_FORMS:
        assert problem(rooms.anon.post("/v1/sources", json={"url": form, "title": "t"}), 401)
        body = problem(rooms.victim.post("/v1/sources", json={"url": form, "title": "t"}), 409)
        assert body["existing_id"] == abc
    first = rooms.rival.post("/v1/sources", json={"url": ABC_FORMS[0], "title": "Rival's"})
    assert first.status_code == 201, first.text
    theirs = first.json()["id"]
    rows = counts(dsn)
    for form in ABC_FORMS:
        body = problem(rooms.rival.post("/v1/sources", json={"url": form, "title": "t"}), 409)
        assert body["existing_id"] == theirs
        body = problem(rooms.victim.post("/v1/sources", json={"url": form, "title": "t"}), 409)
        assert body["existing_id"] == abc
    assert counts(dsn) == rows
    # Patching a source onto a URL: a conflict only with the same newsroom's source of it.
    other = rooms.rival.post("/v1/sources", json={"url": "https://rival.example/second", "title": "t"}).json()
    assert (
        problem(rooms.rival.patch(f"/v1/sources/{other['id']}", json={"url": ABC_FORMS[1]}), 409)[
            "existing_id"
        ]
        == theirs
    )
    tass = str(demo_id("source", "tass-summit"))
    body = problem(rooms.victim.patch(f"/v1/sources/{tass}", json={"url": ABC_FORMS[2]}), 409)
    assert body["existing_id"] == abc
    assert crossings(dsn) == {"citations": 0, "revisions": 0}


def test_restoring_a_source_is_blocked_only_by_the_same_newsrooms_source_of_its_url(rooms):
    url = f"https://restore.example/{uuid.uuid4().hex}"
    mine = rooms.victim.post("/v1/sources", json={"url": url, "title": "Mine"}).json()["id"]
    assert rooms.victim.delete(f"/v1/sources/{mine}").status_code == 204
    assert rooms.rival.post("/v1/sources", json={"url": url, "title": "Rival's"}).status_code == 201
    assert rooms.rival.post(f"/v1/sources/{mine}/restore").status_code == 404
    assert rooms.victim.post(f"/v1/sources/{mine}/restore").status_code == 200
    assert rooms.victim.delete(f"/v1/sources/{mine}").status_code == 204
    again = rooms.victim.post("/v1/sources", json={"url": url, "title": "Mine again"}).json()["id"]
    body = problem(rooms.victim.post(f"/v1/sources/{mine}/restore"), 409)
    assert body["existing_id"] == again


@pytest.mark.parametrize("who", ["anon", "rival", "victim"])
def test_every_newsrooms_source_stays_publicly_readable_and_findable(rooms, who):
    url = f"https://public.example/{uuid.uuid4().hex}"
    ids = [
        rooms.victim.post("/v1/sources", json={"url": url, "title": "Demo's"}).json()["id"],
        rooms.rival.post("/v1/sources", json={"url": url + "#x", "title": "Rival's"}).json()["id"],
    ]
    reader = getattr(rooms, who)
    for source_id in ids:
        assert reader.get(f"/v1/sources/{source_id}").status_code == 200
    listed = reader.get("/v1/sources", params={"url": url})
    assert [s["id"] for s in listed.json()["items"]] == ids[::-1]  # newest first, one per newsroom
    for newsroom, source_id in ((VICTIM, ids[0]), (RIVAL, ids[1])):
        one = reader.get("/v1/sources", params={"url": url, "newsroom": newsroom}).json()["items"]
        assert [s["id"] for s in one] == [source_id]
