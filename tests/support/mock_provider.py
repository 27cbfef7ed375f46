"""A scriptable mock of the OpenAI Responses API, served on 127.0.0.1.

It answers ``POST /v1/responses`` (``stream: true``) with Server-Sent Events in the Responses
streaming format, the way both the openai SDK and the reference ``codex`` accept it::

    response.created, response.in_progress, response.output_item.added,
    response.content_part.added, response.output_text.delta (N times),
    response.output_text.done, response.content_part.done, response.output_item.done,
    response.completed (with usage)

Each request pops the next *behaviour* from a queue; when the queue is empty the *default*
behaviour answers (a short text reply unless changed). Behaviours:

- :class:`TextReply`: a normal reply streamed as N text deltas, optionally slowly.
- :class:`HttpError`: an HTTP error before any stream (429 with ``Retry-After``, 500, ...).
- :class:`CutStream`: some deltas, then the connection is dropped without ``response.completed``.
- :class:`FailedStream`: some deltas, then a ``response.failed`` event (a server error mid-stream).
- :class:`ErrorEvent`: some deltas, then an ``error`` event.
- :class:`HangingStream`: some deltas, then nothing until :meth:`MockProvider.release` (or the
  client goes away); for interrupt and shutdown tests.
- :class:`ToolCallsReply`: an optional text message, then one or more tool calls
  (:class:`FunctionCall`, :class:`CustomToolCall`, :class:`WebSearchCall`).
- :class:`ItemsReply`: any sequence of output items (:class:`TextMessage` and the calls above)
  in the order given, e.g. a web search followed by the answer.
- :class:`Scripted`: a function of the :class:`RecordedRequest` that returns the behaviour, so a
  test can answer based on what the model was sent (a tool call first, the final text once the
  tool's output comes back: :meth:`Scripted.tool_round_trip`).

A function call is streamed the way the Responses API streams it::

    response.output_item.added  {"type":"function_call","id":"fc_N","call_id":"call_N",
                                 "name":...,"arguments":"","status":"in_progress"}
    response.function_call_arguments.delta (N times), response.function_call_arguments.done
    response.output_item.done   (the full item, status completed)

and ``response.completed`` lists every output item. Call ids count up per provider
(``call_1``, ``call_2``...) unless given.

Every request is recorded (method, path, headers, parsed JSON body, and the output items the
mock answered with) in :attr:`MockProvider.requests`, so tests can assert that a multi-turn
thread sends the conversation so far, which tools were offered (:meth:`RecordedRequest.tools`)
and what the tools returned (:meth:`RecordedRequest.function_call_outputs`). Other paths
answer 404 (``GET /v1/models`` answers an empty list).

Only the standard library is used; the server runs in daemon threads.
"""

from __future__ import annotations

import itertools
import json
import select
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = [
    "DEFAULT_USAGE",
    "Behaviour",
    "CustomToolCall",
    "CutStream",
    "ErrorEvent",
    "FailedStream",
    "FunctionCall",
    "HangingStream",
    "HttpError",
    "ItemsReply",
    "MockProvider",
    "OutputItem",
    "RecordedRequest",
    "Scripted",
    "TextMessage",
    "TextReply",
    "ToolCallsReply",
    "Usage",
    "WebSearchCall",
    "input_texts",
]


@dataclass(frozen=True)
class Usage:
    """Token usage reported in ``response.completed``."""

    input_tokens: int = 100
    output_tokens: int = 10
    cached_tokens: int = 0
    reasoning_tokens: int = 0

    def to_wire(self) -> dict[str, Any]:
        return {
            "input_tokens": self.input_tokens,
            "input_tokens_details": {"cached_tokens": self.cached_tokens},
            "output_tokens": self.output_tokens,
            "output_tokens_details": {"reasoning_tokens": self.reasoning_tokens},
            "total_tokens": self.input_tokens + self.output_tokens,
        }


DEFAULT_USAGE = Usage()


@dataclass(frozen=True)
class TextReply:
    """A successful streamed text reply.

    ``deltas`` are sent one ``response.output_text.delta`` each; ``delay`` seconds pass
    between events (a slow stream).
    """

    deltas: Sequence[str] = ("Hello ", "from ", "mock")
    usage: Usage = DEFAULT_USAGE
    delay: float = 0.0
    item_id: str | None = None

    @classmethod
    def of(cls, text: str, n: int = 3, **kwargs: Any) -> TextReply:
        """``text`` split into ``n`` roughly equal deltas."""
        return cls(deltas=_split(text, n), **kwargs)

    @property
    def text(self) -> str:
        return "".join(self.deltas)


