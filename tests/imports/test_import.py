"""POST /v1/import and `dateline import`: each format, all or nothing with row-numbered errors, sources
reused by URL, auth, and round trips through the CSV and TimelineJS exports into an empty database."""

from __future__ import annotations

import csv
import gc
import io
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import jsonschema_rs
import pytest
from litestar.testing import TestClient

from service import problem_types
from service.app import create_app
from service.config import load_settings
from service.demo.seed import demo_id
from service.imports import cli
from service.migrate import upgrade
from tests.conftest import Server, app_settings, clean_env, create_key, fetch

NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}
JSON = {"Content-Type": "application/json"}
TASS = "https://tass.com/politics/1374481"  # a demo source's URL


def count(dsn: str, table: str) -> int:
    return fetch(dsn, f"SELECT count(*) AS n FROM {table}")[0]["n"]  # noqa: S608 - a fixed table name


def counts(dsn: str) -> tuple[int, ...]:
    return tuple(count(dsn, t) for t in ("events", "sources", "citations", "revisions"))


def ndjson(*events: dict) -> str:
    return "\n".join(json.dumps(e) for e in events) + "\n"


def event(title: str, date: str = "2021-12-20", **fields) -> dict:
    return {"title": title, "date": date, **fields}


def cited(url: str, quote: str = "A passage.", **source) -> dict:
    return {"source": {"url": url, "title": source.pop("title", "A source"), **source}, "quote": quote}


def rejected(response, *fields: str) -> list[dict]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"] == problem_types.IMPORT_FAILED
    assert response.headers["content-type"].startswith("application/problem+json")
    got = [e["field"] for e in body["errors"]]
    assert got == list(fields), body
    return body["errors"]


# ---- an empty database: migrated, no demo data ---------------------------------------------------------


@pytest.fixture(scope="module")
def empty_template(pg_server: Server) -> Iterator[str]:
    name = f"dateline_empty_{uuid.uuid4().hex[:10]}"
    upgrade(pg_server.create(name))
    yield name
    pg_server.drop(name)


@pytest.fixture
def empty(pg_server: Server, empty_template: str) -> Iterator[tuple[TestClient, str]]:
    """A client with an editor key of newsroom `elsewhere`, on a fresh migrated database without demo data."""
    name = f"dateline_e_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=empty_template)
    key = create_key(dsn, "elsewhere", "editor")
    with TestClient(create_app(app_settings(dsn)), base_url="http://testserver.local") as client:
        client.headers["Authorization"] = f"Bearer {key}"
        yield client, dsn
    pg_server.drop(name)


# ---- each format -----------------------------------------------------------------------------------------


def test_ndjson_creates_events_and_sources_reusing_known_urls(client, db_url):
    before = counts(db_url)
    body = ndjson(
        event(
            "One",
            status="published",
            citations=[
                cited("https://example.com/new", "New passage."),
                cited(
                    TASS.replace("https://tass.com", "HTTPS://TASS.com"),
                    "Old passage.",
                    title="Ignored title",
                ),
            ],
        ),
        event(
            "Two",
            "2021-12",
            status="published",
            tags=["summit"],
            citations=[cited("https://example.com/new#frag", "Same source again.")],
        ),
        event("Three, a draft", "2021~"),
    )
    response = client.post("/v1/import", content=body, headers=NDJSON)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["format"] == "ndjson"
    assert report["created"] == {"events": 3, "sources": 1}
    assert (report["published"], report["drafts"], report["skipped"]) == (2, 1, 0)
    assert report["reused_sources"] == [{"id": str(demo_id("source", "tass-announce")), "url": TASS}]
    assert counts(db_url)[:3] == (before[0] + 3, before[1] + 1, before[2] + 3)
    titles = fetch(db_url, "SELECT title FROM sources WHERE url = $1", TASS)
    assert titles[0]["title"] != "Ignored title"  # reused as it is, not overwritten
    rows = fetch(
        db_url,
        "SELECT e.title, e.status, count(r.id) AS revisions FROM events e "
        "JOIN revisions r ON r.object_id = e.id WHERE e.title IN ('One', 'Two', 'Three, a draft') "
        "GROUP BY e.title, e.status ORDER BY e.title",
    )
    assert [(r["title"], r["status"], r["revisions"]) for r in rows] == [
        ("One", "published", 1),
        ("Three, a draft", "draft", 1),
        ("Two", "published", 1),
    ]


