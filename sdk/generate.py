"""Regenerate the shipped SDKs from openapi/openapi.json: `make sdk` (after `npm ci` in sdk/typescript).

- sdk/python: the whole package, written by openapi-python-client (pinned in the `test` extra) with
  sdk/generator/python.yaml and the README template in sdk/generator/templates/. Nothing in it is edited
  by hand: a fresh generation replaces the folder.
- sdk/typescript/src/schema.ts: the types, written by openapi-typescript (pinned in
  sdk/typescript/package-lock.json). The client around them (src/index.ts) is ours.

tests/sdk/test_drift.py generates both into a temporary folder with the same functions and fails when the
committed copies differ.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = ROOT / "openapi" / "openapi.json"
PYTHON_SDK = ROOT / "sdk" / "python"
GENERATOR = ROOT / "sdk" / "generator"
TYPESCRIPT = ROOT / "sdk" / "typescript"
TYPES = TYPESCRIPT / "src" / "schema.ts"
BIN = Path(sys.executable).parent  # openapi-python-client and its `ruff` post-hook live next to this Python
# openapi-typescript makes every field with a `default` required, request bodies included
# (openapi-ts/openapi-typescript#2012): clients could not leave out `correction`, `importance`, `kind`...
TYPESCRIPT_FLAGS = ["--default-non-nullable", "false"]
# What openapi-python-client 0.29 cannot send (it sends JSON, forms, multipart and application/octet-stream,
# and warns of the others): the Python SDK sends a CSV or NDJSON file as application/octet-stream, with
# `format_`. Any other warning means part of the document was skipped or misread: fix the document.
KNOWN_WARNINGS = {
    ("POST /v1/import", "Unsupported content type application/x-ndjson"),
    ("POST /v1/import", "Unsupported content type text/csv"),
}
# What the generator's `ruff` post-hook and Python leave behind: never part of the package.
NOT_GENERATED = (".ruff_cache", "__pycache__")


def run(command: list[str], cwd: Path, timeout: float = 300, env: dict[str, str] | None = None) -> str:
    """Run a command; its output, or an error naming the command and what it printed."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}):\n{output}")
    return output


def python_sdk(out: Path) -> str:
    """Generate the Python package into `out` (which must not exist); the generator's output."""
    generator = BIN / "openapi-python-client"
    if not generator.exists():
        raise RuntimeError(
            "openapi-python-client is missing: install the `test` extra (pip install -e '.[test]')"
        )
    command = [
        str(generator), "generate", "--path", str(DOCUMENT), "--output-path", str(out), "--meta", "pdm",
        "--config", str(GENERATOR / "python.yaml"), "--custom-template-path", str(GENERATOR / "templates"),
    ]  # fmt: skip
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    return run(command, ROOT, timeout=180, env=env)


def python_warnings(output: str) -> list[tuple[str, str]]:
    """openapi-python-client's warnings: (the operation, what it says), one for each WARNING block."""
    found = re.findall(r"^WARNING parsing (\S+ \S+) within \S+\.\n\n(.+)$", output, re.M)
    if len(found) != len(re.findall(r"^WARNING", output, re.M)):
        raise RuntimeError(f"a warning not in the usual form:\n{output}")
    return found


def typescript_types(out: Path) -> str:
    """Generate the TypeScript types into the file `out`; the generator's output. openapi-typescript comes
    from sdk/typescript/node_modules (`npm ci` there: `make sdk` runs it)."""
    command = ["npx", "--no-install", "openapi-typescript", str(DOCUMENT), "-o", str(out), *TYPESCRIPT_FLAGS]
    return run(command, TYPESCRIPT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "python"
        output = python_sdk(fresh)
        print(output.strip())
        unknown = set(python_warnings(output)) - KNOWN_WARNINGS
        if unknown:
            raise SystemExit(f"openapi-python-client skipped part of the document: {sorted(unknown)}")
        shutil.rmtree(PYTHON_SDK, ignore_errors=True)
        shutil.copytree(fresh, PYTHON_SDK, ignore=shutil.ignore_patterns(*NOT_GENERATED))
    print(typescript_types(TYPES).strip())


if __name__ == "__main__":
    main()
