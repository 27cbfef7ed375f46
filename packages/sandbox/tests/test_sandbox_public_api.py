"""The public surface: sorted ``__all__``, every name importable, exceptions in one module."""

from __future__ import annotations

import inspect

import spindle_sandbox
from spindle_sandbox import _errors

API = {
    "LANDLOCK_GIT_NOTE", "NETWORK_DISABLED_ENV", "SANDBOX_BACKEND_ENV", "ChildRestriction",
    "InvalidPolicy", "PreparedCommand", "SandboxError", "SandboxPolicyLike", "SandboxProbe",
    "SandboxUnavailable", "SpawnedProcess", "UnsupportedOperation", "clear_probe_cache",
    "create_subprocess_exec", "prepare_command", "probe_sandbox", "seatbelt_profile",
    "startup_warning",
}  # fmt: skip


def test_all_is_sorted_unique_and_importable() -> None:
    names = spindle_sandbox.__all__

    def isort_style(name: str) -> tuple[int, str]:
        # ruff RUF022's order: CONSTANTS, then Classes, then functions, each alphabetical.
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert names == sorted(names, key=isort_style)
    assert set(names) == API
    for name in names:
        assert hasattr(spindle_sandbox, name), name


def test_exceptions_live_in_one_module_and_derive_from_sandbox_error() -> None:
    defined = {
        name: obj
        for name, obj in vars(_errors).items()
        if inspect.isclass(obj)
        and issubclass(obj, Exception)
        and obj.__module__ == _errors.__name__
    }
    assert set(defined) == {
        "SandboxError", "InvalidPolicy", "SandboxUnavailable", "UnsupportedOperation"
    }  # fmt: skip
    for name, cls in defined.items():
        assert issubclass(cls, _errors.SandboxError)
        assert getattr(spindle_sandbox, name) is cls
        assert "jsonrpc" not in inspect.getsource(cls).lower()
        assert name in (_errors.__doc__ or "")
