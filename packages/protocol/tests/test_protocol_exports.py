"""Public API: sorted ``__all__`` everywhere, and the exported sets."""

from __future__ import annotations

import importlib
import types

import pytest


def _ruf022_key(name: str) -> tuple[int, str]:
    """ruff RUF022 ("isort-style"): CONSTANTS, then CamelCase, then the rest."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[0].isupper() else (2, name)


PUBLIC_MODULES = [
    "spindle_protocol",
    "spindle_protocol.errors",
    "spindle_protocol.jsonrpc",
    "spindle_protocol.methods",
    "spindle_protocol.models",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_unique_and_resolvable(name: str) -> None:
    module: types.ModuleType = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_ruf022_key)
    assert len(set(exported)) == len(exported)
    for item in exported:
        assert hasattr(module, item), item


def test_package_exports() -> None:
    import spindle_protocol

    assert spindle_protocol.__all__ == [
        "CLIENT_REQUESTS",
        "FramingError",
        "MethodSpec",
        "RpcError",
        "WireModel",
        "config_schema",
        "parse_message",
        "parse_params",
        "to_wire",
    ]


def test_errors_exports() -> None:
    from spindle_protocol import errors

    assert set(errors.__all__) == {
        "ALREADY_INITIALIZED",
        "INTERNAL_ERROR",
        "INVALID_PARAMS",
        "INVALID_REQUEST",
        "METHOD_NOT_FOUND",
        "NOT_INITIALIZED",
        "PARSE_ERROR",
        "InternalError",
        "InvalidParams",
        "InvalidRequest",
        "MethodNotFound",
        "RpcError",
        "invalid_length_message",
        "missing_params_message",
        "params_error_message",
        "unknown_method_message",
    }


def test_models_export_reference_names_and_not_helpers() -> None:
    from spindle_protocol import models

    for name in ("Thread", "Turn", "ThreadItem", "UserInput", "ThreadStatus", "MISSING"):
        assert name in models.__all__
    for helper in ("Annotated", "Field", "WireModel", "SpindleProtocolSchema", "TypeAliasType"):
        assert helper not in models.__all__