@dataclass(frozen=True)
class HttpError:
    """An HTTP error answered before any stream starts."""

    status: int = 500
    message: str = "mock server error"
    retry_after: float | None = None
    error_type: str = "server_error"

    @classmethod
    def rate_limited(cls, retry_after: float = 0.0) -> HttpError:
        return cls(
            status=429,
            message="Rate limit reached (mock)",
            retry_after=retry_after,
            error_type="rate_limit_exceeded",
        )


@dataclass(frozen=True)
class CutStream:
    """Start a reply, send ``deltas``, then drop the connection (no ``response.completed``)."""

    deltas: Sequence[str] = ("partial ",)
    delay: float = 0.0


@dataclass(frozen=True)
class FailedStream:
    """Start a reply, send ``deltas``, then a ``response.failed`` event (a 500 mid-stream)."""

    deltas: Sequence[str] = ("partial ",)
    code: str = "server_error"
    message: str = "The server had an error while processing your request (mock)."
    delay: float = 0.0


@dataclass(frozen=True)
class ErrorEvent:
    """Start a reply, send ``deltas``, then an SSE ``error`` event and end the stream."""

    deltas: Sequence[str] = ("partial ",)
    code: str = "server_error"
    message: str = "mock stream error"
    delay: float = 0.0


@dataclass(frozen=True)
class HangingStream:
    """Start a reply, send ``deltas``, then wait until released or the client disconnects.

    When released (``MockProvider.release()``) it finishes like a :class:`TextReply` with
    ``finish_deltas``. ``max_wait`` bounds the wait so a forgotten stream cannot hang a test
    run forever.
    """

    deltas: Sequence[str] = ("thinking ",)
    finish_deltas: Sequence[str] = ("done",)
    usage: Usage = DEFAULT_USAGE
    max_wait: float = 60.0


