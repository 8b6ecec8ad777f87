"""The committed OpenAPI document is lint-clean: Redocly's `recommended` rules give no error and no
warning, Spectral's `spectral:oas` ruleset no result of any severity. Both linters are pinned npm packages
(openapi/lint/package.json and its lock); the rulesets are the stock ones, nothing turned off
(openapi/lint/redocly.yaml, openapi/lint/.spectral.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.npm import npm_ci, run

ROOT = Path(__file__).resolve().parent.parent
LINT = ROOT / "openapi" / "lint"
DOCUMENT = ROOT / "openapi" / "openapi.json"


@pytest.fixture(scope="module")
def linters() -> Path:
    npm_ci(LINT)
    return LINT


def test_the_rulesets_are_the_stock_ones():
    assert (LINT / "redocly.yaml").read_text().split() == ["extends:", "-", "recommended"]
    assert (LINT / ".spectral.yaml").read_text().strip() == 'extends: ["spectral:oas"]'


def _redocly(folder: Path, document: Path) -> dict:
    result = run(
        ["npx", "redocly", "lint", "--config", "redocly.yaml", "--format=json", str(document)], folder
    )
    return json.loads(result.stdout[result.stdout.index("{") :])


def _spectral(folder: Path, document: Path) -> list[dict]:
    result = run(
        ["npx", "spectral", "lint", "--ruleset", ".spectral.yaml", "-f", "json", "--quiet", str(document)],
        folder,
    )
    return json.loads(result.stdout[result.stdout.index("[") :] or "[]")


def test_redocly_recommended_is_clean(linters):
    report = _redocly(linters, DOCUMENT)
    problems = [(p["ruleId"], p["location"][0]["pointer"]) for p in report["problems"]]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, problems[:20]


def test_spectral_oas_is_clean(linters):
    results = _spectral(linters, DOCUMENT)
    assert results == [], [(r["code"], r["path"], r["message"]) for r in results[:20]]


def test_the_linters_do_find_problems(linters, tmp_path):
    """The same runs fail on a document with a classic flaw (no license, an undeclared tag, a one-entry
    oneOf): the tests above would catch a regression."""
    document = json.loads(DOCUMENT.read_text())
    del document["info"]["license"]
    document["paths"]["/v1/events"]["get"]["tags"] = ["undeclared"]
    document["components"]["schemas"]["Event"]["properties"]["title"] = {"oneOf": [{"type": "string"}]}
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document))
    rules = {p["ruleId"] for p in _redocly(linters, broken)["problems"]}
    assert {"info-license", "no-illogical-composition-keywords"} <= rules
    codes = {r["code"] for r in _spectral(linters, broken)}
    assert "operation-tag-defined" in codes
