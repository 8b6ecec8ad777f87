"""The package graph of service/ has no cycle, and docs/architecture.md draws it as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service import package_graph as pg


def test_no_package_imports_another_that_imports_it_back():
    found = pg.cycles(pg.graph())
    if found:
        edges = pg.edges()
        lines = [
            f"{a} -> {b}: {', '.join(sorted(files))}"
            for cycle in found
            for (a, b), files in sorted(edges.items())
            if a in cycle and b in cycle
        ]
        pytest.fail("package cycles " + str(found) + "\n" + "\n".join(lines))


def test_the_architecture_document_draws_the_graph_of_the_code():
    text = pg.DOC.read_text(encoding="utf-8")
    drawn = text[text.index(pg.BEGIN) : text.index(pg.END) + len(pg.END)]
    assert drawn == pg.drawing(), "redraw it: python -m service.package_graph --write"


def _tree(root: Path, files: dict[str, str]) -> Path:
    service = root / "service"
    for name, text in files.items():
        path = service / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in [service, *(p for p in service.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return service


@pytest.mark.parametrize(
    "files",
    [
        {"a/x.py": "from service.b import y\n", "b/y.py": "from service.a.x import f\n"},
        {"a/x.py": "import service.b.y\n", "b/y.py": "def f():\n    from service.a import x\n"},
        {
            "a.py": "from service import b\n",
            "b.py": "from service.c import z\n",
            "c/z.py": "import service.a\n",
        },
        {
            "a/x.py": "from service.b import y\n",
            "b/y.py": "import typing\nif typing.TYPE_CHECKING:\n    import service.a\n",
        },
    ],
    ids=["from-import", "function-level", "three-packages", "type-checking-only"],
)
def test_a_cycle_is_found_however_its_imports_are_written(tmp_path, files):
    service = _tree(tmp_path, files)
    assert pg.cycles(pg.graph(service)), pg.graph(service)


@pytest.mark.parametrize(
    "files",
    [
        {"a/x.py": "from service.b import y\n", "b/y.py": "import os\n"},
        {"a/x.py": "from service.a import z\n", "a/z.py": "from service.a import x\n"},  # within one package
        {
            "a.py": "from service import b\n",
            "b.py": "from service.c import z\n",
            "c/z.py": "import servicex\n",
        },
    ],
    ids=["one-way", "inside-a-package", "a-name-alike"],
)
def test_a_ladder_is_no_cycle(tmp_path, files):
    service = _tree(tmp_path, files)
    assert pg.cycles(pg.graph(service)) == []
    assert sum(len(v) for v in pg.levels(pg.graph(service))) == len(pg.graph(service))


def test_the_readme_layout_names_only_what_the_tree_has():
    root = pg.SERVICE.parent
    text = (root / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :]
    layout = layout[: layout.index("\n## ")] if "\n## " in layout else layout
    named = set(re.findall(r"`([\w./]+(?:/|\.py|\.sql))`", layout))
    assert len(named) > 30
    missing = [
        name
        for name in sorted(named)
        if not any(
            (base / name).exists()
            for base in (
                root,
                root / "service",
                root / "service" / "events",
                root / "service" / "auth",
                root / "bench",
            )
        )
    ]
    assert missing == []
    packages = {f"{name}/" for name in pg.packages() if (pg.SERVICE / name).is_dir()}
    assert packages - named == set(), "every folder of service/ is in the layout"
