"""Source rules: canonical URLs, one source per URL per newsroom, no published event left unsupported.

A source belongs to the newsroom that made it: only that newsroom's events cite it, so only its own
changes reach its published events.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from service.auth.actor import Actor
from service.db import Database
from service.edtf import EdtfError, ParsedDate, parse_edtf
from service.errors import BadRequest, Conflict, Invalid, NotFound
from service.newsrooms import ensure_newsroom
from service.pages import Direction
from service.problem_types import DUPLICATE_SOURCE, PUBLISHING_RULE
from service.ripple import events
from service.sources import repository as repo
from service.sources.schemas import Source, SourceDetail, SourceIn, SourcePatch
from service.writes import locked, merged, unset_none

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no `utm_*` parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_")
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _checked_url(field: str, url: str) -> str:
    try:
        canonical = canonical_url(url)
        if not urlsplit(canonical).hostname:
            raise ValueError
    except ValueError:
        raise Invalid.field(field, f"{url[:100]!r} is not a valid http(s) URL") from None
    return canonical


def _published(field: str, text: str | None) -> ParsedDate | None:
    if text is None:
        return None
    try:
        return parse_edtf(text)
    except EdtfError as exc:
        raise Invalid.field(field, str(exc)) from None


def source_fields(data: SourceIn | SourcePatch, prefix: str = "") -> tuple[dict[str, Any], ParsedDate | None]:
    """Checked, canonical column values for a source body."""
    fields = {name: getattr(data, name) for name in repo.SOURCE_FIELDS}
    fields["url"] = _checked_url(f"{prefix}url", fields["url"])
    if fields.get("archive_url"):
        fields["archive_url"] = _checked_url(f"{prefix}archive_url", fields["archive_url"])
    return fields, _published(f"{prefix}published", fields.get("published"))


async def find_or_create(
    conn: asyncpg.Connection, *, actor: Actor, data: SourceIn, prefix: str
) -> tuple[uuid.UUID, bool]:
    """The id of the caller's newsroom's source with this URL, creating it when new; True when it was
    created. A source found is locked until the transaction ends (`find_source_by_url`)."""
    fields, published = source_fields(data, prefix)
    existing = await repo.find_source_by_url(conn, newsroom=actor.newsroom, url=fields["url"])
    if existing:
        return existing, False
    source_id = await repo.insert_source(
        conn, newsroom=actor.newsroom, fields=fields, published=published, public=False
    )
    if source_id is None:  # created by a concurrent request since the lookup
        return await repo.find_source_by_url(conn, newsroom=actor.newsroom, url=fields["url"]), False
    await repo.insert_source_revision(
        conn,
        source_id=source_id,
        action="create",
        key_id=actor.key_id,
        change_note=data.change_note,
        correction=False,
    )
    return source_id, True


async def create_source(
    db: Database, *, actor: Actor, data: SourceIn, source_id: uuid.UUID | None = None
) -> SourceDetail:
    """A new source, or a 409 naming the newsroom's live source that already has this URL (another
    newsroom's source of the same URL is no conflict: each newsroom has its own)."""
    async with db.transaction() as conn:
        await ensure_newsroom(conn, newsroom=actor.newsroom)
        fields, published = source_fields(data)
        existing = await repo.find_source_by_url(conn, newsroom=actor.newsroom, url=fields["url"])
        if existing is None:
            source_id = await repo.insert_source(
                conn,
                newsroom=actor.newsroom,
                fields=fields,
                published=published,
                public=True,
                source_id=source_id,
            )
            if source_id is None:  # created by a concurrent request since the lookup
                existing = await repo.find_source_by_url(conn, newsroom=actor.newsroom, url=fields["url"])
        if existing is not None:
            raise Conflict(
                f"This newsroom already has a source with this URL: {existing}.",
                existing_id=str(existing),
                type=DUPLICATE_SOURCE,
            )
        await repo.insert_source_revision(
            conn,
            source_id=source_id,
            action="create",
            key_id=actor.key_id,
            change_note=data.change_note,
            correction=data.correction,
        )
        return await repo.get_source(conn, source_id=source_id, drafts_of=actor.newsroom)


async def get_source(db: Database, *, source_id: uuid.UUID, drafts_of: str | None) -> SourceDetail:
    async with db.connection(read=True) as conn:
        source = await repo.get_source(conn, source_id=source_id, drafts_of=drafts_of)
    if source is None:
        raise NotFound(f"No source {source_id}.")
    return source


