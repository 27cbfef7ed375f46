"""spindle_protocol: the Codex app-server v2 wire protocol.

* :mod:`spindle_protocol.models`: the generated pydantic models (``Thread``, ``Turn``,
  ``ThreadStartParams``, ...), generated from ``schema/``.
* :mod:`spindle_protocol.methods`: method-name constants and the method registry.
* :mod:`spindle_protocol.jsonrpc`: framing (parse and encode messages).
* :mod:`spindle_protocol.errors`: error codes, ``RpcError`` and serde-style messages.

This package imports nothing else of spindle.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from spindle_protocol.exports import lazy_exports

if TYPE_CHECKING:
    from spindle_protocol._wire import WireModel, to_wire
    from spindle_protocol.errors import RpcError
    from spindle_protocol.jsonrpc import FramingError, parse_message
    from spindle_protocol.methods import CLIENT_REQUESTS, MethodSpec, parse_params

__all__ = [
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


@cache
def config_schema() -> dict[str, Any]:
    """The JSON Schema of ``config.toml`` (a copy of ``schema/config.schema.json``)."""
    from importlib import resources  # its own imports (tempfile, shutil) are not needed sooner

    text = (
        resources.files("spindle_protocol.generated")
        .joinpath("config.schema.json")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


# Public names resolve on first access, so importing one submodule (``jsonrpc`` for the
# framing) does not load the others.
_LOCATIONS = {
    "CLIENT_REQUESTS": "spindle_protocol.methods",
    "FramingError": "spindle_protocol.jsonrpc",
    "MethodSpec": "spindle_protocol.methods",
    "RpcError": "spindle_protocol.errors",
    "WireModel": "spindle_protocol._wire",
    "parse_message": "spindle_protocol.jsonrpc",
    "parse_params": "spindle_protocol.methods",
    "to_wire": "spindle_protocol._wire",
}

__getattr__, __dir__ = lazy_exports(__name__, _LOCATIONS)
