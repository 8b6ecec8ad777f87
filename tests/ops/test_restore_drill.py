"""Backups restore: deploy/restore-drill.sh makes a primary that archives its WAL, takes a base backup,
writes more, notes a target LSN and the table's checksum, writes past it, restores the backup and the
archive into a new data folder up to that LSN, and compares. The test runs it on loopback: the restored
table must be the table at the target (its rows and checksum), neither the backup's nor the latest."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "restore-drill.sh"
BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"), key=lambda p: int(p.parts[-3]))

pytestmark = pytest.mark.skipif(
    not BINS or (os.geteuid() == 0 and shutil.which("runuser") is None),
    reason="needs PostgreSQL's server binaries (Makefile: test-prerequisites)",
)


def test_the_restore_drill_restores_to_the_target_and_not_past_it():
    done = subprocess.run(
        [str(SCRIPT)],
        env={"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "ROWS": "300", "PG_BIN": str(BINS[-1].parent)},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    figures = r"restored table: (\d+) (\w+); at the target: (\d+) (\w+); latest \(not wanted\): (\d+)"
    restored = re.search(figures, out)
    assert restored is not None, out
    rows, digest, target_rows, target_digest, latest_rows = restored.groups()
    assert (rows, digest) == (target_rows, target_digest)
    # three batches of 300: the backup held the first, the target followed the second, the third came after
    assert (int(rows), int(latest_rows)) == (600, 900)
    print(out.strip().splitlines()[-1])
