from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.stance import Stance
from ..types import UNSET, Unset

T = TypeVar("T", bound="TimelineFilterPatch")


@_attrs_define
class TimelineFilterPatch:
    """Changes to a timeline's saved search, merged into it (RFC 7396): a parameter left out stays, `null` removes it, a
    list given replaces the saved one.

        Attributes:
            any_tag (list[str] | None | Unset): The event carries at least one of these tags (at most 20).
            country (None | str | Unset): ISO 3166-1 alpha-2 country of the event's location.
            entity (list[UUID] | None | Unset): Entity ids: the event involves every one of them (at most 20).
            from_ (None | str | Unset): Events that end on or after the first day of this date: YYYY, YYYY-MM or YYYY-MM-DD
                (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z or ±hh:mm (its own
                calendar day).
            min_importance (int | None | Unset): Only events at least this important (1-5).
            newsroom (None | str | Unset): The newsroom whose published events the filter draws from (a partnership);
                without it, the timeline's own newsroom. Others' events join only by `include`.
            publisher (None | str | Unset): Publisher of a cited source (exact, case-insensitive).
            q (None | str | Unset): Full-text search over title, summary and quotes (web-search syntax).
            source (None | Unset | UUID): Id of a source the event cites.
            stance (None | Stance | Unset): Stance of a citation; with `source` or `publisher`, of that same citation.
            tag (list[str] | None | Unset): The event carries every one of these tags (at most 20).
            to (None | str | Unset): Events that start on or before the last day of this date: YYYY, YYYY-MM or YYYY-MM-DD
                (a trailing ?, ~ or % is taken as the date itself), or a moment YYYY-MM-DDThh:mm:ss with Z or ±hh:mm (its own
                calendar day).
    """

    any_tag: list[str] | None | Unset = UNSET
    country: None | str | Unset = UNSET
    entity: list[UUID] | None | Unset = UNSET
    from_: None | str | Unset = UNSET
    min_importance: int | None | Unset = UNSET
    newsroom: None | str | Unset = UNSET
    publisher: None | str | Unset = UNSET
    q: None | str | Unset = UNSET
    source: None | Unset | UUID = UNSET
    stance: None | Stance | Unset = UNSET
    tag: list[str] | None | Unset = UNSET
    to: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        any_tag: list[str] | None | Unset
        if isinstance(self.any_tag, Unset):
            any_tag = UNSET
        elif isinstance(self.any_tag, list):
            any_tag = self.any_tag

        else:
            any_tag = self.any_tag

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        entity: list[str] | None | Unset
        if isinstance(self.entity, Unset):
            entity = UNSET
        elif isinstance(self.entity, list):
            entity = []
            for entity_type_0_item_data in self.entity:
                entity_type_0_item = str(entity_type_0_item_data)
                entity.append(entity_type_0_item)

        else:
            entity = self.entity

        from_: None | str | Unset
        if isinstance(self.from_, Unset):
            from_ = UNSET
        else:
            from_ = self.from_

        min_importance: int | None | Unset
        if isinstance(self.min_importance, Unset):
            min_importance = UNSET
        else:
            min_importance = self.min_importance

        newsroom: None | str | Unset
        if isinstance(self.newsroom, Unset):
            newsroom = UNSET
        else:
            newsroom = self.newsroom

        publisher: None | str | Unset
        if isinstance(self.publisher, Unset):
            publisher = UNSET
        else:
            publisher = self.publisher

        q: None | str | Unset
        if isinstance(self.q, Unset):
            q = UNSET
        else:
            q = self.q

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, UUID):
            source = str(self.source)
        else:
            source = self.source

        stance: None | str | Unset
        if isinstance(self.stance, Unset):
            stance = UNSET
        elif isinstance(self.stance, Stance):
            stance = self.stance.value
        else:
            stance = self.stance

        tag: list[str] | None | Unset
        if isinstance(self.tag, Unset):
            tag = UNSET
        elif isinstance(self.tag, list):
            tag = self.tag

        else:
            tag = self.tag

        to: None | str | Unset
        if isinstance(self.to, Unset):
            to = UNSET
        else:
            to = self.to

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if any_tag is not UNSET:
            field_dict["any_tag"] = any_tag
        if country is not UNSET:
            field_dict["country"] = country
        if entity is not UNSET:
            field_dict["entity"] = entity
        if from_ is not UNSET:
            field_dict["from"] = from_
        if min_importance is not UNSET:
            field_dict["min_importance"] = min_importance
        if newsroom is not UNSET:
            field_dict["newsroom"] = newsroom
        if publisher is not UNSET:
            field_dict["publisher"] = publisher
        if q is not UNSET:
            field_dict["q"] = q
        if source is not UNSET:
            field_dict["source"] = source
        if stance is not UNSET:
            field_dict["stance"] = stance
        if tag is not UNSET:
            field_dict["tag"] = tag
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_any_tag(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                any_tag_type_0 = cast(list[str], data)

                return any_tag_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        any_tag = _parse_any_tag(d.pop("any_tag", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_entity(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                entity_type_0 = []
                _entity_type_0 = data
                for entity_type_0_item_data in _entity_type_0:
                    entity_type_0_item = UUID(entity_type_0_item_data)

                    entity_type_0.append(entity_type_0_item)

                return entity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        entity = _parse_entity(d.pop("entity", UNSET))

        def _parse_from_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        from_ = _parse_from_(d.pop("from", UNSET))

        def _parse_min_importance(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_importance = _parse_min_importance(d.pop("min_importance", UNSET))

        def _parse_newsroom(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        newsroom = _parse_newsroom(d.pop("newsroom", UNSET))

        def _parse_publisher(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        publisher = _parse_publisher(d.pop("publisher", UNSET))

        def _parse_q(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        q = _parse_q(d.pop("q", UNSET))

        def _parse_source(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = UUID(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_stance(data: object) -> None | Stance | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stance_type_0 = Stance(data)

                return stance_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Stance | Unset, data)

        stance = _parse_stance(d.pop("stance", UNSET))

        def _parse_tag(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tag_type_0 = cast(list[str], data)

                return tag_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tag = _parse_tag(d.pop("tag", UNSET))

        def _parse_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        to = _parse_to(d.pop("to", UNSET))

        timeline_filter_patch = cls(
            any_tag=any_tag,
            country=country,
            entity=entity,
            from_=from_,
            min_importance=min_importance,
            newsroom=newsroom,
            publisher=publisher,
            q=q,
            source=source,
            stance=stance,
            tag=tag,
            to=to,
        )

        return timeline_filter_patch
