"""JSON-RPC errors as the reference server sends them.

Exception tree (each class carries its JSON-RPC code)::

    RpcError                      any error answered to a request
    ├── InvalidRequest  -32600    the reference's code for almost every failure: bad params,
    │                             unknown method, unknown thread, not initialized, ...
    ├── MethodNotFound  -32601    a known method the server does not support (yet)
    ├── InvalidParams   -32602    a few specific params checks (e.g. excluded thread ids)
    └── InternalError   -32603    a bug on our side

``params_error_message`` turns a pydantic ``ValidationError`` raised while parsing
``params`` into the text serde produces for the same input, for example
``Invalid request: missing field `threadId```.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from spindle_protocol.generated.methods import UNKNOWN_METHOD_ERROR_ORDER

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
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
]

PARSE_ERROR: Final = -32700
"""JSON-RPC "Parse error". The reference never sends it: a malformed line gets no reply."""
INVALID_REQUEST: Final = -32600
METHOD_NOT_FOUND: Final = -32601
INVALID_PARAMS: Final = -32602
INTERNAL_ERROR: Final = -32603

NOT_INITIALIZED: Final = "Not initialized"
"""Message for any request sent before ``initialize`` (code -32600)."""
ALREADY_INITIALIZED: Final = "Already initialized"
"""Message for a second ``initialize`` on one connection (code -32600)."""

_INVALID_REQUEST_PREFIX: Final = "Invalid request: "


class RpcError(Exception):
    """An error answered to a request: ``{"error": {"code", "message"}, "id"}``."""

    code: int = INTERNAL_ERROR

    def __init__(self, message: str, *, code: int | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        # Structured detail a few reference errors carry (config write codes, read-state
        # conflicts); most have none and then the error object has only code and message.
        self.data = data
        if code is not None:
            self.code = code

    def to_error_object(self) -> dict[str, Any]:
        """The ``error`` member of the response: ``code``, ``data`` when set, ``message``."""
        error: dict[str, Any] = {"code": self.code}
        if self.data is not None:
            error["data"] = self.data
        error["message"] = self.message
        return error

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code}, message={self.message!r})"


class InvalidRequest(RpcError):
    """Code -32600, which the reference uses for almost every failed request."""

    code = INVALID_REQUEST


class MethodNotFound(RpcError):
    """Code -32601: a method the server knows but does not support."""

    code = METHOD_NOT_FOUND


class InvalidParams(RpcError):
    """Code -32602, used by the reference for a few specific params checks."""

    code = INVALID_PARAMS


class InternalError(RpcError):
    """Code -32603: an unexpected failure inside the server."""

    code = INTERNAL_ERROR


def params_error_message(
    error: ValidationError, data: object = None, model: type[Any] | None = None
) -> str:
    """The reference's message for params that failed validation.

    ``data`` is the raw ``params`` value and ``model`` the params model; with them the
    message names the first offending member in input order (as serde does) and the exact
    integer type (``u32``). Examples::

        Invalid request: missing field `threadId`
        Invalid request: invalid type: string "x", expected u32
        Invalid request: invalid value: integer `-1`, expected u32
        Invalid request: unknown variant `bogus`, expected one of `created_at`, `updated_at`, ...
    """
    from spindle_protocol._serde import describe_validation_error  # pydantic is loaded by now

    return _INVALID_REQUEST_PREFIX + describe_validation_error(error, data, model)


def invalid_length_message(length: int, expected: str) -> str:
    """serde's message for a params array of the wrong length (``expected`` is what it
    wanted: ``struct FsCopyParams with 3 elements``, ``1 element in sequence``)."""
    return f"{_INVALID_REQUEST_PREFIX}invalid length {length}, expected {expected}"


def missing_params_message() -> str:
    """Message for a request whose ``params`` member is absent or null but required."""
    return _INVALID_REQUEST_PREFIX + "missing field `params`"


def unknown_method_message(method: str) -> str:
    """Message for a method name the protocol does not have (code -32600, not -32601).

    Lists every client method (experimental and three legacy ones included) in the
    reference's order.
    """
    expected = ", ".join(f"`{name}`" for name in UNKNOWN_METHOD_ERROR_ORDER)
    return f"{_INVALID_REQUEST_PREFIX}unknown variant `{method}`, expected one of {expected}"
