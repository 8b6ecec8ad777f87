from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_status import EventStatus
from ..models.precision import Precision

if TYPE_CHECKING:
    from ..models.citation import Citation
    from ..models.correction_note import CorrectionNote
    from ..models.entity_ref import EntityRef
    from ..models.location import Location
    from ..models.media import Media


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """A dated event with its citations; `start`..`display` are derived from `date`.

    Attributes:
        approximate (bool): The date carries `~` or `%`.
        citations (list[Citation]): The sources cited for the event, each with the quoted passage.
        corrections (list[CorrectionNote]): Public corrections made to the event, oldest first.
        created_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        date (str): The event's date in EDTF, as written.
        display (str): The date for readers, e.g. `15 December 2021`, `c. 2016`, `9–10 December 2021`.
        end (datetime.date | None): Last day the date can mean; null for an open end (still going).
        entities (list[EntityRef]): The entities involved, with their roles.
        id (UUID): Server-assigned identifier (UUID).
        importance (int): Editorial weight from 1 (minor) to 5 (major).
        location (Location | None): Where it happened.
        media (Media | None): An illustrating image or video, shown as a link.
        newsroom (str): The newsroom that owns the object; set by the server.
        object_ (Literal['event']): The kind of item: `event`, or `tombstone` for a deleted one in a sync feed.
        precision (Precision): How precise a date is: `year`, `month`, `day` or `time`.
        retraction_note (None | str): Why a retracted event was retracted.
        start (datetime.date): First day the date can mean (strict: qualifiers never widen it).
        status (EventStatus): `draft` (visible to its newsroom only), `published`, or `retracted` (public, with its
            note).
        summary (None | str): A short plain-text account of the event.
        tags (list[str]): Tag slugs.
        title (str): The title.
        uncertain (bool): The date carries `?` or `%`.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        version (int): Incremented on every change; the basis of the ETag.
    """

    approximate: bool
    citations: list[Citation]
    corrections: list[CorrectionNote]
    created_at: datetime.datetime
    date: str
    display: str
    end: datetime.date | None
    entities: list[EntityRef]
    id: UUID
    importance: int
    location: Location | None
    media: Media | None
    newsroom: str
    object_: Literal["event"]
    precision: Precision
    retraction_note: None | str
    start: datetime.date
    status: EventStatus
    summary: None | str
    tags: list[str]
    title: str
    uncertain: bool
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.location import Location  # noqa: PLC0415
        from ..models.media import Media  # noqa: PLC0415

        approximate = self.approximate

        citations = []
        for citations_item_data in self.citations:
            citations_item = citations_item_data.to_dict()
            citations.append(citations_item)

        corrections = []
        for corrections_item_data in self.corrections:
            corrections_item = corrections_item_data.to_dict()
            corrections.append(corrections_item)

        created_at = self.created_at.isoformat()

        date = self.date

        display = self.display

        end: None | str
        if isinstance(self.end, datetime.date):
            end = self.end.isoformat()
        else:
            end = self.end

        entities = []
        for entities_item_data in self.entities:
            entities_item = entities_item_data.to_dict()
            entities.append(entities_item)

        id = str(self.id)

        importance = self.importance

        location: dict[str, Any] | None
        if isinstance(self.location, Location):
            location = self.location.to_dict()
        else:
            location = self.location

        media: dict[str, Any] | None
        if isinstance(self.media, Media):
            media = self.media.to_dict()
        else:
            media = self.media

        newsroom = self.newsroom

        object_ = self.object_

        precision = self.precision.value

        retraction_note: None | str
        retraction_note = self.retraction_note

        start = self.start.isoformat()

        status = self.status.value

        summary: None | str
        summary = self.summary

        tags = self.tags

        title = self.title

        uncertain = self.uncertain

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "approximate": approximate,
                "citations": citations,
                "corrections": corrections,
                "created_at": created_at,
                "date": date,
                "display": display,
                "end": end,
                "entities": entities,
                "id": id,
                "importance": importance,
                "location": location,
                "media": media,
                "newsroom": newsroom,
                "object": object_,
                "precision": precision,
                "retraction_note": retraction_note,
                "start": start,
                "status": status,
                "summary": summary,
                "tags": tags,
                "title": title,
                "uncertain": uncertain,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.citation import Citation  # noqa: PLC0415
        from ..models.correction_note import CorrectionNote  # noqa: PLC0415
        from ..models.entity_ref import EntityRef  # noqa: PLC0415
        from ..models.location import Location  # noqa: PLC0415
        from ..models.media import Media  # noqa: PLC0415

        d = dict(src_dict)
        approximate = d.pop("approximate")

        citations = []
        _citations = d.pop("citations")
        for citations_item_data in _citations:
            citations_item = Citation.from_dict(citations_item_data)

            citations.append(citations_item)

        corrections = []
        _corrections = d.pop("corrections")
        for corrections_item_data in _corrections:
            corrections_item = CorrectionNote.from_dict(corrections_item_data)

            corrections.append(corrections_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        date = d.pop("date")

        display = d.pop("display")

        def _parse_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.date.fromisoformat(data)

                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end = _parse_end(d.pop("end"))

        entities = []
        _entities = d.pop("entities")
        for entities_item_data in _entities:
            entities_item = EntityRef.from_dict(entities_item_data)

            entities.append(entities_item)

        id = UUID(d.pop("id"))

        importance = d.pop("importance")

        def _parse_location(data: object) -> Location | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                location_type_0 = Location.from_dict(data)

                return location_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Location | None, data)

        location = _parse_location(d.pop("location"))

        def _parse_media(data: object) -> Media | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                media_type_0 = Media.from_dict(data)

                return media_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Media | None, data)

        media = _parse_media(d.pop("media"))

        newsroom = d.pop("newsroom")

        object_ = cast(Literal["event"], d.pop("object"))
        if object_ != "event":
            raise ValueError(f"object must match const 'event', got '{object_}'")

        precision = Precision(d.pop("precision"))

        def _parse_retraction_note(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        retraction_note = _parse_retraction_note(d.pop("retraction_note"))

        start = datetime.date.fromisoformat(d.pop("start"))

        status = EventStatus(d.pop("status"))

        def _parse_summary(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        summary = _parse_summary(d.pop("summary"))

        tags = cast(list[str], d.pop("tags"))

        title = d.pop("title")

        uncertain = d.pop("uncertain")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        event = cls(
            approximate=approximate,
            citations=citations,
            corrections=corrections,
            created_at=created_at,
            date=date,
            display=display,
            end=end,
            entities=entities,
            id=id,
            importance=importance,
            location=location,
            media=media,
            newsroom=newsroom,
            object_=object_,
            precision=precision,
            retraction_note=retraction_note,
            start=start,
            status=status,
            summary=summary,
            tags=tags,
            title=title,
            uncertain=uncertain,
            updated_at=updated_at,
            version=version,
        )

        event.additional_properties = d
        return event

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
