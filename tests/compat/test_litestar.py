"""What service/compat/litestar.py relies on in the pinned Litestar: the names, signatures and behaviour
of its internals. A failure here means an upgrade changed one of them: mend service/compat/ first."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import msgspec
import pytest
from litestar import Litestar, post
from litestar.dto import AbstractDTO
from litestar.openapi.spec import OpenAPI
from litestar.params import JSONBody
from litestar.testing import TestClient

from service.compat.litestar import DecodingDTO, LitestarWithoutModelPlugins, finish_openapi_with


def parameters(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


# --- the OpenAPI plugin ---------------------------------------------------------------------------


def test_the_openapi_plugin_is_where_compat_takes_it_and_builds_in_a_method_of_its_own():
    from litestar._openapi.plugin import OpenAPIPlugin

    plugin = Litestar([]).plugins.get(OpenAPIPlugin)
    assert type(plugin) is OpenAPIPlugin
    assert "__dict__" not in dir(OpenAPIPlugin) and OpenAPIPlugin.__slots__  # a class swap adds no state
    assert parameters(OpenAPIPlugin._build_openapi) == ["self"]
    assert isinstance(plugin.app, Litestar)


class Model(msgspec.Struct):
    count: int


@post("/things", dto=None, sync_to_thread=False)
def create_thing(data: JSONBody[Model]) -> Model:
    return data


def test_a_finished_document_is_what_every_way_of_asking_for_it_gets():
    calls: list[Litestar] = []

    def finish(doc: OpenAPI, app: Litestar) -> OpenAPI:
        calls.append(app)
        return dataclasses.replace(doc, info=dataclasses.replace(doc.info, description="finished"))

    app = Litestar([create_thing])
    finish_openapi_with(app, finish)
    assert calls == []  # built when first asked for, not when the app starts
    assert app.openapi_schema.info.description == "finished"
    with TestClient(app) as client:
        assert client.get("/schema/openapi.json").json()["info"]["description"] == "finished"
    assert calls and all(called is app for called in calls)


def test_unfinished_documents_stay_unfinished():
    app = Litestar([create_thing])
    finish_openapi_with(
        Litestar([create_thing]),
        lambda doc, app: dataclasses.replace(doc, info=dataclasses.replace(doc.info, description="x")),
    )
    assert app.openapi_schema.info.description != "x"


# --- the default plugins --------------------------------------------------------------------------


def test_litestar_takes_its_default_plugins_from_a_static_method_given_the_app_s_plugins():
    declared = inspect.getattr_static(Litestar, "_get_default_plugins")
    assert isinstance(declared, staticmethod)
    assert parameters(Litestar._get_default_plugins) == ["plugins"]


def _modules(app: Litestar) -> set[str]:
    """The packages under litestar.plugins (or litestar.contrib) its plugins come from."""
    return {type(plugin).__module__.split(".")[2] for plugin in app.plugins}


def test_without_model_plugins_no_pydantic_plugin_is_loaded_and_msgspec_s_is():
    pytest.importorskip("pydantic")  # installed with the test tools: Litestar would add its plugins
    assert "pydantic" in _modules(Litestar([]))
    app = LitestarWithoutModelPlugins([])
    assert "pydantic" not in _modules(app) and "attrs" not in _modules(app)
    from litestar.plugins.core import MsgspecDIPlugin

    assert any(isinstance(plugin, MsgspecDIPlugin) for plugin in app.plugins)


# --- a DTO that only decodes ----------------------------------------------------------------------


def test_abstract_dto_asks_for_what_decoding_dto_gives():
    abstract = {
        name for name, value in vars(AbstractDTO).items() if getattr(value, "__isabstractmethod__", False)
    }
    assert abstract == {"generate_field_definitions", "detect_nested_field"}
    assert abstract <= set(vars(DecodingDTO))
    assert parameters(AbstractDTO.create_for_field_definition) == [
        "field_definition",
        "handler_id",
        "backend_cls",
    ]
    assert parameters(AbstractDTO.create_openapi_schema) == [
        "field_definition",
        "handler_id",
        "schema_creator",
    ]
    for method in ("decode_bytes", "decode_builtins", "data_to_encodable_type"):
        assert len(parameters(getattr(AbstractDTO, method))) == 2, method  # self and the value


class Recorded(DecodingDTO):
    seen: list[bytes] = []

    def decode_bytes(self, value: bytes) -> Any:
        Recorded.seen.append(value)
        return msgspec.json.decode(value, type=self.model_type)

    def decode_builtins(self, value: dict[str, Any]) -> Any:  # pragma: no cover - a JSON body comes as bytes
        return msgspec.convert(value, self.model_type)


@post("/recorded", dto=Recorded[Model], return_dto=None, sync_to_thread=False)
def create_recorded(data: JSONBody[Model]) -> dict[str, int]:
    return {"count": data.count}


@pytest.mark.parametrize("body", [b'{"count": 3}', b'{ "count" : 3 , "extra": [1, 2] }', b'{"count":3}'])
def test_a_decoding_dto_gets_the_raw_body_and_its_model_is_the_documented_body(body):
    Recorded.seen.clear()
    app = Litestar([create_recorded])
    with TestClient(app) as client:
        response = client.post("/recorded", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 201, response.text
    assert response.json() == {"count": 3}
    assert Recorded.seen == [body]
    request_body = app.openapi_schema.paths["/recorded"].post.request_body
    reference = request_body.content["application/json"].schema
    assert reference.ref.rsplit("/", 1)[-1].endswith("Model")
