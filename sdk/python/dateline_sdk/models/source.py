from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.source_kind import SourceKind

T = TypeVar("T", bound="Source")


@_attrs_define
class Source:
    """A page, document or recording that events cite.

    Attributes:
        accessed_at (datetime.datetime | None): When the page was read.
        archive_url (None | str): An archived copy of the page.
        authors (list[str]): The source's authors.
        created_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        id (UUID): Server-assigned identifier (UUID).
        kind (SourceKind): What sort of source it is.
        language (None | str): The source's language (BCP 47).
        newsroom (str): The newsroom that owns the object; set by the server.
        published (None | str): When the source was published, in EDTF.
        publisher (None | str): Who published the source.
        title (str): The title.
        updated_at (datetime.datetime): RFC 3339 timestamp in UTC, set by the server.
        url (str): The page's URL in canonical form (lower-case host, no fragment, no `utm_*`).
        version (int): Incremented on every change; the basis of the ETag.
    """

    accessed_at: datetime.datetime | None
    archive_url: None | str
    authors: list[str]
    created_at: datetime.datetime
    id: UUID
    kind: SourceKind
    language: None | str
    newsroom: str
    published: None | str
    publisher: None | str
    title: str
    updated_at: datetime.datetime
    url: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accessed_at: None | str
        if isinstance(self.accessed_at, datetime.datetime):
            accessed_at = self.accessed_at.isoformat()
        else:
            accessed_at = self.accessed_at

        archive_url: None | str
        archive_url = self.archive_url

        authors = self.authors

        created_at = self.created_at.isoformat()

        id = str(self.id)

        kind = self.kind.value

        language: None | str
        language = self.language

        newsroom = self.newsroom

        published: None | str
        published = self.published

        publisher: None | str
        publisher = self.publisher

        title = self.title

        updated_at = self.updated_at.isoformat()

        url = self.url

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accessed_at": accessed_at,
                "archive_url": archive_url,
                "authors": authors,
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "language": language,
                "newsroom": newsroom,
                "published": published,
                "publisher": publisher,
                "title": title,
                "updated_at": updated_at,
                "url": url,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_accessed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accessed_at_type_0 = datetime.datetime.fromisoformat(data)

                return accessed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accessed_at = _parse_accessed_at(d.pop("accessed_at"))

        def _parse_archive_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        archive_url = _parse_archive_url(d.pop("archive_url"))

        authors = cast(list[str], d.pop("authors"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        kind = SourceKind(d.pop("kind"))

        def _parse_language(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        language = _parse_language(d.pop("language"))

        newsroom = d.pop("newsroom")

        def _parse_published(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        published = _parse_published(d.pop("published"))

        def _parse_publisher(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        publisher = _parse_publisher(d.pop("publisher"))

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        url = d.pop("url")

        version = d.pop("version")

        source = cls(
            accessed_at=accessed_at,
            archive_url=archive_url,
            authors=authors,
            created_at=created_at,
            id=id,
            kind=kind,
            language=language,
            newsroom=newsroom,
            published=published,
            publisher=publisher,
            title=title,
            updated_at=updated_at,
            url=url,
            version=version,
        )

        source.additional_properties = d
        return source

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
