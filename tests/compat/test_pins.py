"""The frameworks whose internals service/compat/ uses are pinned to the releases tests/compat/ checks,
and the test tools whose output CI holds the tree to (ruff, pytest-xdist) to one release each."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]


def requirement(name: str, extra: str | None = None) -> Requirement:
    listed = PROJECT["optional-dependencies"][extra] if extra else PROJECT["dependencies"]
    (found,) = [r for r in map(Requirement, listed) if r.name == name]
    return found


@pytest.mark.parametrize("name", ["litestar", "granian"])
def test_a_framework_used_through_compat_is_pinned_to_patch_releases_and_installed_so(name):
    wanted = requirement(name)
    (spec,) = wanted.specifier  # one clause: == or ~= with three parts (patch releases only)
    assert spec.operator in ("==", "~=") and len(Version(spec.version).release) == 3, wanted
    assert wanted.specifier.contains(version(name)), f"installed {name} {version(name)} is not {wanted}"


@pytest.mark.parametrize("name", ["ruff", "pytest-xdist"])
def test_a_test_tool_ci_relies_on_is_pinned_exactly_and_installed_so(name):
    wanted = requirement(name, "test")
    (spec,) = wanted.specifier
    assert spec.operator == "==", wanted
    assert version(name) == spec.version
