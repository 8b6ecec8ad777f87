"""A Python client generated from openapi/openapi.json (openapi-python-client) does a full round trip.

The client is generated into a temporary folder for each run and never edited: when the generator
warns about a part of the document, the document is what gets fixed.
"""

from __future__ import annotations

import enum
import importlib
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
CONFIG = DOCUMENT.with_name("openapi-python-client.yaml")  # media types the generator reads as text or bytes
PACKAGE = "dateline_sdk_py"
BIN = Path(sys.executable).parent  # the generator and its `ruff` post-hook live next to this Python


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The generated package, imported from a temporary folder; its modules are forgotten afterwards."""
    root = tmp_path_factory.mktemp("python-sdk")
    generator = BIN / "openapi-python-client"
    assert generator.exists(), (
        "openapi-python-client is missing: install the `test` extra (pip install -e '.[test]')"
    )
    command = ["generate", "--path", str(DOCUMENT), "--output-path", str(root / PACKAGE), "--meta", "none",
               "--config", str(CONFIG)]  # fmt: skip
    path = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(
        [str(generator), *command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PATH": path, "NO_COLOR": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Any warning means part of the document was skipped or misread: fix the document, not the client.
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(root))
    try:
        yield SimpleNamespace(
            client=importlib.import_module(f"{PACKAGE}.client"),
            models=importlib.import_module(f"{PACKAGE}.models"),
            types=importlib.import_module(f"{PACKAGE}.types"),
            events=_api("events"),
            sources=_api("sources"),
        )
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _api(tag: str) -> SimpleNamespace:
    """The operation modules of one tag (`events`, `sources`), by operation id."""
    folder = Path(importlib.import_module(f"{PACKAGE}.api.{tag}").__file__).parent
    return SimpleNamespace(
        **{
            file.stem: importlib.import_module(f"{PACKAGE}.api.{tag}.{file.stem}")
            for file in folder.glob("*.py")
            if file.stem != "__init__"
        }
    )


@pytest.fixture
def api(sdk: SimpleNamespace, live_server: str, template_db) -> Iterator[object]:
    """A generated AuthenticatedClient on the live server, with the demo admin key."""
    with sdk.client.AuthenticatedClient(
        base_url=live_server, token=template_db.admin_key, timeout=30
    ) as client:
        yield client


def test_each_enum_is_generated_once(sdk):
    """A nullable enum spelled `type: [null, string]` with `null` in `enum` came out as three copies of the
    enum (`ListEventsStanceType1`, `...Type2Type1`, `...Type3Type1`); service/openapi_schema.py spells it
    `oneOf: [{enum}, {type: null}]`, which gives one."""
    enums = [
        cls.__name__
        for cls in vars(sdk.models).values()
        if isinstance(cls, type) and issubclass(cls, enum.Enum)
    ]
    copies = Counter(re.sub(r"Type\d.*$", "", name) for name in enums)
    assert enums and {owner: n for owner, n in copies.items() if n > 1} == {}
    # Each enum that several fields share is one component, so one class that every field takes.
    shared = {"Stance", "EventStatus", "TimelineStatus", "EntityKind", "EntityRole", "SourceKind", "KeyRole",
              "Theme", "ImportFormat", "Precision", "Order"}  # fmt: skip
    assert shared <= set(enums)
    assert not [name for name in enums if name.endswith(("Stance", "Kind", "Role")) and name not in shared]


def test_round_trip(sdk, api):
    m = sdk.models
    tag = f"sdk-py-{uuid.uuid4().hex[:8]}"
    url = f"https://example.org/sdk/python/{uuid.uuid4().hex}"

    body = m.SourceIn(
        url=url, title="Readout of the call", publisher="Example Ministry", kind=m.SourceKind.READOUT
    )
    created = sdk.sources.create_source.sync_detailed(client=api, body=body)
    assert created.status_code == 201, created.content
    source = created.parsed
    assert isinstance(source, m.SourceDetail) and source.url == url

    body = m.EventIn(
        title="SDK round trip",
        date="2021-12-16",
        summary="Created through the generated Python client.",
        status=m.EventStatus.PUBLISHED,
        tags=[tag],
        citations=[
            m.CitationIn(
                quote="The two leaders spoke.", source_id=source.id, stance=m.Stance.SUPPORTS
            )
        ],
    )
    response = sdk.events.create_event.sync_detailed(client=api, body=body)
    assert response.status_code == 201, response.content
    event = response.parsed
    assert isinstance(event, m.Event)
    assert event.status == m.EventStatus.PUBLISHED
    assert str(event.start) == "2021-12-16" and event.display == "16 December 2021"

    page = sdk.events.list_events.sync(
        client=api, tag=[tag], from_="2021-12", to="2021-12", stance=m.Stance.SUPPORTS
    )
    assert isinstance(page, m.EventPage)
    assert [item.id for item in page.items] == [event.id]
    assert page.next_cursor is None

    outside = sdk.events.list_events.sync(client=api, tag=[tag], from_="2022")
    assert isinstance(outside, m.EventPage) and outside.items == []

    read = sdk.events.get_event.sync(client=api, event_id=event.id)
    assert isinstance(read, m.Event)
    assert read.title == "SDK round trip" and read.tags == [tag]
    [citation] = read.citations
    assert citation.stance == m.Stance.SUPPORTS
    assert citation.quote == "The two leaders spoke."
    assert citation.source.id == source.id and citation.source.url == url
    assert citation.source.publisher == "Example Ministry"


def test_problems_parse_into_the_generated_model(sdk, api):
    m = sdk.models
    invalid = sdk.events.create_event.sync_detailed(
        client=api, body=m.EventIn(title="Not a day", date="2021-02-30")
    )
    assert invalid.status_code == 422, invalid.content
    problem = invalid.parsed
    assert isinstance(problem, m.ProblemDoc)
    assert problem.status == 422 and problem.title
    assert "date" in [error.field for error in problem.errors]

    missing = sdk.events.get_event.sync_detailed(client=api, event_id=uuid.uuid4())
    assert missing.status_code == 404
    problem = missing.parsed
    assert isinstance(problem, m.ProblemDoc)
    assert problem.status == 404 and problem.title
    assert problem.errors in (None, sdk.types.UNSET, [])  # no field to blame

    bad_filter = sdk.events.list_events.sync_detailed(client=api, from_="2021-13")
    assert bad_filter.status_code == 400
    problem = bad_filter.parsed
    assert isinstance(problem, m.ProblemDoc) and problem.status == 400
    assert "from" in [error.field for error in problem.errors]
