"""The shipped Python SDK (sdk/python) through the real service: the flows of tests/sdk/python_flows.py,
their `mypy --strict` check, and the package building as `pip install ./sdk/python` builds it."""

from __future__ import annotations

import enum
import html
import re
import subprocess
import sys
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from dateline_sdk import AuthenticatedClient, Client, models

from service.demo.seed import demo_id
from tests.sdk import python_flows as flows
from tests.sdk.conftest import ROOT, Service

pytestmark = pytest.mark.sdk
PACKAGE = ROOT / "sdk" / "python"


@pytest.fixture
def client(service: Service) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=service.url, token=service.key, timeout=30) as authenticated:
        yield authenticated


@pytest.fixture
def public(service: Service) -> Iterator[Client]:
    with Client(base_url=service.url, timeout=30) as anonymous:
        yield anonymous


def test_mypy_strict_is_clean_over_the_flows(tmp_path: Path):
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(tmp_path),
        "tests/sdk/python_flows.py",
    ]
    result = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"MYPYPATH": str(PACKAGE), "PATH": str(Path(sys.executable).parent)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_enum_is_generated_once():
    """A nullable enum spelled `type: [null, string]` with `null` in `enum` came out as three copies of the
    enum (`ListEventsStanceType1`, `...Type2Type1`, `...Type3Type1`); service/openapi_schema.py spells it
    `oneOf: [{enum}, {type: null}]`, which gives one."""
    enums = [
        cls.__name__ for cls in vars(models).values() if isinstance(cls, type) and issubclass(cls, enum.Enum)
    ]
    copies = Counter(re.sub(r"Type\d.*$", "", name) for name in enums)
    assert enums and {owner: n for owner, n in copies.items() if n > 1} == {}
    # Each enum that several fields share is one component, so one class that every field takes.
    shared = {"Stance", "EventStatus", "TimelineStatus", "EntityKind", "EntityRole", "SourceKind", "KeyRole",
              "Theme", "ImportFormat", "Precision", "Order"}  # fmt: skip
    assert shared <= set(enums)
    assert not [name for name in enums if name.endswith(("Stance", "Kind", "Role")) and name not in shared]


def test_the_package_builds_as_pip_installs_it(tmp_path: Path):
    """`pip install ./sdk/python` builds this wheel (here without the network: the backend is installed)."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        str(tmp_path),
        str(PACKAGE),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = tmp_path.glob("dateline_sdk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("client.py", "py.typed", "api/events/list_events.py", "models/problem_doc.py"):
        assert f"dateline_sdk/{module}" in names


def test_list_with_filters_follows_cursors_to_the_end(public: Client):
    one_page = flows.list_all(public, tag="olympics", since="2014", limit=200)
    assert len(one_page) >= 5
    for limit in (1, 2, 3, len(one_page) - 1, len(one_page)):
        assert flows.list_all(public, tag="olympics", since="2014", limit=limit) == one_page
    assert flows.list_all(public, tag="olympics", since="2030", limit=2) == []


def test_read_an_event_with_its_citations(public: Client):
    event = flows.read_cited(public, demo_id("event", "mclaren"))
    assert event.title == "McLaren report describes state-run doping in Russian sport"
    assert len(event.quotes) == len(event.source_urls) == 2
    assert all(event.source_urls) and all(event.quotes)
    assert event.stances == ["supports", "supports"]


def test_a_read_revalidated_with_its_etag_is_a_304(service: Service):
    assert flows.revalidate(service.url, demo_id("event", "mclaren")) == (200, 304)


def test_a_second_source_with_the_same_url_is_a_409_naming_the_first(client: AuthenticatedClient):
    url = f"https://example.org/sdk/python/{uuid.uuid4().hex}"
    first, status, existing = flows.duplicate_source(client, url)
    assert (status, existing) == (409, first)


def test_create_a_published_event_then_patch_it_with_if_match(client: AuthenticatedClient, public: Client):
    source = flows.new_source(client, f"https://example.org/sdk/python/{uuid.uuid4().hex}")
    tag = f"sdk-py-{uuid.uuid4().hex[:8]}"
    event = flows.publish_event(client, tag, source.id)
    assert flows.list_all(public, tag=tag, since="2021", limit=5) == [event.id]  # published: public sees it
    cited = flows.read_cited(public, event.id)
    assert cited.source_urls == [source.url] and cited.quotes == ["The two leaders spoke."]

    patched = flows.patch_with_if_match(client, event.id)
    assert (patched.title, patched.version) == ("Renamed", event.version + 1)
    assert patched.stale_status == 412 and patched.stale_type
    assert flows.read_cited(public, event.id).title == "Renamed"


def test_a_422_names_each_invalid_field(client: AuthenticatedClient):
    status, errors = flows.field_errors(client)
    assert status == 422
    assert list(errors) == ["date"] and errors["date"]


def test_every_export_format_through_the_generated_call(public: Client):
    exported = flows.export_all(public, "xi-putin-summit")
    headlines = [html.unescape(slide.text.headline) for slide in exported.timelinejs.events]  # HTML text
    assert len(headlines) >= 3 and all(headlines)
    events = [element.item for element in exported.jsonld.item_list_element]
    assert [event.name for event in events] == headlines
    assert exported.jsonld.number_of_items == len(events)
    assert exported.csljson and all(item.url and item.title for item in exported.csljson)
    assert exported.ics.startswith("BEGIN:VCALENDAR") and exported.ics.count("BEGIN:VEVENT") == len(headlines)
    assert "<feed" in exported.atom and exported.atom.count("<entry>") == len(headlines)
    header, *rows = exported.csv.splitlines()
    assert header.startswith("id,title,") and len(rows) >= len(headlines)


def test_import_a_csv(client: AuthenticatedClient, public: Client):
    tag = f"sdk-py-{uuid.uuid4().hex[:8]}"
    url = f"https://example.org/sdk/python/{tag}"
    text = (
        "title,date,status,tags,citation_1_url,citation_1_title,citation_1_quote,citation_1_stance\n"
        f"Imported one,2021-12-20,published,{tag},{url},A source,A passage.,supports\n"
        f"Imported two,2021-12-21,draft,{tag},,,,\n"
    )
    report, replayed = flows.import_csv(client, text)
    assert replayed.to_dict() == report.to_dict()
    assert (report.created.events, report.created.sources, report.published, report.drafts) == (2, 1, 1, 1)
    assert len(flows.list_all(public, tag=tag, since="2021", limit=1)) == 1  # the draft is not listed
