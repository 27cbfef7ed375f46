"""spindle_app_server: the Codex app-server v2 compatible server.

Public names are resolved lazily: ``import spindle_app_server.transport`` (or the CLI's
``--help``) must not pay for importing the whole server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spindle_protocol.exports import lazy_exports

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

__getattr__, __dir__ = lazy_exports(__name__, _LOCATIONS)