def test_a_bad_row_writes_nothing_and_every_bad_row_is_named(client, db_url):
    before = counts(db_url)
    body = ndjson(
        event("Fine", status="published", citations=[cited("https://example.com/fine")]),
        event("Impossible day", "2021-02-30"),
        event("Unsupported", status="published"),
        event(
            "Disputed only",
            status="published",
            citations=[{**cited("https://example.com/other"), "stance": "disputes"}],
        ),
        event("Bad URL", citations=[cited("ftp://example.com/x")]),
        event("Fine again"),
    )
    errors = rejected(
        client.post("/v1/import", content=body, headers=NDJSON),
        "row 2: date",
        "row 3: citations",
        "row 4: citations",
        "row 5: citations[0].source.url",
    )
    assert "2021-02-30 is not a valid date" in errors[0]["message"]
    assert counts(db_url) == before
    assert not fetch(db_url, "SELECT 1 FROM sources WHERE url LIKE 'https://example.com/%'")


def test_ndjson_lines_that_are_not_events(client, db_url):
    before = counts(db_url)
    body = (
        '{"title": "ok", "date": "2020"}\n{"title": \n[1, 2]\n'
        '{"title": "x", "date": "2020", "colour": "red"}\n'
        '{"title": "a\\u0000b", "date": "2020"}\n'
    )
    errors = rejected(
        client.post("/v1/import", content=body, headers=NDJSON), "row 2", "row 3", "row 4: colour", "row 5"
    )
    assert errors[0]["message"].startswith("not valid JSON")
    assert "NUL" in errors[3]["message"]
    assert counts(db_url) == before


def test_our_csv_with_citation_columns_and_row_numbers(client, db_url):
    text = (
        "title,date,status,tags,location_name,location_country,citation_1_url,citation_1_title,"
        "citation_1_publisher,citation_1_kind,citation_1_authors,citation_1_quote,citation_1_stance,"
        "citation_2_url,citation_2_title,citation_2_quote,citation_2_stance\n"
        "Row two,2021-12-21,published,summit;china-russia,Moscow,RU,https://example.com/c1,C1,Paper,news,"
        '"Doe, Jane;John Roe","Quote, with comma",supports,,,,\n'
        ",,,,,,,,,,,,,,,,\n"
        'Row four,2021-12,published,summit,,,,,,,,,,https://example.com/c2,C2,"Multi\nline",supports\n'
    )
    response = client.post("/v1/import", content=text, headers=CSV)
    assert response.status_code == 201, response.text
    assert response.json()["created"] == {"events": 2, "sources": 2}
    assert response.json()["skipped"] == 1
    row = fetch(db_url, "SELECT id, tags, location FROM events WHERE title = 'Row two'")[0]
    assert list(row["tags"]) == ["summit", "china-russia"]
    assert json.loads(row["location"]) == {"name": "Moscow", "country": "RU", "lat": None, "lon": None}
    source = fetch(
        db_url, "SELECT authors, publisher, kind FROM sources WHERE url = 'https://example.com/c1'"
    )[0]
    assert (list(source["authors"]), source["publisher"], source["kind"]) == (
        ["Doe, Jane", "John Roe"],
        "Paper",
        "news",
    )
    quote = fetch(
        db_url,
        "SELECT c.quote FROM citations c JOIN sources s ON s.id = c.source_id "
        "WHERE s.url = 'https://example.com/c2'",
    )[0]["quote"]
    assert quote == "Multi\nline"


