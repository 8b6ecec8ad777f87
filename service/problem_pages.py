"""GET /problems and /problems/<name>: what each problem type means, at the address its `type` names
(RFC 9457 §3.1.1), as a small HTML page made from the catalogue (service/problem_types.py)."""

from __future__ import annotations

import html
import re
from typing import Annotated

from litestar import Response, Router, get
from litestar.params import PathParameter

from service.errors import NotFound
from service.http import tag_whole_bodies
from service.problem_types import BY_NAME, CATALOGUE, PREFIX, ProblemType

_CODE = re.compile(r"`([^`]+)`")
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title></head>
<body><main>{body}</main></body></html>
"""


def _text(text: str) -> str:
    """Plain text with `code` spans, as HTML."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _section(problem: ProblemType, heading: str) -> str:
    return (
        f'<{heading} id="{problem.name}"><code>{problem.uri}</code></{heading}>'
        f"<p>HTTP {problem.status} {html.escape(problem.title)}. {_text(problem.description)}</p>"
    )


def _html(title: str, body: str) -> Response[str]:
    return Response(_PAGE.format(title=html.escape(title), body=body), media_type="text/html")


@get("/", sync_to_thread=False, opt={"auth": False})
def problem_index() -> Response[str]:
    """Every problem type, with what it means."""
    intro = (
        "<h1>Dateline problem types</h1><p>A problem response's <code>type</code> names one of these "
        "(relative "
        "to the API's address), or is <code>about:blank</code> when the HTTP status says it all.</p>"
    )
    return _html("Dateline problem types", intro + "".join(_section(p, "h2") for p in CATALOGUE))


@get("/{name:str}", sync_to_thread=False, opt={"auth": False})
def problem_page(
    name: Annotated[str, PathParameter(description="The problem type's name.")],
) -> Response[str]:
    """One problem type."""
    problem = BY_NAME.get(name)
    if problem is None:
        raise NotFound(f"No problem type {name}; {PREFIX} lists them all.")
    return _html(
        f"Dateline problem: {name}",
        _section(problem, "h1") + f'<p><a href="{PREFIX}">All problem types</a></p>',
    )


PROBLEM_PAGES = Router(
    PREFIX.rstrip("/"),
    route_handlers=[problem_index, problem_page],
    include_in_schema=False,
    middleware=[tag_whole_bodies],
)
