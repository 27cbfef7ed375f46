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

Every request is recorded (method, path, headers, parsed JSON body) in
:attr:`MockProvider.requests`, so tests can assert that a multi-turn thread sends the
conversation so far. Other paths answer 404 (``GET /v1/models`` answers an empty list).

Only the standard library is used; the server runs in daemon threads.
"""

from __future__ import annotations

import itertools
import json
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = [
    "DEFAULT_USAGE",
    "Behaviour",
    "CutStream",
    "ErrorEvent",
    "FailedStream",
    "HangingStream",
    "HttpError",
    "MockProvider",
    "RecordedRequest",
    "TextReply",
    "Usage",
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
        n = max(1, min(n, len(text) or 1))
        size = -(-len(text) // n)
        parts = [text[i : i + size] for i in range(0, len(text), size)] or [""]
        return cls(deltas=tuple(parts), **kwargs)

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


Behaviour = TextReply | HttpError | CutStream | FailedStream | ErrorEvent | HangingStream


@dataclass
class RecordedRequest:
    """One HTTP request the mock received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes = b""
    behaviour: Behaviour | None = None

    @property
    def json(self) -> dict[str, Any]:
        if not isinstance(self.body, dict):
            raise AssertionError(f"request body is not a JSON object: {self.raw[:200]!r}")
        return self.body

    def input_texts(self) -> list[tuple[str, str]]:
        """``(role, text)`` of every message in the request's ``input``, in order."""
        return input_texts(self.json)


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
        path = self.path.split("?")[0]
        if not path.rstrip("/").endswith("/responses"):
            self._record(raw)
            self._send_json(status=404, payload={"error": {"message": f"not found: {self.path}"}})
            return
        behaviour = self.server.provider._next_behaviour()
        self._record(raw, behaviour)
        try:
            self._serve(behaviour)
        except (_Stop, BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # --- helpers ----------------------------------------------------------------------------

    def _record(self, raw: bytes, behaviour: Behaviour | None = None) -> None:
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._last_body = body
        self.server.provider._record(
            RecordedRequest(self.command, self.path, headers, body, raw, behaviour)
        )

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

    def _serve(self, behaviour: Behaviour) -> None:
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
        ids = self.server.provider._new_ids()
        if isinstance(behaviour, TextReply) and behaviour.item_id:
            ids.item_id = behaviour.item_id
        stream = _Stream(self, ids, model)
        self._start_stream()
        if isinstance(behaviour, TextReply):
            stream.open(behaviour.delay)
            stream.deltas(behaviour.deltas, behaviour.delay)
            stream.complete(behaviour.usage)
            self._end_stream()
        elif isinstance(behaviour, HangingStream):
            stream.open(0.0)
            stream.deltas(behaviour.deltas, 0.0)
            provider = self.server.provider
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
        else:  # pragma: no cover - exhaustive
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
    """Writes one Responses SSE stream (sequence numbers, ids, accumulated text)."""

    def __init__(self, handler: _Handler, ids: _Ids, model: str) -> None:
        self.h = handler
        self.ids = ids
        self.seq = itertools.count()
        self.text = ""
        self.model = model

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
            "id": self.ids.item_id,
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": content,
        }

    def open(self, delay: float) -> None:
        self._send("response.created", response=self.response("in_progress", [], usage=None))
        self._send("response.in_progress", response=self.response("in_progress", [], usage=None))
        self._send("response.output_item.added", output_index=0, item=self.message("in_progress"))
        self._send(
            "response.content_part.added",
            item_id=self.ids.item_id,
            output_index=0,
            content_index=0,
            part={"type": "output_text", "text": "", "annotations": [], "logprobs": []},
        )
        if delay:
            time.sleep(delay)

    def deltas(self, deltas: Sequence[str], delay: float) -> None:
        for delta in deltas:
            self.text += delta
            self._send(
                "response.output_text.delta",
                item_id=self.ids.item_id,
                output_index=0,
                content_index=0,
                delta=delta,
                logprobs=[],
            )
            if delay:
                time.sleep(delay)

    def complete(self, usage: Usage) -> None:
        self._send(
            "response.output_text.done",
            item_id=self.ids.item_id,
            output_index=0,
            content_index=0,
            text=self.text,
            logprobs=[],
        )
        self._send(
            "response.content_part.done",
            item_id=self.ids.item_id,
            output_index=0,
            content_index=0,
            part={"type": "output_text", "text": self.text, "annotations": [], "logprobs": []},
        )
        item = self.message("completed")
        self._send("response.output_item.done", output_index=0, item=item)
        self._send("response.completed", response=self.response("completed", [item], usage))

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

    def __post_init__(self) -> None:
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._release = threading.Event()
        self._closed = threading.Event()
        self._hanging_now = 0
        self._counter = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> Self:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.provider = self
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
        return f"http://127.0.0.1:{self.port}/v1"

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

    # --- used by the handler ----------------------------------------------------------------

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

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
