"""The shipped SDKs' tests: sdk/python importable as it ships, one real service per test module."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import Server, Template, _drop_checked, clean_env, serving

ROOT = Path(__file__).resolve().parents[2]
# The package as committed (what `pip install ./sdk/python` installs), not a copy generated for the run.
sys.path.insert(0, str(ROOT / "sdk" / "python"))


def _generator():
    """sdk/generate.py (what `make sdk` runs), as a module."""
    spec = importlib.util.spec_from_file_location("sdk_generate", ROOT / "sdk" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generator()


class Service(NamedTuple):
    url: str  # the base URL of `dateline serve`
    key: str  # the demo newsroom's admin key


@pytest.fixture(scope="module")
def service(pg_server: Server, template_db: Template) -> Iterator[Service]:
    """`dateline serve` on one demo database for the module: each flow writes objects of its own
    (a fresh tag or URL), so they share it. Every event document is checked afterwards."""
    name = f"dateline_sdk_{uuid.uuid4().hex[:12]}"
    dsn = pg_server.create(name, template=template_db)
    try:
        with serving(clean_env(DATELINE_DATABASE_URL=dsn, DATELINE_RATE_LIMIT_ANON="0")) as url:
            yield Service(url, template_db.admin_key)
    finally:
        _drop_checked(pg_server, name, dsn)
