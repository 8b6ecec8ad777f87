from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_status import EventStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.entity_link import EntityLink
    from ..models.location_patch import LocationPatch
    from ..models.media_patch import MediaPatch


T = TypeVar("T", bound="EventPatch")


@_attrs_define
class EventPatch:
    """JSON merge patch (RFC 7396) of an event: a field left out stays, `null` clears it, `location` and
    `media` are merged member by member, lists are replaced whole. Citations change through their own
    endpoints.

    Attributes:
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object.
        date (str | Unset): An EDTF date: `2021-12-15`, `2021-12`, `2021`, `2021-12-15T10:00:00+03:00`, a trailing `?`,
            `~` or `%`, or an interval `A/B` (`B` may be `..` for an open end).
        entities (list[EntityLink] | None | Unset): At most 100 entities.
        importance (int | Unset): Editorial weight from 1 (minor) to 5 (major).
        location (LocationPatch | None | Unset): Where it happened.
        media (MediaPatch | None | Unset): An illustrating image or video, shown as a link.
        retraction_note (None | str | Unset): Free text, at most 2,000 characters.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or `retracted` (public, with
            its note).
        summary (None | str | Unset): Plain text, at most 10,000 characters; no HTML.
        tags (list[str] | None | Unset): Tag slugs, at most 50.
        title (str | Unset): Non-empty text, at most 300 characters.
    """

    change_note: None | str | Unset = UNSET
    correction: bool | Unset = UNSET
    date: str | Unset = UNSET
    entities: list[EntityLink] | None | Unset = UNSET
    importance: int | Unset = UNSET
    location: LocationPatch | None | Unset = UNSET
    media: MediaPatch | None | Unset = UNSET
    retraction_note: None | str | Unset = UNSET
    status: EventStatus | Unset = UNSET
    summary: None | str | Unset = UNSET
    tags: list[str] | None | Unset = UNSET
    title: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location_patch import LocationPatch  # noqa: PLC0415
        from ..models.media_patch import MediaPatch  # noqa: PLC0415

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        date = self.date

        entities: list[dict[str, Any]] | None | Unset
        if isinstance(self.entities, Unset):
            entities = UNSET
        elif isinstance(self.entities, list):
            entities = []
            for entities_type_0_item_data in self.entities:
                entities_type_0_item = entities_type_0_item_data.to_dict()
                entities.append(entities_type_0_item)

        else:
            entities = self.entities

        importance = self.importance

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, LocationPatch):
            location = self.location.to_dict()
        else:
            location = self.location

        media: dict[str, Any] | None | Unset
        if isinstance(self.media, Unset):
            media = UNSET
        elif isinstance(self.media, MediaPatch):
            media = self.media.to_dict()
        else:
            media = self.media

        retraction_note: None | str | Unset
        if isinstance(self.retraction_note, Unset):
            retraction_note = UNSET
        else:
            retraction_note = self.retraction_note

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if date is not UNSET:
            field_dict["date"] = date
        if entities is not UNSET:
            field_dict["entities"] = entities
        if importance is not UNSET:
            field_dict["importance"] = importance
        if location is not UNSET:
            field_dict["location"] = location
        if media is not UNSET:
            field_dict["media"] = media
        if retraction_note is not UNSET:
            field_dict["retraction_note"] = retraction_note
        if status is not UNSET:
            field_dict["status"] = status
        if summary is not UNSET:
            field_dict["summary"] = summary
        if tags is not UNSET:
            field_dict["tags"] = tags
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entity_link import EntityLink  # noqa: PLC0415
        from ..models.location_patch import LocationPatch  # noqa: PLC0415
        from ..models.media_patch import MediaPatch  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        date = d.pop("date", UNSET)

        def _parse_entities(data: object) -> list[EntityLink] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                entities_type_0 = []
                _entities_type_0 = data
                for entities_type_0_item_data in _entities_type_0:
                    entities_type_0_item = EntityLink.from_dict(entities_type_0_item_data)

                    entities_type_0.append(entities_type_0_item)

                return entities_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EntityLink] | None | Unset, data)

        entities = _parse_entities(d.pop("entities", UNSET))

        importance = d.pop("importance", UNSET)

        def _parse_location(data: object) -> LocationPatch | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = LocationPatch.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LocationPatch | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_media(data: object) -> MediaPatch | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_0 = MediaPatch.from_dict(data)

                return media_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MediaPatch | None | Unset, data)

        media = _parse_media(d.pop("media", UNSET))

        def _parse_retraction_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        retraction_note = _parse_retraction_note(d.pop("retraction_note", UNSET))

        _status = d.pop("status", UNSET)
        status: EventStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = EventStatus(_status)

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        def _parse_tags(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tags_type_0 = cast(list[str], data)

                return tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tags = _parse_tags(d.pop("tags", UNSET))

        title = d.pop("title", UNSET)

        event_patch = cls(
            change_note=change_note,
            correction=correction,
            date=date,
            entities=entities,
            importance=importance,
            location=location,
            media=media,
            retraction_note=retraction_note,
            status=status,
            summary=summary,
            tags=tags,
            title=title,
        )

        return event_patch