def test_csv_errors_name_the_spreadsheet_row_and_column(client, db_url):
    before = counts(db_url)
    text = (
        "title,date,importance,citation_1_url,citation_1_title,citation_1_quote,citation_2_url,citation_2_title,"
        "citation_2_quote\n"
        "Fine,2021,3,,,,,,\n"
        "Bad date,2021-13,3,,,,,,\n"
        "Bad importance,2021,9,,,,,,\n"
        "No URL,2021,3,,,,,,quote without a source\n"
        "Bad second URL,2021,3,https://example.com/a,A,q,notaurl,B,q\n"
        ",2021,3,,,,,,\n"
    )
    rejected(
        client.post("/v1/import", content=text, headers=CSV),
        "row 3: date",
        "row 4: importance",
        "row 5: citation_2_url",
        "row 6: citation_2_url",
        "row 7: title",
    )
    assert counts(db_url) == before


def test_csv_header_problems_are_row_one(client):
    text = "title,date,colour,title\nA,2021,red,A\n"
    errors = rejected(client.post("/v1/import", content=text, headers=CSV), "row 1", "row 1")
    assert "unknown column 'colour'" in errors[0]["message"] and "twice" in errors[1]["message"]
    rejected(client.post("/v1/import", content="summary\nx\n", headers=CSV), "row 1", "row 1")


TIMELINEJS = {
    "title": {"text": {"headline": "Their timeline", "text": "<p>About it</p>"}},
    "eras": [{"start_date": {"year": 2020}, "end_date": {"year": 2021}, "text": {"headline": "An era"}}],
    "events": [
        {
            "start_date": {"year": "2016", "month": "8", "day": "5"},
            "end_date": {"year": 2016, "month": 8, "day": 21},
            "text": {
                "headline": "Rio <i>Games</i> &amp; more",
                "text": "<p>Plain <b>summary</b>.</p><p>Two</p>",
            },
            "group": "Olympic Games",
            "media": {
                "url": "https://example.com/rio.jpg",
                "caption": "<i>Rio</i>",
                "credit": "AP",
                "alt": "A stadium",
            },
        },
        {
            "start_date": {"year": 2021, "month": 12, "day": 15, "hour": 11, "minute": 7},
            "display_date": "Mid-December",
            "text": {
                "headline": "Quoted",
                "text": 'Said: <q cite="https://example.com/q1">We agree.</q> '
                '<a href="https://example.com/q2">The Q2 page</a> '
                '<q cite="https://example.com/q2" data-stance="disputes">We do not.</q>',
            },
        },
        {
            "start_date": {"year": 2021, "month": 11},
            "display_date": "c. November 2021",
            "text": {"headline": "Approximately"},
            "media": {"url": "<blockquote>embed</blockquote>"},
        },
        {
            "start_date": {"year": 2020, "month": 3},
            "display_date": "since March 2020",
            "text": {"headline": "Still"},
        },
    ],
}


def test_timelinejs_json_drafts_unless_a_source_is_quoted(empty):
    client, dsn = empty
    response = client.post("/v1/import", content=json.dumps(TIMELINEJS), headers=JSON)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["format"] == "timelinejs"
    assert report["created"] == {"events": 4, "sources": 2}
    assert (report["published"], report["drafts"], report["skipped"]) == (1, 3, 2)
    assert report["warnings"] == [{"field": "row 3: media", "message": "not an http(s) URL: left out"}]
    got = {r["title"]: r for r in fetch(dsn, "SELECT title, summary, date, status, tags, media FROM events")}
    rio = got["Rio Games & more"]
    assert (rio["date"], rio["status"], list(rio["tags"])) == (
        "2016-08-05/2016-08-21",
        "draft",
        ["olympic-games"],
    )
    assert rio["summary"] == "Plain summary.\n\nTwo"
    assert json.loads(rio["media"]) == {
        "url": "https://example.com/rio.jpg",
        "caption": "Rio",
        "credit": "AP",
        "alt_text": "A stadium",
    }
    quoted = got["Quoted"]
    assert (quoted["date"], quoted["status"]) == ("2021-12-15T11:07:00Z", "published")
    assert quoted["summary"] == "Said: We agree. The Q2 page We do not."
    assert got["Approximately"]["date"] == "2021-11~"
    assert got["Still"]["date"] == "2020-03/.."
    sources = {
        r["url"]: (r["title"], r["stance"], r["quote"])
        for r in fetch(
            dsn,
            "SELECT s.url, s.title, c.stance, c.quote FROM citations c JOIN sources s ON s.id = c.source_id",
        )
    }
    assert sources == {
        "https://example.com/q1": ("https://example.com/q1", "supports", "We agree."),
        "https://example.com/q2": ("The Q2 page", "disputes", "We do not."),
    }


