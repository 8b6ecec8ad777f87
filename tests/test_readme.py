"""The README as a reader uses it: every `sh` block, in order, pasted into one shell against a server
with the demo data; each command that shows its output in the comment lines under it prints exactly
that. Commands that need Docker, a long run or a server in the foreground are in `console` blocks."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

from tests.conftest import clean_env

README = Path(__file__).resolve().parents[1] / "README.md"
MARK = "@@readme-command-{}@@"


class Command(NamedTuple):
    text: str
    expected: list[str]  # the comment lines right under it: what it prints (none: not checked)


def sh_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", markdown, re.M | re.S)


def _complete(text: str) -> bool:
    """Whether the lines so far make a whole command (no open quote, no trailing backslash)."""
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def commands(block: str) -> list[Command]:
    """A block's commands, each with the output comment lines that follow it. A comment after a blank
    line (or first in the block) describes the next command instead."""
    out: list[Command] = []
    pending: list[str] = []
    describing = True
    for line in block.splitlines():
        if pending:
            pending.append(line)
            if _complete("\n".join(pending)):
                out.append(Command("\n".join(pending), []))
                pending, describing = [], False
        elif not line.strip():
            describing = True
        elif line.startswith("#"):
            if not describing and out:
                out[-1].expected.append(line[2:] if line.startswith("# ") else line[1:])
        else:
            pending = [line]
            if _complete(line):
                out.append(Command(line, []))
                pending, describing = [], False
    assert not pending, f"an unfinished command: {pending}"
    return out


def all_commands() -> list[Command]:
    return [command for block in sh_blocks(README.read_text(encoding="utf-8")) for command in commands(block)]


def test_the_readme_commands_are_written_to_run_as_pasted():
    """Checks that need no server: every curl fails on an HTTP error (or says it goes on with
    `|| true`), the port is `${PORT:-8000}`, and nothing holds a placeholder."""
    found = all_commands()
    assert len(found) >= 10
    for command in found:
        text = command.text
        assert "…" not in text and "<" not in text.replace("<iframe>", ""), text  # no placeholder
        assert text.isascii(), text  # HTTP headers must be printable ASCII
        assert "127.0.0.1:8000" not in text and "localhost" not in text, text
        for call in re.findall(r"\bcurl\b[^|]*", text):
            assert re.search(r"\s(-f\w*|-\w*f\w*|--fail|--fail-with-body)\s", call + " "), text
        if "--fail-with-body" in text:
            assert text.rstrip().endswith("|| true"), text


def test_every_readme_sh_block_runs_in_one_shell_against_a_server(
    live_server: str, db_url: str, tmp_path: Path
):
    found = all_commands()
    script = ["set -euo pipefail"]
    for n, command in enumerate(found):
        script += [command.text, f"printf '\\n{MARK.format(n)}\\n'"]
    # The reader's folder: `.venv/` is where `make run` put it (here: the environment running the tests).
    (tmp_path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = clean_env(PORT=str(urlsplit(live_server).port), DATELINE_DATABASE_URL=db_url)
    run = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, f"stdout:\n{run.stdout}\nstderr:\n{run.stderr}"
    outputs = re.split(r"\n@@readme-command-\d+@@\n", run.stdout)
    assert len(outputs) == len(found) + 1 and outputs[-1] == ""
    checked = 0
    for command, output in zip(found, outputs, strict=False):
        if command.expected:
            assert output.strip("\n").splitlines() == command.expected, command.text
            checked += 1
    assert checked >= 7


@pytest.mark.parametrize("start", ["make ", "docker", "open ", ".venv/bin/st "])
def test_commands_that_cannot_run_here_are_not_in_sh_blocks(start):
    """The test above would run them (a server in the foreground, Docker, a desktop, a long run): such
    commands belong in `console` blocks."""
    assert not [command.text for command in all_commands() if command.text.startswith(start)]
