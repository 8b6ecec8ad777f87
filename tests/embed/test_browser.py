"""The embed in a real headless Chromium (Debian's `chromium`, driven by Playwright) against the real
server: entries in date order with footnotes, keyboard navigation, opening at `start_at`, no
horizontal scroll at 320 px, stored XSS payloads that run nothing, no request outside the page's
origin, and lazy loading of further pages (whose entries the script builds exactly as the server does).

Playwright's own browser downloads are never used (`playwright install` is not needed): `.ci/run`
installs Debian's chromium when it is missing.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.embed.service import PAGE_SIZE
from tests.embed.conftest import XSS, create_event, create_timeline, store_long_timeline, store_xss_timeline

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
# The screenshots in docs/ are refreshed only on request (DATELINE_UPDATE_SCREENSHOTS=1), so a test
# run leaves the tree as it found it; otherwise they go to a temporary folder and are still taken.
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module", autouse=True)
def chromium_present() -> None:
    """A missing browser is a failure, not a skip: .ci/run installs Debian's chromium."""
    assert CHROMIUM.exists(), "needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium"


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return DOCS if os.environ.get("DATELINE_UPDATE_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("shots")


# The entries as the reader sees them: the date's datetime, the title (without footnote marks),
# and the number of footnotes.
ENTRIES_JS = """() => [...document.querySelectorAll('.tl>li>article')].map(a => [
  a.closest('li').id, a.querySelector('.d time').getAttribute('datetime'),
  a.querySelector('h2').firstChild.textContent, a.querySelectorAll('.fn>li').length])"""


class Tab:
    """A page in its own context, recording every request, console message, error and dialog."""

    def __init__(
        self, browser: Any, width: int = 800, height: int = 900, scheme: str = "light", scripts: bool = True
    ) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, java_script_enabled=scripts
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, url: str) -> Any:
        response = self.page.goto(url)
        assert response.status == 200, response.status
        return self.page

    def quiet(self) -> None:
        """Nothing went wrong: no script error, no console output (a CSP violation logs an error)."""
        assert self.errors == [] and self.console == [] and self.dialogs == []

    def close(self) -> None:
        self.context.close()


# An entry's markup, less the roving tabindex (the first entry of a served page is the one in the tab order).
OUTER = "document.getElementById('e-%s').outerHTML.replace(/ tabindex=\"-?[01]\"/, '')"


@pytest.fixture
def tab(live_server: str) -> Iterator[Any]:
    """Opens tabs in a Chromium started on first use, so after the test has stored its data: Playwright's
    sync API keeps an event loop running in this thread, where the fixtures' `asyncio.run` cannot run.
    Depending on `live_server` makes it close before the server stops and the database is dropped."""
    from playwright.sync_api import sync_playwright

    started: dict[str, Any] = {}
    tabs: list[Tab] = []

    def make(**kwargs: Any) -> Tab:
        if not started:
            started["playwright"] = sync_playwright().start()
            started["browser"] = started["playwright"].chromium.launch(
                executable_path=str(CHROMIUM), args=ARGS
            )
        tabs.append(Tab(started["browser"], **kwargs))
        return tabs[-1]

    yield make
    for opened in tabs:
        opened.close()
    if started:
        started["browser"].close()
        started["playwright"].stop()


def api_events(base: str, slug: str) -> list[dict]:
    url = f"{base}/v1/timelines/{slug}/events?limit=200"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own test server
        return json.load(response)["items"]


