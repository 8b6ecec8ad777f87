"""/embed/timelines/{slug} and /oembed, read as raw HTTP: the page's structure, escaping of stored text,
its security headers and size, paging without JavaScript, and the oEmbed answers."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import re
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.embed.markup import readable_date
from service.embed.render import direction, entry
from service.embed.service import PAGE_SIZE
from service.events.schemas import Event, Media
from tests.conftest import app_settings, create_key
from tests.embed.conftest import (
    JS_URL,
    PAYLOADS,
    XSS,
    create_event,
    create_timeline,
    event_id,
    parse,
    store_long_timeline,
    store_xss_timeline,
)

BUDGET = 15 * 1024  # bytes, gzip: the page with its own script and styles
XI = "/embed/timelines/xi-putin-summit"
DOPING = "/embed/timelines/russia-doping"
# Elements the page may contain; anything else came from stored text.
ALLOWED_TAGS = {"#document", "html", "head", "meta", "title", "link", "style", "script", "body", "header",
                "h1", "p", "main", "ol", "li", "article", "time", "h2", "sup", "a", "q", "span", "strong",
                "footer", "details", "summary"}  # fmt: skip


def page(client: TestClient, path: str = XI, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response


def entry_items(doc) -> list:
    """The entries' `li`s in the page's order, those folded above the one it opens at included."""
    return [li for li in doc.find("ol", "tl").find_all("li") if (li.attrs.get("id") or "").startswith("e-")]


def articles(doc) -> list:
    return [li.kids("article")[0] for li in entry_items(doc)]


def json_ld(html: str) -> tuple[str, dict]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return match[1], json.loads(match[1])


# --- structure -------------------------------------------------------------------------------------


def test_demo_timeline_lists_its_events_in_date_order_with_footnotes(reader):
    html = page(reader).text
    doc = parse(html)
    api = reader.get("/v1/timelines/xi-putin-summit/events").json()["items"]

    root = doc.find("html")
    assert (root.attrs["lang"], root.attrs["dir"], root.attrs["data-theme"]) == ("en", "ltr", "auto")
    assert doc.find("h1").text == "The Xi–Putin virtual summit, December 2021"
    for landmark in ("header", "main", "footer"):
        assert len(doc.find_all(landmark)) == 1
    entries = articles(doc)
    assert [a.find("h2").children[0] for a in entries] == [e["title"] for e in api]
    # The footnote marks end the summary, or the title when there is none.
    assert [bool(a.find("h2").find_all("sup", "r")) for a in entries] == [not e["summary"] for e in api]
    starts = [e["start"] for e in api]
    assert starts == sorted(starts) and len(entries) == 10
    for article, event in zip(entries, api, strict=True):
        time = article.find("p", "d").find("time")
        assert time.text == event["display"]
        if event["precision"] != "time":
            assert event["start"].startswith(time.attrs["datetime"])
        notes = article.find("ol", "fn").kids("li")
        assert len(notes) == len(event["citations"])
        for n, (note, citation) in enumerate(zip(notes, event["citations"], strict=True), 1):
            src = citation["source"]
            assert note.attrs["id"] == f"f-{event['id']}-{n}"
            assert note.text.startswith(
                (f"{citation['stance']}" if citation["stance"] != "supports" else "")
                + f"{src['publisher']}, "
            )
            link = note.find("a")
            assert (link.attrs["href"], link.text) == (src["url"], f"“{src['title']}”")
            assert note.find("time").attrs["datetime"] == src["published"]
            assert note.find("q").text == citation["quote"]
        marks = article.find("sup", "r").find_all("a")
        assert [m.attrs["href"] for m in marks] == [f"#f-{event['id']}-{n}" for n in range(1, len(notes) + 1)]
    summit = next(a for a, e in zip(entries, api, strict=True) if e["id"] == event_id("summit"))
    assert summit.find("time").attrs["datetime"] == "2021-12-15T11:07:00+03:00"
    assert "15 December 2021, 11:07 UTC+03:00" in summit.find("p", "d").text


def test_the_page_opens_at_start_at(reader):
    """xi-putin-summit opens at 2021-12-15: the first entry that day is the one in the tab order."""
    doc = parse(page(reader).text)
    listing = doc.find("ol", "tl")
    assert listing.attrs["data-at"] == "1"
    current = [a for a in articles(doc) if a.attrs["tabindex"] == "0"]
    assert len(current) == 1
    assert current[0].find("time").attrs["datetime"] == "2021-12-15"
    assert all(a.attrs["tabindex"] == "-1" for a in articles(doc) if a is not current[0])
    doping = parse(page(reader, DOPING).text)  # start_at oldest: the top
    assert "data-at" not in doping.find("ol", "tl").attrs
    assert articles(doping)[0].attrs["tabindex"] == "0"


def test_opening_at_start_at_shows_that_entry_first_under_the_earlier_ones_folded(reader):
    """The page opens at its first paint, without script or scrolling: the title (alone in the header),
    the description, "N earlier entries" and the entry start_at names; the earlier entries stay in the
    page, folded above it in document order."""
    doc = parse(page(reader).text)
    api = reader.get("/v1/timelines/xi-putin-summit/events").json()["items"]
    header = doc.find("header")
    assert [child.tag for child in header.children if isinstance(child, type(header))] == ["h1"]
    at = next(n for n, event in enumerate(api) if event["start"] == "2021-12-15")
    assert at > 0
    listing = doc.find("ol", "tl")
    first, current = listing.kids("li")[:2]
    assert first.attrs["class"] == "earlier"
    assert first.find("summary").text == f"{at} earlier entries"
    assert [li.attrs["id"] for li in first.find("ol", "early").kids("li")] == [
        f"e-{e['id']}" for e in api[:at]
    ]
    assert current.attrs["id"] == f"e-{api[at]['id']}" and current.kids("article")[0].attrs["tabindex"] == "0"
    assert [li.attrs["id"] for li in entry_items(doc)] == [f"e-{e['id']}" for e in api]  # all in the page
    assert not doc.find("main").kids("a")  # no page before this one: no "Earlier events" link
    # Opening at the top (start_at oldest) folds nothing.
    doping = parse(page(reader, DOPING).text)
    assert not doping.find_all("li", "earlier") and not doping.find_all("details")


def test_one_earlier_entry_reads_singular(client, anon):
    ids = store_long_timeline(client, 3, slug="three", start_at="2001-01-02")
    doc = parse(page(anon, "/embed/timelines/three").text)
    assert doc.find("summary").text == "1 earlier entry"
    assert [li.attrs["id"] for li in entry_items(doc)] == [f"e-{i}" for i in ids]


THEMES = ["light", "dark", "auto"]


@pytest.mark.parametrize("stored", THEMES)
def test_theme_parameter_overrides_the_stored_theme_for_one_embed(client, anon, stored):
    ids = store_long_timeline(client, PAGE_SIZE + 2, slug="themed", theme=stored)
    stored_page = page(anon, "/embed/timelines/themed")
    assert parse(stored_page.text).find("html").attrs["data-theme"] == stored
    tags = set()
    for theme in THEMES:
        response = page(anon, "/embed/timelines/themed", params={"theme": theme})
        doc = parse(response.text)
        assert doc.find("html").attrs["data-theme"] == theme
        assert (
            doc.find("meta", name="color-scheme").attrs["content"]
            == {"light": "light", "dark": "dark", "auto": "light dark"}[theme]
        )
        later = doc.find("a", "more", rel="next").attrs["href"]  # paging without script keeps the theme
        assert parse_qs(urlsplit(later).query)["theme"] == [theme]
        nxt = parse(page(anon, urlsplit(later).path + "?" + urlsplit(later).query).text)
        assert nxt.find("html").attrs["data-theme"] == theme
        assert [li.attrs["id"] for li in entry_items(nxt)] == [f"e-{i}" for i in ids[PAGE_SIZE:]]
        # Only the colours change: the same CSP (hashes of the same style and script), its own ETag.
        assert response.headers["content-security-policy"] == stored_page.headers["content-security-policy"]
        assert (
            anon.get(
                "/embed/timelines/themed",
                params={"theme": theme},
                headers={"If-None-Match": response.headers["etag"]},
            ).status_code
            == 304
        )
        tags.add(response.headers["etag"])
    assert len(tags) == 3


@pytest.mark.parametrize("theme", ["pink", "", "null", "DARK", "dark,light", "dark light", "<script>", "1"])
def test_a_theme_that_is_not_one_is_400(reader, theme):
    response = reader.get(XI, params={"theme": theme})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=dark", "?theme=dark"),
        ("?theme=light&utm_source=x", "?theme=light"),
        ("?theme=auto", "?theme=auto"),
        ("?theme=pink", ""),
        ("?theme=%3Cscript%3E", ""),
        ("", ""),
    ],
)
def test_oembed_keeps_the_embed_urls_theme(reader, query, expected):
    response = reader.get("/oembed", params={"url": f"https://news.example{XI}{query}"})
    assert response.status_code == 200, response.text
    assert (
        parse(response.json()["html"]).find("iframe").attrs["src"] == f"http://testserver.local{XI}{expected}"
    )


def test_disputes_are_marked_on_their_footnote(reader):
    doc = parse(page(reader, DOPING).text)
    rio = doc.find("li", id=f"e-{event_id('rio-exclusion')}")
    notes = rio.find("ol", "fn").kids("li")
    assert [n.attrs["class"] for n in notes] == ["supports", "disputes", "context"]
    disputes = notes[1]
    assert disputes.find("span", "st").text == "disputes"
    assert "ABC" in disputes.text or "abc" in disputes.text.lower()
    assert not notes[0].find_all("span", "st")
    assert notes[2].find("span", "st").text == "context"
    assert len(doc.find_all("span", "st")) == 2  # nothing else in the timeline is disputed or context


def test_a_correction_shows_its_note_and_a_retraction_its_note(client, anon):
    path = f"/v1/events/{event_id('taiwan-support')}"
    fixed = client.patch(
        path,
        json={
            "title": "Putin backs Beijing on Taiwan",
            "correction": True,
            "change_note": "The title overstated the readout.",
        },
    )
    assert fixed.status_code == 200, fixed.text
    day = dt.datetime.fromisoformat(fixed.json()["updated_at"]).date()
    gone = client.patch(
        f"/v1/events/{event_id('putin-to-attend')}",
        json={"status": "retracted", "retraction_note": "Misattributed quote."},
    )
    assert gone.status_code == 200, gone.text

    doc = parse(page(anon).text)
    taiwan = doc.find("li", id=f"e-{event_id('taiwan-support')}")
    note = taiwan.find("p", "c")
    assert note.text == f"Corrected on {day.day} {day:%B %Y}: The title overstated the readout."
    assert note.find("time").attrs["datetime"] == day.isoformat()
    attend = doc.find("li", id=f"e-{event_id('putin-to-attend')}")
    assert attend.find("p", "x").text == "Retracted: Misattributed quote."
    assert not doc.find("li", id=f"e-{event_id('summit')}").find_all("p", "c")


def test_json_ld_is_an_item_list_of_the_events(reader):
    html = page(reader).text
    _, ld = json_ld(html)
    api = reader.get("/v1/timelines/xi-putin-summit/events").json()["items"]
    assert (ld["@context"], ld["@type"], ld["url"]) == (
        "https://schema.org",
        "ItemList",
        f"http://testserver.local{XI}",
    )
    items = ld["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, 11))
    assert [i["item"]["name"] for i in items] == [e["title"] for e in api]
    assert {i["item"]["@type"] for i in items} == {"Event"}
    summit = next(i["item"] for i in items if i["item"]["@id"].endswith(event_id("summit")))
    assert summit["startDate"] == "2021-12-15T11:07:00+03:00"
    assert summit["citation"][0]["publisher"] == {"@type": "Organization", "name": "TASS"}


def test_the_page_links_its_oembed_endpoint_in_both_formats(reader):
    doc = parse(page(reader).text)
    json_link, xml_link = doc.find_all("link", rel="alternate")
    formats = [(json_link, "application/json+oembed", "json"), (xml_link, "text/xml+oembed", "xml")]
    for link, kind, name in formats:
        assert link.attrs["type"] == kind
        href = urlsplit(link.attrs["href"])
        assert (href.scheme, href.netloc, href.path) == ("http", "testserver.local", "/oembed")
        assert parse_qs(href.query) == {"url": [f"http://testserver.local{XI}"], "format": [name]}
        followed = reader.get(f"{href.path}?{href.query}")
        assert followed.status_code == 200 and followed.headers["content-type"].startswith(kind.split("+")[0])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "rtl"),
        ("he-IL", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ku-Arab", "rtl"),
        ("en", "ltr"),
        ("ru", "ltr"),
        ("pt-BR", "ltr"),
        ("az-Latn", "ltr"),
        ("ckb", "rtl"),
    ],
)
def test_direction_follows_the_language(language, expected):
    assert direction(language) == expected


def test_right_to_left_timeline_and_theme(client, anon):
    create_timeline(
        client, slug="arabic", title="قمة شي وبوتين", language="ar", theme="dark", filter={"tag": ["summit"]}
    )
    doc = parse(page(anon, "/embed/timelines/arabic").text)
    root = doc.find("html")
    assert (root.attrs["lang"], root.attrs["dir"], root.attrs["data-theme"]) == ("ar", "rtl", "dark")
    assert doc.find("meta", name="color-scheme").attrs["content"] == "dark"
    assert doc.find("h1").text == "قمة شي وبوتين"


def test_readable_dates():
    assert [readable_date(d) for d in ("2021-12-13", "2021-12", "2021", "2021-13", "2021-12~")] == [
        "13 December 2021",
        "December 2021",
        "2021",
        "2021-13",
        "2021-12~",
    ]


# --- escaping --------------------------------------------------------------------------------------


def test_stored_text_is_escaped_everywhere(client, anon, db_url):
    ids = store_xss_timeline(client, db_url)
    html = page(anon, "/embed/timelines/xss").text

    for payload in PAYLOADS:
        assert payload not in html, payload
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in html
    assert not re.search(r"<(img|svg|iframe|object|embed)\b", html, re.I)
    assert re.findall(r"<script\b[^>]*>", html) == ['<script type="application/ld+json">', "<script>"]
    doc = parse(html)
    assert {node.tag for node in doc.iter()} <= ALLOWED_TAGS
    for node in doc.iter():
        assert not [name for name in node.attrs if name.startswith("on")], node.tag
        for name in ("href", "src", "action", "formaction"):
            value = (node.attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:text", "vbscript:")), (node.tag, name, value)
    # The text reads back exactly as stored.
    assert doc.find("title").text == f"{XSS['timeline_title']} · Dateline"
    assert doc.find("h1").text == XSS["timeline_title"]
    assert doc.find("p", "desc").text == XSS["timeline_description"]
    main = doc.find("li", id=f"e-{ids['main']}")
    assert main.find("h2").text == XSS["title"]
    assert main.find("p", "d").text.endswith(f" · {XSS['location']}")
    assert main.kids("article")[0].kids("p")[1].children[0] == XSS["summary"]
    notes = main.find("ol", "fn").kids("li")
    assert notes[0].find("q").text == XSS["quote"]
    assert notes[0].text.startswith(f"{XSS['publisher']}, “{XSS['source_title']}”")
    assert f"({XSS['locator']})" in notes[0].text
    assert notes[0].find("a").attrs["href"].startswith("https://xss.example/")
    # `javascript:` URLs are shown as text, never linked.
    assert [a.text for a in notes[0].find_all("a")] == [f"“{XSS['source_title']}”"]
    assert f"Archived copy: {JS_URL}" in notes[0].text
    assert not notes[1].find_all("a")
    assert f"“{XSS['source_title']}” (javascript:window.__xss=1)" in notes[1].text
    media = main.find("p", "m")
    assert media.find("a").attrs["href"] == XSS["media_url"] and media.find("a").text == XSS["caption"]
    assert media.text == f"Media: {XSS['caption']} — {XSS['credit']}"
    corrected = doc.find("li", id=f"e-{ids['corrected']}")
    assert corrected.find("p", "c").text.endswith(f": {XSS['correction']}")
    assert doc.find("li", id=f"e-{ids['retracted']}").find("p", "x").text == f"Retracted: {XSS['retraction']}"


def test_json_ld_cannot_close_its_script(client, anon, db_url):
    store_xss_timeline(client, db_url)
    html = page(anon, "/embed/timelines/xss").text
    raw, ld = json_ld(html)
    assert "<" not in raw and ">" not in raw
    assert "</script><script>" not in html
    assert ld["name"] == XSS["timeline_title"]
    assert ld["description"] == XSS["timeline_description"]
    first = ld["itemListElement"][0]["item"]
    assert (first["name"], first["description"]) == (XSS["title"], XSS["summary"])
    assert first["citation"][0]["name"] == XSS["source_title"]
    assert "url" not in first["citation"][1]  # the javascript: source URL is left out


def test_a_non_http_media_url_is_text_not_a_link():
    """The API refuses such URLs on the way in; the renderer does not rely on that."""
    now = dt.datetime.now(dt.UTC)
    event = Event(  # a Struct's constructor does not check constraints: as if the database held it
        id=uuid.UUID(int=1),
        newsroom="demo",
        title="t",
        summary=None,
        date="2021",
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 12, 31),
        precision="year",
        approximate=False,
        uncertain=False,
        display="2021",
        location=None,
        tags=[],
        entities=[],
        importance=3,
        status="published",
        retraction_note=None,
        media=Media(url=" JavaScript:alert(1)", caption="A picture"),
        citations=[],
        corrections=[],
        created_at=now,
        updated_at=now,
        version=1,
    )
    html = entry(event, current=False)
    assert not re.search(r"<a\b", html)
    assert "Media: A picture ( JavaScript:alert(1))" in parse(html).text


# --- headers, caching, size ------------------------------------------------------------------------


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_security_headers_and_a_strict_policy(reader):
    response = page(reader)
    html = response.text
    csp = dict(
        (d.split(" ", 1) + [""])[:2]
        for d in (part.strip() for part in response.headers["content-security-policy"].split(";"))
    )
    script = re.search(r"<script>(.*?)</script>", html, re.S)[1]
    style = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    assert csp == {
        "default-src": "'none'",
        "script-src": _hash(script),
        "style-src": _hash(style),
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "frame-ancestors": "*",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "x-frame-options" not in response.headers
    assert response.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=600"
    assert ' style="' not in html  # inline style attributes would need 'unsafe-inline'
    assert not re.search(r"\son[a-z]+=", html)  # nor inline handlers
    oembed = f"<http://testserver.local/oembed?url={quote('http://testserver.local' + XI, safe='')}&format="
    assert response.headers["link"] == (
        f'{oembed}json>; rel="alternate"; type="application/json+oembed", '
        f'{oembed}xml>; rel="alternate"; type="text/xml+oembed"'
    )


def test_etag_and_304(reader):
    first = page(reader)
    etag = first.headers["etag"]
    again = reader.get(XI, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert page(reader).headers["etag"] == etag  # the same data gives the same bytes: no per-response nonce


def test_the_page_weighs_at_most_15_kb_gzip(reader, capsys):
    for path in (XI, DOPING):
        body = page(reader, path).content
        size = len(gzip.compress(body, 9))
        with capsys.disabled():
            print(f"\n{path}: {len(body)} bytes, {size} bytes gzip (budget {BUDGET})")
        assert size <= BUDGET


def test_a_full_page_of_events_stays_within_budget(client, anon):
    store_long_timeline(client, PAGE_SIZE + 5)
    body = page(anon, "/embed/timelines/long").content
    assert len(gzip.compress(body, 9)) <= BUDGET


# --- drafts and pages ------------------------------------------------------------------------------


def test_a_draft_timeline_is_404_for_everyone(client, anon):
    create_timeline(client, slug="secret", title="Not yet", status="draft", filter={"tag": ["summit"]})
    assert client.get("/v1/timelines/secret").status_code == 200  # the owner sees it in the API
    for who in (anon, client):  # the embed is public: no preview through it
        response = who.get("/embed/timelines/secret")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (
        anon.get("/oembed", params={"url": "http://testserver.local/embed/timelines/secret"}).status_code
        == 404
    )
    assert anon.get("/embed/timelines/no-such-timeline").status_code == 404


def test_a_long_timeline_pages_with_and_without_javascript(client, anon):
    ids = store_long_timeline(client, PAGE_SIZE + 5)
    doc = parse(page(anon, "/embed/timelines/long").text)
    listing = doc.find("ol", "tl")
    assert [li.attrs["id"] for li in listing.kids("li")] == [f"e-{i}" for i in ids[:PAGE_SIZE]]
    assert listing.attrs["data-api"] == "/v1/timelines/long/events"
    assert listing.attrs["data-limit"] == str(PAGE_SIZE) and listing.attrs["data-prev"] == ""
    # The script's request: the JSON API accepts the page's cursor.
    api = anon.get(
        listing.attrs["data-api"], params={"limit": PAGE_SIZE, "cursor": listing.attrs["data-next"]}
    )
    assert api.status_code == 200, api.text
    assert [e["id"] for e in api.json()["items"]] == ids[PAGE_SIZE:]
    # Without JavaScript: the page's own link to the next page.
    later = doc.find("a", "more", rel="next")
    assert later.text == "Later events"
    nxt = parse(
        page(anon, urlsplit(later.attrs["href"]).path + "?" + urlsplit(later.attrs["href"]).query).text
    )
    assert [li.attrs["id"] for li in nxt.find("ol", "tl").kids("li")] == [f"e-{i}" for i in ids[PAGE_SIZE:]]
    earlier = nxt.find("a", "more", rel="prev")
    assert earlier.text == "Earlier events"
    assert not nxt.find_all("a", "more", rel="next")
    assert anon.get("/embed/timelines/long", params={"cursor": "nonsense"}).status_code == 400


def test_newest_and_a_date_open_on_the_page_holding_them(client, anon):
    ids = store_long_timeline(client, 60, slug="tail", start_at="newest")
    doc = parse(page(anon, "/embed/timelines/tail").text)
    entries = [li.attrs["id"] for li in entry_items(doc)]
    assert entries[-1] == f"e-{ids[-1]}" and doc.find("ol", "tl").attrs["data-prev"]
    # The page opens at its only entry: the earlier ones are on earlier pages, linked in the folded notice.
    assert entries == [f"e-{ids[-1]}"]
    notice = doc.find("li", "earlier")
    assert notice.find("summary").text == f"{len(ids) - 1} earlier entries"  # those of earlier pages too
    assert (
        notice.find("a", "more", rel="prev")
        .attrs["href"]
        .startswith("http://testserver.local/embed/timelines/tail?cursor=")
    )
    assert articles(doc)[-1].attrs["tabindex"] == "0"
    patched = client.patch("/v1/timelines/tail", json={"start_at": "2001-01-20"})  # the 20th event
    assert patched.status_code == 200, patched.text
    doc = parse(page(anon, "/embed/timelines/tail").text)
    current = [a for a in articles(doc) if a.attrs["tabindex"] == "0"]
    assert current[0].find("time").attrs["datetime"] == "2001-01-20"
    entries = [li.attrs["id"] for li in entry_items(doc)]
    assert entries == [f"e-{i}" for i in ids[19 : 19 + PAGE_SIZE]]
    assert doc.find("ol", "tl").attrs["data-prev"] and doc.find("ol", "tl").attrs["data-next"]
    assert doc.find("summary").text == "19 earlier entries"


def _members_before(anon: TestClient, slug: str, day: str) -> int:
    """How many of the timeline's events the JSON API lists before the first on or after `day`."""
    items = anon.get(f"/v1/timelines/{slug}/events", params={"limit": 200}).json()["items"]
    return next(n for n, event in enumerate(items) if event["start"] >= day)


