from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.theme import Theme
from ..models.timeline_status import TimelineStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_filter import TimelineFilter


T = TypeVar("T", bound="TimelineIn")


@_attrs_define
class TimelineIn:
    """A new timeline: its events are (`filter` ∪ `include`) − `exclude`, at most 10,000 of them.

    Attributes:
        slug (str): A slug: [a-z0-9-], 1-64.
        title (str): Non-empty text, at most 300 characters.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object. Default: False.
        description (None | str | Unset): Plain text, at most 10,000 characters; no HTML.
        exclude (list[UUID] | Unset): Event ids, at most 1,000.
        filter_ (TimelineFilter | Unset): A saved event search: the query parameters of `GET /v1/events` that select
            events, lists for the
                repeatable ones, e.g. `{"tag": ["doping"], "from": "2016"}`, over the timeline's own newsroom's events
                (or those of the newsroom it names in `newsroom`). `{}` selects no event by itself: the
                timeline then holds its `include` list only. Paging, order and sync parameters (`cursor`, `limit`,
                `order`, `around`, `updated_since`) and `status` belong to a request, not here.
        include (list[UUID] | Unset): Event ids, at most 1,000.
        language (str | Unset): The embed's language (BCP 47), e.g. `en`, `ru`. Default: 'en'.
        start_at (str | Unset): Where the embed opens: `oldest`, `newest`, or a date (YYYY, YYYY-MM or YYYY-MM-DD).
            Default: 'oldest'.
        status (TimelineStatus | Unset): `draft` (visible to its newsroom only) or `published`.
        theme (Theme | Unset): The embed's colours: `light`, `dark`, or `auto` (the reader's preference).
    """

    slug: str
    title: str
    change_note: None | str | Unset = UNSET
    correction: bool | Unset = False
    description: None | str | Unset = UNSET
    exclude: list[UUID] | Unset = UNSET
    filter_: TimelineFilter | Unset = UNSET
    include: list[UUID] | Unset = UNSET
    language: str | Unset = "en"
    start_at: str | Unset = "oldest"
    status: TimelineStatus | Unset = UNSET
    theme: Theme | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        title = self.title

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        exclude: list[str] | Unset = UNSET
        if not isinstance(self.exclude, Unset):
            exclude = []
            for exclude_item_data in self.exclude:
                exclude_item = str(exclude_item_data)
                exclude.append(exclude_item)

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        include: list[str] | Unset = UNSET
        if not isinstance(self.include, Unset):
            include = []
            for include_item_data in self.include:
                include_item = str(include_item_data)
                include.append(include_item)

        language = self.language

        start_at = self.start_at

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        theme: str | Unset = UNSET
        if not isinstance(self.theme, Unset):
            theme = self.theme.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "slug": slug,
                "title": title,
            }
        )
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if description is not UNSET:
            field_dict["description"] = description
        if exclude is not UNSET:
            field_dict["exclude"] = exclude
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if include is not UNSET:
            field_dict["include"] = include
        if language is not UNSET:
            field_dict["language"] = language
        if start_at is not UNSET:
            field_dict["start_at"] = start_at
        if status is not UNSET:
            field_dict["status"] = status
        if theme is not UNSET:
            field_dict["theme"] = theme

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_filter import TimelineFilter  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        title = d.pop("title")

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _exclude = d.pop("exclude", UNSET)
        exclude: list[UUID] | Unset = UNSET
        if _exclude is not UNSET:
            exclude = []
            for exclude_item_data in _exclude:
                exclude_item = UUID(exclude_item_data)

                exclude.append(exclude_item)

        _filter_ = d.pop("filter", UNSET)
        filter_: TimelineFilter | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = TimelineFilter.from_dict(_filter_)

        _include = d.pop("include", UNSET)
        include: list[UUID] | Unset = UNSET
        if _include is not UNSET:
            include = []
            for include_item_data in _include:
                include_item = UUID(include_item_data)

                include.append(include_item)

        language = d.pop("language", UNSET)

        start_at = d.pop("start_at", UNSET)

        _status = d.pop("status", UNSET)
        status: TimelineStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TimelineStatus(_status)

        _theme = d.pop("theme", UNSET)
        theme: Theme | Unset
        if isinstance(_theme, Unset):
            theme = UNSET
        else:
            theme = Theme(_theme)

        timeline_in = cls(
            slug=slug,
            title=title,
            change_note=change_note,
            correction=correction,
            description=description,
            exclude=exclude,
            filter_=filter_,
            include=include,
            language=language,
            start_at=start_at,
            status=status,
            theme=theme,
        )

        return timeline_in
