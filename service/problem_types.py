"""Every problem type the service sends (RFC 9457 `type`), besides `about:blank` for the problems its HTTP
status says all about (a 404, a 401, a 429…).

How and why: docs/architecture.md, "Problem types".
"""

from __future__ import annotations

import msgspec

PREFIX = "/problems/"


# Who may answer with a type, for the document's examples: operations by id, or those that take a parameter.
IDEMPOTENT = "parameter:Idempotency-Key"
PAGED = "parameter:cursor"
EVERY = "every"


class ProblemType(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    status: int
    title: str
    description: str
    sent_by: tuple[str, ...] = (EVERY,)

    @property
    def uri(self) -> str:
        return PREFIX + self.name


_SLUG_WRITES = ("create_timeline", "update_timeline", "restore_timeline")
_EXPORTS = tuple(
    f"export_timeline_{fmt}" for fmt in ("timelinejs", "jsonld", "csljson", "ics", "atom", "csv")
)
CATALOGUE = [
    ProblemType(
        name="validation",
        status=422,
        title="Unprocessable Content",
        description="The body (or a parameter checked with it) is invalid: `errors` names each field, with "
        "what is wrong with it. Nothing was written.",
    ),
    ProblemType(
        name="publishing-rule",
        status=422,
        title="Unprocessable Content",
        description="A published event needs at least one citation with stance `supports`: the write would "
        "publish an event without one, or leave a published event without one (removing a citation or a "
        "source, restoring an old version). Add a supporting citation, or keep the event a draft.",
        sent_by=("create_event", "update_event", "restore_event", "delete_citation", "delete_source"),
    ),
    ProblemType(
        name="import-failed",
        status=422,
        title="Unprocessable Content",
        description="The imported file has bad rows (each named in `errors`, `row 7: date`), holds no "
        "events, "
        "or too many. All or nothing: nothing was imported.",
        sent_by=("import_events",),
    ),
    ProblemType(
        name="idempotency-mismatch",
        status=422,
        title="Unprocessable Content",
        description="This `Idempotency-Key` was used with another request (another method, path or body). "
        "Use a new key for a new request.",
        sent_by=(IDEMPOTENT,),
    ),
    ProblemType(
        name="idempotency-in-flight",
        status=409,
        title="Conflict",
        description="A request with this `Idempotency-Key` is still being processed. Retry after "
        "`Retry-After` seconds to get its answer.",
        sent_by=(IDEMPOTENT,),
    ),
    ProblemType(
        name="duplicate-source",
        status=409,
        title="Conflict",
        description="The newsroom already has a source with this (canonical) URL: `existing_id` names it. "
        "Cite that one, or change it.",
        sent_by=("create_source", "update_source", "restore_source"),
    ),
    ProblemType(
        name="duplicate-entity",
        status=409,
        title="Conflict",
        description="An entity with this Wikidata id already exists: `existing_id` names it.",
        sent_by=("create_entity", "update_entity"),
    ),
    ProblemType(
        name="duplicate-timeline",
        status=409,
        title="Conflict",
        description="The slug is taken: slugs are one namespace, and a slug stays with the newsroom that "
        "first "
        "used it. `existing_id` names the timeline when the caller may see it. Choose another slug.",
        sent_by=_SLUG_WRITES,
    ),
    ProblemType(
        name="deleted-timeline",
        status=409,
        title="Conflict",
        description="A deleted timeline of the caller's newsroom has this slug: `existing_id` names it. "
        "Bring "
        "it back with `POST /v1/timelines/{slug}/restore`, or choose another slug.",
        sent_by=_SLUG_WRITES,
    ),
    ProblemType(
        name="timeline-too-large",
        status=409,
        title="Conflict",
        description="The timeline now holds more events than the 10,000 an export may hold (events joined it "
        "since it was written). Narrow its filter or exclude some; its pages still list them all.",
        sent_by=_EXPORTS,
    ),
    ProblemType(
        name="bad-cursor",
        status=400,
        title="Bad Request",
        description="The `cursor` is not one this service issued (mangled, truncated or made up). Start "
        "again "
        "without it.",
        sent_by=(PAGED,),
    ),
    ProblemType(
        name="cursor-mismatch",
        status=400,
        title="Bad Request",
        description="The `cursor` was issued for other filters or another order. Start again without it, or "
        "send the filters it was issued for.",
        sent_by=(PAGED,),
    ),
]
BY_NAME = {problem.name: problem for problem in CATALOGUE}

VALIDATION = BY_NAME["validation"].uri
PUBLISHING_RULE = BY_NAME["publishing-rule"].uri
IMPORT_FAILED = BY_NAME["import-failed"].uri
IDEMPOTENCY_MISMATCH = BY_NAME["idempotency-mismatch"].uri
IDEMPOTENCY_IN_FLIGHT = BY_NAME["idempotency-in-flight"].uri
DUPLICATE_SOURCE = BY_NAME["duplicate-source"].uri
DUPLICATE_ENTITY = BY_NAME["duplicate-entity"].uri
DUPLICATE_TIMELINE = BY_NAME["duplicate-timeline"].uri
DELETED_TIMELINE = BY_NAME["deleted-timeline"].uri
TIMELINE_TOO_LARGE = BY_NAME["timeline-too-large"].uri
BAD_CURSOR = BY_NAME["bad-cursor"].uri
CURSOR_MISMATCH = BY_NAME["cursor-mismatch"].uri
