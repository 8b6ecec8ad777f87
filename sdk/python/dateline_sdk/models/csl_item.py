from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.csl_item_accessed import CslItemAccessed
    from ..models.csl_item_author_item import CslItemAuthorItem
    from ..models.csl_item_issued import CslItemIssued


T = TypeVar("T", bound="CslItem")


@_attrs_define
class CslItem:
    """A cited source as a CSL-JSON item (citationstyles.org), for reference managers.

    Attributes:
        url (str): The source's URL.
        id (UUID): The source's id.
        title (str): The source's title.
        type_ (str): The CSL item type, from the source's kind (`article-newspaper`, `report`, …).
        accessed (CslItemAccessed | Unset): When the page was read.
        archive (str | Unset): The host of the archived copy.
        archive_location (str | Unset): The archived copy's URL.
        author (list[CslItemAuthorItem] | Unset): The source's authors as CSL names.
        container_title (str | Unset): The publisher of news and analysis (the paper or site).
        issued (CslItemIssued | Unset): When the source was published.
        language (str | Unset): The source's language (BCP 47).
        publisher (str | Unset): The publisher of other kinds of source.
    """

    url: str
    id: UUID
    title: str
    type_: str
    accessed: CslItemAccessed | Unset = UNSET
    archive: str | Unset = UNSET
    archive_location: str | Unset = UNSET
    author: list[CslItemAuthorItem] | Unset = UNSET
    container_title: str | Unset = UNSET
    issued: CslItemIssued | Unset = UNSET
    language: str | Unset = UNSET
    publisher: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        id = str(self.id)

        title = self.title

        type_ = self.type_

        accessed: dict[str, Any] | Unset = UNSET
        if not isinstance(self.accessed, Unset):
            accessed = self.accessed.to_dict()

        archive = self.archive

        archive_location = self.archive_location

        author: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.author, Unset):
            author = []
            for author_item_data in self.author:
                author_item = author_item_data.to_dict()
                author.append(author_item)

        container_title = self.container_title

        issued: dict[str, Any] | Unset = UNSET
        if not isinstance(self.issued, Unset):
            issued = self.issued.to_dict()

        language = self.language

        publisher = self.publisher

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "URL": url,
                "id": id,
                "title": title,
                "type": type_,
            }
        )
        if accessed is not UNSET:
            field_dict["accessed"] = accessed
        if archive is not UNSET:
            field_dict["archive"] = archive
        if archive_location is not UNSET:
            field_dict["archive_location"] = archive_location
        if author is not UNSET:
            field_dict["author"] = author
        if container_title is not UNSET:
            field_dict["container-title"] = container_title
        if issued is not UNSET:
            field_dict["issued"] = issued
        if language is not UNSET:
            field_dict["language"] = language
        if publisher is not UNSET:
            field_dict["publisher"] = publisher

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.csl_item_accessed import CslItemAccessed  # noqa: PLC0415
        from ..models.csl_item_author_item import CslItemAuthorItem  # noqa: PLC0415
        from ..models.csl_item_issued import CslItemIssued  # noqa: PLC0415

        d = dict(src_dict)
        url = d.pop("URL")

        id = UUID(d.pop("id"))

        title = d.pop("title")

        type_ = d.pop("type")

        _accessed = d.pop("accessed", UNSET)
        accessed: CslItemAccessed | Unset
        if isinstance(_accessed, Unset):
            accessed = UNSET
        else:
            accessed = CslItemAccessed.from_dict(_accessed)

        archive = d.pop("archive", UNSET)

        archive_location = d.pop("archive_location", UNSET)

        _author = d.pop("author", UNSET)
        author: list[CslItemAuthorItem] | Unset = UNSET
        if _author is not UNSET:
            author = []
            for author_item_data in _author:
                author_item = CslItemAuthorItem.from_dict(author_item_data)

                author.append(author_item)

        container_title = d.pop("container-title", UNSET)

        _issued = d.pop("issued", UNSET)
        issued: CslItemIssued | Unset
        if isinstance(_issued, Unset):
            issued = UNSET
        else:
            issued = CslItemIssued.from_dict(_issued)

        language = d.pop("language", UNSET)

        publisher = d.pop("publisher", UNSET)

        csl_item = cls(
            url=url,
            id=id,
            title=title,
            type_=type_,
            accessed=accessed,
            archive=archive,
            archive_location=archive_location,
            author=author,
            container_title=container_title,
            issued=issued,
            language=language,
            publisher=publisher,
        )

        csl_item.additional_properties = d
        return csl_item

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
