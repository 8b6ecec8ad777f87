from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.field_error import FieldError


T = TypeVar("T", bound="ProblemDoc")


@_attrs_define
class ProblemDoc:
    """An RFC 9457 problem document; `status` always equals the HTTP status.

    Attributes:
        status (int): The HTTP status code of this response.
        title (str): A short, human-readable summary of the problem type.
        type_ (str): The problem type: `about:blank` when the HTTP status says it all, else a reference, relative to the
            API's address, to the page about it (docs/problems.md): `/problems/validation` (422), `/problems/publishing-
            rule` (422), `/problems/import-failed` (422), `/problems/idempotency-mismatch` (422), `/problems/idempotency-in-
            flight` (409), `/problems/duplicate-source` (409), `/problems/duplicate-entity` (409), `/problems/duplicate-
            timeline` (409), `/problems/deleted-timeline` (409), `/problems/timeline-too-large` (409), `/problems/bad-
            cursor` (400), `/problems/cursor-mismatch` (400).
        detail (str | Unset): What went wrong in this case. Default: ''.
        errors (list[FieldError] | Unset): Each invalid field or parameter, with what is wrong. Sent with a 400 or 422
            that names fields.
        existing_id (UUID | Unset): On a 409: the id of the object that already exists.
    """

    status: int
    title: str
    type_: str
    detail: str | Unset = ""
    errors: list[FieldError] | Unset = UNSET
    existing_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        title = self.title

        type_ = self.type_

        detail = self.detail

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        existing_id: str | Unset = UNSET
        if not isinstance(self.existing_id, Unset):
            existing_id = str(self.existing_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if errors is not UNSET:
            field_dict["errors"] = errors
        if existing_id is not UNSET:
            field_dict["existing_id"] = existing_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.field_error import FieldError  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        detail = d.pop("detail", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[FieldError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = FieldError.from_dict(errors_item_data)

                errors.append(errors_item)

        _existing_id = d.pop("existing_id", UNSET)
        existing_id: UUID | Unset
        if isinstance(_existing_id, Unset):
            existing_id = UNSET
        else:
            existing_id = UUID(_existing_id)

        problem_doc = cls(
            status=status,
            title=title,
            type_=type_,
            detail=detail,
            errors=errors,
            existing_id=existing_id,
        )

        problem_doc.additional_properties = d
        return problem_doc

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
