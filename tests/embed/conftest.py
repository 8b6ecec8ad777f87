"""What the embed tests share: a small HTML tree (stdlib parser), a timeline whose every stored text is
an XSS payload, and a timeline longer than one page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from html.parser import HTMLParser

from litestar.testing import TestClient

from service.demo.seed import demo_id
from tests.conftest import fetch

# Payloads as stored text. Those setting `window.__xss` let a browser test see that nothing ran.
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
SVG = '"><svg onload=alert(1)>'
BREAKOUT = "</script><script>alert(1)</script>"
IMG_FLAG = '<img src=x onerror="window.__xss=1">'
SVG_FLAG = "'><svg/onload=window.__xss=1>"
BREAKOUT_FLAG = "</script><script>window.__xss=1</script>"
JS_URL = "javascript:alert(1)"
PAYLOADS = [IMG, SCRIPT, SVG, BREAKOUT, IMG_FLAG, SVG_FLAG, BREAKOUT_FLAG]

XSS = {
    "timeline_title": f"Timeline {IMG_FLAG}",
    "timeline_description": f"About {BREAKOUT_FLAG} and {SCRIPT}",
    "title": f"{IMG} {IMG_FLAG}",
    "summary": f"{SCRIPT} {BREAKOUT_FLAG} {SVG}",
    "location": f"{SVG_FLAG} Moscow",
    "source_title": f"{BREAKOUT} {SVG_FLAG}",
    "publisher": f"{SVG} {IMG_FLAG}",
    "quote": f"{SVG} {SVG_FLAG} {BREAKOUT}",
    "locator": IMG,
    "caption": IMG_FLAG,
    "credit": SVG,
    "correction": f"Fixed {IMG_FLAG}",
    "retraction": f"Withdrawn {SCRIPT} {IMG_FLAG}",
    # Valid http(s) URLs by the API's rules, yet full of quotes and markup.
    "source_url": 'https://xss.example/a?q=%22%3E&x="><img/src/onerror=window.__xss=1>',
    "media_url": "https://media.example/p?\"'><svg/onload=window.__xss=1>",
}


class Node:
    """An element of the parsed page: tag, attributes, children (nodes and text)."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in (node.attrs.get("class") or "").split())
            and all(node.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls} {attrs}>"
        return found[0]

    def kids(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)


VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"stray </{tag}>"
        self.at = node.parent or self.root

    def handle_data(self, data: str) -> None:
        self.at.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def source_id(key: str) -> str:
    return str(demo_id("source", key))


def event_id(key: str) -> str:
    return str(demo_id("event", key))


def create_event(client: TestClient, **fields: object) -> dict:
    body = {"title": "An event", "date": "2021-12-15", "status": "published",
            "citations": [{"source_id": source_id("dispatch"), "quote": "A passage."}], **fields}  # fmt: skip
    response = client.post("/v1/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def create_timeline(client: TestClient, **fields: object) -> dict:
    response = client.post("/v1/timelines", json={"status": "published", **fields})
    assert response.status_code == 201, response.text
    return response.json()


def store_xss_timeline(client: TestClient, db_url: str) -> dict[str, str]:
    """Timeline `xss`: an event whose every text is a payload, a corrected one and a retracted one;
    a source whose URL and archive URL are `javascript:` (written straight to the database, as the
    API refuses them) is cited for context. Returns the ids."""
    fields = {"url": XSS["source_url"], "title": XSS["source_title"], "publisher": XSS["publisher"],
              "published": "2021-12"}  # fmt: skip
    source = client.post("/v1/sources", json=fields)
    assert source.status_code == 201, source.text
    bad = client.post("/v1/sources", json={"url": "https://bad.example/", "title": XSS["source_title"]})
    assert bad.status_code == 201, bad.text
    fetch(
        db_url,
        "UPDATE sources SET url = $2, archive_url = $3 WHERE id = $1",
        uuid.UUID(bad.json()["id"]),
        "javascript:window.__xss=1",
        JS_URL,
    )
    fetch(db_url, "UPDATE sources SET archive_url = $2 WHERE id = $1", uuid.UUID(source.json()["id"]), JS_URL)
    citations = [
        {"source_id": source.json()["id"], "quote": XSS["quote"], "locator": XSS["locator"]},
        {"source_id": bad.json()["id"], "quote": XSS["quote"], "stance": "disputes"},
    ]
    main = create_event(
        client,
        title=XSS["title"],
        summary=XSS["summary"],
        date="2021-12-15",
        tags=["xss"],
        location={"name": XSS["location"], "country": "RU"},
        citations=citations,
        media={"url": XSS["media_url"], "caption": XSS["caption"], "credit": XSS["credit"]},
    )
    corrected = create_event(client, title=XSS["title"], date="2021-12-16", tags=["xss"])
    fix = {"summary": XSS["summary"], "correction": True, "change_note": XSS["correction"]}
    fixed = client.patch(f"/v1/events/{corrected['id']}", json=fix)
    assert fixed.status_code == 200, fixed.text
    retracted = create_event(client, title=XSS["title"], date="2021-12-17", tags=["xss"])
    gone = client.patch(
        f"/v1/events/{retracted['id']}", json={"status": "retracted", "retraction_note": XSS["retraction"]}
    )
    assert gone.status_code == 200, gone.text
    create_timeline(
        client,
        slug="xss",
        title=XSS["timeline_title"],
        description=XSS["timeline_description"],
        filter={"tag": ["xss"]},
    )
    return {"main": main["id"], "corrected": corrected["id"], "retracted": retracted["id"]}


def store_long_timeline(client: TestClient, count: int, slug: str = "long", **fields: object) -> list[str]:
    """Timeline `slug` of `count` published events, one a day from 1 January 2001; their ids in order."""
    ids = []
    for n in range(count):
        day = f"2001-{1 + n // 28:02d}-{1 + n % 28:02d}"
        ids.append(create_event(client, title=f"Event number {n + 1}", date=day, tags=[slug])["id"])
    create_timeline(
        client, slug=slug, title=f"A long timeline ({count} events)", filter={"tag": [slug]}, **fields
    )
    return ids