async def patch_source(
    db: Database, *, actor: Actor, source_id: uuid.UUID, patch: SourcePatch, if_match: int | None
) -> SourceDetail:
    """Merge the patch into the source; a URL that another source of the newsroom has is a 409. The events
    citing it (all of the same newsroom) show the change, and their updated_at moves (a sync feed lists them
    again)."""
    async with db.transaction() as conn:
        await events().lock_events_of_source(conn, source_id=source_id)
        current = locked(
            await repo.source_row_for_update(conn, source_id=source_id),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No source {source_id}.",
        )
        checked = merged(current, patch, SourceIn)
        fields, published = source_fields(checked)
        if fields["url"] != current["url"]:
            other = await repo.find_source_by_url(conn, newsroom=actor.newsroom, url=fields["url"])
            if other is not None and other != source_id:
                raise Conflict(
                    f"This newsroom already has a source with this URL: {other}.",
                    existing_id=str(other),
                    type=DUPLICATE_SOURCE,
                )
        await repo.update_source(conn, source_id=source_id, fields=fields, published=published)
        await events().refresh_docs_of_source(conn, source_id=source_id)
        await repo.insert_source_revision(
            conn,
            source_id=source_id,
            action="update",
            key_id=actor.key_id,
            change_note=unset_none(patch.change_note),
            correction=patch.correction is True,
        )
        return await repo.get_source(conn, source_id=source_id, drafts_of=actor.newsroom)


async def delete_source(db: Database, *, actor: Actor, source_id: uuid.UUID, if_match: int | None) -> None:
    """Soft-delete a source and its citations, unless a published event would be left unsupported."""
    async with db.transaction() as conn:
        await events().lock_events_of_source(conn, source_id=source_id)  # they change too
        locked(
            await repo.source_row_for_update(conn, source_id=source_id),
            newsroom=actor.newsroom,
            if_match=if_match,
            missing=f"No source {source_id}.",
        )
        stranded = await repo.unsupported_if_source_goes(conn, source_id=source_id)
        if stranded:
            raise Invalid(
                "Deleting this source would leave published events without a supporting citation: "
                + ", ".join(map(str, stranded)),
                type=PUBLISHING_RULE,
            )
        cited = await repo.delete_source(conn, source_id=source_id)
        await repo.insert_source_revision(
            conn,
            source_id=source_id,
            action="delete",
            key_id=actor.key_id,
            change_note=None,
            correction=False,
        )
        await events().record_citation_changes(conn, key_id=actor.key_id, cited=cited, action="delete")


async def restore_source(db: Database, *, actor: Actor, source_id: uuid.UUID) -> SourceDetail:
    """Bring back a deleted source with its citations, unless a live source of the newsroom has taken its
    URL (409)."""
    async with db.transaction() as conn:
        deleted = await repo.deleted_source(conn, source_id=source_id, newsroom=actor.newsroom)
        if deleted is None:
            raise NotFound(f"No deleted source {source_id}.")
        if deleted["taken_by"] is not None:
            raise Conflict(
                f"Another source of this newsroom now has this URL: {deleted['taken_by']}.",
                existing_id=str(deleted["taken_by"]),
                type=DUPLICATE_SOURCE,
            )
        cited = await repo.restore_source(conn, source_id=source_id, newsroom=actor.newsroom)
        await repo.insert_source_revision(
            conn,
            source_id=source_id,
            action="restore",
            key_id=actor.key_id,
            change_note=None,
            correction=False,
        )
        await events().record_citation_changes(conn, key_id=actor.key_id, cited=cited, action="restore")
        return await repo.get_source(conn, source_id=source_id, drafts_of=actor.newsroom)


async def list_sources(
    db: Database,
    *,
    url: str | None,
    newsroom: str | None,
    q: str | None,
    drafts_of: str | None,
    after: Any,
    direction: Direction,
    limit: int,
) -> list[tuple[tuple[Any, ...], Source]]:
    """A page of live sources. A URL has at most one source per newsroom, so `url` with `newsroom` finds
    at most one: the source an inline citation of that URL by that newsroom reuses."""
    canonical = None
    if url is not None:
        try:
            canonical = _checked_url("url", url)
        except Invalid as exc:
            raise BadRequest(exc.detail, errors=exc.errors) from None
    async with db.connection(read=True) as conn:
        return await repo.list_sources(
            conn,
            url=canonical,
            newsroom=newsroom,
            q=q,
            drafts_of=drafts_of,
            after=after,
            backwards=direction == "prev",
            limit=limit,
        )
