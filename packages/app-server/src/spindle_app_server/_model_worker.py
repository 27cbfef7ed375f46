"""The model-SDK worker: a child process that sends the server's model requests.

Why a process: importing the openai SDK costs about a second of CPU, and under the server's
one interpreter lock that second cannot overlap with the rest of a start, so a first turn
used to wait for it. The server spawns this worker as it starts (run with ``python -m
spindle_app_server._model_worker``, on the machine's other core) and never imports the SDK
itself: the worker imports it, sends each Responses request with it and relays the events
of the streamed answer, parsed from its Server-Sent Events, back over a pipe. The server
turns them into stream events (:class:`spindle_app_server._model_client.ModelClient`).

Protocol, one JSON object per line. The server writes, on the worker's stdin:

- ``{"op": "stream", "id": n, "client": [base_url, api_key, originator], "model": ...,
  "headers": {...}, "body": {...}}``: send ``POST /responses`` (``model``, ``stream`` and
  ``body``'s keys as its JSON, ``headers`` added to the client's) and stream its answer as
  stream ``n``;
- ``{"op": "cancel", "id": n}``: abort stream ``n`` (its HTTP connection is closed);
- ``{"op": "warm", "client": [...]}``: build that client now, before its first request.

The worker writes, on its stdout, ``{"id": n, "events": [...]}`` with the next event
payloads of stream ``n`` (all those one read brought: one line, one write), the last one
with ``"end"``: ``null`` when the stream ended (after its terminal event, or closed by the
provider), or the failure: ``{"kind": "status", "status": 429, "text": ...}`` (an HTTP
error answer), ``{"kind": "connect"}`` (no connection), ``{"kind": "refused", "message":
...}`` (the request could not be sent) or ``{"kind": "broken", "message": ...}`` (the stream
broke off). A cancelled stream gets no answer.

The worker ends at stdin EOF (the server closed it, or is gone), and on Linux also when the
server process dies (``PR_SET_PDEATHSIG``). SIGINT is ignored: a Ctrl-C reaches the whole
process group, and the server ends its turns itself, then this worker.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gc
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import types
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import openai

__all__ = ["main", "read_lines", "spawn"]

_TERMINAL_EVENTS = frozenset(
    {"response.completed", "response.failed", "response.incomplete", "error"}
)
"""Event types after which a stream is over: the worker stops reading it there."""

_READ_SIZE = 1 << 16


def spawn() -> subprocess.Popen[bytes]:
    """Start a worker (called by the server): its stdin and stdout are pipes to the caller,
    its stderr the caller's. ``-P``: no module of the working directory (the user's
    project) can shadow the SDK's."""
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "spindle_app_server._model_worker", str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def _is_terminal(event: dict[str, Any]) -> bool:
    """Whether the stream ends with ``event`` (a final event, or one that carries an error)."""
    return event.get("type") in _TERMINAL_EVENTS or bool(event.get("error"))


async def read_lines(reader: asyncio.StreamReader) -> AsyncIterator[list[bytes]]:
    """The complete lines of ``reader``, in batches: those that one read brought."""
    parts: list[bytes] = []
    while True:
        chunk = await reader.read(_READ_SIZE)
        if not chunk:
            return
        if b"\n" not in chunk:
            parts.append(chunk)
            continue
        if parts:
            parts.append(chunk)
            chunk = b"".join(parts)
            parts = []
        lines = chunk.split(b"\n")
        tail = lines.pop()
        if tail:
            parts.append(tail)
        yield lines


async def _sse_events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[dict[str, Any], str]]:
    """The JSON payloads of a Server-Sent Events stream, one per event: parsed, and as the
    JSON text they came as, on one line (a line break in valid JSON can only be whitespace
    between tokens).

    Parsed here rather than by the SDK: its per-event model construction cost about as much
    CPU as the rest of a request. A ``[DONE]`` sentinel ends the stream.
    """
    data: list[str] = []
    async for line in lines:
        if line:
            field, _, value = line.partition(":")
            if field == "data":
                data.append(value[1:] if value.startswith(" ") else value)
            continue
        if not data:
            continue
        payload = "\n".join(data)
        data = []
        if payload.startswith("[DONE]"):
            return
        event = json.loads(payload)
        if isinstance(event, dict):
            yield event, payload.replace("\n", " ")
    if data and not data[0].startswith("[DONE]"):
        payload = "\n".join(data)
        event = json.loads(payload)
        if isinstance(event, dict):
            yield event, payload.replace("\n", " ")