def wait_until(page: Any, expression: str, timeout: float = 10.0) -> None:
    """Poll an expression (the page's CSP forbids the eval that `wait_for_function` uses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def no_horizontal_scroll(page: Any) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], widths


def same_origin(base: str, urls: list[str]) -> list[str]:
    return [url for url in urls if not (url.startswith(base + "/") or url.startswith("data:"))]


def test_demo_timeline_renders_in_date_order_with_footnotes(live_server, tab, shots):
    api = api_events(live_server, "xi-putin-summit")
    light = tab(width=640, height=900)
    page = light.open(f"{live_server}/embed/timelines/xi-putin-summit")
    entries = page.evaluate(ENTRIES_JS)
    assert [e[0] for e in entries] == [f"e-{e['id']}" for e in api]
    assert [e[2] for e in entries] == [e["title"] for e in api]
    assert [e[3] for e in entries] == [len(e["citations"]) for e in api]
    assert [e["start"] for e in api] == sorted(e["start"] for e in api)
    assert page.is_visible("#kb")  # the script ran and offers its keys
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=str(shots / "embed-xi-putin-summit.png"), full_page=True)
    light.quiet()

    dark = tab(width=640, height=900, scheme="dark")
    page = dark.open(f"{live_server}/embed/timelines/xi-putin-summit")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(20, 20, 20)"  # theme auto
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=str(shots / "embed-xi-putin-summit-dark.png"), full_page=True)
    dark.quiet()
    assert same_origin(live_server, light.requests + dark.requests) == []


def test_it_opens_at_start_at_and_the_keyboard_moves_between_entries(live_server, tab):
    opened = tab(width=640, height=500)
    page = opened.open(f"{live_server}/embed/timelines/xi-putin-summit")
    ids = [e[0] for e in page.evaluate(ENTRIES_JS)]

    def focused() -> str | None:
        return page.evaluate(
            "(() => { const a = document.activeElement; return a && a.tagName === 'ARTICLE' ?"
            " a.closest('li').id : null })()"
        )

    # start_at 2021-12-15: the first entry of that day is focused, and shown first without any scrolling,
    # under the title and the folded earlier entries.
    start = focused()
    assert page.evaluate(
        f"document.getElementById('{start}').querySelector('time').getAttribute('datetime')"
    ) == ("2021-12-15")
    assert page.evaluate("scrollY") == 0
    assert 0 < page.evaluate(f"document.getElementById('{start}').getBoundingClientRect().top") < 500
    i = ids.index(start)
    assert i > 0 and not page.is_visible(f"#{ids[i - 1]}")  # folded until the reader goes there
    page.keyboard.press("ArrowDown")
    assert focused() == ids[i + 1]
    page.keyboard.press("j")
    assert focused() == ids[i + 2]
    page.keyboard.press("k")
    assert focused() == ids[i + 1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused() == ids[i - 1] and page.is_visible(f"#{ids[i - 1]}")  # unfolded
    page.keyboard.press("End")
    assert focused() == ids[-1]
    page.keyboard.press("j")  # stays on the last
    assert focused() == ids[-1]
    page.keyboard.press("Home")
    assert focused() == ids[0]
    assert page.evaluate("scrollY") < 50
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # focus visible
    # Only the current entry is in the tab order; Tab from it goes to its first link.
    assert page.evaluate("[...document.querySelectorAll('article[tabindex=\"0\"]')].length") == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A"
    page.keyboard.press("ArrowDown")  # from a link inside an entry, to the next entry
    assert focused() == ids[1]
    opened.quiet()


def test_no_horizontal_scroll_at_320_px(live_server, client, db_url, tab):
    store_xss_timeline(client, db_url)  # long unbroken payloads and URLs
    create_event(
        client,
        title="A" * 120,
        summary="https://example.org/" + "x" * 300,
        tags=["xss"],
        date="2021-12-18/2021-12-30",
    )
    narrow = tab(width=320, height=640)
    for slug in ("xi-putin-summit", "russia-doping", "xss"):
        page = narrow.open(f"{live_server}/embed/timelines/{slug}")
        no_horizontal_scroll(page)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        no_horizontal_scroll(page)
    narrow.quiet()


def test_stored_xss_payloads_show_as_text_and_run_nothing(live_server, client, db_url, tab):
    ids = store_xss_timeline(client, db_url)
    opened = tab()
    page = opened.open(f"{live_server}/embed/timelines/xss")
    page.wait_for_timeout(300)  # time for anything injected to load and fire
    for key in ("ArrowDown", "j", "End", "Home"):
        page.keyboard.press(key)
    page.hover(f"#e-{ids['main']} h2")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 2  # JSON-LD and the page's own
    assert page.title() == f"{XSS['timeline_title']} · Dateline"
    assert page.inner_text("h1") == XSS["timeline_title"]
    main = f"#e-{ids['main']}"
    assert page.evaluate(f"document.querySelector('{main} h2').firstChild.textContent") == XSS["title"]
    assert XSS["summary"] in page.inner_text(main)
    assert XSS["quote"] in page.inner_text(f"{main} .fn")
    hrefs = page.evaluate("[...document.links].map(a => a.protocol)")
    assert set(hrefs) <= {"http:", "https:"}
    opened.quiet()
    assert same_origin(live_server, opened.requests) == []


def test_lazy_loaded_entries_are_built_as_the_server_builds_them(live_server, client, db_url, tab):
    """The XSS events come after a full first page, so the script builds them from the JSON API."""
    ids = store_xss_timeline(client, db_url)
    for n in range(PAGE_SIZE):
        create_event(client, title=f"Filler {n}", date=f"2001-01-{n + 1:02d}", tags=["filler"])
    create_timeline(client, slug="xss-late", title="Late payloads", filter={"any_tag": ["filler", "xss"]})
    opened = tab()
    page = opened.open(f"{live_server}/embed/timelines/xss-late")
    assert page.evaluate("document.querySelectorAll('.tl>li').length") == PAGE_SIZE
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    wait_until(page, f"document.querySelectorAll('.tl>li').length === {PAGE_SIZE + 3}")
    built = page.evaluate(OUTER % ids["main"])
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    later = page.evaluate("document.querySelector('.tl').dataset.next")
    assert later == ""  # the last page: no cursor and no more link
    assert page.evaluate("document.querySelectorAll('a.more').length") == 0
    opened.quiet()
    # The same entry as the server renders it on the page's second page (no JavaScript needed).
    static = tab()
    first = static.open(f"{live_server}/embed/timelines/xss-late")
    href = first.evaluate("document.querySelector('a.more[rel=next]').href")
    second = static.open(href)
    served = second.evaluate(OUTER % ids["main"])
    assert built == served
    for key in ("corrected", "retracted"):
        assert page.evaluate(OUTER % ids[key]) == second.evaluate(OUTER % ids[key])


def test_lazy_loading_fetches_the_next_pages_near_the_end(live_server, client, tab):
    ids = store_long_timeline(client, 60)
    opened = tab(width=640, height=700)
    page = opened.open(f"{live_server}/embed/timelines/long")
    count = "document.querySelectorAll('.tl>li').length"
    assert page.evaluate(count) == PAGE_SIZE
    assert not [url for url in opened.requests if "/v1/" in url]  # nothing fetched before it is needed
    for expected in (2 * PAGE_SIZE, 60):
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        wait_until(page, f"{count} === {expected}")
    assert [e[0] for e in page.evaluate(ENTRIES_JS)] == [f"e-{i}" for i in ids]
    fetched = [url for url in opened.requests if "/v1/" in url]
    assert len(fetched) == 2
    assert all(
        url.startswith(f"{live_server}/v1/timelines/long/events?limit={PAGE_SIZE}&cursor=") for url in fetched
    )
    assert page.evaluate("document.querySelectorAll('a.more').length") == 0
    no_horizontal_scroll(page)
    opened.quiet()
    assert same_origin(live_server, opened.requests) == []


def test_opening_at_newest_loads_earlier_pages_when_scrolling_up(live_server, client, tab):
    ids = store_long_timeline(client, 60, slug="tail", start_at="newest")
    opened = tab(width=640, height=700)
    page = opened.open(f"{live_server}/embed/timelines/tail")
    count = "document.querySelectorAll('.tl li>article').length"
    assert page.evaluate("document.activeElement.closest('li').id") == f"e-{ids[-1]}"
    page.wait_for_timeout(300)
    assert not [url for url in opened.requests if "/v1/" in url]  # folded: nothing fetched yet
    assert page.inner_text(".earlier summary") == "59 earlier entries"  # all earlier pages counted
    page.click(".earlier summary")
    labels = set()
    for _ in range(6):
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(200)
        labels.add(page.inner_text(".earlier summary"))
        if page.evaluate(count) == 60:
            break
    assert page.evaluate(count) == 60
    assert [e[0] for e in page.evaluate(ENTRIES_JS)] == [f"e-{i}" for i in ids]
    assert labels == {"59 earlier entries"}  # still exact while the earlier pages came in
    assert page.inner_text(".earlier summary") == "59 earlier entries"
    opened.quiet()


def test_without_javascript_the_list_is_all_there(live_server, tab):
    opened = tab(width=320, height=640, scripts=False)
    page = opened.open(f"{live_server}/embed/timelines/russia-doping")
    assert page.locator(".tl>li").count() == 5
    assert page.locator(".fn .disputes").count() == 1
    assert not page.is_visible("#kb")
    no_horizontal_scroll(page)
    opened.quiet()


# Each element holding text: its colour against the first opaque background behind it, as WCAG 2.2
# computes contrast (relative luminance of sRGB).
CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b]
    .map(c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text || !el.getClientRects().length) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    out.push([el.tagName + '.' + el.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_meets_wcag_aa(live_server, client, db_url, tab, scheme):
    store_xss_timeline(client, db_url)  # holds a correction, a retraction, disputes and media
    opened = tab(scheme=scheme)
    for slug in ("xi-putin-summit", "russia-doping", "xss"):
        page = opened.open(f"{live_server}/embed/timelines/{slug}")
        page.evaluate("document.getElementById('kb').hidden = false")
        ratios = page.evaluate(CONTRAST_JS)
        assert len(ratios) > 20
        low = [(where, round(ratio, 2)) for where, ratio in ratios if ratio < 4.5]
        assert low == [], (slug, scheme)
    opened.quiet()


# --- in an iframe, as an article shows it ---------------------------------------------------------

# Where an element is in the frame's viewport, and whether it is what a reader sees at its centre (not
# covered by anything, e.g. entries scrolling under the sticky header).
IN_VIEW_JS = """sel => { const el = document.querySelector(sel); if (!el) return null;
  const r = el.getBoundingClientRect(), x = Math.min(r.left + 8, innerWidth - 1), y = (r.top + r.bottom) / 2;
  const hit = document.elementFromPoint(x, y);
  return {top: r.top, bottom: r.bottom, inside: r.top >= 0 && r.bottom <= innerHeight && r.height > 0,
          seen: !!hit && (hit === el || el.contains(hit))} }"""


def framed(tab: Any, base: str, path: str, width: int, height: int = 480, scheme: str = "light") -> Any:
    """The embed in an iframe of `width` × `height` px in a host page, as an article embeds it."""
    host = tab(width=width + 40, height=height + 40, scheme=scheme)
    # The host page on the server's own address: Chromium keeps a page from a public address (about:blank
    # is one) from framing a loopback one.
    host.page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the host page's, not ours
    host.open(f"{base}/health/live")
    host.page.set_content(
        f'<iframe src="{base}{path}" width="{width}" height="{height}" style="border:0"></iframe>'
    )
    frame = host.page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("footer", state="attached")
    wait_until(frame, "document.readyState === 'complete'")
    return host, frame


START_ATS = ["2001-01-02", "2001-01-13", "2001-02-20", "newest", "oldest"]


@pytest.mark.parametrize("width", [320, 800])
def test_in_an_iframe_the_title_stays_in_view_at_any_start_at(live_server, client, tab, shots, width):
    """At every start_at, the timeline's title is the first thing in the frame and stays in view when the
    reader scrolls; an opening past the first entry says how many came before, right above it."""
    for n, start_at in enumerate(START_ATS):
        store_long_timeline(client, 12 if n % 2 else PAGE_SIZE + 12, slug=f"at-{n}", start_at=start_at)
    cases = [("xi-putin-summit", "2021-12-15")] + [(f"at-{n}", at) for n, at in enumerate(START_ATS)]
    for slug, start_at in cases:
        host, frame = framed(tab, live_server, f"/embed/timelines/{slug}", width)
        title = frame.evaluate(IN_VIEW_JS, "header h1")
        assert title["inside"] and title["seen"] and title["top"] < 30, (slug, start_at, title)
        current = frame.evaluate("(document.querySelector('article[tabindex=\"0\"]').closest('li').id)")
        shown = frame.evaluate(IN_VIEW_JS, f"#{current} h2")
        assert shown["seen"] and shown["top"] < 480, (slug, start_at, shown)  # the opening entry, in view
        total = frame.evaluate("document.querySelectorAll('.tl li>article').length")
        before = frame.evaluate(
            "[...document.querySelectorAll('.tl li>article')]"
            f".findIndex(a => a.closest('li').id === '{current}')"
        )
        if start_at == "oldest":
            assert frame.evaluate("document.querySelector('.earlier')") is None
        else:
            notice = frame.evaluate(IN_VIEW_JS, ".earlier summary")
            assert notice["seen"] and notice["bottom"] <= shown["top"], (slug, start_at, notice)
            label = frame.inner_text(".earlier summary")
            items = client.get(f"/v1/timelines/{slug}/events", params={"limit": 200}).json()["items"]
            exact = [f"e-{e['id']}" for e in items].index(current)  # on this page and on earlier ones
            assert label == f"{exact} earlier entr{'ies' if exact > 1 else 'y'}", (slug, label)
            if before:  # the earlier entries are in the page, folded
                assert not frame.is_visible(".tl.early>li")
        if slug == "xi-putin-summit":
            host.page.screenshot(path=str(shots / f"embed-{width}.png"))
            assert total == 10
        # Scrolled to the end: the title is still in view, above the entries.
        frame.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        frame.wait_for_timeout(100)
        title = frame.evaluate(IN_VIEW_JS, "header h1")
        assert title["inside"] and title["seen"], (slug, start_at, "scrolled", title)
        no_horizontal_scroll(frame)
        host.quiet()
        host.close()


@pytest.mark.parametrize(
    ("scheme", "theme", "background"),
    [
        ("light", "dark", "rgb(20, 20, 20)"),
        ("dark", "light", "rgb(255, 255, 255)"),
        ("dark", "auto", "rgb(20, 20, 20)"),
        ("light", None, "rgb(255, 255, 255)"),
    ],
)
def test_theme_parameter_overrides_the_stored_theme_in_the_frame(
    live_server, client, tab, scheme, theme, background
):
    store_long_timeline(client, 3, slug="lit", theme="light")
    store_long_timeline(client, 3, slug="dim", theme="dark")
    query = f"?theme={theme}" if theme else ""
    for slug in ("lit", "dim") if theme else ("lit",):
        host, frame = framed(tab, live_server, f"/embed/timelines/{slug}{query}", 800, scheme=scheme)
        assert frame.evaluate("document.documentElement.dataset.theme") == (theme or "light")
        assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == background
        assert (
            frame.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == background
        )
        host.quiet()
        host.close()


COLOURS_JS = """async src => { const img = new Image(); img.src = src; await img.decode();
  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
  const g = c.getContext('2d'); g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data, seen = new Set();
  for (let i = 0; i < px.length; i += 4 * 97) seen.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]);
  return seen.size }"""


@pytest.mark.parametrize("width", [320, 800])
def test_chromiums_headless_screenshot_shows_the_page_without_script(live_server, tab, tmp_path, width):
    """`chromium --headless --screenshot` (no script at all) paints the page as it opens at start_at:
    scrolling to the entry, as the page did, left such screenshots blank."""
    import base64
    import subprocess

    shot = tmp_path / "shot.png"
    for scripts in (True, False):
        subprocess.run(
            [
                str(CHROMIUM),
                *ARGS,
                f"--screenshot={shot}",
                f"--window-size={width},600",
                "--hide-scrollbars",
                *([] if scripts else ["--blink-settings=scriptEnabled=false"]),
                f"{live_server}/embed/timelines/xi-putin-summit",
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
        viewer = tab()
        viewer.page.set_content("<p>screenshot</p>")
        colours = viewer.page.evaluate(
            COLOURS_JS, "data:image/png;base64," + base64.b64encode(shot.read_bytes()).decode()
        )
        assert colours > 10, (width, scripts, colours)  # text, links and rules, not one blank colour
        viewer.close()
