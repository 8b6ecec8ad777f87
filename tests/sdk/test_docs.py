"""The SDK code in docs/sdk.md and the SDKs' READMEs type-checks against the shipped SDKs, as a reader
pastes it: each block on its own after a few lines that make the names it assumes (`client`, `public`,
`event_id`). `mypy --strict` for Python, `tsc --strict` (sdk/typescript/tsconfig.json) for TypeScript."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.npm import npm_ci
from tests.sdk.conftest import ROOT, generate

DOCS = [
    ROOT / "docs" / "sdk.md",
    ROOT / "sdk" / "python" / "README.md",
    ROOT / "sdk" / "typescript" / "README.md",
]
PYTHON_PRELUDE = """\
from uuid import UUID
from dateline_sdk import AuthenticatedClient, Client
client = AuthenticatedClient(base_url="http://127.0.0.1:8000", token="dl_example")
public = Client(base_url="http://127.0.0.1:8000")
event_id = UUID(int=1)
"""
TYPESCRIPT_PRELUDE = """\
import { createDatelineClient as makeClient } from "@dateline/sdk";
const eventId = "00000000-0000-4000-8000-000000000000";
"""
TYPESCRIPT_CLIENTS = {
    "client": 'const client = makeClient({ baseUrl: "http://127.0.0.1:8000", key: "dl_example" });\n',
    "publicClient": 'const publicClient = makeClient({ baseUrl: "http://127.0.0.1:8000" });\n',
}


def blocks(language: str) -> list[tuple[str, str]]:
    """Every ```language block of the docs: (where, code)."""
    found = []
    for doc in DOCS:
        for n, code in enumerate(re.findall(rf"^```{language}\n(.*?)^```", doc.read_text(), re.M | re.S)):
            found.append((f"{doc.relative_to(ROOT).as_posix()} block {n + 1}", code))
    return found


def test_the_python_snippets_type_check(tmp_path: Path):
    snippets = blocks("python")
    assert len(snippets) >= 6
    for n, (_, code) in enumerate(snippets):
        (tmp_path / f"snippet_{n}.py").write_text(PYTHON_PRELUDE + code)
    files = [str(path) for path in sorted(tmp_path.glob("snippet_*.py"))]
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *files]
    env = {"MYPYPATH": str(generate.PYTHON_SDK), "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    where = "\n".join(f"snippet_{n}.py: {place}" for n, (place, _) in enumerate(snippets))
    assert result.returncode == 0, f"{result.stdout}{result.stderr}\n{where}"


def test_the_typescript_snippets_type_check(tmp_path: Path):
    npm_ci(generate.TYPESCRIPT)
    snippets = blocks("ts")
    assert len(snippets) >= 6
    for n, (_, code) in enumerate(snippets):
        clients = "".join(line for name, line in TYPESCRIPT_CLIENTS.items() if f"const {name} =" not in code)
        (tmp_path / f"snippet_{n}.ts").write_text(TYPESCRIPT_PRELUDE + clients + code + "\nexport {};\n")
    folder = generate.TYPESCRIPT
    config = {
        "extends": str(folder / "tsconfig.json"),
        "compilerOptions": {
            "noEmit": True,
            "rootDir": "/",  # the snippets and the SDK they import
            "typeRoots": [str(folder / "node_modules" / "@types")],
            "paths": {"@dateline/sdk": [str(folder / "src" / "index.ts")]},
        },
        "include": [str(tmp_path / "*.ts")],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    (tmp_path / "package.json").write_text('{"type": "module"}')
    command = ["npx", "--no-install", "tsc", "-p", str(tmp_path / "tsconfig.json")]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    where = "\n".join(f"snippet_{n}.ts: {place}" for n, (place, _) in enumerate(snippets))
    assert result.returncode == 0, f"{result.stdout}{result.stderr}\n{where}"
