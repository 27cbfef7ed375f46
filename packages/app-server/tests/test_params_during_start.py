"""Reading params and framing while another thread is still importing pydantic.

A start answers ``initialize`` before pydantic has loaded, while a worker thread imports it:
``opt`` and the frame encoder must never read the half-built module (a real run failed with
"partially initialized module 'pydantic' has no attribute 'MISSING'").
"""

from __future__ import annotations

import sys
import types
from importlib.machinery import ModuleSpec
from types import SimpleNamespace

import pytest
from spindle_app_server._params import opt
from spindle_protocol.jsonrpc import encode_response
from spindle_protocol.models import InitializeResponse


@pytest.fixture
def half_imported_pydantic(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("pydantic")
    spec = ModuleSpec("pydantic", loader=None)
    spec._initializing = True  # type: ignore[attr-defined]
    module.__spec__ = spec
    monkeypatch.setitem(sys.modules, "pydantic", module)
    return module


def test_opt_reads_light_params_while_pydantic_is_half_imported(
    half_imported_pydantic: types.ModuleType,
) -> None:
    params = SimpleNamespace(client_info="me", capabilities=None)
    assert opt(params, "client_info") == "me"
    assert opt(params, "capabilities") is None
    assert opt(params, "absent") is None


def test_a_plain_result_is_framed_while_pydantic_is_half_imported(
    half_imported_pydantic: types.ModuleType,
) -> None:
    assert (
        encode_response(request_id=1, result={"userAgent": "x"})
        == '{"id":1,"result":{"userAgent":"x"}}'
    )


def test_a_model_is_still_recognised() -> None:
    model = InitializeResponse.model_validate(
        {"userAgent": "a", "codexHome": "/h", "platformFamily": "unix", "platformOs": "linux"}
    )
    assert encode_response(request_id=2, result=model).startswith(
        '{"id":2,"result":{"userAgent":"a"'
    )
