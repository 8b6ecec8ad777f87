"""Hidden means hidden (QUALITY.md 18): to a caller who cannot see a draft, every list, feed, facet,
count and export answers exactly as if the draft did not exist.

Each answer of a family of probes (every event filter, on every list of events, feed and facet, and
the other lists, reads and exports) is taken by an anonymous caller and by another newsroom's key,
then a rival newsroom writes drafts that match every probe, and every answer is taken again: each
must be the same, byte for byte, status, body and headers. The rival's own key then finds its draft
through each event probe, so every probe is one the draft really matches.
"""

from __future__ import annotations

import itertools
from urllib.parse import quote, urlencode

import pytest

from service.demo.seed import demo_id
from tests.security import newsrooms
from tests.security.newsrooms import BASE, World, answer, created, new_source, ok

SINCE = "2000-01-01T00:00:00Z"
XI, PUTIN, RUSSIA = (str(demo_id("entity", key)) for key in ("xi", "putin", "russia"))
TIMELINES = ("xi-putin-summit", "russia-doping")
FORMATS = ("timelinejs", "jsonld", "csljson", "ics", "atom", "csv")

# Filter families, each probe matching demo content; the rival's first draft matches every one of
# MATCHED ("{source}" is the rival's own source that it cites), its second one those of OTHERS too.
MATCHED: list[list[tuple[str, str]]] = [
    [("q", "summit")], [("q", "putin")], [("q", "doping")], [("q", '"virtual summit"')],
    [("q", "hiddenmarker")],
    [("tag", "doping")], [("tag", "china-russia")], [("tag", "china-russia"), ("tag", "summit")],
    [("any_tag", "summit"), ("any_tag", "boycott")], [("tag", "hidden-marker")],
    [("from", "2021-12"), ("to", "2021-12")], [("from", "2016")],
    [("from", "2021-12-15"), ("to", "2021-12-15")],
    [("entity", XI)], [("entity", XI), ("entity", PUTIN)], [("entity", RUSSIA)],
    [("source", "{source}")], [("publisher", "TASS")], [("publisher", "tass")],
    [("stance", "supports")], [("stance", "disputes")], [("stance", "context")],
    [("country", "CN")], [("min_importance", "5")], [("min_importance", "3")], [("newsroom", "rival")],
    [("tag", "china-russia"), ("q", "putin"), ("country", "CN"), ("min_importance", "5")],
]  # fmt: skip
OTHERS: list[list[tuple[str, str]]] = [
    [], [("to", "2017")], [("source", str(demo_id("source", "dispatch")))], [("publisher", "Hidden Wire")],
    [("publisher", "Hidden Wire"), ("stance", "disputes")], [("country", "BR")], [("newsroom", "demo")],
    [("status", "published")], [("status", "draft")], [("status", "draft"), ("q", "hiddenmarker")],
]  # fmt: skip
PROBES = MATCHED + OTHERS

# The lists of events a probe's filters apply to: search, sync feed, facets, timelines and their feeds.
EVENT_LISTS = [
    ("/v1/events", []), ("/v1/events", [("order", "desc"), ("limit", "3")]),
    ("/v1/events", [("updated_since", SINCE)]), ("/v1/events", [("updated_since", SINCE), ("order", "desc")]),
    ("/v1/tags", []), ("/v1/tags", [("updated_since", SINCE)]),
    *((f"/v1/timelines/{slug}/events", extra) for slug in TIMELINES
      for extra in ([], [("updated_since", SINCE)], [("around", "2021-12-15")])),
]  # fmt: skip

world = newsrooms.world  # the fixture: two newsrooms and an anonymous reader


def event_urls(source: str) -> list[str]:
    return [
        f"{path}?{urlencode([(k, v.format(source=source)) for k, v in probe] + extra)}"
        for probe in PROBES
        for path, extra in EVENT_LISTS
    ]


def other_urls(source: str) -> list[str]:
    """Every other list and read a hidden draft could show in."""
    sources = [source, *(str(demo_id("source", key)) for key in ("dispatch", "tass-summit", "abc-ioc"))]
    return [
        "/v1/sources",
        "/v1/sources?q=TASS",
        "/v1/sources?q=hidden",
        *(f"/v1/sources/{s}" for s in sources),
        "/v1/entities",
        "/v1/entities?q=xi",
        "/v1/entities?q=putin",
        f"/v1/entities/{XI}",
        f"/v1/entities/{PUTIN}",
        "/v1/timelines",
        "/v1/timelines?newsroom=rival",
        "/v1/timelines?newsroom=demo",
        *(f"/v1/timelines/{slug}" for slug in TIMELINES),
        *(f"/v1/timelines/{slug}/export/{fmt}" for slug in TIMELINES for fmt in FORMATS),
        *(f"/embed/timelines/{slug}" for slug in TIMELINES),
        *(
            f"/oembed?url={quote(f'{BASE}/embed/timelines/{slug}', safe='')}&format=json"
            for slug in TIMELINES
        ),
        "/v1/timelines/rival-hidden-plans",
        "/v1/timelines/rival-hidden-plans/events",
        "/embed/timelines/rival-hidden-plans",
    ]


