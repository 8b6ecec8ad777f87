"""The embed page: one small document, hand-built with `markup` rather than templated, so that every
piece of stored text is escaped by default. `embed.js` builds the entries it lazy-loads with the same
markup (a browser test compares the two), so both change together.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from importlib.resources import files
from urllib.parse import quote

import msgspec

from service.embed.linked_data import json_ld
from service.embed.markup import Html, json_for_script, link, machine_date, tag, void, when
from service.events.schemas import Citation, Event
from service.timelines.schemas import Timeline


def footnote(event_id: str, number: int, citation: Citation) -> Html:
    source = citation.source
    title = f"“{source.title}”"
    archive = None
    if source.archive_url:
        archive = link(source.archive_url, "Archived copy") or f"Archived copy: {source.archive_url}"
    return tag(
        "li",
        {"id": f"f-{event_id}-{number}", "class": citation.stance, "dir": "auto"},
        tag("span", {"class": "st"}, citation.stance) if citation.stance != "supports" else None,
        f"{source.publisher}, " if source.publisher else None,
        link(source.url, title, source.language) or f"{title} ({source.url})",
        ", " if source.published else None,
        when(source.published) if source.published else None,
        ". ",
        tag("q", {"dir": "auto", "lang": source.language}, citation.quote),
        f" ({citation.locator})" if citation.locator else None,
        " " if archive else None,
        archive,
    )


def entry(event: Event, *, current: bool) -> Html:
    """One event: date, title, summary with its footnote marks, notes, and the numbered sources."""
    eid = str(event.id)
    cites = event.citations
    refs = None
    if cites:
        marks: list[object] = []
        for n in range(1, len(cites) + 1):
            marks += ["," if n > 1 else None, tag("a", {"href": f"#f-{eid}-{n}"}, str(n))]
        refs = tag("sup", {"class": "r"}, *marks)
    kids: list[object] = [
        tag(
            "p",
            {"class": "d"},
            tag("time", {"datetime": machine_date(event), "dir": "auto"}, event.display),
            f" · {event.location.name}" if event.location else None,
        ),
        tag("h2", {"id": f"t-{eid}", "dir": "auto"}, event.title, None if event.summary else refs),
    ]
    if event.status == "retracted":
        note = f": {event.retraction_note}" if event.retraction_note else "."
        kids.append(tag("p", {"class": "x", "dir": "auto"}, tag("strong", {}, "Retracted"), note))
    if event.summary:
        kids.append(tag("p", {"dir": "auto"}, event.summary, refs))
    if event.media:
        media = event.media
        label = media.caption or media.alt_text or "View"
        shown = link(media.url, label) or f"{label} ({media.url})"
        credit = f" — {media.credit}" if media.credit else None
        kids.append(tag("p", {"class": "m", "dir": "auto"}, "Media: ", shown, credit))
    for fix in event.corrections:
        day = fix.at.date().isoformat()
        kids.append(tag("p", {"class": "c", "dir": "auto"}, "Corrected on ", when(day), f": {fix.note}"))
    if cites:
        notes = [footnote(eid, n, c) for n, c in enumerate(cites, 1)]
        kids.append(tag("ol", {"class": "fn", "aria-label": "Sources"}, *notes))
    article = tag("article", {"tabindex": "0" if current else "-1", "aria-labelledby": f"t-{eid}"}, *kids)
    return tag("li", {"id": f"e-{eid}"}, article)


# Right-to-left scripts: by language (primary subtag) or by an explicit script subtag.
_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "nqo", "ps", "sd", "syr",
                  "ug", "ur", "yi"}  # fmt: skip
_RTL_SCRIPTS = {"adlm", "arab", "hebr", "nkoo", "rohg", "syrc", "thaa"}
_LTR_SCRIPTS = {"latn", "cyrl"}


def direction(language: str) -> str:
    """`rtl` for a right-to-left language or script (`ar`, `he-IL`, `ku-Arab`), else `ltr`."""
    primary, *rest = language.lower().split("-")
    scripts = {part for part in rest if len(part) == 4}
    if scripts & _RTL_SCRIPTS:
        return "rtl"
    return "rtl" if primary in _RTL_LANGUAGES and not scripts & _LTR_SCRIPTS else "ltr"


def _asset(name: str) -> str:
    return files("service.embed").joinpath(name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


STYLE = _asset("embed.css")
SCRIPT = _asset("embed.js")
# The page's own style and script are static, so the policy names their hashes instead of a nonce
# per response: the same data gives the same bytes, and ETags and 304s keep working.
CSP = "; ".join(
    [
        "default-src 'none'",
        f"script-src {_sha256(SCRIPT)}",
        f"style-src {_sha256(STYLE)}",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors *",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)


OEMBED_FORMATS = [("json", "application/json"), ("xml", "text/xml")]


class Page(msgspec.Struct, kw_only=True, frozen=True):
    """What one embed page shows, and where its links point."""

    timeline: Timeline
    events: list[Event]
    page_url: str  # the embed's absolute URL, without a cursor
    oembed_query: str  # the oEmbed endpoint's URL for this page, without `format`
    api_path: str  # the timeline's events in the JSON API, on this page's own origin
    limit: int
    next_cursor: str | None
    prev_cursor: str | None
    current: str | None  # id of the entry the page opens at; None: the top
    before: int | None = None  # the timeline's entries before `current`, when there are earlier pages
    theme: str | None = None  # `?theme=`: this embed's theme instead of the timeline's

    def oembed_links(self) -> list[tuple[str, str]]:
        """(media type, URL) of the oEmbed answer in each format, as the page and its `Link` name them."""
        return [(f"{fmt}+oembed", f"{self.oembed_query}&format={name}") for name, fmt in OEMBED_FORMATS]


def _more(page: Page, direction_: str, cursor: str | None, text: str) -> Html | None:
    if not cursor:
        return None
    theme = f"&theme={page.theme}" if page.theme else ""
    return tag(
        "a",
        {
            "class": "more",
            "rel": direction_,
            "data-dir": direction_,
            "href": f"{page.page_url}?cursor={quote(cursor, safe='')}{theme}",
        },
        text,
    )


def earlier_label(count: int, more: bool) -> str:
    """The notice above the entry a page opens at; embed.js writes the same once it loads earlier pages."""
    if not count:
        return "Earlier entries"
    return f"{count} earlier entr{'ies' if count > 1 else 'y'}{' and more' if more else ''}"


def _earlier(page: Page, on_page: int) -> str:
    """The exact count when earlier pages were counted; else this page's, "and more" if there are others
    (a timeline grown past its bound since it was written)."""
    if page.before is not None:
        return earlier_label(page.before, False)
    return earlier_label(on_page, bool(page.prev_cursor))


def _folded_before(page: Page) -> int | None:
    """How many entries precede the one the page opens at, when there are any to fold (on this page or on
    earlier ones); None when the page opens at the top."""
    at = next((n for n, event in enumerate(page.events) if str(event.id) == page.current), None)
    return at if at or (at == 0 and page.prev_cursor) else None


def _entries(page: Page, items: list[Html]) -> list[Html]:
    """The list's items. A page that opens at an entry after its first shows that entry first, under the
    notice "N earlier entries": the earlier ones stay in the page, folded in a `<details>` above it. So
    the first paint is already where the page opens, without script and without scrolling (which left
    headless screenshots blank), and the title above it is in view."""
    at = _folded_before(page)
    if at is None:
        return items
    folded = tag(
        "details",
        {},
        tag("summary", {}, _earlier(page, at)),
        _more(page, "prev", page.prev_cursor, "Earlier events"),
        tag("ol", {"class": "tl early", "aria-label": "Earlier events"}, *items[:at]),  # embed.js adds to it
    )
    return [tag("li", {"class": "earlier"}, folded), *items[at:]]


COLOR_SCHEMES = {"light": "light", "dark": "dark", "auto": "light dark"}
FOOTER = "Every entry is footnoted with the sources that back it. Made with Dateline."


def render(page: Page) -> bytes:
    """The whole document. The same data gives the same bytes (hashes in the CSP, no nonce), so the page
    can be cached and revalidated like any other GET."""
    timeline = page.timeline
    linked_data = json_for_script(json_ld(timeline, page.events, page.page_url))
    current = page.current or (str(page.events[0].id) if page.events else None)
    items = [entry(event, current=str(event.id) == current) for event in page.events]
    theme = page.theme or timeline.theme
    head: Iterable[object] = (
        void("meta", {"charset": "utf-8"}),
        void("meta", {"name": "viewport", "content": "width=device-width,initial-scale=1"}),
        void("meta", {"name": "color-scheme", "content": COLOR_SCHEMES[theme]}),
        tag("title", {}, f"{timeline.title} · Dateline"),
        void("link", {"rel": "icon", "href": "data:,"}),  # no request for /favicon.ico
        *(
            void("link", {"rel": "alternate", "type": kind, "href": href, "title": timeline.title})
            for kind, href in page.oembed_links()
        ),
        tag("style", {}, Html(STYLE)),
        tag("script", {"type": "application/ld+json"}, linked_data),
    )
    # The header holds the title alone: it stays in view (sticky) wherever the reader is in the list.
    header = tag("header", {}, tag("h1", {"dir": "auto"}, timeline.title))
    intro = (
        tag("p", {"class": "desc", "dir": "auto"}, timeline.description) if timeline.description else None,
        tag(
            "p",
            {"id": "kb", "class": "hint", "dir": "auto", "hidden": True},
            "Keys: ↑ ↓ or j k move between events; Home and End go to the first and last.",
        ),
    )
    folded = _folded_before(page) is not None
    listing = tag(
        "ol",
        {
            "class": "tl",
            "aria-label": "Events",
            "data-api": page.api_path,
            "data-limit": page.limit,
            "data-next": page.next_cursor or "",
            "data-prev": page.prev_cursor or "",
            "data-at": "1" if page.current else None,
            "data-before": page.before if page.prev_cursor else None,
        },
        *_entries(page, items),
    )
    main = tag(
        "main",
        {},
        None if folded else _more(page, "prev", page.prev_cursor, "Earlier events"),
        listing if items else tag("p", {}, "No events yet."),
        _more(page, "next", page.next_cursor, "Later events"),
    )
    footer = tag("footer", {"dir": "auto"}, FOOTER)
    body = tag("body", {}, header, *intro, main, footer, tag("script", {}, Html(SCRIPT)))
    document = tag(
        "html",
        {"lang": timeline.language, "dir": direction(timeline.language), "data-theme": theme},
        tag("head", {}, *head),
        body,
    )
    return ("<!doctype html>\n" + document).encode()
