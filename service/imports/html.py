"""TimelineJS text is HTML: its plain text, and the sources it quotes the way our TimelineJS export does.

A `<q cite="https://…">passage</q>` is a quotation of the page at that URL (HTML's own meaning of
`cite`): it becomes a citation, its stance from `data-stance` (default `supports`), its locator from
`data-locator`, its source titled by the text of a link to the same URL, or by the URL itself. The
summary is the text outside our exports' source list and notes (`class="dateline-…"`).
"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser
from typing import Any

from service.exports.timelinejs import NOTE_CLASS, SOURCES_CLASS

_STANCES = {"supports", "disputes", "context"}


class _Text(HTMLParser):
    """Plain text of TimelineJS HTML, the `<q cite>` quotes in it, and the link text of each URL."""

    _BLOCKS = {"p", "div", "li", "ol", "ul", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
    _VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "track"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.quotes: list[dict[str, Any]] = []
        self.link_titles: dict[str, str] = {}
        self._skip_depth = 0  # inside our exports' source list or notes
        self._stack: list[tuple[str, bool]] = []
        self._quote: dict[str, Any] | None = None
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self._VOID:
            if tag == "br" and not self._skip_depth:
                self.paragraphs[-1].append("\n")
            return
        ours = bool({SOURCES_CLASS, NOTE_CLASS} & set(a.get("class", "").split()))
        self._stack.append((tag, ours))
        self._skip_depth += ours
        if tag in self._BLOCKS:
            self.paragraphs.append([])
        if tag == "q" and a.get("cite", "").startswith(("http://", "https://")):
            self._quote = {"url": a["cite"], "text": [], "stance": a.get("data-stance"),
                           "locator": a.get("data-locator")}  # fmt: skip
        if tag == "a" and a.get("href", "").startswith(("http://", "https://")):
            self._link = (a["href"], [])

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self._stack):
            return  # a stray end tag, or a void element written `<br/>`
        while True:  # close what was left open inside it, as a browser would
            open_tag, ours = self._stack.pop()
            self._skip_depth -= ours
            if open_tag == tag:
                break
        if tag in self._BLOCKS:
            self.paragraphs.append([])
        if tag == "q" and self._quote is not None:
            self.quotes.append(self._quote)
            self._quote = None
        if tag == "a" and self._link is not None:
            url, words = self._link
            self.link_titles.setdefault(url, " ".join("".join(words).split()))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._quote is not None:
            self._quote["text"].append(data)
        if self._link is not None:
            self._link[1].append(data)
        if not self._skip_depth:
            self.paragraphs[-1].append(data)

    def summary(self) -> str:
        blocks = []
        for words in self.paragraphs:
            lines = "".join(words).split("\n")
            block = "\n".join(" ".join(line.split()) for line in lines).strip()
            if block:
                blocks.append(block)
        return "\n\n".join(blocks)


def plain(html: str | None) -> str:
    """One line of plain text from TimelineJS HTML (a headline, a caption)."""
    if not html:
        return ""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.summary().split()) if "<" in html else " ".join(unescape(html).split())


def text_parts(html: str) -> tuple[str, list[dict[str, Any]]]:
    """The summary and the citations an event's HTML text quotes."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    citations = []
    for q in parser.quotes:
        quote = " ".join("".join(q["text"]).split())
        if not quote:
            continue
        title = parser.link_titles.get(q["url"]) or q["url"]
        citation: dict[str, Any] = {"source": {"url": q["url"], "title": title[:300]}, "quote": quote[:2000]}
        if q["stance"] in _STANCES:
            citation["stance"] = q["stance"]
        if q["locator"]:
            citation["locator"] = q["locator"][:500]
        citations.append(citation)
    return parser.summary(), citations
