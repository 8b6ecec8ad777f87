"""Hostile EDTF dates on every path that parses one: the edtf package (whose grammar takes 0.15 s on a
set of 15 years, more with every member) only ever sees short strings shaped like the supported subset:
no sets, lists, groups or `..` ranges inside them, no long or exponent years, no repeated qualifiers, no
digits but ASCII ones, at most one `/`. Each hostile date is refused with a 422 (400 for a query
parameter) naming its field, and nothing is written.

What reaches the package is observed by wrapping the function that calls it (its input is recorded, its
answer is the package's own); how long a request takes is measured by bench/hostile_dates.py, not here.
"""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path
from typing import Any

import pytest

import service.edtf as edtf
from service.config import load_settings
from service.imports import cli
from tests.conftest import Shared, create_key, fetch
from tests.helpers import problem

SET = "{" + ",".join(["2020"] * 15) + "}"  # 76 characters: 0.15 s in the package
HOSTILE = [
    SET,
    "[" + ",".join(["2020"] * 15) + "]",
    "{" + ",".join(["2020-01-01"] * 7) + "}",
    "{2020..2021,2022..2023,2024..2025,2026..2027,2028..2029,2030..2031}",
    "[..2020,2021,2022..]",
    "{[2020,2021],{2022,{2023}}}",
    "2021/{2020,2020,2020,2020,2020,2020,2020,2020,2020,2020,2020,2020}",
    "2021-12-15T10:00:00Z/{2020,2020,2020,2020,2020,2020,2020,2020,2020}",
    "((((((((((((((((2021))))))))))))))))",
    "Y1234567890",
    "Y" + "9" * 70,
    "Y17E7",
    "Y-17E100",
    "Y171010000S3",
    "2021" + "?~%" * 20,
    "?2021-?12-~15%",
    "2004-06-~01/2004-06-~20",
    "٢٠٢١-١٢-١٥",
    "２０２１",
    "𝟚𝟘𝟚𝟙",
    "XXXX-XX-XX/XXXX-XX-XX",
    "156X-1X-XX",
    "2021/2022/2023/2024/2025/2026/2027/2028/2029/2030/2031/2032/2033",
    "2021-12-15T10:00:00.123456789012345678901234567890Z",
    "2021-12-15T10:00:00Z/2021-12-15T10:00:00Z/2021-12-15T10:00:00Z",
    "2021-21^Y99",
    "2" * 80,
]
# Anything longer is refused by the body's schema before any parse; these reach edtf.parse_edtf itself.
TOO_LONG = ["2" * 5000, "{" + ",".join(["2020"] * 2000) + "}", "2021-" * 3000]
PACKAGE_ALPHABET = set(string.digits + "-:/.?~%TZ+")


