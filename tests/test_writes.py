"""writes.locked: the one check of a row read for a write, whatever shape the repository gives it."""

from __future__ import annotations

import msgspec
import pytest

from service.errors import NotFound, PreconditionFailed
from service.writes import locked


class Row(msgspec.Struct):
    newsroom: str
    version: int


@pytest.mark.parametrize(
    "shape", [lambda n, v: Row(n, v), lambda n, v: {"newsroom": n, "version": v}], ids=["struct", "mapping"]
)
@pytest.mark.parametrize(
    ("newsroom", "version", "if_match", "outcome"),
    [
        ("mine", 3, None, None),
        ("mine", 3, 3, None),
        ("mine", 3, 2, PreconditionFailed),
        ("mine", 3, 4, PreconditionFailed),
        ("theirs", 3, None, NotFound),
        ("theirs", 3, 3, NotFound),  # another newsroom's: a 404 before any version is compared
        ("theirs", 3, 2, NotFound),
    ],
)
def test_a_row_is_the_writers_and_at_the_version_it_names(shape, newsroom, version, if_match, outcome):
    row = shape(newsroom, version)
    if outcome is None:
        assert locked(row, newsroom="mine", if_match=if_match, missing="No such thing.") is row
    else:
        with pytest.raises(outcome):
            locked(row, newsroom="mine", if_match=if_match, missing="No such thing.")


@pytest.mark.parametrize("if_match", [None, 1])
def test_no_row_is_a_404_saying_what_is_missing(if_match):
    with pytest.raises(NotFound, match="No event 7"):
        locked(None, newsroom="mine", if_match=if_match, missing="No event 7.")
