"""What the embed shows: a published timeline as the public sees it, one page of its events at a time,
opening on the page and entry its `start_at` names; and the oEmbed answer for an embed URL."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import get_args
from urllib.parse import parse_qs, quote, unquote, urlsplit

from service.auth.actor import ANONYMOUS
from service.db import Database
from service.edtf import parse_bound
from service.embed.markup import esc
from service.embed.render import Page
from service.embed.schemas import OEmbed
from service.errors import BadRequest, FieldError, NotFound
from service.events.filters import check_event_filters
from service.events.schemas import Event
from service.exports.base import renderable
from service.pages import PageSlice
from service.timelines import service as timelines
from service.timelines.schemas import Theme, Timeline

THEMES = get_args(get_args(Theme)[0])  # the Literal's values: light, dark, auto

# Entries per page, in the HTML and in each page the script fetches: small enough that the page stays
# well under its 15 KB (gzip) budget, large enough that a typical story's timeline is one page.
PAGE_SIZE = 25
# The iframe's size when the consumer sets no maximum (oEmbed `maxwidth` / `maxheight` only lower it).
WIDTH, HEIGHT = 640, 720


def _events(page: PageSlice) -> list[Event]:
    return [item for _, item in page.rows if isinstance(item, Event)]


def _holds(event: Event, first: dt.date, last: dt.date) -> bool:
    return event.start <= last and (event.end is None or event.end >= first)


def opening_entry(events: Sequence[Event], start_at: str) -> Event | None:
    """The entry a page opens at: the first holding the `start_at` date (else the first after it, else the
    last), the last for `newest`, none (the top) for `oldest`."""
    if not events or start_at == "oldest":
        return None
    if start_at == "newest":
        return events[-1]
    first, last = parse_bound(start_at)
    return (
        next((e for e in events if _holds(e, first, last)), None)
        or next((e for e in events if e.start > last), None)
        or events[-1]
    )


async def _page(
    db: Database,
    slug: str,
    *,
    cursor: str | None = None,
    around: str | None = None,
    order: str = "asc",
    limit: int = PAGE_SIZE,
) -> PageSlice:
    """A page exactly as the JSON API gives an anonymous reader, so the script can follow its cursors."""
    return await timelines.timeline_events(
        db,
        actor=ANONYMOUS,
        slug=slug,
        filters=check_event_filters(),
        order=order,
        limit=limit,
        cursor=cursor,
        around=around,
    )


async def embed_page(
    db: Database, *, slug: str, cursor: str | None, base: str, theme: str | None = None
) -> Page:
    """The page to render, in `theme` when given instead of the timeline's; a draft (or no) timeline is a
    404, whoever asks: the embed is public only."""
    timeline = await timelines.get_timeline(db, slug=slug, drafts_of=None)
    page = await _page(db, slug, cursor=cursor)
    current: Event | None = None
    start_at = timeline.start_at
    if cursor is None and start_at != "oldest" and page.next_cursor is not None:
        # More than one page: open on the page holding the date (or the newest one), scrolled to it.
        around_page = await _page(db, slug, around=start_at) if start_at != "newest" else None
        if around_page is None or not _events(around_page):
            newest = _events(await _page(db, slug, order="desc", limit=1))
            around_page = await _page(db, slug, around=newest[0].start.isoformat()) if newest else page
        page = around_page
    before: int | None = None
    if cursor is None:
        current = opening_entry(_events(page), start_at)
    if current is not None and page.prev_cursor:
        # Earlier pages too: count them all, so the notice says exactly how many entries come first.
        key = next(key for key, item in page.rows if item is current)
        before = await timelines.members_before(db, actor=ANONYMOUS, slug=slug, key=key)
    page_url = f"{base}/embed/timelines/{slug}"
    return Page(
        timeline=renderable(timeline),
        events=renderable(_events(page)),
        page_url=page_url,
        oembed_query=f"{base}/oembed?url={quote(page_url, safe='')}",
        api_path=f"{urlsplit(base).path.rstrip('/')}/v1/timelines/{slug}/events",
        limit=PAGE_SIZE,
        next_cursor=page.next_cursor,
        prev_cursor=page.prev_cursor,
        current=str(current.id) if current else None,
        before=before,
        theme=theme,
    )


_EMBED_PATH = re.compile(r"/embed/timelines/([a-z0-9]+(?:-[a-z0-9]+)*)/?$")


def slug_of(url: str) -> str:
    """The timeline slug of an embed URL on any host (the service may answer to several names)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise BadRequest("url: not a URL", errors=[FieldError(field="url", message="not a URL")]) from None
    match = _EMBED_PATH.search(unquote(parts.path))
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not match:
        raise NotFound("This URL is not a Dateline embed: its path must be /embed/timelines/{slug}.")
    return match[1]


def _theme_of(url: str) -> str:
    """The embed URL's own `?theme=` (a valid one), kept in the iframe it becomes."""
    themes = [value for value in parse_qs(urlsplit(url.strip()).query).get("theme", []) if value in THEMES]
    return f"?theme={themes[0]}" if themes else ""


async def oembed(db: Database, *, url: str, maxwidth: int | None, maxheight: int | None, base: str) -> OEmbed:
    """The oEmbed `rich` answer: an iframe of the embed at this service's own address."""
    slug = slug_of(url)
    try:
        timeline: Timeline = renderable(await timelines.get_timeline(db, slug=slug, drafts_of=None))
    except NotFound:
        raise NotFound(f"No published timeline {slug}.") from None
    width = min(WIDTH, maxwidth) if maxwidth else WIDTH
    height = min(HEIGHT, maxheight) if maxheight else HEIGHT
    src = f"{base}/embed/timelines/{slug}" + _theme_of(url)
    iframe = (
        f'<iframe src="{esc(src)}" width="{width}" height="{height}" title="{esc(timeline.title)}" '
        f'loading="lazy" style="border:0;max-width:100%"></iframe>'
    )
    return OEmbed(
        version="1.0",
        type="rich",
        html=iframe,
        width=width,
        height=height,
        title=timeline.title,
        provider_name="Dateline",
        provider_url=f"{base}/",
    )
