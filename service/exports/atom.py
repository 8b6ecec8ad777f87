"""Atom (RFC 4287) through `feedgen`: the timeline's events, newest change first.

feedgen builds a whole feed in memory; to stream, the feed is rendered once without entries and cut
before `</feed>`, and each entry is rendered by feedgen on its own as the events arrive. The entries
inherit the feed's default namespace. Ids are `urn:uuid:` of the timeline and of each event, so a
reader recognises an entry again when the event changes; each entry links to the event's API URL.
"""

from __future__ import annotations

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from lxml import etree

from service.events.schemas import Event
from service.exports.base import Renderer, clean

_END = b"</feed>"


def entry(event: Event, url: str) -> FeedEntry:
    fe = FeedEntry()
    fe.id(event.id.urn)
    fe.title(clean(event.title))
    fe.updated(event.updated_at)
    fe.published(event.created_at)
    fe.link(href=url, rel="alternate", type="application/json")
    for c in event.citations:
        fe.link(href=c.source.url, rel="related", title=clean(c.source.title)[:200])
    summary = event.display + (f": {clean(event.summary)}" if event.summary else "")
    if event.status == "retracted":
        summary += f" (Retracted: {clean(event.retraction_note)})"
    fe.summary(summary)
    for tag in event.tags:
        fe.category(term=tag)
    return fe


def entry_element(fe: FeedEntry) -> etree._Element:
    """The entry's XML. feedgen 1.0 writes an entry's links without their `rel`, `type` and `title`
    (FeedEntry.atom_entry rebinds its loop variable), and a link without `rel` means `alternate`:
    put them back, in the order they were added."""
    element = fe.atom_entry()
    for node, link in zip(element.findall("link"), fe.link() or [], strict=True):
        for name in ("rel", "type", "title"):
            if link.get(name):
                node.set(name, link[name])
    return element


class Atom(Renderer):
    order = "updated"

    def head(self) -> bytes:
        t = self.ctx.timeline
        fg = FeedGenerator()
        fg.id(t.id.urn)
        fg.title(clean(t.title))
        if t.description:
            fg.subtitle(clean(t.description))
        fg.updated(self.ctx.changed_at)
        fg.author(name=t.newsroom)
        fg.link(href=self.ctx.export_url("atom"), rel="self", type="application/atom+xml")
        fg.link(href=self.ctx.embed_url(), rel="alternate", type="text/html")
        fg.language(t.language)
        fg.generator("Dateline")
        feed: bytes = fg.atom_str(pretty=False)
        cut = feed.rindex(_END)
        return feed[:cut]

    def chunk(self, events: list[Event]) -> bytes:
        return b"".join(
            etree.tostring(
                entry_element(entry(e, self.ctx.event_url(e.id))), encoding="utf-8", xml_declaration=False
            )
            for e in events
        )

    def tail(self) -> bytes:
        return _END
