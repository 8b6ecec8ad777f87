"""/v1/tags: the tags of the events a search matches, with counts (facets)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import Provide

from service.db import DatabaseDep
from service.events.parameters import FiltersDep, provide_event_filters
from service.http import CursorParam, LimitParam, page_response
from service.openapi_docs import READ
from service.tags import service
from service.tags.schemas import TagPage


class TagController(Controller):
    path = "/v1/tags"
    tags = ["tags"]
    dependencies = {"filters": Provide(provide_event_filters, sync_to_thread=False)}

    @get("/", operation_id="list_tags", responses=READ, summary="Tags with event counts")
    async def list_tags(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        filters: FiltersDep,
        limit: LimitParam = 50,
        cursor: CursorParam = None,
    ) -> Response[TagPage]:
        """Tags of the events that match the filters (the same as for events), with their counts."""
        page = await service.list_tags(db, filters=filters, limit=limit, cursor=cursor)
        return page_response(request, TagPage, page, private=filters.status is not None)
