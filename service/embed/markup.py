"""HTML built so that escaping is the default: a child or an attribute value is escaped unless it is markup
this package built itself. Links go only to http(s) URLs; anything else is shown as text."""

from __future__ import annotations

import html
import re
from typing import Any

import msgspec

from service.events.schemas import Event


class Html(str):
    """Markup built by this package from escaped text: the only string `esc` passes through unchanged."""

    __slots__ = ()


def esc(value: object) -> Html:
    """Text as HTML (quotes too, so it is safe in attribute values); markup built here stays as it is."""
    return value if isinstance(value, Html) else Html(html.escape(str(value), quote=True))


def _attrs(attrs: dict[str, object] | None) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{esc(value)}"'
        for name, value in (attrs or {}).items()
        if value is not None and value is not False
    )


def tag(name: str, attrs: dict[str, object] | None = None, *children: object) -> Html:
    """An element; `name` and attribute names are constants in the code, everything else is escaped."""
    inner = "".join(esc(child) for child in children if child is not None and child != "")
    return Html(f"<{name}{_attrs(attrs)}>{inner}</{name}>")


def void(name: str, attrs: dict[str, object]) -> Html:
    return Html(f"<{name}{_attrs(attrs)}>")


_HTTP_URL = re.compile(r"^https?://[^/?#\s\\]+\S*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def http_url(url: str | None) -> str | None:
    """The URL when a browser would follow it as http(s), else None (then it is shown as text)."""
    return url if url and _HTTP_URL.match(url) and not _CONTROL.search(url) else None


def link(url: str | None, text: str, lang: str | None = None) -> Html | None:
    """An outward link, opened outside the iframe; None when the URL is not http(s)."""
    href = http_url(url)
    return (
        tag("a", {"href": href, "target": "_blank", "rel": "noopener", "lang": lang}, text) if href else None
    )


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
_PLAIN_DATE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")


def readable_date(text: str) -> str:
    """`2021-12-13` → `13 December 2021`, `2021-12` → `December 2021`; other EDTF as written."""
    match = _PLAIN_DATE.match(text)
    if not match or (match[2] and not 1 <= int(match[2]) <= 12):
        return text
    year, month, day = match.groups()
    return " ".join(part for part in (day and str(int(day)), month and MONTHS[int(month) - 1], year) if part)


def when(text: str) -> Html | str:
    """A plain date as `<time>`, anything else as text."""
    return tag("time", {"datetime": text}, readable_date(text)) if _PLAIN_DATE.match(text) else text


def machine_date(event: Event) -> str:
    """The `<time datetime>` of an event: its moment, or its start at its precision."""
    if event.precision == "time" and "/" not in event.date:
        return event.date.rstrip("?~%")
    return event.start.isoformat()[: {"year": 4, "month": 7}.get(event.precision, 10)]


def json_for_script(value: Any) -> Html:
    """JSON safe inside `<script>`: `<`, `>` and `&` as \\u escapes, so no `</script>` or `<!--` survives."""
    text = msgspec.json.encode(value).decode()
    return Html(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