class _Output:
    """What goes to the server: the events of each stream gathered until the loop is idle
    again, then written as one line per stream, in one write. The events go as the JSON
    text the provider sent, not encoded again."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._events: dict[int, list[str]] = {}
        self._ends: dict[int, str] = {}
        self._out = sys.stdout.buffer

    def _events_of(self, stream_id: int) -> list[str]:
        events = self._events.get(stream_id)
        if events is None:
            if not self._events:
                self._loop.call_soon(self.flush)
            events = self._events[stream_id] = []
        return events

    def event(self, stream_id: int, payload: str) -> None:
        self._events_of(stream_id).append(payload)

    def end(self, stream_id: int, failure: dict[str, Any] | None) -> None:
        self._events_of(stream_id)
        self._ends[stream_id] = json.dumps(failure, ensure_ascii=False, separators=(",", ":"))

    def flush(self) -> None:
        if not self._events:
            return
        lines = []
        for stream_id, events in self._events.items():
            end = self._ends.pop(stream_id, None)
            tail = "]}\n" if end is None else f'],"end":{end}}}\n'
            lines.append(f'{{"id":{stream_id},"events":[' + ",".join(events) + tail)
        self._events.clear()
        self._out.write("".join(lines).encode())
        self._out.flush()


# Imported by a first request (the SDK loads them lazily): loaded ahead of it.
_FIRST_REQUEST_MODULES = (
    "httpcore2",
    "httpcore",
    "h11",
    "anyio._backends._asyncio",
    "anyio.streams.memory",
)


def _sdk_tls_context(openai: types.ModuleType) -> ssl.SSLContext | None:
    """The TLS context the SDK's HTTP client would make for itself (its HTTP library's
    ``create_ssl_context``: the system's CA store, ``SSL_CERT_FILE``/``SSL_CERT_DIR``),
    made once as the worker starts and shared by its clients. Each client made its own, a
    CA store read from disk (~30 ms) on a first turn; None if the SDK's layout has changed,
    and each client makes its own again. Never raises (it runs on a thread of its own)."""
    try:
        base = openai.DefaultAsyncHttpxClient.__mro__[1]
        library = sys.modules[base.__module__.partition(".")[0]]
        context = library.create_ssl_context()
    except Exception:
        return None
    return context if isinstance(context, ssl.SSLContext) else None


class _Worker:
    """The streams under way, and one SDK client per (base URL, API key, originator).

    A request goes out as the SDK's ``POST /responses`` with a raw stream (``AsyncStream``,
    whose response's lines are read here): the worker relays each event's JSON text as the
    provider sent it, so it needs none of the SDK's Responses resource and models, whose
    import (~0.35 s: the resource and the 250 modules of ``openai.types.responses``) the
    worker's readiness, and so a first turn, would wait for.
    """

    def __init__(self, output: _Output) -> None:
        import importlib

        import openai

        # The TLS context reads the CA store from disk with the interpreter lock released:
        # on a thread of its own it overlaps the imports below rather than following them.
        self._tls: concurrent.futures.Future[ssl.SSLContext | None] = concurrent.futures.Future()
        threading.Thread(
            target=lambda: self._tls.set_result(_sdk_tls_context(openai)),
            name="tls-context",
            daemon=True,
        ).start()
        for name in _FIRST_REQUEST_MODULES:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        self._openai = openai
        self._output = output
        self._clients: dict[tuple[str | None, str, str], openai.AsyncOpenAI] = {}
        self._streams: dict[int, asyncio.Task[None]] = {}

    def client(self, settings: list[Any]) -> openai.AsyncOpenAI:
        base_url, api_key, originator = settings
        key = (base_url, str(api_key), str(originator))
        client = self._clients.get(key)
        if client is None:
            http: dict[str, Any] = {}
            tls = self._tls.result()  # made as the worker started: ready by now, or nearly
            if tls is not None:
                http["http_client"] = self._openai.DefaultAsyncHttpxClient(verify=tls)
            client = self._openai.AsyncOpenAI(
                base_url=base_url,
                api_key=key[1],
                # Retries happen per attempt in the turn (each one visible to the client as
                # the reference's "Reconnecting... n/N" notification), not in the SDK.
                max_retries=0,
                timeout=300.0,
                default_headers={"originator": key[2]},
                **http,
            )
            self._clients[key] = client
        return client

    def handle(self, message: dict[str, Any]) -> None:
        op = message.get("op")
        if op == "stream":
            stream_id = int(message["id"])
            task = asyncio.ensure_future(self._stream(stream_id, message))
            self._streams[stream_id] = task
            task.add_done_callback(lambda _: self._forget(stream_id, task))
        elif op == "cancel":
            running = self._streams.pop(int(message["id"]), None)
            if running is not None:
                running.cancel()
        elif op == "warm":
            with contextlib.suppress(Exception):  # a warm-up only
                self.client(message["client"])

    def _forget(self, stream_id: int, task: asyncio.Task[None]) -> None:
        if self._streams.get(stream_id) is task:
            del self._streams[stream_id]

    async def _stream(self, stream_id: int, message: dict[str, Any]) -> None:
        openai = self._openai
        output = self._output
        exits = contextlib.AsyncExitStack()
        try:
            # What ``responses.create(model=, stream=True, extra_body=body)`` sends: the
            # body's own keys after model and stream, which they override.
            stream = await self.client(message["client"]).post(
                "/responses",
                cast_to=object,
                body={"model": message["model"], "stream": True, **message["body"]},
                options={"headers": message["headers"]},
                stream=True,
                stream_cls=openai.AsyncStream[object],
            )
            exits.push_async_callback(stream.close)
        except openai.APIStatusError as exc:
            output.end(stream_id, _status_failure(exc))
            return
        except openai.APIConnectionError:
            output.end(stream_id, {"kind": "connect"})
            return
        except Exception as exc:
            output.end(stream_id, {"kind": "refused", "message": str(exc) or type(exc).__name__})
            return
        try:
            async with exits:
                async for event, text in _sse_events(stream.response.aiter_lines()):
                    output.event(stream_id, text)
                    if _is_terminal(event):
                        # Over: the server needs no more, and closing the response now
                        # closes its connection as the in-process client did.
                        self._streams.pop(stream_id, None)
                        break
        except openai.APIStatusError as exc:
            output.end(stream_id, _status_failure(exc))
            return
        except Exception as exc:  # the HTTP library's read errors: the stream broke off
            output.end(stream_id, {"kind": "broken", "message": str(exc) or type(exc).__name__})
            return
        output.end(stream_id, None)

    def cancel_all(self) -> None:
        for task in self._streams.values():
            task.cancel()


def _status_failure(exc: openai.APIStatusError) -> dict[str, Any]:
    return {"kind": "status", "status": exc.status_code, "text": exc.response.text or str(exc)}


def _die_with_parent(parent: int) -> None:
    """Have the kernel end this process when the server process ends (Linux)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # the server was already gone before that took effect
        os._exit(0)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    output = _Output(loop)
    worker = _Worker(output)
    # As the server does after its start: the SDK's modules and objects live as long as
    # the worker, frozen out of the collector's scans (a full collection over them took
    # ~15 ms of a turn, every few dozen turns). The collector was off while they loaded.
    gc.freeze()
    gc.enable()
    async for lines in read_lines(reader):
        for line in lines:
            if line:
                worker.handle(json.loads(line))
    worker.cancel_all()
    output.flush()


