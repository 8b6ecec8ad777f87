"""/v1/keys: a newsroom's admins create, list and revoke its API keys."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import asyncpg
import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, Parameter
from msgspec import Meta

from service.auth.actor import ActorDep, Q, Role, key_hash, new_secret
from service.body import StrictBody
from service.db import DatabaseDep
from service.errors import NotFound
from service.http import (
    CursorParam,
    IdempotencyKey,
    LimitParam,
    json_response,
    keyed_page,
    page_response,
    read_cursor,
)
from service.idempotency import idempotent
from service.newsrooms import ensure_newsroom
from service.openapi_docs import problems
from service.pages import fingerprint
from service.schemas import PLAIN, Input, NextCursor, Output, PrevCursor

ADMIN = {"role": "admin"}
KeyId = Annotated[uuid.UUID, Parameter(description="The key's id.")]


class KeyIn(Input, kw_only=True):
    """A new key for the caller's newsroom."""

    role: Role
    name: Annotated[
        str, Meta(max_length=100, pattern=PLAIN, description="A label to recognise the key by.")
    ] = ""


class Key(Output, kw_only=True):
    """An API key as listed: never its secret."""

    id: uuid.UUID
    newsroom: str
    role: Role
    name: str
    prefix: Annotated[str, Meta(description="The first characters of the key, to recognise it.")]
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class NewKey(Key, kw_only=True):
    """A key just created: `key` is shown this once and cannot be read again."""

    key: Annotated[str, Meta(description="The secret: send it as `Authorization: Bearer <key>`.")]


class KeyPage(Output, kw_only=True):
    """A page of the newsroom's keys, oldest first."""

    items: list[Key]
    next_cursor: NextCursor = None
    prev_cursor: PrevCursor = None


async def create_key(conn: asyncpg.Connection, *, newsroom: str, role: str, name: str = "") -> NewKey:
    """Create a key (and the newsroom, when new); the secret leaves only in the return value."""
    await ensure_newsroom(conn, newsroom=newsroom)
    secret = new_secret()
    row = await conn.fetchrow(Q.insert_key, newsroom, role, name, secret[:10], key_hash(secret))
    return NewKey(**dict(row), key=secret)


def _as_listed(key: NewKey) -> Key:
    return Key(**{f: getattr(key, f) for f in Key.__struct_fields__})


CREATE_RESPONSES = {
    **problems(401, 403, 409, 413, 415, 422),
    200: ResponseSpec(
        data_container=Key, generate_examples=False,
        description="A replay: this `Idempotency-Key` and body already created this key, which is "
        "returned as listed, without its secret (shown only once, in the 201).",
    ),
}  # fmt: skip


async def newsroom_keys(conn: asyncpg.Connection, *, newsroom: str) -> list[Key] | None:
    """Every key of the newsroom, revoked ones included, oldest first, never a secret; None when there
    is no such newsroom (a mistyped name is not a newsroom without keys)."""
    if not await conn.fetchval(Q.newsroom_exists, newsroom):
        return None
    return [msgspec.convert(dict(row), Key) for row in await conn.fetch(Q.newsroom_keys, newsroom)]


async def revoke_any_key(conn: asyncpg.Connection, *, key_id: uuid.UUID) -> Key | None:
    """Revoke a key of whichever newsroom (the operator's command, not the API); None when there is none."""
    row = await conn.fetchrow(Q.revoke_key_by_id, key_id)
    return msgspec.convert(dict(row), Key) if row else None


class KeyController(Controller):
    path = "/v1/keys"
    tags = ["keys"]

    @post("/", operation_id="create_key", dto=StrictBody[KeyIn], return_dto=None, opt=ADMIN,
          responses=CREATE_RESPONSES, summary="Create an API key")  # fmt: skip
    async def create(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        data: JSONBody[KeyIn],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[NewKey]:
        """Create a key for the caller's newsroom; the response is the only time the secret is shown.

        With `Idempotency-Key`, a retry with the same key and body creates nothing: it answers 200 with
        the key first created (its id and `Location`, `Idempotent-Replayed: true`) but never its secret
        again. A client that lost the 201 revokes that key and creates another.
        """

        made: list[NewKey] = []

        async def produce() -> Response[Any]:
            async with db.transaction() as conn:  # the Idempotency-Key's, when there is one
                made.append(await create_key(conn, newsroom=actor.newsroom, role=data.role, name=data.name))
            location = {"Location": f"/v1/keys/{made[0].id}"}
            return json_response(request, made[0], status_code=201, headers=location)

        def keep(_: Response[Any]) -> tuple[int, bytes]:
            """What a replay answers: never the secret, which is not stored anywhere."""
            return 200, msgspec.json.encode(_as_listed(made[0]))

        return await idempotent(request, actor, db, produce, keep)

    @get("/", operation_id="list_keys", opt=ADMIN, responses=problems(401, 403), summary="List API keys")
    async def list_keys(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep,
        limit: LimitParam = 50, cursor: CursorParam = None,
    ) -> Response[KeyPage]:  # fmt: skip
        """The caller's newsroom's keys, revoked ones included, without their secrets."""
        fp = fingerprint({"keys": actor.newsroom})
        direction, after = read_cursor(cursor, fp, tuple[dt.datetime, uuid.UUID])
        async with db.connection() as conn:
            rows = await conn.fetch(Q.list_keys, actor.newsroom, *(after or (None, None)), limit + 1)
        items = [((row["created_at"], row["id"]), msgspec.convert(dict(row), Key)) for row in rows]
        page = keyed_page(items, limit=limit, direction="next", from_cursor=False, fp=fp)
        return page_response(request, KeyPage, page, private=True)

    @get("/{key_id:uuid}", operation_id="get_key", opt=ADMIN, responses=problems(401, 403, 404),
         summary="Read an API key")  # fmt: skip
    async def get_key(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, key_id: KeyId
    ) -> Response[Key]:
        """One key of the caller's newsroom, revoked or not, without its secret; another's is a 404."""
        async with db.connection() as conn:
            row = await conn.fetchrow(Q.get_key, key_id, actor.newsroom)
        if row is None:
            raise NotFound(f"No key {key_id}.")
        return json_response(request, msgspec.convert(dict(row), Key), private=True)

    @delete("/{key_id:uuid}", operation_id="revoke_key", opt=ADMIN, responses=problems(401, 403, 404),
            summary="Revoke an API key")  # fmt: skip
    async def revoke(
        self,
        db: DatabaseDep,
        actor: ActorDep,
        key_id: KeyId,
    ) -> None:
        """Revoke a key of the caller's newsroom; it stops working at once."""
        async with db.transaction() as conn:
            if await conn.fetchval(Q.revoke_key, key_id, actor.newsroom) is None:
                raise NotFound(f"No key {key_id}.")
