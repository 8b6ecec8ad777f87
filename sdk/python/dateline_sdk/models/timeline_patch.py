from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.theme import Theme
from ..models.timeline_status import TimelineStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_filter_patch import TimelineFilterPatch


T = TypeVar("T", bound="TimelinePatch")


@_attrs_define
class TimelinePatch:
    """JSON merge patch (RFC 7396) of a timeline: absent fields stay; `filter` is merged parameter by
    parameter; `include` and `exclude` are replaced whole; `null` clears `description` and resets the
    others to their defaults (`filter` to `{}`).

    Attributes:
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object.
        description (None | str | Unset): Plain text, at most 10,000 characters; no HTML.
        exclude (list[UUID] | None | Unset): Event ids, at most 1,000.
        filter_ (None | TimelineFilterPatch | Unset): The saved event search whose matches are in the timeline (`{}`:
            none, only `include`).
        include (list[UUID] | None | Unset): Event ids, at most 1,000.
        language (None | str | Unset): The embed's language (BCP 47), e.g. `en`, `ru`.
        slug (str | Unset): A slug: [a-z0-9-], 1-64.
        start_at (None | str | Unset): Where the embed opens: `oldest`, `newest`, or a date (YYYY, YYYY-MM or YYYY-MM-
            DD).
        status (TimelineStatus | Unset): `draft` (visible to its newsroom only) or `published`.
        theme (None | Theme | Unset): The embed's colours; `auto` follows the reader's system.
        title (str | Unset): Non-empty text, at most 300 characters.
    """

    change_note: None | str | Unset = UNSET
    correction: bool | Unset = UNSET
    description: None | str | Unset = UNSET
    exclude: list[UUID] | None | Unset = UNSET
    filter_: None | TimelineFilterPatch | Unset = UNSET
    include: list[UUID] | None | Unset = UNSET
    language: None | str | Unset = UNSET
    slug: str | Unset = UNSET
    start_at: None | str | Unset = UNSET
    status: TimelineStatus | Unset = UNSET
    theme: None | Theme | Unset = UNSET
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.timeline_filter_patch import TimelineFilterPatch  # noqa: PLC0415

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

        exclude: list[str] | None | Unset
        if isinstance(self.exclude, Unset):
            exclude = UNSET
        elif isinstance(self.exclude, list):
            exclude = []
            for exclude_type_0_item_data in self.exclude:
                exclude_type_0_item = str(exclude_type_0_item_data)
                exclude.append(exclude_type_0_item)

        else:
            exclude = self.exclude

        filter_: dict[str, Any] | None | Unset
        if isinstance(self.filter_, Unset):
            filter_ = UNSET
        elif isinstance(self.filter_, TimelineFilterPatch):
            filter_ = self.filter_.to_dict()
        else:
            filter_ = self.filter_

        include: list[str] | None | Unset
        if isinstance(self.include, Unset):
            include = UNSET
        elif isinstance(self.include, list):
            include = []
            for include_type_0_item_data in self.include:
                include_type_0_item = str(include_type_0_item_data)
                include.append(include_type_0_item)

        else:
            include = self.include

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        slug = self.slug

        start_at: None | str | Unset
        if isinstance(self.start_at, Unset):
            start_at = UNSET
        else:
            start_at = self.start_at

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        theme: None | str | Unset
        if isinstance(self.theme, Unset):
            theme = UNSET
        elif isinstance(self.theme, Theme):
            theme = self.theme.value
        else:
            theme = self.theme

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
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
        if slug is not UNSET:
            field_dict["slug"] = slug
        if start_at is not UNSET:
            field_dict["start_at"] = start_at
        if status is not UNSET:
            field_dict["status"] = status
        if theme is not UNSET:
            field_dict["theme"] = theme
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_filter_patch import TimelineFilterPatch  # noqa: PLC0415

        d = dict(src_dict)

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

        def _parse_exclude(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                exclude_type_0 = []
                _exclude_type_0 = data
                for exclude_type_0_item_data in _exclude_type_0:
                    exclude_type_0_item = UUID(exclude_type_0_item_data)

                    exclude_type_0.append(exclude_type_0_item)

                return exclude_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        exclude = _parse_exclude(d.pop("exclude", UNSET))

        def _parse_filter_(data: object) -> None | TimelineFilterPatch | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                filter_type_0 = TimelineFilterPatch.from_dict(data)

                return filter_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TimelineFilterPatch | Unset, data)

        filter_ = _parse_filter_(d.pop("filter", UNSET))

        def _parse_include(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                include_type_0 = []
                _include_type_0 = data
                for include_type_0_item_data in _include_type_0:
                    include_type_0_item = UUID(include_type_0_item_data)

                    include_type_0.append(include_type_0_item)

                return include_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        include = _parse_include(d.pop("include", UNSET))

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        slug = d.pop("slug", UNSET)

        def _parse_start_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        start_at = _parse_start_at(d.pop("start_at", UNSET))

        _status = d.pop("status", UNSET)
        status: TimelineStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = TimelineStatus(_status)

        def _parse_theme(data: object) -> None | Theme | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                theme_type_0 = Theme(data)

                return theme_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Theme | Unset, data)

        theme = _parse_theme(d.pop("theme", UNSET))

        title = d.pop("title", UNSET)

        timeline_patch = cls(
            change_note=change_note,
            correction=correction,
            description=description,
            exclude=exclude,
            filter_=filter_,
            include=include,
            language=language,
            slug=slug,
            start_at=start_at,
            status=status,
            theme=theme,
            title=title,
        )

        return timeline_patch
