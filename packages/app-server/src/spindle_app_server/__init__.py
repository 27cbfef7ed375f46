"""spindle_app_server: the Codex app-server v2 compatible server.

Public names are resolved lazily: ``import spindle_app_server.transport`` (or the CLI's
``--help``) must not pay for importing the whole server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._config import Config, ConfigError, load_config
    from ._registry import REGISTRY
    from ._server import AppServer
    from .cli import main

__all__ = ["REGISTRY", "AppServer", "Config", "ConfigError", "load_config", "main"]

_LOCATIONS = {
    "AppServer": "._server",
    "Config": "._config",
    "ConfigError": "._config",
    "REGISTRY": "._registry",
    "load_config": "._config",
    "main": ".cli",
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
