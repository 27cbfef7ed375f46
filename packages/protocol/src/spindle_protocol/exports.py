"""Names a package exports but imports only on first use (PEP 562).

A package's ``__init__`` maps each public name to the module defining it and takes its
``__getattr__`` and ``__dir__`` from :func:`lazy_exports`; importing the package (or one of
its submodules) then loads nothing else until a name is used. Type checkers see the names
through imports under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, locations: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` (its ``__name__``): ``locations``
    maps each lazily exported name to its module, absolute or relative to ``package``. A
    name imported once is kept in the package's namespace, so later lookups are direct."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = locations.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *namespace.get("__all__", ()), *locations})

    return __getattr__, __dir__