def test_timelinejs_json_errors(client, db_url):
    before = counts(db_url)
    doc = {
        "events": [
            {"start_date": {"year": 2021}, "text": {"headline": "ok"}},
            {"text": {"headline": "no date"}},
            {"start_date": {"year": "twenty"}, "text": {"headline": "bad year"}},
            {"start_date": {"year": 2021, "day": 3}, "text": {"headline": "day, no month"}},
            {"start_date": {"year": 2021}, "text": {"headline": ""}},
            "not a slide",
        ]
    }
    rejected(
        client.post("/v1/import", content=json.dumps(doc), headers=JSON),
        "row 2: date",
        "row 3: date",
        "row 4: date",
        "row 5: title",
        "row 6",
    )
    assert client.post("/v1/import", content=b'{"events": [', headers=JSON).status_code == 400
    rejected(client.post("/v1/import", content=b'{"slides": []}', headers=JSON), "events")
    assert counts(db_url) == before


SHEET = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,"
    "Media Caption,Media Thumbnail,Type,Group,Background\n"
    ",,,,,,,,,The title row,About,,,,,title,,\n"
    "2016,7,18,,,,,,,McLaren report,<p>Findings</p>,https://example.com/m.jpg,WADA,Cover,,,Doping,#fff\n"
    "2021,12,15,2:07 PM,,,,,,Summit call,,,,,,,,\n"
    "2021,12,9,10:00,2021,12,10,18:00,,Two days,,,,,,,,\n"
    "2016,,,,2017,,,,,An era,,,,,,era,,\n"
    '"2,017",,,,,,,,,A year,"<q cite=""https://example.com/icarus"">Watch it.</q>",,,,,,,\n'
)


def test_the_timelinejs_spreadsheet_template(client, db_url):
    response = client.post("/v1/import", content=SHEET, headers=CSV)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["format"] == "timelinejs_csv"
    assert report["created"]["events"] == 4 and report["skipped"] == 2
    assert (report["published"], report["drafts"]) == (1, 3)
    got = {
        r["title"]: r
        for r in fetch(
            db_url,
            "SELECT title, date, status, tags, media, summary FROM events "
            "WHERE title IN ('McLaren report', 'Summit call', 'Two days', 'A year')",
        )
    }
    assert got["McLaren report"]["date"] == "2016-07-18"
    assert list(got["McLaren report"]["tags"]) == ["doping"]
    assert json.loads(got["McLaren report"]["media"]) == {
        "url": "https://example.com/m.jpg",
        "credit": "WADA",
        "caption": "Cover",
        "alt_text": None,
    }
    assert got["McLaren report"]["summary"] == "Findings"
    assert got["Summit call"]["date"] == "2021-12-15T14:07:00Z"
    assert got["Two days"]["date"] == "2021-12-09/2021-12-10"
    assert (got["A year"]["date"], got["A year"]["status"]) == ("2017", "published")


def test_the_spreadsheet_reports_bad_rows(client, db_url):
    before = counts(db_url)
    text = (
        "Year,Month,Day,Time,Headline\n"
        "2021,2,29,,Leap?\n2021,1,1,25:99,Bad time\n,,,,No year\n2021,1,1,,Fine\n"
    )
    rejected(
        client.post("/v1/import", content=text, headers=CSV), "row 2: date", "row 3: date", "row 4: date"
    )
    assert counts(db_url) == before


