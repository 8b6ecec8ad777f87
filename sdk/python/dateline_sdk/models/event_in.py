from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_status import EventStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.citation_in import CitationIn
    from ..models.entity_link import EntityLink
    from ..models.location import Location
    from ..models.media import Media


T = TypeVar("T", bound="EventIn")


@_attrs_define
class EventIn:
    """A new event. Publishing (`status: published`) needs at least one citation that `supports` it.

    Attributes:
        date (str): An EDTF date: `2021-12-15`, `2021-12`, `2021`, `2021-12-15T10:00:00+03:00`, a trailing `?`, `~` or
            `%`, or an interval `A/B` (`B` may be `..` for an open end).
        title (str): Non-empty text, at most 300 characters.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        citations (list[CitationIn] | Unset): At most 50 citations.
        correction (bool | Unset): Mark this change as a public correction of a published object. Default: False.
        entities (list[EntityLink] | Unset): At most 100 entities.
        importance (int | Unset): Editorial weight from 1 (minor) to 5 (major). Default: 3.
        location (Location | None | Unset): Where it happened.
        media (Media | None | Unset): An illustrating image or video, shown as a link.
        retraction_note (None | str | Unset): Free text, at most 2,000 characters.
        status (EventStatus | Unset): `draft` (visible to its newsroom only), `published`, or `retracted` (public, with
            its note).
        summary (None | str | Unset): Plain text, at most 10,000 characters; no HTML.
        tags (list[str] | Unset): Tag slugs, at most 50.
    """

    date: str
    title: str
    change_note: None | str | Unset = UNSET
    citations: list[CitationIn] | Unset = UNSET
    correction: bool | Unset = False
    entities: list[EntityLink] | Unset = UNSET
    importance: int | Unset = 3
    location: Location | None | Unset = UNSET
    media: Media | None | Unset = UNSET
    retraction_note: None | str | Unset = UNSET
    status: EventStatus | Unset = UNSET
    summary: None | str | Unset = UNSET
    tags: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location  # noqa: PLC0415
        from ..models.media import Media  # noqa: PLC0415

        date = self.date

        title = self.title

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        citations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.citations, Unset):
            citations = []
            for citations_item_data in self.citations:
                citations_item = citations_item_data.to_dict()
                citations.append(citations_item)

        correction = self.correction

        entities: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.entities, Unset):
            entities = []
            for entities_item_data in self.entities:
                entities_item = entities_item_data.to_dict()
                entities.append(entities_item)

        importance = self.importance

        location: dict[str, Any] | None | Unset
        if isinstance(self.location, Unset):
            location = UNSET
        elif isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        media: dict[str, Any] | None | Unset
        if isinstance(self.media, Unset):
            media = UNSET
        elif isinstance(self.media, Media):
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

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "title": title,
            }
        )
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if citations is not UNSET:
            field_dict["citations"] = citations
        if correction is not UNSET:
            field_dict["correction"] = correction
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citation_in import CitationIn  # noqa: PLC0415
        from ..models.entity_link import EntityLink  # noqa: PLC0415
        from ..models.location import Location  # noqa: PLC0415
        from ..models.media import Media  # noqa: PLC0415

        d = dict(src_dict)
        date = d.pop("date")

        title = d.pop("title")

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        _citations = d.pop("citations", UNSET)
        citations: list[CitationIn] | Unset = UNSET
        if _citations is not UNSET:
            citations = []
            for citations_item_data in _citations:
                citations_item = CitationIn.from_dict(citations_item_data)

                citations.append(citations_item)

        correction = d.pop("correction", UNSET)

        _entities = d.pop("entities", UNSET)
        entities: list[EntityLink] | Unset = UNSET
        if _entities is not UNSET:
            entities = []
            for entities_item_data in _entities:
                entities_item = EntityLink.from_dict(entities_item_data)

                entities.append(entities_item)

        importance = d.pop("importance", UNSET)

        def _parse_location(data: object) -> Location | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None | Unset, data)

        location = _parse_location(d.pop("location", UNSET))

        def _parse_media(data: object) -> Media | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_0 = Media.from_dict(data)

                return media_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Media | None | Unset, data)

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

        tags = cast(list[str], d.pop("tags", UNSET))

        event_in = cls(
            date=date,
            title=title,
            change_note=change_note,
            citations=citations,
            correction=correction,
            entities=entities,
            importance=importance,
            location=location,
            media=media,
            retraction_note=retraction_note,
            status=status,
            summary=summary,
            tags=tags,
        )

        return event_in
