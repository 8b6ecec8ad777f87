from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.theme import Theme
from ..models.timeline_status import TimelineStatus

if TYPE_CHECKING:
    from ..models.timeline_filter import TimelineFilter


T = TypeVar("T", bound="Timeline")


@_attrs_define
class Timeline:
    """A timeline of events for a story, and how the embed shows it; its events are at
    `/v1/timelines/{slug}/events`.

    Attributes:
        created_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        description (None | str): What the timeline is about, for readers (plain text).
        exclude (list[UUID]): Ids of events never in the timeline, whatever the filter or `include` says.
        filter_ (TimelineFilter): A saved event search: the query parameters of `GET /v1/events` that select events,
            lists for the
                repeatable ones, e.g. `{"tag": ["doping"], "from": "2016"}`, over the timeline's own newsroom's events
                (or those of the newsroom it names in `newsroom`). `{}` selects no event by itself: the
                timeline then holds its `include` list only. Paging, order and sync parameters (`cursor`, `limit`,
                `order`, `around`, `updated_since`) and `status` belong to a request, not here.
        id (UUID): Server-assigned identifier (UUID).
        include (list[UUID]): Ids of events always in the timeline, whatever the filter says.
        language (str): The embed's language (BCP 47).
        newsroom (str): The newsroom that owns the object; set by the server.
        slug (str): The timeline's address: `/v1/timelines/{slug}`, `/embed/timelines/{slug}`.
        start_at (str): Where the embed opens: `oldest`, `newest`, or a date (YYYY, YYYY-MM or YYYY-MM-DD).
        status (TimelineStatus): `draft` (visible to its newsroom only) or `published`.
        theme (Theme): The embed's colours: `light`, `dark`, or `auto` (the reader's preference).
        title (str): The title.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        version (int): Incremented on every change; the basis of the ETag.
    """

    created_at: datetime.datetime
    description: None | str
    exclude: list[UUID]
    filter_: TimelineFilter
    id: UUID
    include: list[UUID]
    language: str
    newsroom: str
    slug: str
    start_at: str
    status: TimelineStatus
    theme: Theme
    title: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        exclude = []
        for exclude_item_data in self.exclude:
            exclude_item = str(exclude_item_data)
            exclude.append(exclude_item)

        filter_ = self.filter_.to_dict()

        id = str(self.id)

        include = []
        for include_item_data in self.include:
            include_item = str(include_item_data)
            include.append(include_item)

        language = self.language

        newsroom = self.newsroom

        slug = self.slug

        start_at = self.start_at

        status = self.status.value

        theme = self.theme.value

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "description": description,
                "exclude": exclude,
                "filter": filter_,
                "id": id,
                "include": include,
                "language": language,
                "newsroom": newsroom,
                "slug": slug,
                "start_at": start_at,
                "status": status,
                "theme": theme,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_filter import TimelineFilter  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        exclude = []
        _exclude = d.pop("exclude")
        for exclude_item_data in _exclude:
            exclude_item = UUID(exclude_item_data)

            exclude.append(exclude_item)

        filter_ = TimelineFilter.from_dict(d.pop("filter"))

        id = UUID(d.pop("id"))

        include = []
        _include = d.pop("include")
        for include_item_data in _include:
            include_item = UUID(include_item_data)

            include.append(include_item)

        language = d.pop("language")

        newsroom = d.pop("newsroom")

        slug = d.pop("slug")

        start_at = d.pop("start_at")

        status = TimelineStatus(d.pop("status"))

        theme = Theme(d.pop("theme"))

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        timeline = cls(
            created_at=created_at,
            description=description,
            exclude=exclude,
            filter_=filter_,
            id=id,
            include=include,
            language=language,
            newsroom=newsroom,
            slug=slug,
            start_at=start_at,
            status=status,
            theme=theme,
            title=title,
            updated_at=updated_at,
            version=version,
        )

        timeline.additional_properties = d
        return timeline

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