# ---- how the format is chosen, limits, auth ----------------------------------------------------------------


def test_format_from_query_content_type_or_the_file_itself(client):
    line = ndjson(event("Sniffed"))
    assert (
        client.post("/v1/import", content=line, headers={"Content-Type": "application/octet-stream"}).json()[
            "format"
        ]
        == "ndjson"
    )
    assert (
        client.post("/v1/import?format=ndjson", content=line, headers={"Content-Type": "text/plain"}).json()[
            "format"
        ]
        == "ndjson"
    )
    assert (
        client.post(
            "/v1/import", content=json.dumps(TIMELINEJS), headers={"Content-Type": "application/octet-stream"}
        ).json()["format"]
        == "timelinejs"
    )
    assert (
        client.post("/v1/import", content=SHEET, headers={"Content-Type": "application/octet-stream"}).json()[
            "format"
        ]
        == "timelinejs_csv"
    )
    response = client.post("/v1/import", content=line, headers={"Content-Type": "image/png"})
    assert response.status_code == 415
    assert client.post("/v1/import?format=pdf", content=line, headers=NDJSON).status_code == 400


def test_empty_files_and_non_utf8(client):
    rejected(client.post("/v1/import", content=b"\n\n", headers=NDJSON), "body")
    rejected(client.post("/v1/import", content=b"title,date\n", headers=CSV), "body")
    rejected(
        client.post("/v1/import", content="title,date\nCaf\xe9,2021\n".encode("latin-1"), headers=CSV), "body"
    )


def test_bodies_beyond_one_mib_are_accepted_up_to_twenty(client):
    padding = "\n" * (1024 * 1024 + 10)
    response = client.post("/v1/import", content=padding + ndjson(event("After a long gap")), headers=NDJSON)
    assert response.status_code == 201, response.text
    assert response.json()["skipped"] > 1024 * 1024
    too_big = client.post("/v1/import", content=b"\n" * (20 * 1024 * 1024 + 1), headers=NDJSON)
    assert too_big.status_code == 413


def test_anonymous_and_viewer_imports_are_refused(anon, db_url):
    before = counts(db_url)
    response = anon.post("/v1/import", content=ndjson(event("No")), headers=NDJSON)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    viewer = create_key(db_url, "demo", "viewer")
    response = anon.post(
        "/v1/import", content=ndjson(event("No")), headers={**NDJSON, "Authorization": f"Bearer {viewer}"}
    )
    assert response.status_code == 403
    assert counts(db_url) == before


