from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat

if TYPE_CHECKING:
    from ..models.field_error import FieldError
    from ..models.import_counts import ImportCounts
    from ..models.reused_source import ReusedSource


T = TypeVar("T", bound="ImportReport")


@_attrs_define
class ImportReport:
    """What an import did; it either wrote all of this or, on any error, nothing (a 422 listing the rows).

    Attributes:
        created (ImportCounts): How many objects the import created.
        drafts (int): Of the events created, how many are drafts.
        format_ (ImportFormat): The format of an imported file.
        published (int): Of the events created, how many are published.
        reused_sources (list[ReusedSource]): Sources that already existed and were cited, not created.
        skipped (int): Rows that are not events: blank rows, TimelineJS title and era rows.
        warnings (list[FieldError]): What was read but not kept, by row (e.g. TimelineJS media that is not a URL).
    """

    created: ImportCounts
    drafts: int
    format_: ImportFormat
    published: int
    reused_sources: list[ReusedSource]
    skipped: int
    warnings: list[FieldError]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created.to_dict()

        drafts = self.drafts

        format_ = self.format_.value

        published = self.published

        reused_sources = []
        for reused_sources_item_data in self.reused_sources:
            reused_sources_item = reused_sources_item_data.to_dict()
            reused_sources.append(reused_sources_item)

        skipped = self.skipped

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "drafts": drafts,
                "format": format_,
                "published": published,
                "reused_sources": reused_sources,
                "skipped": skipped,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415
        from ..models.import_counts import ImportCounts  # noqa: PLC0415
        from ..models.reused_source import ReusedSource  # noqa: PLC0415

        d = dict(src_dict)
        created = ImportCounts.from_dict(d.pop("created"))

        drafts = d.pop("drafts")

        format_ = ImportFormat(d.pop("format"))

        published = d.pop("published")

        reused_sources = []
        _reused_sources = d.pop("reused_sources")
        for reused_sources_item_data in _reused_sources:
            reused_sources_item = ReusedSource.from_dict(reused_sources_item_data)

            reused_sources.append(reused_sources_item)

        skipped = d.pop("skipped")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = FieldError.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        import_report = cls(
            created=created,
            drafts=drafts,
            format_=format_,
            published=published,
            reused_sources=reused_sources,
            skipped=skipped,
            warnings=warnings,
        )

        import_report.additional_properties = d
        return import_report

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
