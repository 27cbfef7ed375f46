"""JSON-RPC framing as the reference speaks it.

* One JSON object per line (stdio) or per text frame (WebSocket).
* Outgoing messages never carry ``"jsonrpc"``. Incoming ``"jsonrpc"`` and unknown
  top-level members are ignored.
* An ``id`` is a string or an integer (i64). A message whose ``id`` is ``null`` or a float
  is not a request: with a ``method`` it is read as a notification (and gets no reply).
* Member order out: ``{"id","result"}``, ``{"error":{"code","message"},"id"}``,
  ``{"method","params","emittedAtMs"}`` (every server notification carries
  ``emittedAtMs``), ``{"id","method","params"}`` for server requests.
* Malformed input raises :class:`FramingError`; the reference answers nothing to it and only
  logs ``Failed to deserialize JSONRPCMessage: <detail>``.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeGuard

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "ErrorResponse",
    "FramingError",
    "Message",
    "Notification",
    "Request",
    "RequestId",
    "Response",
    "encode",
    "encode_error",
    "encode_notification",
    "encode_response",
    "parse_message",
]

RequestId = str | int
"""A request id: a string or an integer, echoed back unchanged."""

_I64_MIN: Final = -(2**63)
_I64_MAX: Final = 2**63 - 1
_NO_VARIANT: Final = "data did not match any variant of untagged enum JSONRPCMessage"


class FramingError(ValueError):
    """Input that is not a JSON-RPC message. No reply is sent; the text is for the log."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Failed to deserialize JSONRPCMessage: {detail}")
        self.detail = detail


@dataclass(frozen=True)
class Request:
    """A request: it gets exactly one response or error with the same ``id``.

    ``params`` is the raw JSON value, ``None`` when absent or null.
    """

    id: RequestId
    method: str
    params: Any = None


@dataclass(frozen=True)
class Notification:
    """A notification: no reply. ``emitted_at_ms`` is set on server notifications."""

    method: str
    params: Any = None
    emitted_at_ms: int | None = None


@dataclass(frozen=True)
class Response:
    """A successful response to a request."""

    id: RequestId
    result: Any


@dataclass(frozen=True)
class ErrorResponse:
    """An error response: ``error`` holds ``code`` and ``message``."""

    id: RequestId
    code: int
    message: str
    data: Any = field(default=None)


Message = Request | Notification | Response | ErrorResponse


def _valid_id(value: object) -> TypeGuard[RequestId]:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return _I64_MIN <= value <= _I64_MAX
    return isinstance(value, str)


def _json_error_detail(exc: json.JSONDecodeError, text: str) -> str:
    """serde_json's wording for the same syntax error (line/column as serde counts them)."""
    msg = exc.msg
    if msg == "Extra data":
        return f"trailing characters at line {exc.lineno} column {exc.colno}"
    if exc.pos >= len(text.rstrip()) and msg.startswith("Expecting"):
        line = text.count("\n", 0, len(text)) + 1
        column = len(text) - (text.rfind("\n") + 1)
        return f"EOF while parsing a value at line {line} column {column}"
    if msg.startswith("Expecting property name"):
        return f"key must be a string at line {exc.lineno} column {exc.colno}"
    if msg == "Expecting value":
        return f"expected value at line {exc.lineno} column {exc.colno}"
    if msg.startswith("Expecting ','") or msg.startswith("Expecting ':'"):
        expected = "`,` or `}`" if "','" in msg else "`:`"
        return f"expected {expected} at line {exc.lineno} column {exc.colno}"
    if msg.startswith("Invalid control character"):
        return f"control character (\\u0000-\\u001F) found while parsing a string at line {exc.lineno} column {exc.colno}"
    return f"{msg} at line {exc.lineno} column {exc.colno}"


def parse_message(frame: bytes | str) -> Message:
    """Turn one line or frame into a message, or raise :class:`FramingError`.

    Leading and trailing whitespace is allowed. Classification follows the reference's
    untagged enum: request, then notification, then response, then error.
    """
    if isinstance(frame, bytes):
        try:
            text = frame.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FramingError(f"invalid unicode code point at byte {exc.start}") from None
    else:
        text = frame
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FramingError(_json_error_detail(exc, text)) from None
    except RecursionError:
        raise FramingError("recursion limit exceeded") from None
    if not isinstance(data, dict):
        raise FramingError(_NO_VARIANT)
    method = data.get("method")
    has_id = "id" in data
    msg_id = data.get("id")
    if isinstance(method, str):
        if has_id and _valid_id(msg_id):
            return Request(id=msg_id, method=method, params=data.get("params"))
        return Notification(method=method, params=data.get("params"))
    if has_id and _valid_id(msg_id):
        if "result" in data:
            return Response(id=msg_id, result=data["result"])
        error = data.get("error")
        if (
            isinstance(error, dict)
            and isinstance(error.get("code"), int)
            and not isinstance(error.get("code"), bool)
            and isinstance(error.get("message"), str)
        ):
            return ErrorResponse(
                id=msg_id, code=error["code"], message=error["message"], data=error.get("data")
            )
    raise FramingError(_NO_VARIANT)