class Spy:
    """The edtf package as the service sees it, recording every string given to its parser."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.seen: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def parse_edtf(self, text: str) -> Any:
        self.seen.append(text)
        return self.real.parse_edtf(text)

    def bounded(self) -> None:
        """What reached the parser: short, one `/` at most, no set, list or group, ASCII digits only."""
        for text in self.seen:
            assert len(text) <= 64, text  # the longest supported date has 51 characters
            assert set(text) <= PACKAGE_ALPHABET, text  # no {}[](), X, Y, E, S, unicode digits
            assert text.count("/") <= 1 and ".." not in text.replace("/..", "").replace("../", ""), text
            assert sum(text.count(q) for q in "?~%") <= 2, text


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    """Every call to the package recorded; the outcome caches emptied, so each date is read afresh."""
    watched = Spy(edtf._edtf())
    monkeypatch.setattr(edtf, "_edtf", lambda: watched)
    for cached in (getattr(edtf, "_fast", None), getattr(edtf, "_slow", None)):
        if cached is not None:
            cached.cache_clear()
    return watched


def test_the_spy_sees_what_the_package_reads(spy):
    """A form only the package tells apart (a season, refused) does reach it: the observation below is not
    of an empty stream."""
    with pytest.raises(edtf.EdtfError, match="unsupported EDTF form: 2021-21"):
        edtf.parse_edtf("2021-21")
    assert spy.seen == ["2021-21"]


@pytest.mark.parametrize("text", HOSTILE + TOO_LONG, ids=range(len(HOSTILE + TOO_LONG)))
def test_a_hostile_date_is_refused_before_the_package_reads_it(spy, text):
    with pytest.raises(edtf.EdtfError) as info:
        edtf.parse_edtf(text)
    assert len(str(info.value)) < 200  # a clear sentence, not the input echoed back at any length
    spy.bounded()


# ---- every write path ------------------------------------------------------------------------------


def counts(dsn: str) -> tuple[int, ...]:
    tables = ("events", "sources", "citations", "revisions")
    return tuple(fetch(dsn, f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables)  # noqa: S608


@pytest.fixture(scope="module")
def rival(shared: Shared) -> dict[str, str]:
    """An editor key of another newsroom, on the same database."""
    return {"Authorization": f"Bearer {create_key(shared.dsn, 'rival-desk', 'editor')}"}


@pytest.fixture(scope="module")
def targets(shared: Shared) -> dict[str, str]:
    """An event and a source of the demo newsroom, to PATCH."""
    client = shared.client
    made = client.post("/v1/events", json={"title": "A hostile-dates target", "date": "2021-12-15"})
    assert made.status_code == 201, made.text
    source = client.post("/v1/sources", json={"url": "https://example.com/hostile-dates", "title": "T"})
    assert source.status_code == 201, source.text
    return {"event": made.json()["id"], "source": source.json()["id"]}


def writes(text: str, targets: dict[str, str]) -> list[tuple[str, str, dict, str]]:
    """Every body that carries a date: method, path, body and the field a refusal must name."""
    source = {"url": "https://example.com/hostile-inline", "title": "Inline", "published": text}
    inline = {"source": source, "quote": "Q"}
    return [
        ("POST", "/v1/events", {"title": "Hostile", "date": text}, "date"),
        ("PATCH", f"/v1/events/{targets['event']}", {"date": text}, "date"),
        (
            "POST",
            "/v1/events",
            {"title": "Hostile", "date": "2021", "citations": [inline]},
            "citations[0].source.published",
        ),
        (
            "POST",
            "/v1/sources",
            {"url": "https://example.com/hostile-new", "title": "S", "published": text},
            "published",
        ),
        ("PATCH", f"/v1/sources/{targets['source']}", {"published": text}, "published"),
    ]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_every_write_refuses_a_hostile_date_naming_the_field(shared, spy, rival, targets, text):
    """Own newsroom: a 422 naming the field. Another newsroom: a 422 for its own creates, and its PATCH
    of ours fails as for any date. Anonymous: a 401 before any parse. Nothing is written."""
    before = counts(shared.dsn)
    for method, path, body, field in writes(text, targets):
        problem(shared.client.request(method, path, json=body), 422, field)
        other = shared.client.request(method, path, json=body, headers=rival)
        assert other.status_code in (404, 422), other.text
        anonymous = shared.client.request(method, path, json=body, headers={"Authorization": ""})
        assert anonymous.status_code == 401, anonymous.text
    assert counts(shared.dsn) == before
    spy.bounded()


# ---- imports: the API in each format, and the command --------------------------------------------------

NDJSON = {"Content-Type": "application/x-ndjson"}
CSV = {"Content-Type": "text/csv"}
JSON = {"Content-Type": "application/json"}


def ndjson_file(dates: list[str]) -> str:
    lines = []
    for i, text in enumerate(dates):
        citation = {
            "source": {"url": f"https://example.com/hostile/{i}", "title": "S", "published": text},
            "quote": "Q",
        }
        lines.append({"title": f"Hostile {i}", "date": text})
        lines.append({"title": f"Hostile source {i}", "date": "2021", "citations": [citation]})
    return "\n".join(json.dumps(line) for line in lines) + "\n"


def csv_file(dates: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date"])
    writer.writerows([f"Hostile {i}", text] for i, text in enumerate(dates))
    return out.getvalue()


def timelinejs_file(dates: list[str]) -> str:
    """TimelineJS dates are numbers per part: hostile text goes into each part."""
    slides = [
        {"start_date": {"year": text, "month": text}, "text": {"headline": f"Hostile {i}"}}
        for i, text in enumerate(dates)
    ]
    return json.dumps({"events": slides})


FILES = {"ndjson": (ndjson_file, NDJSON), "csv": (csv_file, CSV), "timelinejs": (timelinejs_file, JSON)}


@pytest.mark.parametrize("fmt", FILES)
def test_an_import_refuses_every_hostile_row_and_writes_nothing(shared, spy, rival, fmt):
    """Every row is named (as many as an import reports), by own and other newsroom's keys alike."""
    make, headers = FILES[fmt]
    body = make(HOSTILE)
    before = counts(shared.dsn)
    for caller in ({}, rival):
        response = shared.client.post("/v1/import", content=body, headers={**headers, **caller})
        problem(response, 422)
        errors = response.json()["errors"]
        assert len(errors) >= len(HOSTILE), errors
        assert all(
            e["field"].startswith("row ") and "date" in e["field"] or "published" in e["field"]
            for e in errors
        ), errors
    anonymous = shared.client.post("/v1/import", content=body, headers={**headers, "Authorization": ""})
    assert anonymous.status_code == 401
    assert counts(shared.dsn) == before
    spy.bounded()


