"""Named SQL blocks: each resource keeps its statements in one queries.sql file.

A block starts with `-- name: <name>` followed by a one-line comment saying what it does;
it runs to the next `-- name:` line. Hand-written because the loaders on PyPI (aiosql and
kin) bring their own connection adapters, and we only need the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_NAME = re.compile(r"^-- name: ([a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


class Queries(dict[str, str]):
    """The blocks of one file, by name; attribute access reads like q.get_event."""

    def __getattr__(self, name: str) -> str:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def load_queries(path: str | Path) -> Queries:
    """Parse a queries.sql file once at import time; a missing or empty block fails loudly."""
    text = Path(path).read_text(encoding="utf-8")
    parts = _NAME.split(text)
    queries = Queries()
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        sql = "\n".join(line for line in body.strip().splitlines() if not line.lstrip().startswith("--"))
        if not sql.strip():
            raise ValueError(f"{path}: block {name!r} is empty")
        if name in queries:
            raise ValueError(f"{path}: block {name!r} is defined twice")
        queries[name] = sql.strip()
    return queries


def expand(sql: str, **fragments: str) -> str:
    """Put shared fragments (`{{name}}`) into a statement; braces alone stay SQL's own."""
    for name, fragment in fragments.items():
        sql = sql.replace("{{" + name + "}}", fragment)
    if "{{" in sql:
        raise ValueError(f"unexpanded fragment in: {sql[:80]}")
    return sql


class Args:
    """Numbered parameters for a statement composed of fixed fragments: input is never spliced in."""

    def __init__(self) -> None:
        self.values: list[object] = []

    def __call__(self, value: object) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


def keyset_tail(
    arg: Args,
    conds: list[str],
    *,
    key: tuple[str, str],
    after: Sequence[Any] | None,
    ascending: bool,
    limit: int,
) -> str:
    """`WHERE … ORDER BY … LIMIT …` of one keyset page on the two columns `key`: the rows after `after`
    in this order, one more than `limit` (that one says whether there is a next page)."""
    if after is not None:
        op = ">" if ascending else "<"
        conds = [*conds, f"({key[0]}, {key[1]}) {op} ({arg(after[0])}, {arg(after[1])})"]
    direction = "ASC" if ascending else "DESC"
    where = " AND ".join(conds) or "true"
    return f"WHERE {where} ORDER BY {key[0]} {direction}, {key[1]} {direction} LIMIT {arg(limit + 1)}"