def _model_default(value: object) -> Any:
    """A model nested in a plain dict (an item inside a hand-built params object)."""
    wire = _payload(value)
    if wire is not value:
        return wire
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _dumps(obj: dict[str, Any]) -> str:
    """``obj`` as compact JSON, UTF-8 as is, lone surrogates as U+FFFD (see :func:`_lossy`)."""
    return _lossy(
        json.dumps(
            obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_model_default
        )
    )


def _base_model() -> type[BaseModel] | None:
    """pydantic's BaseModel once it is importable. A loader thread may be importing pydantic
    while a frame is written: the module then sits in sys.modules half-built, and no value
    can be a model yet."""
    base: type[BaseModel] | None = getattr(sys.modules.get("pydantic"), "BaseModel", None)
    return base


def _payload(value: Any) -> Any:
    # A model exists only once pydantic is imported: framing alone never imports it, so a
    # start answers initialize before pydantic has loaded.
    base = _base_model()
    if base is not None and isinstance(value, base):
        from spindle_protocol._wire import to_wire

        return to_wire(value)
    return value


def _model_json(value: Any) -> str | None:
    """A model as wire JSON from pydantic's compiled serializer (no dict in between); None
    for anything else, and for a model holding a lone surrogate (which the serializer
    refuses; :func:`_dumps` writes it lossily). The text equals ``_dumps(to_wire(value))``:
    compact, UTF-8 as is, wire names, ``MISSING`` members left out."""
    base = _base_model()
    if base is not None and isinstance(value, base):
        try:
            text: str = value.model_dump_json(by_alias=True)
        except ValueError:  # a lone surrogate
            return None
        return text
    return None


def encode_response(request_id: RequestId, result: BaseModel | dict[str, Any]) -> str:
    """``{"id":..,"result":..}`` as one line of JSON (no trailing newline)."""
    body = _model_json(result)
    if body is not None:
        return f'{{"id":{_dumps_scalar(request_id)},"result":{body}}}'
    return _dumps({"id": request_id, "result": result})


def _lossy(text: str) -> str:
    """``text`` with its lone surrogates as U+FFFD. A name the file system gives as bytes
    that are not UTF-8 reaches Python with such surrogates (``surrogateescape``); the
    reference shows it converted lossily, and JSON cannot carry the surrogates."""
    if text.isascii():
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _dumps_scalar(value: RequestId | str | int) -> str:
    if type(value) is int:  # the common request id: no encoder needed
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def encode_error(request_id: RequestId, code: int, message: str, data: Any = None) -> str:
    """``{"error":{"code":..,"message":..},"id":..}`` as one line of JSON; the reference puts
    ``data`` (when an error has it) between ``code`` and ``message``."""
    error: dict[str, Any] = {"code": code}
    if data is not None:
        error["data"] = data
    error["message"] = message
    return _dumps({"error": error, "id": request_id})


def encode_notification(
    method: str, params: BaseModel | dict[str, Any] | None, emitted_at_ms: int | None = None
) -> str:
    """A server notification with ``emittedAtMs`` (now, unless given) after ``params``."""
    stamp = emitted_at_ms if emitted_at_ms is not None else time.time_ns() // 1_000_000
    body = _model_json(params)
    if body is not None:
        return f'{{"method":{_dumps_scalar(method)},"params":{body},"emittedAtMs":{stamp}}}'
    return _dumps({"method": method, "params": params, "emittedAtMs": stamp})


def encode(message: Message) -> str:
    """Any message as one line of JSON in the reference's member order."""
    if isinstance(message, Response):
        return encode_response(message.id, message.result)
    if isinstance(message, ErrorResponse):
        error: dict[str, Any] = {"code": message.code, "message": message.message}
        if message.data is not None:
            error["data"] = message.data
        return _dumps({"error": error, "id": message.id})
    if isinstance(message, Notification):
        out: dict[str, Any] = {"method": message.method}
        if message.params is not None:
            out["params"] = _payload(message.params)
        if message.emitted_at_ms is not None:
            out["emittedAtMs"] = message.emitted_at_ms
        return _dumps(out)
    # Server-to-client requests: the reference writes the method first, then the id.
    out = {"method": message.method, "id": message.id}
    if message.params is not None:
        out["params"] = _payload(message.params)
    return _dumps(out)
