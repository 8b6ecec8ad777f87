"""The shipped TypeScript SDK (sdk/typescript) through the real service: its flows (test/flows.ts),
type-checked with tsc in strict mode and run with node, their results checked here.

Node.js >= 20 and npm are required, never skipped (tests/npm.py installs the pinned packages). The
compiled JavaScript goes to a temporary folder, so concurrent runs do not trample each other.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from service.demo.seed import demo_id
from tests.npm import npm_ci
from tests.sdk.conftest import ROOT, Service

pytestmark = pytest.mark.sdk
FOLDER = ROOT / "sdk" / "typescript"
FORMATS = ["atom", "csljson", "csv", "ics", "jsonld", "timelinejs"]


def run(command: list[str], cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


class Compiled(NamedTuple):
    folder: Path  # the JavaScript, runnable with node
    diagnostics: str  # what `tsc --strict` found wrong (empty: clean)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """The SDK and its flows, type-checked in strict mode and compiled into a temporary folder. A type
    error fails test_tsc_strict_is_clean_over_the_flows only: the flows still run, each tested alone."""
    npm_ci(FOLDER)
    work = tmp_path_factory.mktemp("typescript-sdk")
    command = ["npx", "--no-install", "tsc", "-p", "tsconfig.flows.json", "--outDir", str(work)]
    result = subprocess.run(command, cwd=FOLDER, capture_output=True, text=True, timeout=300)
    assert (work / "test" / "flows.js").is_file(), result.stdout + result.stderr
    shutil.copy(FOLDER / "package.json", work / "package.json")  # "type": "module"
    (work / "node_modules").symlink_to(FOLDER / "node_modules", target_is_directory=True)
    return Compiled(work, "" if result.returncode == 0 else result.stdout + result.stderr)


@pytest.fixture(scope="module")
def flows(compiled: Compiled, service: Service) -> dict:
    env = {
        **os.environ,
        "DATELINE_SDK_BASE_URL": service.url,
        "DATELINE_SDK_KEY": service.key,
        "DATELINE_SDK_EVENT": str(demo_id("event", "mclaren")),
        "DATELINE_SDK_TIMELINE": "xi-putin-summit",
    }
    output = run(["node", "test/flows.js"], compiled.folder, timeout=120, env=env).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_tsconfig_is_strict_and_checks_the_generated_types():
    options = json.loads((FOLDER / "tsconfig.json").read_text())["compilerOptions"]
    assert options["strict"] is True and options["exactOptionalPropertyTypes"] is True
    assert options.get("skipLibCheck") is not True
    flows_config = json.loads((FOLDER / "tsconfig.flows.json").read_text())
    assert flows_config["extends"] == "./tsconfig.json" and "compilerOptions" not in flows_config


def test_tsc_strict_is_clean_over_the_flows(compiled: Compiled):
    assert compiled.diagnostics == ""


def test_the_package_builds(compiled: Compiled):
    """What `npm run build` writes: the client and its declarations, with the generated types."""
    for name in ("src/index.js", "src/index.d.ts", "src/schema.d.ts"):
        assert (compiled.folder / name).is_file(), name


def test_list_with_filters_follows_cursors_to_the_end(flows):
    listed = flows["list"]
    assert len(listed["all"]) >= 5, listed
    assert {limit: ids for limit, ids in listed["by_limit"].items()} == dict.fromkeys(
        listed["by_limit"], listed["all"]
    )
    assert listed["none"] == []


def test_read_an_event_with_its_citations(flows):
    read = flows["read"]
    assert read.get("title") == "McLaren report describes state-run doping in Russian sport", read
    assert len(read["quotes"]) == len(read["source_urls"]) == 2 and read["stances"] == [
        "supports",
        "supports",
    ]


def test_a_read_revalidated_with_its_etag_is_a_304(flows):
    assert flows["revalidate"] == [200, 304]


def test_a_second_source_with_the_same_url_is_a_409_naming_the_first(flows):
    duplicate = flows["duplicate"]
    assert duplicate.get("status") == 409, duplicate
    assert duplicate["existing_id"] == duplicate["first"]


def test_create_a_published_event_then_patch_it_with_if_match(flows):
    published = flows["publish"]
    assert published.get("status") == "published", published
    assert published["listed"] == [published["id"]]
    assert published["read"]["source_urls"] == [published["source_url"]]
    assert published["read"]["quotes"] == ["The two leaders spoke."]
    patched = published["patched"]
    assert (patched["title"], patched["version"], patched["stale_status"]) == (
        "Renamed",
        published["version"] + 1,
        412,
    )


def test_a_422_names_each_invalid_field(flows):
    invalid = flows["invalid"]
    assert invalid.get("status") == 422, invalid
    assert list(invalid["errors"]) == ["date"] and invalid["errors"]["date"]


def test_every_export_format_through_the_typed_call(flows):
    exported = flows["exports"]
    assert sorted(exported) == FORMATS, exported
    headlines = [html.unescape(headline) for headline in exported["timelinejs"]]  # TimelineJS text is HTML
    assert len(headlines) >= 3 and all(headlines)
    assert exported["jsonld"] == {"names": headlines, "count": len(headlines)}
    assert exported["csljson"] and all(item["title"] and item["url"] for item in exported["csljson"])
    assert exported["ics"].startswith("BEGIN:VCALENDAR") and exported["ics"].count("BEGIN:VEVENT") == len(
        headlines
    )
    assert "<feed" in exported["atom"] and exported["atom"].count("<entry>") == len(headlines)
    header, *rows = exported["csv"].splitlines()
    assert header.startswith("id,title,") and len(rows) >= len(headlines)


def test_import_a_csv(flows):
    imported = flows["import"]
    assert imported.get("created") == {"events": 2, "sources": 1}, imported
    assert (imported["published"], imported["drafts"], imported["listed"]) == (1, 1, 1)
