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
    "spindle_protocol.exports",
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


# The packages whose public names load on first use (spindle_protocol.exports).
LAZY_PACKAGES = {
    "spindle_protocol": ("parse_params", "spindle_protocol.methods"),
    "spindle_state": ("open_store", "spindle_state.threads._store"),
    "spindle_memories": ("run_memory_pipeline", "spindle_memories._pipeline"),
    "spindle_app_server": ("AppServer", "spindle_app_server._server"),
    "spindle_app_server.transport": ("serve_websocket", "spindle_app_server.transport._websocket"),
}


@pytest.mark.parametrize("package", sorted(LAZY_PACKAGES))
def test_a_lazy_name_loads_its_module_on_first_use_only(package: str) -> None:
    import subprocess
    import sys

    name, module = LAZY_PACKAGES[package]
    script = (
        f"import sys, {package} as p\n"
        f"before = {module!r} in sys.modules\n"
        f"assert {name!r} in dir(p) and {name!r} in p.__all__\n"
        f"value = getattr(p, {name!r})\n"
        f"assert {module!r} in sys.modules and {name!r} in vars(p)\n"
        f"assert value is getattr(sys.modules[{module!r}], {name!r})\n"
        "try:\n"
        "    p.no_such_name\n"
        "except AttributeError as exc:\n"
        f"    assert str(exc) == \"module {package!r} has no attribute 'no_such_name'\", exc\n"
        "else:\n"
        "    raise AssertionError('no AttributeError')\n"
        "print(before)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert out.strip() == "False"