# (what is added, whose key writes it, does it join the members before the opening entry)
ADDITIONS = [
    pytest.param({"date": "2001-01-05", "status": "published"}, "own", True, id="published-before"),
    pytest.param({"date": "2001-01-05", "status": "retracted"}, "own", True, id="retracted-before"),
    pytest.param({"date": "2001-02-19", "status": "published"}, "own", True, id="published-the-day-before"),
    pytest.param({"date": "2001-01-05", "status": "draft"}, "own", False, id="draft-before"),
    pytest.param({"date": "2001-01-05", "status": "published"}, "other", False, id="other-newsroom-before"),
    pytest.param(
        {"date": "2001-01-05", "status": "published", "tags": ["elsewhere"]},
        "own",
        False,
        id="not-a-member-before",
    ),
]


@pytest.mark.parametrize(("added", "writer", "joins"), ADDITIONS)
def test_the_notice_counts_every_earlier_entry_of_a_long_timeline(client, anon, db_url, added, writer, joins):
    """A timeline of several pages opened at a date: the notice counts the members before the opening
    entry on every earlier page, as the public sees them, whoever asks; the count (and the ETag) change
    with a published or retracted member before it, never with a draft or another newsroom's event."""
    store_long_timeline(client, 70, slug="count", start_at="2001-02-20")
    path = "/embed/timelines/count"
    other = {"Authorization": f"Bearer {create_key(db_url, 'other', 'admin')}"}
    callers = {
        "anonymous": {},
        "other newsroom": other,
        "own": {"Authorization": client.headers["Authorization"]},
    }
    expected = _members_before(anon, "count", "2001-02-20")
    assert expected > PAGE_SIZE  # more than one page of them: most are not in this page
    before = page(anon, path)
    for caller, headers in callers.items():
        doc = parse(page(anon, path, headers=headers).text)
        assert doc.find("summary").text == f"{expected} earlier entries", caller
        assert doc.find("ol", "tl").attrs["data-before"] == str(expected), caller
        assert len(doc.find("ol", "early").kids("li")) < expected  # the rest are on earlier pages

    fields = {"title": "Added", "tags": ["count"], **added}
    if writer == "own":
        event = create_event(
            client, **{**fields, "status": fields["status"].replace("retracted", "published")}
        )
    else:
        with TestClient(create_app(app_settings(db_url)), base_url="http://testserver.local") as theirs:
            theirs.headers.update(other)
            source = {"url": "https://other.example/story", "title": "Their story"}
            event = create_event(theirs, **fields, citations=[{"source": source, "quote": "A passage."}])
    if added["status"] == "retracted":
        gone = client.patch(
            f"/v1/events/{event['id']}", json={"status": "retracted", "retraction_note": "Wrong."}
        )
        assert gone.status_code == 200, gone.text

    after = page(anon, path)
    count = expected + joins
    assert _members_before(anon, "count", "2001-02-20") == count
    for headers in callers.values():
        assert (
            parse(page(anon, path, headers=headers).text).find("summary").text == f"{count} earlier entries"
        )
    assert (after.headers["etag"] != before.headers["etag"]) is joins
    assert anon.get(path, headers={"If-None-Match": before.headers["etag"]}).status_code == (
        200 if joins else 304
    )


