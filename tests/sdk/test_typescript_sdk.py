"""TypeScript types generated from openapi/openapi.json (openapi-typescript) type-check in strict mode and
drive a round trip through openapi-fetch (sdk/typescript/roundtrip.ts).

Node.js >= 20 and npm are required, not optional: CI (.ci/run) runs on machines that have them, so a
missing Node is a failure here, never a skip. `npm ci` (npm registry or cache) runs only when
package.json or package-lock.json changed since the last install (a stamp in node_modules records
their hash). The generated `schema.d.ts` and the
compiled script go to a temporary copy of the folder, so concurrent runs do not trample each other.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "sdk" / "typescript"
DOCUMENT = ROOT / "openapi" / "openapi.json"
STAMP = FOLDER / "node_modules" / ".dateline-lock.sha256"
NEEDS_NODE = (
    "Node.js >= 20 and npm must be on PATH: the TypeScript SDK check is part of the suite and CI "
    "(.ci/run) runs it on machines that have them. Install Node 20+ (e.g. apt-get install nodejs npm); "
    "do not skip this test."
)
# openapi-typescript makes every field with a `default` required, request bodies included
# (openapi-ts/openapi-typescript#2012), so a client would have to send `correction`, `importance`, `kind`...
# Clients generate with this flag, as sdk/typescript/package.json's `generate` script does.
GENERATE_FLAGS = ["--default-non-nullable", "false"]


def run(command: list[str], cwd: Path, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert result.returncode == 0, (
        f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


def install() -> None:
    """`npm ci` in sdk/typescript, unless node_modules already matches package.json and its lock."""
    lock_hash = hashlib.sha256(
        (FOLDER / "package.json").read_bytes() + (FOLDER / "package-lock.json").read_bytes()
    ).hexdigest()
    with open(FOLDER / ".npm-ci.lock", "w") as guard:  # one install at a time across processes
        fcntl.flock(guard, fcntl.LOCK_EX)
        if STAMP.exists() and STAMP.read_text().strip() == lock_hash:
            return
        run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], FOLDER, timeout=600)
        STAMP.write_text(lock_hash + "\n")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary copy of sdk/typescript with generated types, type-checked and compiled to dist/."""
    assert shutil.which("node") and shutil.which("npm") and shutil.which("npx"), NEEDS_NODE
    version = run(["node", "--version"], ROOT).stdout.strip()
    assert int(version.lstrip("v").split(".")[0]) >= 20, f"node {version}: {NEEDS_NODE}"
    install()

    work = tmp_path_factory.mktemp("typescript-sdk")
    for name in ("package.json", "tsconfig.json", "roundtrip.ts"):
        shutil.copy(FOLDER / name, work / name)
    (work / "node_modules").symlink_to(FOLDER / "node_modules", target_is_directory=True)

    generated = run(["npx", "openapi-typescript", str(DOCUMENT), "-o", "schema.d.ts", *GENERATE_FLAGS], work)
    assert "warn" not in (generated.stdout + generated.stderr).lower(), generated.stdout + generated.stderr
    # One tsc pass: the strict type-check must pass (--noEmitOnError), and only then is JavaScript written.
    run(["npx", "tsc", "--noEmitOnError", "--outDir", "dist"], work)
    return work


def test_tsconfig_is_strict():
    options = json.loads((FOLDER / "tsconfig.json").read_text())["compilerOptions"]
    assert options["strict"] is True
    assert options.get("skipLibCheck") is not True  # the generated declarations are checked too


def test_generated_types_are_not_committed():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for path in ("sdk/typescript/schema.d.ts", "sdk/typescript/node_modules/", "sdk/typescript/dist/"):
        assert path in ignored


def test_round_trip(compiled, live_server, template_db):
    env = {**os.environ, "DATELINE_SDK_BASE_URL": live_server, "DATELINE_SDK_KEY": template_db.admin_key}
    output = run(["node", "dist/roundtrip.js"], compiled, timeout=120, env=env).stdout
    result = json.loads(output.strip().splitlines()[-1])

    source, event = result["source"], result["event"]
    uuid.UUID(source["id"])
    assert source["url"].startswith("https://example.org/sdk/typescript/")
    assert event["status"] == "published"
    assert (event["start"], event["end"], event["display"]) == (
        "2021-12-16",
        "2021-12-16",
        "16 December 2021",
    )

    assert result["page"] == {"ids": [event["id"]], "next_cursor": None}

    read = result["read"]
    assert read["id"] == event["id"] and read["title"] == "SDK round trip"
    assert len(read["tags"]) == 1 and read["tags"][0].startswith("sdk-ts-")
    assert read["citations"] == [
        {
            "stance": "supports",
            "quote": "The two leaders spoke.",
            "source": {"id": source["id"], "url": source["url"], "publisher": "Example Ministry"},
        }
    ]

    invalid, missing = result["problems"]["invalid"], result["problems"]["missing"]
    assert invalid["http"] == invalid["status"] == 422 and invalid["title"]
    assert "date" in invalid["fields"]
    assert missing["http"] == missing["status"] == 404 and missing["title"]
