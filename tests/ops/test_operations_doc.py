"""docs/operations.md stays true: its configuration reference is what `dateline settings-reference`
makes from `Settings` (so a new setting, or a changed default, shows there or fails here), every
setting is described, and the guide has each part operators look for."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import msgspec

from service.config import Settings
from service.settings_reference import BEGIN, DESCRIPTIONS, END, reference

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "operations.md"


def test_the_configuration_reference_is_the_generated_one():
    text = DOC.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    assert text[start:end] == reference(), "paste `dateline settings-reference` into docs/operations.md"


def test_the_command_prints_the_reference():
    done = subprocess.run(
        [sys.executable, "-m", "service.cli", "settings-reference"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout == reference()


def test_every_setting_is_described_and_listed_once():
    fields = [field.name for field in msgspec.structs.fields(Settings)]
    assert set(DESCRIPTIONS) == set(fields)
    listed = re.findall(r"^\| `DATELINE_(\w+)` \|", reference(), flags=re.MULTILINE)
    assert listed == [name.upper() for name in fields]


def test_a_default_is_shown_as_the_service_reads_it():
    rows = dict(re.findall(r"^\| `DATELINE_(\w+)` \| ([^|]+) \|", reference(), flags=re.MULTILINE))
    assert rows["PORT"].strip() == "`8000`" and rows["DATABASE_URL"].strip() == "unset"
    assert rows["LOG_FORMAT"].strip() == "`text`" and rows["STATEMENT_CACHE_SIZE"].strip() == "`100`"


SECTIONS = [
    "## Topology",
    "### The first key",
    "## TLS, the public URL and trusted proxies",
    "## Logs, request ids, metrics, traces",
    "## Configuration reference",
    "## Backups and point-in-time recovery",
    "## Upgrades",
    "## Connection budgets",
    "## Capacity",
    "## When one primary is not enough",
]


def test_the_guide_has_every_part():
    headings = [line for line in DOC.read_text().splitlines() if line.startswith("#")]
    assert [h for h in headings if h in SECTIONS] == SECTIONS
    text = DOC.read_text()
    needed = [
        "```mermaid",
        "deploy/restore-drill.sh",
        "DATELINE_STATEMENT_CACHE_SIZE=0",
        "PgBouncer",
        "*expand*",
        "*contract*",
        "max_connections",
        "Citus",
        "PARTITION BY",
        "bench/run.py",
    ]
    assert [word for word in needed if word not in text] == []