def _split(text: str, n: int) -> tuple[str, ...]:
    """``text`` in ``n`` roughly equal non-empty pieces (one empty piece for ``""``)."""
    n = max(1, min(n, len(text) or 1))
    size = -(-len(text) // n)
    return tuple(text[i : i + size] for i in range(0, len(text), size)) or ("",)


@dataclass(frozen=True)
class TextMessage:
    """An assistant text message output item, streamed in ``n`` deltas."""

    text: str
    n: int = 1
    item_id: str | None = None


@dataclass(frozen=True)
class FunctionCall:
    """A ``function_call`` output item.

    ``arguments`` is sent as given when a string, else as ``json.dumps(arguments)`` (the
    model's usual ``{"cmd": "ls"}`` spacing). It is streamed in ``chunks`` argument deltas.
    ``call_id``/``item_id`` default to ``call_N``/``fc_N`` (N counts up per provider).
    ``namespace`` is set for a tool inside a namespace tool (e.g. ``multi_agent_v1``).
    """

    name: str
    arguments: str | Mapping[str, Any] = "{}"
    call_id: str | None = None
    item_id: str | None = None
    namespace: str | None = None
    chunks: int = 1

    @property
    def arguments_text(self) -> str:
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(dict(self.arguments))


@dataclass(frozen=True)
class CustomToolCall:
    """A ``custom_tool_call`` output item (a freeform tool such as apply_patch)."""

    name: str
    input: str
    call_id: str | None = None
    item_id: str | None = None
    chunks: int = 1


@dataclass(frozen=True)
class WebSearchCall:
    """A completed ``web_search_call`` output item (hosted search; the client runs nothing).

    ``action`` overrides the default ``{"type": "search", "query": query}`` (e.g.
    ``{"type": "open_page", "url": ...}``).
    """

    query: str = ""
    item_id: str | None = None
    action: Mapping[str, Any] | None = None

    def action_wire(self) -> dict[str, Any]:
        if self.action is not None:
            return dict(self.action)
        return {"type": "search", "query": self.query}


ToolCall = FunctionCall | CustomToolCall | WebSearchCall
OutputItem = TextMessage | FunctionCall | CustomToolCall | WebSearchCall


@dataclass(frozen=True)
class ItemsReply:
    """A successful response whose output is ``items``, streamed in order."""

    items: Sequence[OutputItem]
    usage: Usage = DEFAULT_USAGE
    delay: float = 0.0


@dataclass(frozen=True)
class ToolCallsReply:
    """A successful response: an optional text message, then one or more tool calls."""

    calls: Sequence[ToolCall]
    text: str | None = None
    usage: Usage = DEFAULT_USAGE
    delay: float = 0.0

    @classmethod
    def call(
        cls, name: str, arguments: str | Mapping[str, Any] = "{}", **kwargs: Any
    ) -> ToolCallsReply:
        """A response with the single function call ``name(arguments)``."""
        return cls(calls=(FunctionCall(name, arguments),), **kwargs)

    def items(self) -> list[OutputItem]:
        head: list[OutputItem] = [TextMessage(self.text)] if self.text is not None else []
        return [*head, *self.calls]


@dataclass(frozen=True)
class Scripted:
    """A behaviour chosen per request: ``fn(request)`` returns the behaviour to answer with.

    ``fn`` runs in the mock's server thread with the :class:`RecordedRequest` (body parsed,
    not yet in :attr:`MockProvider.requests`). It may return another :class:`Scripted`. If it
    raises, the request is answered with HTTP 500 and the exception is kept in
    :attr:`MockProvider.script_errors`.
    """

    fn: Callable[[RecordedRequest], Behaviour]

    @classmethod
    def tool_round_trip(cls, first: Behaviour, then: Behaviour) -> Scripted:
        """``first`` (e.g. a :class:`ToolCallsReply`) to a request that does not end with tool
        output, ``then`` (e.g. the final text) once the tools' outputs come back."""
        return cls(lambda request: then if request.ends_with_tool_output() else first)


Behaviour = (
    TextReply
    | HttpError
    | CutStream
    | FailedStream
    | ErrorEvent
    | HangingStream
    | ToolCallsReply
    | ItemsReply
    | Scripted
)

_TOOL_OUTPUT_TYPES = ("function_call_output", "custom_tool_call_output")


@dataclass
class RecordedRequest:
    """One HTTP request the mock received (and, for Responses requests, what it answered)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes = b""
    behaviour: Behaviour | None = None
    output: list[dict[str, Any]] = field(default_factory=list)
    """The output items the mock streamed back, as listed in ``response.completed``."""

    @property
    def json(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise AssertionError(f"request body is not a JSON object: {self.raw[:200]!r}")
        return self.body

    def conversation(self) -> list[tuple[str, str]]:
        """``(role, text)`` of the user and assistant messages, without the turn context
        (developer messages and ``<environment_context>``) the server adds."""
        return [
            (role, text)
            for role, text in self.input_texts()
            if role in ("user", "assistant") and not text.startswith("<environment_context>")
        ]

    def input_texts(self) -> list[tuple[str, str]]:
        """``(role, text)`` of every message in the request's ``input``, in order."""
        return input_texts(self.json)

    def input_items(self, type_: str | None = None) -> list[dict[str, Any]]:
        """The ``input`` items (objects), all or only those of ``type_``.

        Items without ``type`` are messages, as the Responses API reads them."""
        raw = self.json.get("input")
        if isinstance(raw, str):
            raw = [{"type": "message", "role": "user", "content": raw}]
        items = [item for item in raw or [] if isinstance(item, dict)]
        if type_ is None:
            return items
        return [item for item in items if item.get("type", "message") == type_]

    def function_calls(self) -> list[dict[str, Any]]:
        """The ``function_call`` items of the request's input (the model's earlier calls)."""
        return self.input_items("function_call")

    def function_call_outputs(self) -> dict[str, Any]:
        """``{call_id: output}`` of the ``function_call_output`` items of the input.

        ``output`` is a string, or a list of content items (e.g. an image)."""
        return {
            str(item.get("call_id")): item.get("output")
            for item in self.input_items("function_call_output")
        }

    def custom_tool_call_outputs(self) -> dict[str, Any]:
        """``{call_id: output}`` of the ``custom_tool_call_output`` items of the input."""
        return {
            str(item.get("call_id")): item.get("output")
            for item in self.input_items("custom_tool_call_output")
        }

    def ends_with_tool_output(self) -> bool:
        """True when the last input item is a tool output (the model is called back after
        running tools), False for a fresh user turn."""
        items = self.input_items()
        return bool(items) and items[-1].get("type") in _TOOL_OUTPUT_TYPES

    def tools(self) -> list[dict[str, Any]]:
        """The ``tools`` list sent with the request (empty when none)."""
        tools = self.json.get("tools")
        return [tool for tool in tools or [] if isinstance(tool, dict)]

    def tool_names(self) -> list[str]:
        """Each offered tool's ``name`` (a hosted tool without one: its ``type``)."""
        return [str(tool.get("name") or tool.get("type")) for tool in self.tools()]


def input_texts(body: dict[str, Any]) -> list[tuple[str, str]]:
    """``(role, text)`` of every message item of a Responses request ``input``.

    Handles string content and content-part lists (``input_text``/``output_text``/``text``).
    Non-message items (function calls, reasoning...) are skipped.
    """
    raw = body.get("input")
    if isinstance(raw, str):
        return [("user", raw)]
    out: list[tuple[str, str]] = []
    for item in raw or []:
        if not isinstance(item, dict):
            continue
        if item.get("type", "message") != "message":
            continue
        role = str(item.get("role", ""))
        content = item.get("content")
        if isinstance(content, str):
            out.append((role, content))
            continue
        texts = [
            str(part.get("text", ""))
            for part in content or []
            if isinstance(part, dict) and "text" in part
        ]
        out.append((role, "".join(texts)))
    return out


class _Stop(Exception):
    """The client went away while a stream was being written."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    _last_body: Any = None

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request stderr lines."""

    # --- request entry points -------------------------------------------------------------

    def do_GET(self) -> None:
        self._record(b"")
        if self.path.split("?")[0].rstrip("/").endswith("/models"):
            self._send_json(status=200, payload={"object": "list", "data": [], "models": []})
        else:
            self._send_json(status=404, payload={"error": {"message": f"not found: {self.path}"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:
            # The client went away before its body was sent (a cancelled turn's request):
            # as for a real server, no request arrived.
            self.close_connection = True
            return
        path = self.path.split("?")[0]
        if not path.rstrip("/").endswith("/responses"):
            self._record(raw)
            self._send_json(status=404, payload={"error": {"message": f"not found: {self.path}"}})
            return
        provider = self.server.provider
        request = self._request(raw)
        behaviour = provider._resolve(provider._next_behaviour(), request)
        request.behaviour = behaviour
        provider._record(request)
        try:
            self._serve(behaviour, request)
        except (_Stop, BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- helpers ----------------------------------------------------------------------------

    def _request(self, raw: bytes) -> RecordedRequest:
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._last_body = body
        return RecordedRequest(self.command, self.path, headers, body, raw)

    def _record(self, raw: bytes) -> None:
        self.server.provider._record(self._request(raw))

    def _send_json(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        if self.server.provider._closed.is_set():
            raise _Stop
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _event(self, payload: dict[str, Any]) -> None:
        self._chunk(f"event: {payload['type']}\ndata: {json.dumps(payload)}\n\n".encode())

    def _end_stream(self) -> None:
        self._chunk(b"")

    def _serve(self, behaviour: Behaviour, request: RecordedRequest) -> None:
        if isinstance(behaviour, HttpError):
            extra: dict[str, str] = {}
            if behaviour.retry_after is not None:
                extra["Retry-After"] = f"{behaviour.retry_after:g}"
            body = {
                "error": {
                    "message": behaviour.message,
                    "type": behaviour.error_type,
                    "param": None,
                    "code": behaviour.error_type,
                }
            }
            self._send_json(behaviour.status, body, extra)
            return
        model = "mock-model"
        request_body = self._last_body
        if isinstance(request_body, dict) and isinstance(request_body.get("model"), str):
            model = request_body["model"]
        provider = self.server.provider
        ids = provider._new_ids()
        if isinstance(behaviour, TextReply) and behaviour.item_id:
            ids.item_id = behaviour.item_id
        stream = _Stream(self, ids, model, request.output)
        self._start_stream()
        if isinstance(behaviour, TextReply):
            stream.open(behaviour.delay)
            stream.deltas(behaviour.deltas, behaviour.delay)
            stream.complete(behaviour.usage)
            self._end_stream()
        elif isinstance(behaviour, (ToolCallsReply, ItemsReply)):
            items = behaviour.items() if isinstance(behaviour, ToolCallsReply) else behaviour.items
            stream.begin()
            for n, item in enumerate(items):
                if n and behaviour.delay:
                    time.sleep(behaviour.delay)
                if isinstance(item, TextMessage):
                    suffix = f"_{n}" if n else ""
                    stream.text_open(item.item_id or f"{ids.item_id}{suffix}")
                    stream.deltas(_split(item.text, item.n), behaviour.delay)
                    stream.text_close()
                elif isinstance(item, FunctionCall):
                    stream.function_call(item, provider._next_call())
                elif isinstance(item, CustomToolCall):
                    stream.custom_tool_call(item, provider._next_call())
                else:
                    stream.web_search_call(item, provider._next_call())
            stream.completed(behaviour.usage)
            self._end_stream()
        elif isinstance(behaviour, HangingStream):
            stream.open(0.0)
            stream.deltas(behaviour.deltas, 0.0)
            deadline = time.monotonic() + behaviour.max_wait
            with provider._lock:
                provider._hanging_now += 1
            try:
                release = provider._release  # reset() sets this one and installs a new one
                while not release.is_set() and time.monotonic() < deadline:
                    if provider._closed.is_set() or _peer_closed(self):
                        raise _Stop
                    release.wait(0.05)
            finally:
                with provider._lock:
                    provider._hanging_now -= 1
            stream.deltas(behaviour.finish_deltas, 0.0)
            stream.complete(behaviour.usage)
            self._end_stream()
        elif isinstance(behaviour, CutStream):
            stream.open(behaviour.delay)
            stream.deltas(behaviour.deltas, behaviour.delay)
            # Drop the TCP connection without the terminating chunk.
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(2)
        elif isinstance(behaviour, FailedStream):
            stream.open(behaviour.delay)
            stream.deltas(behaviour.deltas, behaviour.delay)
            stream.failed(behaviour.code, behaviour.message)
            self._end_stream()
        elif isinstance(behaviour, ErrorEvent):
            stream.open(behaviour.delay)
            stream.deltas(behaviour.deltas, behaviour.delay)
            stream.error_event(behaviour.code, behaviour.message)
            self._end_stream()
        else:  # pragma: no cover - exhaustive (Scripted is resolved before serving)
            raise TypeError(f"unknown behaviour {behaviour!r}")


def _peer_closed(handler: _Handler) -> bool:
    """True when the client closed its side (a readable socket with no data)."""
    sock = handler.connection
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        peeked: bytes = sock.recv(1, socket.MSG_PEEK)
    except OSError:
        return True
    return peeked == b""


@dataclass
class _Ids:
    response_id: str
    item_id: str
    created_at: int


class _Stream:
    """Writes one Responses SSE stream (sequence numbers, ids, output items in order)."""

    def __init__(
        self, handler: _Handler, ids: _Ids, model: str, output: list[dict[str, Any]]
    ) -> None:
        self.h = handler
        self.ids = ids
        self.seq = itertools.count()
        self.model = model
        self.output = output  # the completed items, shared with the RecordedRequest
        self.text = ""
        self.text_id = ids.item_id
        self.index = 0

    def _send(self, type_: str, **fields: Any) -> None:
        self.h._event({"type": type_, "sequence_number": next(self.seq), **fields})

    def response(self, status: str, output: list[Any], usage: Usage | None) -> dict[str, Any]:
        return {
            "id": self.ids.response_id,
            "object": "response",
            "created_at": self.ids.created_at,
            "status": status,
            "error": None,
            "incomplete_details": None,
            "instructions": None,
            "max_output_tokens": None,
            "model": self.model,
            "output": output,
            "parallel_tool_calls": True,
            "previous_response_id": None,
            "reasoning": {"effort": None, "summary": None},
            "store": False,
            "temperature": 1.0,
            "text": {"format": {"type": "text"}},
            "tool_choice": "auto",
            "tools": [],
            "top_p": 1.0,
            "truncation": "disabled",
            "usage": usage.to_wire() if usage else None,
            "metadata": {},
        }

    def message(self, status: str) -> dict[str, Any]:
        content = (
            [{"type": "output_text", "text": self.text, "annotations": [], "logprobs": []}]
            if status == "completed"
            else []
        )
        return {
            "id": self.text_id,
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": content,
        }

    # --- the response envelope --------------------------------------------------------------

    def begin(self) -> None:
        self._send("response.created", response=self.response("in_progress", [], usage=None))
        self._send("response.in_progress", response=self.response("in_progress", [], usage=None))

    def completed(self, usage: Usage) -> None:
        self._send(
            "response.completed", response=self.response("completed", list(self.output), usage)
        )

    def _item_done(self, item: dict[str, Any]) -> None:
        self._send("response.output_item.done", output_index=self.index, item=item)
        self.output.append(item)
        self.index += 1

    # --- a text message ---------------------------------------------------------------------

    def text_open(self, item_id: str) -> None:
        self.text = ""
        self.text_id = item_id
        self._send(
            "response.output_item.added", output_index=self.index, item=self.message("in_progress")
        )
        self._send(
            "response.content_part.added",
            item_id=self.text_id,
            output_index=self.index,
            content_index=0,
            part={"type": "output_text", "text": "", "annotations": [], "logprobs": []},
        )

    def deltas(self, deltas: Sequence[str], delay: float) -> None:
        for delta in deltas:
            self.text += delta
            self._send(
                "response.output_text.delta",
                item_id=self.text_id,
                output_index=self.index,
                content_index=0,
                delta=delta,
                logprobs=[],
            )
            if delay:
                time.sleep(delay)

    def text_close(self) -> None:
        self._send(
            "response.output_text.done",
            item_id=self.text_id,
            output_index=self.index,
            content_index=0,
            text=self.text,
            logprobs=[],
        )
        self._send(
            "response.content_part.done",
            item_id=self.text_id,
            output_index=self.index,
            content_index=0,
            part={"type": "output_text", "text": self.text, "annotations": [], "logprobs": []},
        )
        self._item_done(self.message("completed"))

    # --- single-message behaviours ----------------------------------------------------------

    def open(self, delay: float) -> None:
        self.begin()
        self.text_open(self.ids.item_id)
        if delay:
            time.sleep(delay)

    def complete(self, usage: Usage) -> None:
        self.text_close()
        self.completed(usage)

    # --- tool calls -------------------------------------------------------------------------

    def function_call(self, call: FunctionCall, n: int) -> None:
        item: dict[str, Any] = {
            "type": "function_call",
            "id": call.item_id or f"fc_{n}",
            "call_id": call.call_id or f"call_{n}",
            "name": call.name,
            "arguments": "",
            "status": "in_progress",
        }
        if call.namespace is not None:
            item["namespace"] = call.namespace
        self._send("response.output_item.added", output_index=self.index, item=dict(item))
        arguments = call.arguments_text
        for delta in _split(arguments, call.chunks) if arguments else ():
            self._send(
                "response.function_call_arguments.delta",
                item_id=item["id"],
                output_index=self.index,
                delta=delta,
            )
        self._send(
            "response.function_call_arguments.done",
            item_id=item["id"],
            output_index=self.index,
            arguments=arguments,
        )
        self._item_done({**item, "arguments": arguments, "status": "completed"})

    def custom_tool_call(self, call: CustomToolCall, n: int) -> None:
        item: dict[str, Any] = {
            "type": "custom_tool_call",
            "id": call.item_id or f"ctc_{n}",
            "call_id": call.call_id or f"call_{n}",
            "name": call.name,
            "input": "",
        }
        self._send("response.output_item.added", output_index=self.index, item=dict(item))
        for delta in _split(call.input, call.chunks) if call.input else ():
            self._send(
                "response.custom_tool_call_input.delta",
                item_id=item["id"],
                output_index=self.index,
                delta=delta,
            )
        self._send(
            "response.custom_tool_call_input.done",
            item_id=item["id"],
            output_index=self.index,
            input=call.input,
        )
        self._item_done({**item, "input": call.input})

    def web_search_call(self, call: WebSearchCall, n: int) -> None:
        item_id = call.item_id or f"ws_{n}"
        added = {"type": "web_search_call", "id": item_id, "status": "in_progress"}
        self._send("response.output_item.added", output_index=self.index, item=added)
        for phase in ("in_progress", "searching", "completed"):
            self._send(
                f"response.web_search_call.{phase}", item_id=item_id, output_index=self.index
            )
        self._item_done(
            {
                "type": "web_search_call",
                "id": item_id,
                "status": "completed",
                "action": call.action_wire(),
            }
        )

    # --- failures ---------------------------------------------------------------------------

    def failed(self, code: str, message: str) -> None:
        body = self.response("failed", [], usage=None)
        body["error"] = {"code": code, "message": message}
        self._send("response.failed", response=body)

    def error_event(self, code: str, message: str) -> None:
        self._send("error", code=code, message=message, param=None)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    provider: MockProvider

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients dropping connections (retries, interrupts) are normal here; stay quiet."""


@dataclass
class MockProvider:
    """The mock Responses server. Use as a context manager or call start()/stop()."""

    default: Behaviour = field(default_factory=TextReply)
    requests: list[RecordedRequest] = field(default_factory=list)
    #: Serve HTTPS with this server-side context (plain HTTP when None).
    tls: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._release = threading.Event()
        self._closed = threading.Event()
        self._hanging_now = 0
        self._counter = itertools.count(1)
        self._calls = itertools.count(1)
        self.script_errors: list[BaseException] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> Self:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.provider = self
        if self.tls is not None:
            server.socket = self.tls.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closed.set()
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("mock provider not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The provider base URL for config.toml (``.../v1``)."""
        scheme = "http" if self.tls is None else "https"
        return f"{scheme}://127.0.0.1:{self.port}/v1"

    # --- scripting --------------------------------------------------------------------------

    def enqueue(self, *behaviours: Behaviour) -> None:
        """Queue behaviours; each Responses request consumes one, in order."""
        with self._lock:
            self._queue.extend(behaviours)

    def reply(self, text: str, n: int = 3, **kwargs: Any) -> TextReply:
        """Queue a text reply streamed in ``n`` deltas and return it."""
        behaviour = TextReply.of(text, n, **kwargs)
        self.enqueue(behaviour)
        return behaviour

    def set_default(self, behaviour: Behaviour) -> None:
        """The behaviour used whenever the queue is empty."""
        with self._lock:
            self.default = behaviour

    def release(self) -> None:
        """Let every current and future :class:`HangingStream` finish."""
        self._release.set()

    def reset(self) -> None:
        """Forget queued behaviours and recorded requests; restore the default reply."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.script_errors.clear()
            self.default = TextReply()
            self._release.set()  # finish streams a previous test left hanging
            self._release = threading.Event()

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    # --- inspection -------------------------------------------------------------------------

    @property
    def response_requests(self) -> list[RecordedRequest]:
        """The recorded ``POST .../responses`` requests, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.method == "POST" and "/responses" in r.path]

    def wait_for_requests(self, n: int, timeout: float = 30.0) -> list[RecordedRequest]:
        """Block until at least ``n`` Responses requests arrived; return them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                got = [r for r in self.requests if r.method == "POST" and "/responses" in r.path]
                if len(got) >= n:
                    return got
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {n} Responses requests, got {len(got)}")
                self._cond.wait(remaining)

    def wait_hanging(self, timeout: float = 30.0) -> None:
        """Block until a :class:`HangingStream` is being held open."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._hanging_now > 0:
                    return
            time.sleep(0.02)
        raise TimeoutError("no hanging stream was opened")

    def hanging_count(self) -> int:
        with self._lock:
            return self._hanging_now

    def function_call_outputs(self, request_index: int) -> dict[str, Any]:
        """``{call_id: output}`` of the tool outputs sent in Responses request ``request_index``
        (0-based, negative counts from the end)."""
        return self.response_requests[request_index].function_call_outputs()

    # --- used by the handler ----------------------------------------------------------------

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def _resolve(self, behaviour: Behaviour, request: RecordedRequest) -> Behaviour:
        """Run :class:`Scripted` functions until a concrete behaviour comes out."""
        for _ in range(100):
            if not isinstance(behaviour, Scripted):
                return behaviour
            try:
                behaviour = behaviour.fn(request)
            except Exception as exc:
                with self._lock:
                    self.script_errors.append(exc)
                return HttpError(status=500, message=f"mock script raised {exc!r}")
        raise RuntimeError("Scripted behaviours nest more than 100 deep")

    def _next_call(self) -> int:
        with self._lock:
            return next(self._calls)

    def _record(self, request: RecordedRequest) -> None:
        with self._cond:
            self.requests.append(request)
            self._cond.notify_all()

    def _new_ids(self) -> _Ids:
        n = next(self._counter)
        return _Ids(
            response_id=f"resp_mock_{n}", item_id=f"msg_mock_{n}", created_at=int(time.time())
        )

    def iter_response_bodies(self) -> Iterator[dict[str, Any]]:
        for request in self.response_requests:
            yield request.json