def hidden_draft(world: World, source: str) -> dict:
    """A rival draft matching every probe: demo's words, tags, dates, entities, a TASS source."""
    return created(
        world.rival.post(
            "/v1/events",
            json={
                "title": "Putin and Xi hold a virtual summit on doping hiddenmarker",
                "summary": "China-Russia summit notes, never published.",
                "date": "2021-12-15",
                "status": "draft",
                "importance": 5,
                "tags": ["china-russia", "summit", "doping", "boycott", "hidden-marker"],
                "location": {"name": "Beijing", "country": "CN"},
                "entities": [
                    {"id": XI, "role": "participant"},
                    {"id": PUTIN, "role": "participant"},
                    {"id": RUSSIA, "role": "subject"},
                ],
                "citations": [
                    {"source_id": source, "quote": "doping at the virtual summit", "stance": "supports"},
                    {"source_id": source, "quote": "a disputed hiddenmarker", "stance": "disputes"},
                    {"source_id": source, "quote": "context", "stance": "context"},
                ],
            },
        )
    )


def test_a_hidden_draft_changes_no_answer(world: World):
    source = new_source(world.rival, "TASS")
    hidden_source = new_source(world.rival, "Hidden Wire")
    urls = event_urls(source) + other_urls(source)
    before = {(who, url): answer(client, url) for who, client in world.callers().items() for url in urls}

    draft = hidden_draft(world, source)
    also = created(
        world.rival.post(
            "/v1/events",
            json={
                "title": "Hidden Wire disputes the summit hiddenmarker",
                "date": "2016",
                "status": "draft",
                "tags": ["doping"],
                "location": {"name": "Rio", "country": "BR"},
                "importance": 3,
                "citations": [{"source_id": hidden_source, "quote": "q", "stance": "disputes"}],
            },
        )
    )
    edited = ok(world.rival.patch(f"/v1/events/{draft['id']}", json={"summary": "Edited, still hidden."}))
    created(
        world.rival.post(
            "/v1/timelines",
            json={
                "slug": "rival-hidden-plans",
                "title": "Hidden plans",
                "status": "draft",
                "filter": {"tag": ["doping"]},
                "include": [draft["id"], str(demo_id("event", "summit"))],
            },
        )
    )

    after = {(who, url): answer(client, url) for who, client in world.callers().items() for url in urls}
    changed = sorted(f"{who}: {url}" for who, url in before if before[who, url] != after[who, url])
    print(f"hidden-content probes: {len(before)} answers compared, {len(changed)} changed")
    assert changed == [], f"{len(changed)} of {len(before)} answers changed:\n" + "\n".join(changed[:40])
    assert edited["status"] == "draft" and also["status"] == "draft"


@pytest.mark.parametrize("probe", MATCHED, ids=lambda p: "&".join(f"{k}={v}" for k, v in p))
def test_the_rival_finds_its_draft_through_each_probe(world: World, probe):
    """The probes are not vacuous: the rival's own key finds its hidden draft through each one, in its
    search of drafts and, as an event, in its sync feed."""
    source = new_source(world.rival, "TASS")
    draft = hidden_draft(world, source)
    params = [(k, v.format(source=source)) for k, v in probe]
    found = ok(world.rival.get("/v1/events", params=[*params, ("status", "draft"), ("limit", "200")]))
    assert draft["id"] in [item["id"] for item in found["items"]]
    feed = ok(world.rival.get("/v1/events", params=[*params, ("updated_since", SINCE), ("limit", "200")]))
    assert [i["object"] for i in feed["items"] if i["id"] == draft["id"]] == ["event"]


def test_the_rivals_hidden_draft_is_in_no_export_row(world: World):
    """A hidden draft included by id into another newsroom's view of nothing: exports of the demo
    timelines never carry the rival's draft, whatever it says."""
    source = new_source(world.rival, "TASS")
    draft = hidden_draft(world, source)
    for (who, client), slug, fmt in itertools.product(world.callers().items(), TIMELINES, FORMATS):
        body = client.get(f"/v1/timelines/{slug}/export/{fmt}").text
        assert draft["id"] not in body and "hiddenmarker" not in body, (who, slug, fmt)
