"""Bad input: every malformed, invalid, oversized or unsupported request is an RFC 9457 problem with
the right status, names the offending field where there is one, never leaks a trace or SQL, and
writes nothing.

All cases share one writable clone of the demo database: each proves it wrote nothing by comparing
a snapshot of the whole database taken before and after it.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from service import problem_types
from service.demo.seed import demo_id
from tests.conftest import Shared, fetch
from tests.helpers import problem, unknown_id

SUMMIT = demo_id("event", "summit")
DISPATCH = str(demo_id("source", "dispatch"))
ABC = demo_id("source", "abc-ioc")
XI = demo_id("entity", "xi")

EVENT = {"title": "A valid event", "date": "2021-12-15"}
SOURCE = {"url": "https://example.com/valid", "title": "A valid source"}
ENTITY = {"name": "A valid entity", "kind": "person"}
CITATION = {"source_id": DISPATCH, "quote": "A valid quote."}

# Every write that takes a JSON body, with a valid body for it.
WRITES = {
    "create event": ("POST", "/v1/events", EVENT),
    "patch event": ("PATCH", f"/v1/events/{SUMMIT}", {"title": "A valid title"}),
    "cite": ("POST", f"/v1/events/{SUMMIT}/citations", CITATION),
    "create source": ("POST", "/v1/sources", SOURCE),
    "patch source": ("PATCH", f"/v1/sources/{ABC}", {"title": "A valid title"}),
    "create entity": ("POST", "/v1/entities", ENTITY),
    "patch entity": ("PATCH", f"/v1/entities/{XI}", {"name": "A valid name"}),
}
LISTS = ["/v1/events", "/v1/sources", "/v1/entities", "/v1/tags"]


def snapshot(dsn: str) -> dict:
    """Row counts and version sums of every table a write could touch."""
    return dict(
        fetch(
            dsn,
            """SELECT (SELECT count(*) FROM events) AS events,
                      (SELECT coalesce(sum(version), 0) FROM events) AS event_versions,
                      (SELECT count(*) FROM sources) AS sources,
                      (SELECT coalesce(sum(version), 0) FROM sources) AS source_versions,
                      (SELECT count(*) FROM citations) AS citations,
                      (SELECT coalesce(sum(version), 0) FROM citations) AS citation_versions,
                      (SELECT count(*) FROM entities) AS entities,
                      (SELECT coalesce(sum(version), 0) FROM entities) AS entity_versions,
                      (SELECT count(*) FROM event_entities) AS event_entities,
                      (SELECT count(*) FROM revisions) AS revisions,
                      (SELECT count(*) FROM newsrooms) AS newsrooms""",
        )[0]
    )


def send(client: TestClient, write: str, content: bytes, content_type: str | None = "application/json"):
    method, path, _ = WRITES[write]
    headers = {"content-type": content_type} if content_type else {}
    return client.request(method, path, content=content, headers=headers)


def with_(write: str, **fields: object) -> bytes:
    """The valid body of `write` with these fields set (or added)."""
    return json.dumps({**WRITES[write][2], **fields}).encode()


@pytest.fixture
def unchanged(shared: Shared) -> Iterator[TestClient]:
    """The shared client; the test fails if the database differs afterwards."""
    before = snapshot(shared.dsn)
    yield shared.client
    assert snapshot(shared.dsn) == before


def test_the_valid_bodies_are_valid(shared):
    """The control: each valid body is accepted, so the cases below fail for the reason they name."""
    for write, (method, path, body) in WRITES.items():
        if method == "POST":
            body = {**body, "url": "https://example.com/control"} if write == "create source" else body
            body = {**body, "name": "Control"} if write == "create entity" else body
        response = shared.client.request(method, path, json=body)
        assert response.status_code in (200, 201), (write, response.text)


# --- 400: not JSON ---------------------------------------------------------------------------

MALFORMED = [b"{", b'{"title": }', b"{'title': 'x'}", b'{"title": "x",}', b"", b"[1,", b"nul", b"\xff\xfe{}",
             b'{"title": "\xc3\x28"}', b'{"title": "a\\ud800"}']  # fmt: skip


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("content", MALFORMED, ids=repr)
def test_malformed_json_is_400(unchanged, write, content):
    problem(send(unchanged, write, content), 400)


@pytest.mark.parametrize("write", WRITES)
def test_an_empty_body_is_400_saying_it_is_empty(unchanged, write):
    body = problem(send(unchanged, write, b""), 400)
    assert "empty" in body["detail"], body
    assert "data" not in json.dumps(body), body  # not Litestar's name for the missing argument


# --- 422: JSON, but not what the endpoint takes ----------------------------------------------


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(
    "content", [b"[]", b"null", b'"title"', b"42", b"true", b'[{"title": "x"}]'], ids=repr
)
def test_json_that_is_not_an_object_is_422(unchanged, write, content):
    problem(send(unchanged, write, content), 422)


WRONG_TYPES = [
    ("create event", {"importance": "3"}, "importance"),
    ("create event", {"importance": 3.0}, "importance"),
    ("create event", {"importance": True}, "importance"),
    ("create event", {"tags": "x"}, "tags"),
    ("create event", {"tags": [1]}, "tags[0]"),
    ("create event", {"title": 5}, "title"),
    ("create event", {"date": 2021}, "date"),
    ("create event", {"status": "live"}, "status"),
    ("create event", {"location": "Rio"}, "location"),
    ("create event", {"location": {"name": "Rio", "lat": "-22.9"}}, "location.lat"),
    ("create event", {"location": {"name": "Rio", "lat": 91}}, "location.lat"),
    ("create event", {"entities": [{"id": "not-a-uuid"}]}, "entities[0].id"),
    ("create event", {"entities": [{"id": str(XI), "role": "hero"}]}, "entities[0].role"),
    ("create event", {"citations": {"source_id": DISPATCH}}, "citations"),
    ("create event", {"citations": [{**CITATION, "stance": "maybe"}]}, "citations[0].stance"),
    ("create event", {"citations": [{**CITATION, "source_id": 7}]}, "citations[0].source_id"),
    ("create event", {"correction": "yes"}, "correction"),
    ("patch event", {"importance": "3"}, "importance"),
    ("patch event", {"tags": "x"}, "tags"),
    ("patch event", {"media": {"url": 5}}, "media.url"),
    ("cite", {"quote": 5}, "quote"),
    ("create source", {"authors": "A. Reporter"}, "authors"),
    ("create source", {"accessed_at": 1639640000}, "accessed_at"),
    ("patch source", {"kind": 3}, "kind"),
    ("create entity", {"aliases": "PRC"}, "aliases"),
    ("patch entity", {"kind": ["person"]}, "kind"),
]


@pytest.mark.parametrize(
    ("write", "fields", "field"), WRONG_TYPES, ids=lambda v: v if isinstance(v, str) else None
)
def test_wrong_types_are_422_naming_the_field_and_never_coerced(unchanged, write, fields, field):
    problem(send(unchanged, write, with_(write, **fields)), 422, field)


UNKNOWN = [
    ("create event", {"colour": "red"}, "colour"),
    ("create event", {"location": {"name": "Rio", "colour": "red"}}, "location.colour"),
    ("create event", {"entities": [{"id": str(XI), "colour": "red"}]}, "entities[0].colour"),
    ("create event", {"citations": [{**CITATION, "colour": "red"}]}, "citations[0].colour"),
    (
        "create event",
        {"citations": [{"source": {**SOURCE, "colour": "red"}, "quote": "q"}]},
        "citations[0].source.colour",
    ),
    ("patch event", {"citations": [CITATION]}, "citations"),
    ("patch event", {"colour": "red"}, "colour"),
    ("cite", {"colour": "red"}, "colour"),
    ("create source", {"colour": "red"}, "colour"),
    ("patch source", {"colour": "red"}, "colour"),
    ("create entity", {"colour": "red"}, "colour"),
    ("patch entity", {"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(
    ("write", "fields", "field"), UNKNOWN, ids=lambda v: v if isinstance(v, str) else None
)
def test_an_unknown_field_is_422_naming_it(unchanged, write, fields, field):
    problem(send(unchanged, write, with_(write, **fields)), 422, field)


SERVER_OWNED = {
    "id": str(uuid.uuid4()),
    "version": 99,
    "newsroom": "other",
    "created_at": "2020-01-01T00:00:00Z",
    "updated_at": "2020-01-01T00:00:00Z",
}
EVENT_DERIVED = {"start": "2020-01-01", "end": None, "precision": "day", "display": "Never",
                 "corrections": [], "approximate": True, "object": "event"}  # fmt: skip


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("name", SERVER_OWNED)
def test_server_owned_fields_cannot_be_set(unchanged, write, name):
    problem(send(unchanged, write, with_(write, **{name: SERVER_OWNED[name]})), 422, name)


@pytest.mark.parametrize("write", ["create event", "patch event"])
@pytest.mark.parametrize("name", EVENT_DERIVED)
def test_derived_event_fields_cannot_be_set(unchanged, write, name):
    problem(send(unchanged, write, with_(write, **{name: EVENT_DERIVED[name]})), 422, name)


def test_citation_event_and_source_owner_cannot_be_set(unchanged):
    problem(send(unchanged, "cite", with_("cite", event_id=str(uuid.uuid4()))), 422, "event_id")
    nested = {"source": {**SOURCE, "id": str(uuid.uuid4())}, "quote": "q"}
    problem(
        send(unchanged, "create event", with_("create event", citations=[nested])),
        422,
        "citations[0].source.id",
    )


TOO_LONG = [
    ("create event", {"title": "x" * 301}, "title"),
    ("create event", {"summary": "x" * 10_001}, "summary"),
    ("create event", {"tags": ["x" * 65]}, "tags[0]"),
    ("create event", {"tags": [f"t{i}" for i in range(51)]}, "tags"),
    ("create event", {"citations": [{**CITATION, "quote": "x" * 2001}]}, "citations[0].quote"),
    ("create event", {"citations": [CITATION, {**CITATION, "note": "x" * 2001}]}, "citations[1].note"),
    ("create event", {"citations": [CITATION] * 51}, "citations"),
    ("create event", {"entities": [{"id": str(uuid.uuid4())}] * 101}, "entities"),
    ("create event", {"location": {"name": "x" * 301}}, "location.name"),
    ("create event", {"change_note": "x" * 2001}, "change_note"),
    ("create event", {"retraction_note": "x" * 2001}, "retraction_note"),
    ("create event", {"date": "2021-12-15" + "~" * 80}, "date"),
    ("patch event", {"title": "x" * 301}, "title"),
    ("cite", {"quote": "x" * 2001}, "quote"),
    ("cite", {"locator": "x" * 501}, "locator"),
    ("create source", {"title": "x" * 301}, "title"),
    ("create source", {"url": "https://example.com/" + "x" * 2000}, "url"),
    ("create source", {"authors": ["A"] * 51}, "authors"),
    ("patch source", {"publisher": "x" * 501}, "publisher"),
    ("create entity", {"name": "x" * 301}, "name"),
    ("create entity", {"aliases": ["a"] * 51}, "aliases"),
    ("patch entity", {"aliases": ["x" * 301]}, "aliases[0]"),
]


@pytest.mark.parametrize(
    ("write", "fields", "field"), TOO_LONG, ids=lambda v: v if isinstance(v, str) else None
)
def test_over_long_strings_and_lists_are_422_naming_the_field(unchanged, write, fields, field):
    problem(send(unchanged, write, with_(write, **fields)), 422, field)


@pytest.mark.parametrize("write", WRITES)
def test_just_within_the_limits_is_accepted(shared, write):
    """The control for the limits above: 300-character titles and 2,000-character quotes are fine."""
    method, path, body = WRITES[write]
    longest = {
        "create event": {"title": "x" * 300, "citations": [{**CITATION, "quote": "x" * 2000}]},
        "patch event": {"title": "x" * 300},
        "cite": {"quote": "x" * 2000},
        "create source": {"title": "x" * 300, "url": "https://example.com/long-" + "x" * 1970},
        "patch source": {"title": "x" * 300},
        "create entity": {"name": "y" * 300},
        "patch entity": {"name": "x" * 300},
    }[write]
    response = shared.client.request(method, path, json={**body, **longest})
    assert response.status_code in (200, 201), response.text


# --- text the database cannot store ----------------------------------------------------------

NUL = [
    ("create event", {"title": "a\u0000b"}),
    ("create event", {"citations": [{**CITATION, "quote": "q\u0000"}]}),
    ("create event", {"location": {"name": "\u0000"}}),
    ("patch event", {"summary": "\u0000"}),
    ("cite", {"note": "\u0000"}),
    ("create source", {"publisher": "\u0000"}),
    ("create source", {"authors": ["ok", "a\u0000"]}),
    ("patch source", {"title": "\u0000"}),
    ("create entity", {"aliases": ["\u0000"]}),
    ("patch entity", {"name": "x\u0000"}),
]


@pytest.mark.parametrize(("write", "fields"), NUL, ids=lambda v: v if isinstance(v, str) else None)
def test_a_nul_character_in_a_body_is_422(unchanged, write, fields):
    problem(send(unchanged, write, with_(write, **fields)), 422)


OUT_OF_RANGE_WRITES = [
    ("create source", {"accessed_at": "9999-12-31T23:59:59-23:00"}),
    ("create source", {"accessed_at": "0001-01-01T00:00:00+14:00"}),
    ("patch source", {"accessed_at": "9999-12-31T23:59:59-23:00"}),
    ("create event", {"date": "9999-12-31T23:59:59-23:00"}),
    ("create event", {"date": "0001-01-01T00:00:00+14:00"}),
    ("create event", {"date": "10000"}),
    ("create event", {"importance": 10**30}),
]


@pytest.mark.parametrize(
    ("write", "fields"), OUT_OF_RANGE_WRITES, ids=lambda v: v if isinstance(v, str) else None
)
def test_values_beyond_what_the_database_stores_are_422(unchanged, write, fields):
    problem(send(unchanged, write, with_(write, **fields)), 422)


@pytest.mark.parametrize(
    "query",
    [
        "/v1/events?updated_since=9999-12-31T23:59:59-23:00",
        "/v1/events?updated_since=0001-01-01T00:00:00%2B14:00",
        "/v1/events?around=9999-12-31&order=desc",
    ],
)
def test_query_values_beyond_what_the_database_compares_are_400(unchanged, query):
    problem(unchanged.get(query), 400)


@pytest.mark.parametrize(
    "query",
    [
        "/v1/events?q=%00",
        "/v1/events?publisher=a%00",
        "/v1/events?newsroom=%00",
        "/v1/sources?q=%00",
        "/v1/sources?url=https://example.com/%00",
        "/v1/entities?q=%00",
        "/v1/tags?q=%00",
    ],
)
def test_a_nul_character_in_a_query_is_400(unchanged, query):
    problem(unchanged.get(query), 400)


# --- size and media type ---------------------------------------------------------------------

TWO_MIB = b'{"title": "' + b"x" * (2 * 1024 * 1024) + b'", "date": "2021"}'


@pytest.mark.parametrize("write", WRITES)
def test_a_body_over_1_mib_is_413(unchanged, write):
    problem(send(unchanged, write, TWO_MIB), 413)


def test_a_streamed_body_over_1_mib_is_413(unchanged):
    chunks = (b"x" * 65536 for _ in range(32))  # 2 MiB, no Content-Length
    response = unchanged.post("/v1/events", content=chunks, headers={"content-type": "application/json"})
    problem(response, 413)


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        None,
    ],
)
def test_a_body_that_is_not_json_is_415(unchanged, write, content_type):
    method, path, body = WRITES[write]
    problem(send(unchanged, write, json.dumps(body).encode(), content_type), 415)


@pytest.mark.parametrize("content_type", ["application/json; charset=utf-8", "application/merge-patch+json"])
def test_json_media_types_with_parameters_or_suffixes_are_accepted(shared, content_type):
    response = send(shared.client, "patch event", b'{"importance": 4}', content_type)
    assert response.status_code == 200, response.text


# --- query parameters ------------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("limit", ["1000", "201", "0", "-1", "abc", "1.5", ""])
def test_a_limit_outside_1_to_200_is_400(unchanged, path, limit):
    problem(unchanged.get(path, params={"limit": limit}), 400, "limit")


@pytest.mark.parametrize("path", LISTS)
def test_limits_1_and_200_are_accepted(shared, path):
    for limit in ("1", "200"):
        assert shared.client.get(path, params={"limit": limit}).status_code == 200


def _forged(key: list, fingerprint: str = "0000000000000000") -> str:
    return base64.urlsafe_b64encode(json.dumps(["next", key, fingerprint]).encode()).rstrip(b"=").decode()


BAD_CURSORS = [
    "garbage",
    "!!!",
    "W10",
    "bnVsbA",
    "x" * 600,
    _forged(["2021-01-01T00:00:00Z", str(uuid.uuid4())]),
]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("cursor", BAD_CURSORS, ids=range(len(BAD_CURSORS)))
def test_a_bad_cursor_is_400(unchanged, path, cursor):
    problem(unchanged.get(path, params={"cursor": cursor}), 400)


def _fingerprint_of(client: TestClient, path: str, params: dict) -> str:
    cursor = client.get(path, params={**params, "limit": 1}).json()["next_cursor"]
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))[2]


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/v1/events", ["9999-12-31T23:59:59-23:00", str(uuid.uuid4())]),
        ("/v1/events", ["not a time", str(uuid.uuid4())]),
        ("/v1/events", ["2021-01-01T00:00:00Z"]),
        ("/v1/entities", ["a\u0000", str(uuid.uuid4())]),
        ("/v1/entities", [1, "not-a-uuid"]),
        ("/v1/tags", [10**30, "doping"]),
        ("/v1/tags", [1, "x\u0000"]),
        ("/v1/sources", [None, None]),
    ],
)
def test_a_tampered_cursor_with_the_right_fingerprint_is_400(unchanged, path, key):
    cursor = _forged(key, _fingerprint_of(unchanged, path, {}))
    problem(unchanged.get(path, params={"cursor": cursor}), 400)


def test_a_cursor_reused_with_other_filters_is_400(unchanged):
    cursor = unchanged.get("/v1/events", params={"limit": 2}).json()["next_cursor"]
    assert unchanged.get("/v1/events", params={"limit": 2, "cursor": cursor}).status_code == 200
    body = problem(unchanged.get("/v1/events", params={"limit": 2, "cursor": cursor, "tag": "doping"}), 400)
    assert body["type"] == problem_types.CURSOR_MISMATCH
    problem(unchanged.get("/v1/sources", params={"cursor": cursor}), 400)


@pytest.mark.parametrize(
    "query",
    [
        "from=garbage",
        "to=2021-13",
        "order=sideways",
        "min_importance=six",
        "country=china",
        "around=tomorrow",
        "updated_since=yesterday",
        "stance=maybe",
        "entity=not-a-uuid",
        "source=123",
        "tag=Not%20A%20Slug",
    ],
)
def test_bad_event_filters_are_400(unchanged, query):
    problem(unchanged.get(f"/v1/events?{query}"), 400)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/v1/events", "status"),
        ("/v1/events", "stance"),
        ("/v1/events", "min_importance"),
        ("/v1/events", "source"),
        ("/v1/tags", "status"),
        ("/v1/timelines/xi-putin-summit/events", "stance"),
        ("/oembed?url=https://x.example/embed/timelines/xi-putin-summit", "maxwidth"),
        ("/oembed?url=https://x.example/embed/timelines/xi-putin-summit", "maxheight"),
    ],
)
def test_the_literal_null_is_not_read_as_a_missing_parameter(unchanged, path, name):
    """Litestar reads `status=null` as no status at all, which would quietly drop the filter: a 400."""
    separator = "&" if "?" in path else "?"
    problem(unchanged.get(f"{path}{separator}{name}=null"), 400, name)


def test_the_literal_null_is_no_import_format(unchanged):
    problem(
        unchanged.post(
            "/v1/import?format=null",
            content=b'{"title": "x"}',
            headers={"Content-Type": "application/x-ndjson"},
        ),
        400,
        "format",
    )


MALFORMED_IF_MATCH = ["garbage", "W/", '"abc', 'w/"1-x"', '"a" "b"', '*, "a"', ", ,", '"a b"']


@pytest.mark.parametrize("header", MALFORMED_IF_MATCH)
def test_a_malformed_if_match_is_400(unchanged, header):
    problem(
        unchanged.patch(f"/v1/events/{SUMMIT}", json={"importance": 1}, headers={"If-Match": header}), 400
    )


# --- routing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/v1",
        "/v1/event",
        f"/v1/events/{unknown_id('event')}",
        "/v1/events/not-a-uuid",
        f"/v1/sources/{unknown_id('source')}",
        f"/v1/entities/{unknown_id('entity')}",
        f"/v1/events/{SUMMIT}/citations/{unknown_id('citation')}",
    ],
)
def test_an_unknown_path_or_id_is_404(unchanged, path):
    problem(unchanged.get(path), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/v1/events"),
        ("DELETE", "/v1/events"),
        ("PUT", f"/v1/events/{SUMMIT}"),
        ("POST", f"/v1/events/{SUMMIT}"),
        ("PATCH", "/v1/sources"),
        ("DELETE", f"/v1/entities/{XI}"),
        ("POST", "/v1/tags"),
    ],
)
def test_a_wrong_method_is_405(unchanged, method, path):
    response = unchanged.request(method, path, json={})
    problem(response, 405)
    assert "allow" in response.headers


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", f"/v1/events/{unknown_id('event')}"),
        ("DELETE", f"/v1/events/{unknown_id('event')}"),
        ("POST", f"/v1/events/{unknown_id('event')}/citations"),
        ("PATCH", f"/v1/sources/{unknown_id('source')}"),
        ("DELETE", f"/v1/sources/{unknown_id('source')}"),
        ("PATCH", f"/v1/entities/{unknown_id('entity')}"),
    ],
)
def test_writing_an_unknown_id_is_404(unchanged, method, path):
    body = {"title": "x"} if "entities" not in path else {"name": "x"}
    body = CITATION if path.endswith("citations") else body
    problem(unchanged.request(method, path, json=body), 404)