def test_an_idempotency_key_replays_the_report(client, db_url):
    body = ndjson(event("Once"))
    headers = {**NDJSON, "Idempotency-Key": "import-1"}
    first = client.post("/v1/import", content=body, headers=headers)
    second = client.post("/v1/import", content=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second.headers["idempotent-replayed"] == "true"
    assert len(fetch(db_url, "SELECT 1 FROM events WHERE title = 'Once'")) == 1


def test_imported_events_belong_to_the_importing_newsroom(empty):
    client, dsn = empty
    assert client.post("/v1/import", content=ndjson(event("Mine")), headers=NDJSON).status_code == 201
    assert [r["newsroom"] for r in fetch(dsn, "SELECT newsroom FROM events")] == ["elsewhere"]


# ---- round trips into an empty database ------------------------------------------------------------------


def _everything(client: TestClient, newsroom: str) -> str:
    """A published timeline of every event of the newsroom, for exporting it whole."""
    response = client.post(
        "/v1/timelines",
        json={
            "slug": f"all-{newsroom}",
            "title": "All",
            "filter": {"newsroom": newsroom},
            "status": "published",
        },
    )
    assert response.status_code == 201, response.text
    return f"/v1/timelines/all-{newsroom}"


def _csv_rows(client: TestClient, path: str) -> list[dict]:
    response = client.get(f"{path}/export/csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.text)))


def _normalized(row: dict) -> tuple:
    """What a round trip must keep: the event's fields and dates, and each citation with its source."""
    event_fields = (
        "title",
        "summary",
        "date",
        "start",
        "end",
        "precision",
        "display",
        "status",
        "importance",
        "tags",
        "location_name",
        "location_country",
        "media_url",
        "retraction_note",
    )
    citations = []
    n = 1
    while f"citation_{n}_url" in row:
        cells = tuple(
            row[f"citation_{n}_{f}"]
            for f in (
                "url",
                "title",
                "publisher",
                "kind",
                "published",
                "authors",
                "language",
                "quote",
                "locator",
                "stance",
                "note",
            )
        )
        if any(cells):
            citations.append(cells)
        n += 1
    return (*(row[f] for f in event_fields), tuple(citations))


def test_csv_round_trip_into_an_empty_database(client, empty):
    target, dsn = empty
    source_rows = _csv_rows(client, _everything(client, "demo"))
    assert len(source_rows) == 15
    exported = client.get("/v1/timelines/all-demo/export/csv").content
    response = target.post("/v1/import", content=exported, headers=CSV)
    assert response.status_code == 201, response.text
    report = response.json()
    sources = {r[f"citation_{n}_url"] for r in source_rows for n in range(1, 4) if r.get(f"citation_{n}_url")}
    assert report["created"] == {"events": 15, "sources": len(sources)} and report["reused_sources"] == []
    again = _csv_rows(target, _everything(target, "elsewhere"))
    assert sorted(map(_normalized, again)) == sorted(map(_normalized, source_rows))
    assert {r["id"] for r in again}.isdisjoint({r["id"] for r in source_rows})  # new events, new ids


def test_timelinejs_round_trip_keeps_what_timelinejs_carries(client, empty):
    target, dsn = empty
    path = _everything(client, "demo")
    exported = client.get(f"{path}/export/timelinejs")
    response = target.post("/v1/import", content=exported.content, headers=JSON)
    assert response.status_code == 201, response.text
    assert response.json()["published"] == 15  # every demo event quotes a supporting source
    again = target.get(f"{_everything(target, 'elsewhere')}/export/timelinejs").json()

    def carried(slide: dict) -> tuple:
        quotes = sorted(
            (q.split('"')[0], q.split('data-stance="')[1].split('"')[0], q.split(">", 1)[1].split("</q>")[0])
            for q in slide["text"]["text"].split('<q cite="')[1:]
        )
        display = slide["display_date"] if "hour" not in slide["start_date"] else None
        return (
            slide["text"]["headline"],
            json.dumps(slide["start_date"], sort_keys=True),
            json.dumps(slide.get("end_date"), sort_keys=True),
            display,
            slide.get("group"),
            json.dumps(slide.get("media"), sort_keys=True),
            tuple(quotes),
        )

    before = sorted(map(carried, exported.json()["events"]))
    assert sorted(map(carried, again["events"])) == before
    assert len(before) == 15 and all(c[-1] for c in before)
    demo = {e["title"]: e for e in client.get(f"{path}/events?limit=50").json()["items"]}
    mine = {e["title"]: e for e in target.get("/v1/timelines/all-elsewhere/events?limit=50").json()["items"]}
    assert {t: (e["start"], e["end"], e["precision"]) for t, e in mine.items()} == {
        t: (e["start"], e["end"], e["precision"]) for t, e in demo.items()
    }


# ---- the command ----------------------------------------------------------------------------------------


def _cli(db_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "import", *args],
        env=clean_env(DATELINE_DATABASE_URL=db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_imports_with_a_progress_bar(db_url, tmp_path: Path):
    path = tmp_path / "events.ndjson"
    path.write_text(
        ndjson(*(event(f"From the command {i}", tags=["cli"]) for i in range(30))), encoding="utf-8"
    )
    result = _cli(db_url, str(path), "--newsroom", "cli-room")
    assert result.returncode == 0, result.stderr
    assert "imported 30 events (0 published, 30 drafts) as ndjson" in result.stdout
    assert "importing events.ndjson" in result.stderr and "30/30" in result.stderr and "100%" in result.stderr
    rows = fetch(db_url, "SELECT DISTINCT newsroom FROM events WHERE 'cli' = ANY(tags)")
    assert [r["newsroom"] for r in rows] == ["cli-room"]


def test_imported_events_and_citations_get_time_ordered_ids(client, db_url):
    """UUIDv7, increasing in row order and citation order: new rows go to the end of the indexes that
    lead with their ids."""
    body = ndjson(
        *(
            event(
                f"Time-ordered {i}",
                tags=["v7"],
                citations=[cited(f"https://example.com/v7/{i}-{j}") for j in range(2)],
            )
            for i in range(3)
        )
    )
    assert client.post("/v1/import", content=body, headers=NDJSON).status_code == 201
    rows = fetch(
        db_url,
        "SELECT e.id AS event, c.id AS citation FROM events e JOIN citations c "
        "ON c.event_id = e.id WHERE 'v7' = ANY(e.tags) ORDER BY e.title, c.seq",
    )
    ids = [row[kind] for row in rows for kind in ("event", "citation")]
    assert len(rows) == 6 and {i.version for i in ids} == {7}
    events = [row["event"] for row in rows[::2]]
    citations = [row["citation"] for row in rows]
    assert events == sorted(events) and citations == sorted(citations)


def test_the_command_imports_with_the_cycle_collector_off_then_on_again(db_url, tmp_path: Path, monkeypatch):
    seen = []

    async def import_batch(*args, **kwargs):
        seen.append(gc.isenabled())
        return await real(*args, **kwargs)

    real = cli.import_batch
    monkeypatch.setattr(cli, "import_batch", import_batch)
    path = tmp_path / "events.ndjson"
    path.write_text(ndjson(*(event(f"Uncollected {i}", tags=["no-gc"]) for i in range(3))), encoding="utf-8")
    assert gc.isenabled()
    code = cli.run_import(db_url, load_settings(), paths=[path], newsroom="gc-room", fmt=None, jobs=1)
    assert (code, seen, gc.isenabled()) == (0, [False], True)
    assert count(db_url, "events WHERE 'no-gc' = ANY(tags)") == 3


def test_the_command_reports_bad_rows_and_writes_nothing(db_url, tmp_path: Path):
    before = counts(db_url)
    path = tmp_path / "bad.csv"
    path.write_text("title,date\nGood,2021\nBad,2021-02-30\n", encoding="utf-8")
    result = _cli(db_url, str(path))
    assert result.returncode == 1
    assert (
        "nothing was imported" in result.stderr
        and "row 3: date: 2021-02-30 is not a valid date" in result.stderr
    )
    assert counts(db_url) == before
    assert _cli(db_url, str(tmp_path / "missing.csv")).returncode == 2


def test_the_command_imports_several_files_each_whole_or_not_at_all(db_url, tmp_path: Path):
    files = []
    for name, titles in (("first", ["Alpha", "Beta"]), ("second", ["Gamma"]), ("bad", ["Delta", "Epsilon"])):
        path = tmp_path / f"{name}.ndjson"
        rows = [event(f"{title} from many", tags=["many-files"]) for title in titles]
        if name == "bad":
            rows.append(event("Not a date", "2021-13"))
        path.write_text(ndjson(*rows), encoding="utf-8")
        files.append(str(path))
    result = _cli(db_url, *files, "--jobs", "2")
    assert result.returncode == 1
    assert f"{files[0]}: imported 2 events" in result.stdout
    assert f"{files[1]}: imported 1 event " in result.stdout
    assert f"nothing was imported from {files[2]}:" in result.stderr and "row 3: date" in result.stderr
    rows = fetch(db_url, "SELECT title FROM events WHERE 'many-files' = ANY(tags) ORDER BY title")
    assert [r["title"] for r in rows] == ["Alpha from many", "Beta from many", "Gamma from many"]


def test_the_command_reads_every_file_before_importing_any(db_url, tmp_path: Path):
    before = counts(db_url)
    good = tmp_path / "good.ndjson"
    good.write_text(ndjson(event("Never imported")), encoding="utf-8")
    result = _cli(db_url, str(good), str(tmp_path / "missing.ndjson"))
    assert result.returncode == 2 and "cannot read" in result.stderr and "missing.ndjson" in result.stderr
    assert counts(db_url) == before
    assert _cli(db_url, str(good), "--jobs", "0").returncode == 2  # argparse: a whole number from 1 to 64
    assert counts(db_url) == before


def test_files_imported_at_once_create_the_sources_they_share_once(db_url, tmp_path: Path):
    """Two files citing the same new sources in opposite orders, imported together: each source is
    created once, and neither import waits on the other in a cycle (sources are inserted in URL order)."""
    urls = [f"https://example.com/shared/{i:04}" for i in range(1500)]
    files = []
    for name, order in (("forward", urls), ("backward", urls[::-1])):
        path = tmp_path / f"{name}.ndjson"
        rows = [
            event(f"Shared {name} {i}", tags=["shared-sources"], citations=[cited(url)])
            for i, url in enumerate(order)
        ]
        path.write_text(ndjson(*rows), encoding="utf-8")
        files.append(str(path))
    result = _cli(db_url, *files, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    made = fetch(
        db_url,
        "SELECT count(*) AS n, count(DISTINCT url) AS urls FROM sources WHERE url LIKE $1",
        "https://example.com/shared/%",
    )
    assert (made[0]["n"], made[0]["urls"]) == (1500, 1500)
    cited_by = fetch(
        db_url,
        "SELECT count(*) AS n FROM citations c JOIN events e ON e.id = c.event_id "
        "WHERE 'shared-sources' = ANY(e.tags)",
    )
    assert cited_by[0]["n"] == 3000


def test_the_command_reads_the_timelinejs_format_from_the_file(db_url, tmp_path: Path):
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(TIMELINEJS), encoding="utf-8")
    result = _cli(db_url, str(path), "--newsroom", "demo")
    assert result.returncode == 0, result.stderr
    assert "as timelinejs" in result.stdout and "warning: row 3: media" in result.stderr


def test_a_row_refused_after_it_began_writing_still_leaves_nothing(client, db_url):
    before = counts(db_url)
    missing = str(uuid.uuid4())
    body = ndjson(
        event("Written, then undone", citations=[cited("https://example.com/kept-not")]),
        event("Cites a missing source", citations=[{"source_id": missing, "quote": "x"}]),
        event("Checked after it", "2021-13"),
    )
    rejected(
        client.post("/v1/import", content=body, headers=NDJSON),
        "row 2: citations[0].source_id",
        "row 3: date",
    )
    assert counts(db_url) == before


def test_every_declared_media_type_takes_its_example(empty):
    """The document's import body, one media type at a time: each example imports one published event
    (the TimelineJS one quotes its source as our export does), and the example matches its schema."""
    client, dsn = empty
    document = client.get("/schema/openapi.json").json()
    content = document["paths"]["/v1/import"]["post"]["requestBody"]["content"]
    assert set(content) == {
        "application/json",
        "text/csv",
        "application/x-ndjson",
        "application/octet-stream",
    }
    for media_type in ("application/json", "text/csv", "application/x-ndjson"):
        example = content[media_type]["example"]
        validator = jsonschema_rs.validator_for(
            {**content[media_type]["schema"], "components": document["components"]}
        )
        validator.validate(example)
        body = json.dumps(example) if media_type == "application/json" else example
        response = client.post("/v1/import", content=body, headers={"Content-Type": media_type})
        assert response.status_code == 201, (media_type, response.text)
        assert (response.json()["created"]["events"], response.json()["published"]) == (1, 1), media_type
    assert count(dsn, "events") == 3
