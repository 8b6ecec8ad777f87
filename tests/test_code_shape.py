"""The shape a maintainer can read whole: no module under service/ over 450 lines, and module docstrings
of at most 6 lines (the long explanations live in docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SERVICE = Path(__file__).resolve().parents[1] / "service"
MODULES = sorted(SERVICE.rglob("*.py"))


def test_no_module_is_over_450_lines():
    long = {str(p.relative_to(SERVICE)): n for p in MODULES if (n := len(p.read_text().splitlines())) > 450}
    assert len(MODULES) > 80 and long == {}


def test_module_docstrings_are_a_few_lines():
    long = {}
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text()), clean=False)
        if doc and len(doc.strip("\n").splitlines()) > 6:
            long[str(path.relative_to(SERVICE))] = len(doc.strip("\n").splitlines())
    assert long == {}, "move the explanation into docs/architecture.md"


def test_every_pointer_into_the_architecture_document_finds_its_note():
    notes = (SERVICE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    pointers = {
        str(path.relative_to(SERVICE)): title
        for path in MODULES
        for title in re.findall(r'docs/architecture\.md, "([^"]+)"', path.read_text())
    }
    assert len(pointers) >= 17
    missing = {module: title for module, title in pointers.items() if f"### {title} (" not in notes}
    assert missing == {}
