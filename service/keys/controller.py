"""/v1/keys: a newsroom's admins create, list and revoke its API keys."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, Parameter

from service.auth.actor import ActorDep
from service.body import StrictBody
from service.db import DatabaseDep
from service.http import (
    CursorParam,
    IdempotencyKey,
    LimitParam,
    json_response,
    page_response,
)
from service.idempotency import idempotent
from service.keys import service
from service.keys.schemas import Key, KeyIn, KeyPage, NewKey
from service.openapi_docs import problems

ADMIN = {"role": "admin"}
KeyId = Annotated[uuid.UUID, Parameter(description="The key's id.")]


def _as_listed(key: NewKey) -> Key:
    return Key(**{f: getattr(key, f) for f in Key.__struct_fields__})


CREATE_RESPONSES = {
    **problems(401, 403, 409, 413, 415, 422),
    200: ResponseSpec(
        data_container=Key,
        generate_examples=False,
        description="A replay: this `Idempotency-Key` and body already created this key, which is "
        "returned as listed, without its secret (shown only once, in the 201).",
    ),
}


class KeyController(Controller):
    path = "/v1/keys"
    tags = ["keys"]

    @post(
        "/",
        operation_id="create_key",
        dto=StrictBody[KeyIn],
        return_dto=None,
        opt=ADMIN,
        responses=CREATE_RESPONSES,
        summary="Create an API key",
    )
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
            made.append(await service.create_key(db, newsroom=actor.newsroom, role=data.role, name=data.name))
            location = {"Location": f"/v1/keys/{made[0].id}"}
            return json_response(request, made[0], status_code=201, headers=location)

        def keep(_: Response[Any]) -> tuple[int, bytes]:
            """What a replay answers: never the secret, which is not stored anywhere."""
            return 200, msgspec.json.encode(_as_listed(made[0]))

        return await idempotent(request, actor, db, produce, keep)

    @get("/", operation_id="list_keys", opt=ADMIN, responses=problems(401, 403), summary="List API keys")
    async def list_keys(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        actor: ActorDep,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[KeyPage]:
        """The caller's newsroom's keys, revoked ones included, without their secrets."""
        page = await service.list_keys(db, newsroom=actor.newsroom, limit=limit, cursor=cursor)
        return page_response(request, KeyPage, page, private=True)

    @get(
        "/{key_id:uuid}",
        operation_id="get_key",
        opt=ADMIN,
        responses=problems(401, 403, 404),
        summary="Read an API key",
    )
    async def get_key(
        self, request: Request[Any, Any, Any], db: DatabaseDep, actor: ActorDep, key_id: KeyId
    ) -> Response[Key]:
        """One key of the caller's newsroom, revoked or not, without its secret; another's is a 404."""
        key = await service.get_key(db, key_id=key_id, newsroom=actor.newsroom)
        return json_response(request, key, private=True)

    @delete(
        "/{key_id:uuid}",
        operation_id="revoke_key",
        opt=ADMIN,
        responses=problems(401, 403, 404),
        summary="Revoke an API key",
    )
    async def revoke(
        self,
        db: DatabaseDep,
        actor: ActorDep,
        key_id: KeyId,
    ) -> None:
        """Revoke a key of the caller's newsroom; it stops working at once."""
        await service.revoke_key(db, key_id=key_id, newsroom=actor.newsroom)
