"""Litestar internals: the OpenAPI plugin's build, the default plugins, a DTO that only decodes.

Checked against the pinned Litestar by tests/compat/test_litestar.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.dto import AbstractDTO
from litestar.openapi.spec import OpenAPI
from litestar.plugins import PluginProtocol
from litestar.plugins.core import MsgspecDIPlugin
from litestar.typing import FieldDefinition

Finish = Callable[[OpenAPI, Litestar], OpenAPI]


def finish_openapi_with(app: Litestar, finish: Finish) -> None:
    """Have `finish(document, app)` applied to the app's OpenAPI document whenever Litestar builds it (the
    document it returns is the one served).
    Litestar has no setting for this: the class of its private OpenAPI plugin is swapped for a subclass
    whose `_build_openapi` finishes what the original builds."""
    app.plugins.get(OpenAPIPlugin).__class__ = _finishing(finish)


@cache
def _finishing(finish: Finish) -> type[OpenAPIPlugin]:
    class FinishedOpenAPIPlugin(OpenAPIPlugin):
        """Litestar's OpenAPI plugin, finishing the document each time it builds it."""

        __slots__ = ()

        def _build_openapi(self) -> OpenAPI:
            return finish(super()._build_openapi(), self.app)

    return FinishedOpenAPIPlugin


class LitestarWithoutModelPlugins(Litestar):
    """Litestar with its default plugins less those for pydantic and attrs models, which the service has
    none of: Litestar adds its pydantic plugins whenever pydantic can be imported (here a test dependency
    brings it), and importing them costs every worker 10 MB of memory."""

    @staticmethod
    def _get_default_plugins(plugins: list[PluginProtocol]) -> list[PluginProtocol]:
        return [*plugins, MsgspecDIPlugin()]


class DecodingDTO(AbstractDTO[Any]):
    """A DTO that only decodes the body (its subclass's `decode_bytes` and `decode_builtins`), with no
    backend of Litestar's, and documents the body as its model's schema. Use as `dto=Sub[Model],
    return_dto=None`."""

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls=None
    ) -> None:
        return None

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: Any
    ) -> Any:
        return schema_creator.for_field_definition(FieldDefinition.from_annotation(cls.model_type))

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Iterator[Any]:  # pragma: no cover - unused
        return iter(())

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:  # pragma: no cover - unused
        return False

    def data_to_encodable_type(self, data: Any) -> Any:
        return data
