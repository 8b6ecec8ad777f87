"""npm packages pinned by a folder's package.json and package-lock.json, installed for a test.

Node.js >= 20 and npm are required, not optional: CI (.ci/run) runs on machines that have them, so a
missing Node is a failure, never a skip. `npm ci` (npm registry or cache) runs only when package.json or
package-lock.json changed since the last install (a stamp in node_modules records their hash), one
install at a time across processes.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from pathlib import Path

NEEDS_NODE = (
    "Node.js >= 20 and npm must be on PATH: CI (.ci/run) runs on machines that have them. Install Node 20+ "
    "(e.g. apt-get install nodejs npm); do not skip this test."
)


def run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)


def npm_ci(folder: Path) -> None:
    """`npm ci` in `folder`, unless its node_modules already matches package.json and its lock."""
    assert shutil.which("node") and shutil.which("npm") and shutil.which("npx"), NEEDS_NODE
    version = run(["node", "--version"], folder).stdout.strip()
    assert int(version.lstrip("v").split(".")[0]) >= 20, f"node {version}: {NEEDS_NODE}"
    stamp = folder / "node_modules" / ".dateline-lock.sha256"
    lock_hash = hashlib.sha256(
        (folder / "package.json").read_bytes() + (folder / "package-lock.json").read_bytes()
    ).hexdigest()
    with open(folder / ".npm-ci.lock", "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text().strip() == lock_hash:
            return
        result = run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], folder, timeout=600)
        assert result.returncode == 0, f"npm ci failed in {folder}:\n{result.stdout}\n{result.stderr}"
        stamp.write_text(lock_hash + "\n")