# --- oEmbed ----------------------------------------------------------------------------------------


def test_oembed_answers_rich_json(reader):
    response = reader.get("/oembed", params={"url": f"http://testserver.local{XI}", "format": "json"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["etag"] and response.headers["cache-control"].startswith("public")
    body = response.json()
    assert {k: body[k] for k in ("version", "type", "provider_name", "provider_url", "width", "height")} == {
        "version": "1.0",
        "type": "rich",
        "provider_name": "Dateline",
        "provider_url": "http://testserver.local/",
        "width": 640,
        "height": 720,
    }
    assert body["title"] == "The Xi–Putin virtual summit, December 2021"
    iframe = parse(body["html"]).find("iframe")
    assert iframe.attrs["src"] == f"http://testserver.local{XI}"
    assert (iframe.attrs["width"], iframe.attrs["height"]) == ("640", "720")
    assert iframe.attrs["title"] == body["title"]
    assert (
        reader.get("/oembed", params={"url": f"http://testserver.local{XI}"}).json() == body
    )  # json by default


def test_oembed_honours_maxwidth_and_maxheight(reader):
    def size(**params) -> tuple[int, int]:
        body = reader.get("/oembed", params={"url": f"http://testserver.local{XI}", **params}).json()
        iframe = parse(body["html"]).find("iframe")
        assert (iframe.attrs["width"], iframe.attrs["height"]) == (str(body["width"]), str(body["height"]))
        return body["width"], body["height"]

    assert size(maxwidth=320) == (320, 720)
    assert size(maxheight=400) == (640, 400)
    assert size(maxwidth=300, maxheight=200) == (300, 200)
    assert size(maxwidth=5000, maxheight=5000) == (640, 720)


@pytest.mark.parametrize(
    "url",
    [
        "https://other.example/embed/timelines/xi-putin-summit",  # any host
        "http://127.0.0.1:8000/embed/timelines/xi-putin-summit/",
        "https://news.example/dateline/embed/timelines/xi-putin-summit?utm_source=x",
    ],
)
def test_oembed_takes_the_embed_path_on_any_host(reader, url):
    response = reader.get("/oembed", params={"url": url})
    assert response.status_code == 200, response.text
    assert parse(response.json()["html"]).find("iframe").attrs["src"] == f"http://testserver.local{XI}"


@pytest.mark.parametrize(
    "url",
    [
        "http://testserver.local/embed/timelines/no-such-timeline",
        "http://testserver.local/v1/timelines/xi-putin-summit",
        "http://testserver.local/embed/events/xi-putin-summit",
        "ftp://testserver.local/embed/timelines/xi-putin-summit",
        "javascript:alert(1)//embed/timelines/xi-putin-summit",
        "/embed/timelines/xi-putin-summit",
        "not a url",
    ],
)
def test_oembed_404_for_urls_that_are_not_embeds(reader, url):
    response = reader.get("/oembed", params={"url": url})
    assert response.status_code == 404, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"url": ""},
        {"url": f"http://testserver.local{XI}", "maxwidth": "0"},
        {"url": f"http://testserver.local{XI}", "maxwidth": "wide"},
        {"url": f"http://testserver.local{XI}", "maxheight": "-5"},
        {"url": f"http://testserver.local{XI}", "format": "yaml"},
        {"url": "http://[::1/embed/timelines/x"},
    ],
)
def test_oembed_400_for_bad_parameters(reader, params):
    response = reader.get("/oembed", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["status"] == 400


def test_absolute_urls_use_public_url_when_set(db_url):
    settings = app_settings(db_url, public_url="https://timelines.example.org/dl/")
    with TestClient(create_app(settings), base_url="http://internal.local:8000") as client:
        html = page(client).text
        body = client.get("/oembed", params={"url": f"http://internal.local:8000{XI}"}).json()
    base = "https://timelines.example.org/dl"
    assert parse(body["html"]).find("iframe").attrs["src"] == f"{base}{XI}"
    assert body["provider_url"] == f"{base}/"
    doc = parse(html)
    assert (
        doc.find("link", rel="alternate").attrs["href"]
        == f"{base}/oembed?url={quote(base + XI, safe='')}&format=json"
    )
    assert json_ld(html)[1]["url"] == f"{base}{XI}"
    assert doc.find("ol", "tl").attrs["data-api"] == "/dl/v1/timelines/xi-putin-summit/events"
    assert "internal" not in html


def test_without_public_url_the_request_host_is_used(reader):
    html = page(reader, headers={"Host": "news.example:8443"}).text
    assert json_ld(html)[1]["url"] == f"http://news.example:8443{XI}"
    body = reader.get(
        "/oembed", params={"url": f"https://x.example{XI}"}, headers={"Host": "news.example"}
    ).json()
    assert parse(body["html"]).find("iframe").attrs["src"] == f"http://news.example{XI}"
