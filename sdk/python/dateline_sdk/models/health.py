from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_status import HealthStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.replica_state import ReplicaState


T = TypeVar("T", bound="Health")


@_attrs_define
class Health:
    """The service's own view of its health.

    Attributes:
        status (HealthStatus): `ok` when alive, `ready` when it can serve; `degraded` when it can, but a read replica is
            skipped (down, or behind by more than the maximum lag).
        replicas (list[ReplicaState] | Unset): The read replicas as the worker that answered sees them (only if there
            are some).
    """

    status: HealthStatus
    replicas: list[ReplicaState] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        replicas: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.replicas, Unset):
            replicas = []
            for replicas_item_data in self.replicas:
                replicas_item = replicas_item_data.to_dict()
                replicas.append(replicas_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if replicas is not UNSET:
            field_dict["replicas"] = replicas

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replica_state import ReplicaState  # noqa: PLC0415

        d = dict(src_dict)
        status = HealthStatus(d.pop("status"))

        _replicas = d.pop("replicas", UNSET)
        replicas: list[ReplicaState] | Unset = UNSET
        if _replicas is not UNSET:
            replicas = []
            for replicas_item_data in _replicas:
                replicas_item = ReplicaState.from_dict(replicas_item_data)

                replicas.append(replicas_item)

        health = cls(
            status=status,
            replicas=replicas,
        )

        health.additional_properties = d
        return health

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
