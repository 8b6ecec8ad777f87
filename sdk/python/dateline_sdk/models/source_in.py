from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.source_kind import SourceKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceIn")


@_attrs_define
class SourceIn:
    """A new source. Its URL is stored canonical: lower-case host, no fragment, no `utm_*` parameters.

    Attributes:
        title (str): Non-empty text, at most 300 characters.
        url (str): An absolute http or https URL, at most 2,000 characters.
        accessed_at (datetime.datetime | None | Unset): When the page was read (RFC 3339 with offset).
        archive_url (None | str | Unset): An absolute http or https URL, at most 2,000 characters.
        authors (list[str] | Unset): Author names, at most 50.
        change_note (None | str | Unset): Why this change was made; kept with the revision.
        correction (bool | Unset): Mark this change as a public correction of a published object. Default: False.
        kind (SourceKind | Unset): What sort of source it is.
        language (None | str | Unset): A BCP 47 language tag, e.g. `en`, `ru`, `pt-BR`.
        published (None | str | Unset): An EDTF date: `2021-12-15`, `2021-12`, `2021`, `2021-12-15T10:00:00+03:00`, a
            trailing `?`, `~` or `%`, or an interval `A/B` (`B` may be `..` for an open end).
        publisher (None | str | Unset): Who published the source.
    """

    title: str
    url: str
    accessed_at: datetime.datetime | None | Unset = UNSET
    archive_url: None | str | Unset = UNSET
    authors: list[str] | Unset = UNSET
    change_note: None | str | Unset = UNSET
    correction: bool | Unset = False
    kind: SourceKind | Unset = UNSET
    language: None | str | Unset = UNSET
    published: None | str | Unset = UNSET
    publisher: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        url = self.url

        accessed_at: None | str | Unset
        if isinstance(self.accessed_at, Unset):
            accessed_at = UNSET
        elif isinstance(self.accessed_at, datetime.datetime):
            accessed_at = self.accessed_at.isoformat()
        else:
            accessed_at = self.accessed_at

        archive_url: None | str | Unset
        if isinstance(self.archive_url, Unset):
            archive_url = UNSET
        else:
            archive_url = self.archive_url

        authors: list[str] | Unset = UNSET
        if not isinstance(self.authors, Unset):
            authors = self.authors

        change_note: None | str | Unset
        if isinstance(self.change_note, Unset):
            change_note = UNSET
        else:
            change_note = self.change_note

        correction = self.correction

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        published: None | str | Unset
        if isinstance(self.published, Unset):
            published = UNSET
        else:
            published = self.published

        publisher: None | str | Unset
        if isinstance(self.publisher, Unset):
            publisher = UNSET
        else:
            publisher = self.publisher

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "url": url,
            }
        )
        if accessed_at is not UNSET:
            field_dict["accessed_at"] = accessed_at
        if archive_url is not UNSET:
            field_dict["archive_url"] = archive_url
        if authors is not UNSET:
            field_dict["authors"] = authors
        if change_note is not UNSET:
            field_dict["change_note"] = change_note
        if correction is not UNSET:
            field_dict["correction"] = correction
        if kind is not UNSET:
            field_dict["kind"] = kind
        if language is not UNSET:
            field_dict["language"] = language
        if published is not UNSET:
            field_dict["published"] = published
        if publisher is not UNSET:
            field_dict["publisher"] = publisher

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        url = d.pop("url")

        def _parse_accessed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accessed_at_type_0 = datetime.datetime.fromisoformat(data)

                return accessed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        accessed_at = _parse_accessed_at(d.pop("accessed_at", UNSET))

        def _parse_archive_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        archive_url = _parse_archive_url(d.pop("archive_url", UNSET))

        authors = cast(list[str], d.pop("authors", UNSET))

        def _parse_change_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        change_note = _parse_change_note(d.pop("change_note", UNSET))

        correction = d.pop("correction", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: SourceKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = SourceKind(_kind)

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))

        def _parse_published(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        published = _parse_published(d.pop("published", UNSET))

        def _parse_publisher(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        publisher = _parse_publisher(d.pop("publisher", UNSET))

        source_in = cls(
            title=title,
            url=url,
            accessed_at=accessed_at,
            archive_url=archive_url,
            authors=authors,
            change_note=change_note,
            correction=correction,
            kind=kind,
            language=language,
            published=published,
            publisher=publisher,
        )

        return source_in