_TYPE_INDEXES = ("openai.types", "openai.types.responses")
"""The SDK's type indexes, whose ``__init__`` the worker leaves for later."""


class _DeferredTypeIndex(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports a type index package of the SDK without running its ``__init__``, until it
    is needed.

    ``openai.types/__init__`` imports every type of every API the SDK covers (batches,
    evals, graders, fine-tuning, ...), ``openai.types.responses/__init__`` the 250 modules
    of the Responses API's types, which the SDK's import reaches for the few its helpers
    name; the worker, which relays the provider's events as it gets them, uses none. Their
    submodules still import as usual (the package's path is set); the first name looked
    up on the package itself (``openai.types.Batch``, a star import's ``__all__``) runs the
    real ``__init__`` into it, under a lock, so what any code sees is what it would have
    seen.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._real: importlib.machinery.ModuleSpec | None = None
        self._lock = threading.Lock()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self._name:
            return None
        sys.meta_path.remove(self)  # once: the real spec, then never again
        real = importlib.util.find_spec(fullname)
        if real is None or real.loader is None or real.submodule_search_locations is None:
            return real
        self._real = real
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=real.origin, is_package=True)
        spec.submodule_search_locations = real.submodule_search_locations
        spec.has_location = real.has_location
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        real = self._real
        assert real is not None and real.loader is not None
        loader = real.loader
        lock = self._lock

        def load_then_get(name: str) -> object:
            with lock:
                if module.__dict__.get("__getattr__") is load_then_get:
                    del module.__dict__["__getattr__"]
                    module.__dict__["__spec__"] = real
                    module.__dict__["__loader__"] = loader
                    loader.exec_module(module)
            return getattr(module, name)

        module.__dict__["__getattr__"] = load_then_get


def defer_type_index() -> None:
    """Have the next import of the SDK leave its type indexes for later (see
    :class:`_DeferredTypeIndex`)."""
    for name in _TYPE_INDEXES:
        if name not in sys.modules:
            sys.meta_path.insert(0, _DeferredTypeIndex(name))


def main() -> None:
    # As the CLI: keep the bytecode of the SDK's modules, imported again at every start.
    sys.dont_write_bytecode = False
    gc.disable()  # until the SDK is loaded (see _serve)
    defer_type_index()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if len(sys.argv) > 1:
        _die_with_parent(int(sys.argv[1]))
    asyncio.run(_serve())
    # Nothing to flush or close: leave without tearing the SDK's modules down.
    os._exit(0)


if __name__ == "__main__":
    main()
