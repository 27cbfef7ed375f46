"""spindle_protocol: the Codex app-server v2 wire protocol.

* :mod:`spindle_protocol.models`: the generated pydantic models (``Thread``, ``Turn``,
  ``ThreadStartParams``, ...), generated from ``schema/``.
* :mod:`spindle_protocol.methods`: method-name constants and the method registry.
* :mod:`spindle_protocol.jsonrpc`: framing (parse and encode messages).
* :mod:`spindle_protocol.errors`: error codes, ``RpcError`` and serde-style messages.

This package imports nothing else of spindle.
"""

from __future__ import annotations

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
    "parse_message",
    "parse_params",
    "to_wire",
]
