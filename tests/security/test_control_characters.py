"""Control characters: refused in every text field and URL when written (API, import, command), and
never passed on by an export or the embed, whatever older or hand-written rows hold.

Text may hold tab, line feed and carriage return; no other C0 character, DEL, U+FFFE or U+FFFF. A URL
holds none of them, nor a space. Lone surrogates cannot reach storage: JSON that holds one is malformed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import icalendar
import pytest
from lxml import etree

from service.demo.seed import demo_id
from tests.conftest import clean_env, create_key, fetch
from tests.helpers import problem
from tests.test_bad_input import snapshot

SUMMIT = str(demo_id("event", "summit"))
DISPATCH = str(demo_id("source", "dispatch"))
ABC = str(demo_id("source", "abc-ioc"))
XI = str(demo_id("entity", "xi"))
XI_PUTIN = "xi-putin-summit"

CONTROLS = [chr(c) for c in range(0x20)] + ["\x7f", "\ufffe", "\uffff"]
TEXT_OK = ["\t", "\n", "\r"]
TEXT_REFUSED = [c for c in CONTROLS if c not in TEXT_OK]
URL_REFUSED = [*CONTROLS, " "]
# What must never appear raw in a rendered document (an HTML parser reports DEL; XML forbids the rest).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

SOURCE = {"url": "https://example.com/controls", "title": "A source"}
CITATION = {"source_id": DISPATCH, "quote": "A quote."}


def _event(**fields: object) -> dict:
    return {"title": "An event", "date": "2021-12-15", **fields}


# (name, method, path, body builder with the value in place, the field the 422 names)
TEXT_WRITES: list[tuple[str, str, str, object, str]] = [
    ("event title", "POST", "/v1/events", lambda v: _event(title=f"a{v}b"), "title"),
    ("event summary", "POST", "/v1/events", lambda v: _event(summary=v), "summary"),
    ("event retraction_note", "POST", "/v1/events", lambda v: _event(retraction_note=v), "retraction_note"),
    ("event change_note", "POST", "/v1/events", lambda v: _event(change_note=v), "change_note"),
    ("location name", "POST", "/v1/events", lambda v: _event(location={"name": f"x{v}"}), "location.name"),
    (
        "media caption",
        "POST",
        "/v1/events",
        lambda v: _event(media={"url": "https://example.com/m.jpg", "caption": v}),
        "media.caption",
    ),
    (
        "media credit",
        "POST",
        "/v1/events",
        lambda v: _event(media={"url": "https://example.com/m.jpg", "credit": v}),
        "media.credit",
    ),
    (
        "media alt_text",
        "POST",
        "/v1/events",
        lambda v: _event(media={"url": "https://example.com/m.jpg", "alt_text": v}),
        "media.alt_text",
    ),
    (
        "citation quote",
        "POST",
        "/v1/events",
        lambda v: _event(citations=[{**CITATION, "quote": f"q{v}"}]),
        "citations[0].quote",
    ),
    (
        "citation locator",
        "POST",
        "/v1/events",
        lambda v: _event(citations=[{**CITATION, "locator": v}]),
        "citations[0].locator",
    ),
    (
        "citation note",
        "POST",
        "/v1/events",
        lambda v: _event(citations=[{**CITATION, "note": v}]),
        "citations[0].note",
    ),
    (
        "inline source title",
        "POST",
        "/v1/events",
        lambda v: _event(citations=[{"quote": "q", "source": {**SOURCE, "title": f"t{v}"}}]),
        "citations[0].source.title",
    ),
    (
        "inline source authors",
        "POST",
        "/v1/events",
        lambda v: _event(citations=[{"quote": "q", "source": {**SOURCE, "authors": ["ok", v]}}]),
        "citations[0].source.authors[1]",
    ),
    ("patch event title", "PATCH", f"/v1/events/{SUMMIT}", lambda v: {"title": f"a{v}"}, "title"),
    ("patch event summary", "PATCH", f"/v1/events/{SUMMIT}", lambda v: {"summary": v}, "summary"),
    (
        "patch event change_note",
        "PATCH",
        f"/v1/events/{SUMMIT}",
        lambda v: {"importance": 4, "change_note": v, "correction": True},
        "change_note",
    ),
    (
        "patch location name",
        "PATCH",
        f"/v1/events/{SUMMIT}",
        lambda v: {"location": {"name": v}},
        "location.name",
    ),
    ("cite quote", "POST", f"/v1/events/{SUMMIT}/citations", lambda v: {**CITATION, "quote": v}, "quote"),
    ("cite note", "POST", f"/v1/events/{SUMMIT}/citations", lambda v: {**CITATION, "note": v}, "note"),
    (
        "cite change_note",
        "POST",
        f"/v1/events/{SUMMIT}/citations",
        lambda v: {**CITATION, "change_note": v, "correction": True},
        "change_note",
    ),
    ("source title", "POST", "/v1/sources", lambda v: {**SOURCE, "title": v}, "title"),
    ("source publisher", "POST", "/v1/sources", lambda v: {**SOURCE, "publisher": v}, "publisher"),
    ("source authors", "POST", "/v1/sources", lambda v: {**SOURCE, "authors": [v]}, "authors[0]"),
    ("patch source title", "PATCH", f"/v1/sources/{ABC}", lambda v: {"title": v}, "title"),
    (
        "patch source change_note",
        "PATCH",
        f"/v1/sources/{ABC}",
        lambda v: {"publisher": "P", "change_note": v},
        "change_note",
    ),
    ("entity name", "POST", "/v1/entities", lambda v: {"name": v, "kind": "person"}, "name"),
    (
        "entity aliases",
        "POST",
        "/v1/entities",
        lambda v: {"name": "N", "kind": "person", "aliases": [v]},
        "aliases[0]",
    ),
    ("patch entity name", "PATCH", f"/v1/entities/{XI}", lambda v: {"name": v}, "name"),
    ("timeline title", "POST", "/v1/timelines", lambda v: {"slug": "ctl", "title": v}, "title"),
    (
        "timeline description",
        "POST",
        "/v1/timelines",
        lambda v: {"slug": "ctl", "title": "T", "description": v},
        "description",
    ),
    (
        "timeline filter q",
        "POST",
        "/v1/timelines",
        lambda v: {"slug": "ctl", "title": "T", "filter": {"q": v}},
        "filter.q",
    ),
    (
        "timeline filter publisher",
        "POST",
        "/v1/timelines",
        lambda v: {"slug": "ctl", "title": "T", "filter": {"publisher": v}},
        "filter.publisher",
    ),
    ("patch timeline title", "PATCH", f"/v1/timelines/{XI_PUTIN}", lambda v: {"title": v}, "title"),
    (
        "patch timeline change_note",
        "PATCH",
        f"/v1/timelines/{XI_PUTIN}",
        lambda v: {"description": "D", "change_note": v},
        "change_note",
    ),
    ("key name", "POST", "/v1/keys", lambda v: {"role": "viewer", "name": v}, "name"),
]
URL_WRITES: list[tuple[str, str, str, object, str]] = [
    (
        "media url",
        "POST",
        "/v1/events",
        lambda v: _event(media={"url": f"https://example.com/m{v}.jpg"}),
        "media.url",
    ),
    (
        "inline source url",
        "POST",
        "/v1/events",
        lambda v: _event(
            citations=[{"quote": "q", "source": {"url": f"https://example.com/{v}", "title": "T"}}]
        ),
        "citations[0].source.url",
    ),
    ("source url", "POST", "/v1/sources", lambda v: {**SOURCE, "url": f"https://exa{v}mple.com/"}, "url"),
    (
        "source url at the end",
        "POST",
        "/v1/sources",
        lambda v: {**SOURCE, "url": f"https://example.com/x{v}"},
        "url",
    ),
    (
        "source archive_url",
        "POST",
        "/v1/sources",
        lambda v: {**SOURCE, "archive_url": f"https://archive.org/{v}x"},
        "archive_url",
    ),
    ("patch source url", "PATCH", f"/v1/sources/{ABC}", lambda v: {"url": f"https://example.com/{v}"}, "url"),
]


def _ids(cases: list) -> list[str]:
    return [case[0] for case in cases]


@pytest.fixture(scope="module")
def other(shared) -> str:
    return create_key(shared.dsn, "rival", "admin")


def _send(client, method: str, path: str, body: object, auth: str | None = "keep"):
    headers = {"content-type": "application/json"}
    if auth != "keep":
        headers["authorization"] = auth or ""
    return client.request(method, path, content=json.dumps(body), headers=headers)


@pytest.mark.parametrize(("name", "method", "path", "build", "field"), TEXT_WRITES, ids=_ids(TEXT_WRITES))
def test_control_characters_in_text_are_a_422_naming_the_field(
    shared, other, name, method, path, build, field
):
    before = snapshot(shared.dsn)
    wrong = []
    for char in TEXT_REFUSED:
        body = build(char)
        response = _send(shared.client, method, path, body)
        if response.status_code != 422 or field not in [
            e["field"] for e in response.json().get("errors") or []
        ]:
            wrong.append((hex(ord(char)), response.status_code, response.text[:200]))
            continue
        problem(response, 422, field)
        # anonymous and another newsroom's key change nothing either (401, 404 or 422: never a write)
        assert _send(shared.client, method, path, body, auth=None).status_code in (400, 401, 422)
        assert _send(shared.client, method, path, body, auth=f"Bearer {other}").status_code in (403, 404, 422)
    assert not wrong, wrong
    assert snapshot(shared.dsn) == before


@pytest.mark.parametrize(("name", "method", "path", "build", "field"), URL_WRITES, ids=_ids(URL_WRITES))
def test_control_characters_and_spaces_in_urls_are_a_422_naming_the_field(
    shared, name, method, path, build, field
):
    before = snapshot(shared.dsn)
    wrong = []
    for char in URL_REFUSED:
        response = _send(shared.client, method, path, build(char))
        if response.status_code != 422 or field not in [
            e["field"] for e in response.json().get("errors") or []
        ]:
            wrong.append((hex(ord(char)), response.status_code, response.text[:200]))
    assert not wrong, wrong
    assert snapshot(shared.dsn) == before


def test_the_refusal_says_what_is_wrong(shared):
    body = problem(_send(shared.client, "POST", "/v1/events", _event(title="a\x01")), 422, "title")
    assert "control characters" in body["errors"][0]["message"]
    body = problem(
        _send(shared.client, "POST", "/v1/sources", {**SOURCE, "url": "https://a.com/\n"}), 422, "url"
    )
    assert "control characters" in body["errors"][0]["message"]


@pytest.mark.parametrize("char", TEXT_OK, ids=["tab", "lf", "cr"])
def test_tab_line_feed_and_carriage_return_stay_allowed_in_text(client, char):
    response = client.post("/v1/events", json=_event(title=f"a{char}b", summary=f"one{char}two"))
    assert response.status_code == 201, response.text
    assert response.json()["summary"] == f"one{char}two"


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\ud800b", "\\udc00\\ud800"])
def test_lone_surrogates_are_malformed_json(shared, escape):
    before = snapshot(shared.dsn)
    raw = ('{"title": "' + escape + '", "date": "2021"}').encode()
    for path in ("/v1/events", "/v1/sources", "/v1/entities"):
        problem(shared.client.post(path, content=raw, headers={"content-type": "application/json"}), 400)
    ndjson = shared.client.post(
        "/v1/import", content=raw + b"\n", headers={"content-type": "application/x-ndjson"}
    )
    assert ndjson.status_code == 422, ndjson.text
    assert snapshot(shared.dsn) == before


# --- imports: every row with a control character is named, and nothing is written ---------------


def _ndjson_rows() -> list[str]:
    return [json.dumps(_event(title=f"Row {i}", summary=f"s{c}")) for i, c in enumerate(TEXT_REFUSED)]


def _csv_rows() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date", "summary"])
    writer.writerows([f"Row {i}", "2021", f"s{c}"] for i, c in enumerate(TEXT_REFUSED) if c != "\x00")
    return out.getvalue()


def _timelinejs() -> str:
    slides = [
        {"start_date": {"year": "2021"}, "text": {"headline": f"Row{c}", "text": "x"}} for c in TEXT_REFUSED
    ]
    return json.dumps({"events": slides})


def test_imports_refuse_control_characters_row_by_row(shared):
    before = snapshot(shared.dsn)
    ndjson = shared.client.post(
        "/v1/import", content="\n".join(_ndjson_rows()), headers={"content-type": "application/x-ndjson"}
    )
    assert ndjson.status_code == 422, ndjson.text
    fields = {e["field"] for e in ndjson.json()["errors"]}
    assert fields == {f"row {i}: summary" for i in range(2, len(TEXT_REFUSED) + 1)} | {"row 1"}, fields  # NUL
    text = _csv_rows()
    response = shared.client.post("/v1/import", content=text.encode(), headers={"content-type": "text/csv"})
    assert response.status_code == 422, response.text
    assert len(response.json()["errors"]) == len(TEXT_REFUSED) - 1
    assert all(e["field"].endswith(": summary") for e in response.json()["errors"])
    response = shared.client.post(
        "/v1/import", content=_timelinejs().encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert snapshot(shared.dsn) == before


def test_the_import_command_refuses_control_characters(db_url, tmp_path: Path):
    before = snapshot(db_url)
    path = tmp_path / "controls.ndjson"
    path.write_text("\n".join(_ndjson_rows()[1:]) + "\n", encoding="utf-8")
    csv_path = tmp_path / "controls.csv"
    csv_path.write_text(_csv_rows(), encoding="utf-8", newline="")
    for file in (path, csv_path):
        result = subprocess.run(
            [sys.executable, "-m", "service.cli", "import", str(file), "--newsroom", "cli-room"],
            env=clean_env(DATELINE_DATABASE_URL=db_url),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "nothing was imported" in result.stderr + result.stdout
        assert "control characters" in result.stderr + result.stdout
    assert snapshot(db_url) == before


# --- rendering what older rows hold ---------------------------------------------------------------

STORED = "".join(c for c in CONTROLS if c != "\x00")  # PostgreSQL cannot store NUL at all


@pytest.fixture
def dirty(db_url: str) -> str:
    """The demo database with every control character PostgreSQL can store written into the text of
    events, citations, sources and timelines by hand, as rows from before the rule could hold them."""
    fetch(db_url, "UPDATE events SET title = 'Dirty' || $1 || title, summary = 'S' || $1", STORED)
    fetch(db_url, "UPDATE citations SET quote = $1 || quote, locator = 'p' || $1, note = 'n' || $1", STORED)
    fetch(
        db_url,
        "UPDATE sources SET title = 'T' || $1 || title, publisher = 'P' || $1, url = url || $1",
        STORED,
    )
    fetch(db_url, "UPDATE timelines SET title = 'TL' || $1 || title, description = 'D' || $1", STORED)
    return db_url


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


FORMATS = ("atom", "ics", "csv", "jsonld", "csljson", "timelinejs")


def _check_export(fmt: str, body: bytes) -> None:
    text = body.decode("utf-8")
    assert not FORBIDDEN.search(text), (fmt, FORBIDDEN.search(text))
    assert "Dirty" in text or fmt == "csljson"
    if fmt == "atom":
        etree.fromstring(body)  # strict XML 1.0: raises on any character it forbids
        feed = feedparser.parse(body)
        assert not feed.bozo, feed.bozo_exception
        assert all(entry.title.startswith("Dirty") for entry in feed.entries)
    elif fmt == "ics":
        calendar = icalendar.Calendar.from_ical(body)
        assert [e for e in calendar.walk("VEVENT")]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) > 1
    else:
        assert not any(FORBIDDEN.search(s) for s in _strings(json.loads(body)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_well_formed_whatever_is_stored(dirty, client, anon, fmt):
    for caller in (anon, client):
        response = caller.get(f"/v1/timelines/{XI_PUTIN}/export/{fmt}")
        assert response.status_code == 200, response.text
        _check_export(fmt, response.content)


def test_the_embed_carries_no_control_character_whatever_is_stored(dirty, anon):
    response = anon.get(f"/embed/timelines/{XI_PUTIN}")
    assert response.status_code == 200, response.text
    assert "Dirty" in response.text
    assert not FORBIDDEN.search(response.text), FORBIDDEN.search(response.text)
    oembed = anon.get("/oembed", params={"url": f"http://testserver.local/embed/timelines/{XI_PUTIN}"})
    assert oembed.status_code == 200, oembed.text
    assert not any(FORBIDDEN.search(s) for s in _strings(oembed.json()))