def test_a_large_import_of_hostile_dates_stops_at_the_reported_rows(shared, spy):
    """1,000 distinct sets of 12 years (61 characters, within every length bound): each refused as
    unsupported, the package never given one."""
    before = counts(shared.dsn)
    dates = ["{" + ",".join([f"{1000 + i:04d}"] + ["2020"] * 11) + "}" for i in range(1000)]
    response = shared.client.post("/v1/import", content=csv_file(dates), headers=CSV)
    problem(response, 422)
    assert all(e["message"].startswith("unsupported EDTF form") for e in response.json()["errors"])
    assert counts(shared.dsn) == before
    assert not any("{" in text for text in spy.seen)


@pytest.mark.parametrize("fmt", FILES)
def test_the_import_command_refuses_hostile_dates(shared, spy, tmp_path: Path, capsys, fmt):
    make, _ = FILES[fmt]
    path = tmp_path / f"hostile.{'json' if fmt == 'timelinejs' else fmt}"
    path.write_text(make(HOSTILE), encoding="utf-8")
    before = counts(shared.dsn)
    code = cli.run_import(shared.dsn, load_settings(), paths=[path], newsroom="cli-hostile", fmt=None, jobs=1)
    assert code == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert counts(shared.dsn) == before
    spy.bounded()


# ---- query parameters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_query_bounds_refuse_hostile_dates_with_a_400(shared, spy, rival, targets, text):
    slug = shared.client.get("/v1/timelines").json()["items"][0]["slug"]
    lists = ("/v1/events", f"/v1/timelines/{slug}/events")
    asks = [(path, name) for path in lists for name in ("from", "to", "around", "updated_since")]
    asks += [(lists[1], "as_of"), (f"/v1/events/{targets['event']}", "as_of")]
    for caller in ({}, rival, {"Authorization": ""}):
        for path, field in asks:
            response = shared.client.get(path, params={field: text}, headers=caller)
            if response.status_code == 404 and caller and path.startswith("/v1/events/"):
                continue  # another newsroom's draft, or anonymous: not found, whatever the instant
            assert response.status_code == 400, (path, field, response.status_code)
            problem(response, 400, field)
    assert spy.seen == []
