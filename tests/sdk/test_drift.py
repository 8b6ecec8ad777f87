"""The committed SDKs are what the pinned generators make of openapi/openapi.json today: after a change
to the document, `make openapi` then `make sdk`, and commit both."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.npm import npm_ci
from tests.sdk.conftest import ROOT, generate

STALE = "{} is out of date with openapi/openapi.json: run `make sdk` and commit the result"


def files(root: Path) -> dict[str, bytes]:
    """Every file below root (but what Python and ruff leave behind), by its path relative to root."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not set(path.relative_to(root).parts) & set(generate.NOT_GENERATED)
    }


def test_the_python_sdk_is_generated_from_the_document(tmp_path: Path):
    output = generate.python_sdk(tmp_path / "python")
    # A warning means part of the document was skipped or misread: fix the document, not the client.
    assert set(generate.python_warnings(output)) <= generate.KNOWN_WARNINGS, output
    fresh, committed = files(tmp_path / "python"), files(generate.PYTHON_SDK)
    assert sorted(fresh) == sorted(committed), STALE.format("sdk/python")
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == [], STALE.format(f"sdk/python ({', '.join(changed[:5])})")


def test_the_typescript_types_are_generated_from_the_document(tmp_path: Path):
    npm_ci(generate.TYPESCRIPT)
    output = generate.typescript_types(tmp_path / "schema.ts")
    assert "warn" not in output.lower(), output
    fresh = (tmp_path / "schema.ts").read_text()
    assert fresh == generate.TYPES.read_text(), STALE.format("sdk/typescript/src/schema.ts")


def test_make_sdk_runs_the_generator_with_the_test_tools():
    """`make sdk` installs the `test` extra (the pinned openapi-python-client, ruff) before it generates."""
    plan = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "pyproject.toml", "sdk"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")},
        capture_output=True,
        text=True,
    )
    assert plan.returncode == 0, plan.stderr
    steps = plan.stdout.splitlines()
    install = next(i for i, step in enumerate(steps) if "pip install" in step and ".[test]" in step)
    assert steps[-1] == ".venv/bin/python sdk/generate.py" and install < len(steps) - 1
