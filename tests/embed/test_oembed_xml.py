"""GET /oembed?format=xml: the oEmbed 1.0 XML format, read with an XML parser. Whatever a timeline's
title holds (markup, entities, quotes, control characters XML cannot carry), the document is well
formed and says what the JSON answer says."""

from __future__ import annotations

import re
import uuid
from xml.etree import ElementTree

import pytest

from tests.conftest import fetch
from tests.helpers import problem

XI = "http://testserver.local/embed/timelines/xi-putin-summit"
# Titles the API takes, and (written straight to the database) ones it may not.
TITLES = [
    "Tom & Jerry", "<script>alert(1)</script>", "Say \"hi\" & 'bye'", "]]> and <![CDATA[x]]>",
    "&amp; &lt; &#38;",
    "a < b > c", "<?xml version='1.0'?><oembed/>", "Ω ≠ 🗓 — “quoted”", "\u202eright-to-left", "x" * 200,
]  # fmt: skip
STORED_TITLES = [
    "bell\x07 and\x01\x08\x0b\x0c\x1f escape\x1b", "tab\tline\nfeed\rreturn\r\nboth", "not\ufffe chars\uffff",
    "del\x7f next\x85 line", "&\x02<\x03>\"",
]  # fmt: skip
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What every rendering drops from stored text (control characters but tab, LF and CR; U+FFFE, U+FFFF).
NOT_RENDERED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def as_xml(response) -> dict[str, str]:
    """The `<oembed>` element's children, read by an XML parser (which must accept the document)."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"')
    root = ElementTree.fromstring(response.content)
    assert root.tag == "oembed" and not root.attrib and not (root.text or "").strip()
    assert all(len(child) == 0 and not child.attrib for child in root)
    return {child.tag: child.text or "" for child in root}


def as_json_strings(body: dict) -> dict[str, str]:
    """The JSON answer as the XML format carries it: text, without what XML 1.0 cannot hold."""
    return {name: NOT_XML.sub("", str(value)) for name, value in body.items()}


@pytest.fixture(scope="module")
def titled(shared) -> dict[str, str]:
    """Published timelines, one per title: {title: embed URL}."""
    urls = {}
    for n, title in enumerate(TITLES + STORED_TITLES):
        slug = f"xml-{n}"
        stored = title in STORED_TITLES
        response = shared.client.post(
            "/v1/timelines",
            json={
                "slug": slug,
                "title": "placeholder" if stored else title,
                "status": "published",
            },
        )
        assert response.status_code == 201, response.text
        if stored:
            timeline_id = uuid.UUID(response.json()["id"])
            fetch(shared.dsn, "UPDATE timelines SET title = $2 WHERE id = $1", timeline_id, title)
        urls[title] = f"http://testserver.local/embed/timelines/{slug}"
    return urls


@pytest.mark.parametrize("title", TITLES + STORED_TITLES)
def test_the_xml_answer_is_well_formed_and_says_what_the_json_says(shared, titled, title):
    params = {"url": titled[title]}
    json_body = shared.client.get("/oembed", params=params).json()
    assert json_body["title"] == NOT_RENDERED.sub("", title)
    xml = as_xml(shared.client.get("/oembed", params={**params, "format": "xml"}))
    assert xml == as_json_strings(json_body)
    assert list(xml) == list(json_body)  # same fields, in the same order
    assert xml["title"] == NOT_RENDERED.sub("", title)


SIZES = [{}, {"maxwidth": 320}, {"maxheight": 400}, {"maxwidth": 300, "maxheight": 200},
         {"maxwidth": 5000, "maxheight": 5000}, {"maxwidth": 1, "maxheight": 1}]  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_the_xml_answer_honours_maxwidth_and_maxheight(reader, size):
    json_body = reader.get("/oembed", params={"url": XI, **size}).json()
    xml = as_xml(reader.get("/oembed", params={"url": XI, "format": "xml", **size}))
    assert xml == as_json_strings(json_body)
    for name in ("width", "height"):
        assert int(xml[name]) <= size.get(f"max{name}", 10_000)


def test_the_xml_answer_has_its_own_etag_and_a_304(reader):
    xml = reader.get("/oembed", params={"url": XI, "format": "xml"})
    json_answer = reader.get("/oembed", params={"url": XI})
    assert xml.headers["etag"] != json_answer.headers["etag"]
    assert xml.headers["cache-control"].startswith("public")
    conditional = {"If-None-Match": xml.headers["etag"]}
    again = reader.get("/oembed", params={"url": XI, "format": "xml"}, headers=conditional)
    assert again.status_code == 304 and again.content == b""
    head = reader.head("/oembed", params={"url": XI, "format": "xml"})
    assert head.status_code == 200 and head.headers["content-type"] == "text/xml; charset=utf-8"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"url": "http://testserver.local/embed/timelines/no-such-timeline"}, 404),
        ({"url": "http://testserver.local/v1/timelines/xi-putin-summit"}, 404),
        ({"url": "not a url"}, 404),
        ({"url": XI, "maxwidth": "0"}, 400),
        ({"url": XI, "maxheight": "tall"}, 400),
        ({"url": XI, "maxwidth": "null"}, 400),
        ({"url": ""}, 400),
        ({}, 400),
    ],
)
def test_xml_errors_are_the_json_problems(reader, params, status):
    as_json = problem(reader.get("/oembed", params=params), status)
    as_xml_request = problem(reader.get("/oembed", params={**params, "format": "xml"}), status)
    as_json.pop("detail"), as_xml_request.pop("detail")  # Litestar's detail names the query string
    assert as_xml_request == as_json


def test_a_draft_timeline_is_a_404_in_xml_too(shared):
    response = shared.client.post("/v1/timelines", json={"slug": "xml-draft", "title": "Draft"})
    assert response.status_code == 201 and response.json()["status"] == "draft"
    url = "http://testserver.local/embed/timelines/xml-draft"
    problem(shared.client.get("/oembed", params={"url": url, "format": "xml"}), 404)
