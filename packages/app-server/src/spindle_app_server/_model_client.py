"""The model client: the OpenAI Responses API, streaming, through the openai SDK.

Any Responses-compatible provider works: base URL and API key variable come from the
configured ``[model_providers.<id>]``. The SDK runs in the model worker process
(:mod:`spindle_app_server._model_worker`), not here: importing it would cost a start about a
second of the interpreter. :class:`ModelWorker` is the server's one such process (spawned as
the server starts, spawned again when it has died), many streams at once over its pipes;
:class:`ModelClient` builds each request body, has the worker send it, and turns the event
payloads it relays into stream events. A failure is turned into a :class:`ModelError`
carrying the reference's turn error text.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import subprocess
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._config import ProviderConfig
from ._model_worker import read_lines, spawn

__all__ = [
    "Completed",
    "ModelClient",
    "ModelError",
    "ModelRequest",
    "ModelWorker",
    "OtherItemAdded",
    "OtherItemDone",
    "StreamEvent",
    "TextDelta",
    "TextItemAdded",
    "TextItemDone",
]

DEFAULT_STREAM_MAX_RETRIES = 5
OUTPUT_SCHEMA_NAME = "codex_output_schema"
"""The name the reference gives every structured-output format it sends."""
HIGH_DEMAND_MESSAGE = (
    "We\u2019re currently experiencing high demand, which may cause temporary errors."
)
_WORKER_EXIT_GRACE = 2.0
"""Seconds a worker being closed gets to exit after SIGTERM before it is killed."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextItemAdded:
    item_id: str


@dataclass(frozen=True)
class TextDelta:
    item_id: str
    delta: str


@dataclass(frozen=True)
class TextItemDone:
    item_id: str
    text: str


@dataclass(frozen=True)
class Completed:
    response_id: str
    usage: dict[str, int]


@dataclass(frozen=True)
class OtherItemAdded:
    """A non-message output item began (a web search, a function call...)."""

    item: dict[str, Any]


@dataclass(frozen=True)
class OtherItemDone:
    """A non-message output item is complete: a ``function_call``, ``reasoning``,
    ``web_search_call`` or ``custom_tool_call``, as the Responses API shapes it."""

    item: dict[str, Any]


StreamEvent = TextItemAdded | TextDelta | TextItemDone | OtherItemAdded | OtherItemDone | Completed


@dataclass(frozen=True)
class ModelRequest:
    """Everything one sampling request sends besides the model name."""

    instructions: str | None = None
    tools: list[dict[str, Any]] | None = None
    parallel_tool_calls: bool = False
    prompt_cache_key: str | None = None
    include: list[str] | None = None
    reasoning_summary: str | None = None
    client_metadata: dict[str, str] | None = None


def _without_none(value: Any) -> Any:
    """``value`` with every ``None`` member of its objects dropped, at any depth."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def _item_dict(item: Any) -> dict[str, Any]:
    """An output item as the JSON the Responses API sent, its null members dropped."""
    return dict(_without_none(item)) if isinstance(item, dict) else {}


def _stream_error_message(event: dict[str, Any]) -> str | None:
    """The message of an event that carries an ``error`` object (as the SDK's stream raised)."""
    error = event.get("error")
    if not error:
        return None
    message = error.get("message") if isinstance(error, dict) else None
    return message if isinstance(message, str) and message else "An error occurred during streaming"


class ModelError(Exception):
    """A model call that failed; ``codex_error_info`` is the wire ``codexErrorInfo``.

    ``retryable`` failures (429, 5xx, a broken or failed stream) are retried by the turn with
    the reference's "Reconnecting... n/N" notifications; ``http_status`` is what those
    notifications report; ``usage`` is what a failed response still reported.
    """

    def __init__(
        self,
        message: str,
        codex_error_info: Any = "other",
        *,
        retryable: bool = False,
        http_status: int | None = None,
        usage: dict[str, int] | None = None,
        stream_started: bool = False,
    ) -> None:
        super().__init__(message)
        self.stream_started = stream_started
        self.message = message
        self.codex_error_info = codex_error_info
        self.retryable = retryable
        self.http_status = http_status
        self.usage = usage


def _usage_dict(usage: Any) -> dict[str, int]:
    if not isinstance(usage, dict):
        return {}
    input_tokens = int(usage.get("input_tokens") or 0)
    output_tokens = int(usage.get("output_tokens") or 0)
    in_details = usage.get("input_tokens_details") or {}
    out_details = usage.get("output_tokens_details") or {}
    total = usage.get("total_tokens")
    return {
        "input_tokens": input_tokens,
        "cached_input_tokens": int(in_details.get("cached_tokens") or 0),
        "cache_write_input_tokens": 0,
        "output_tokens": output_tokens,
        "reasoning_output_tokens": int(out_details.get("reasoning_tokens") or 0),
        "total_tokens": int(total if total is not None else input_tokens + output_tokens),
    }


def _status_error(status: int, text: str) -> ModelError:
    """The error of an HTTP error answer: ``text`` is its body (or the SDK's description)."""
    if status == 429:
        return ModelError(
            "exceeded retry limit, last status: 429 Too Many Requests",
            {"responseTooManyFailedAttempts": {"httpStatusCode": 429}},
            retryable=True,
            http_status=429,
        )
    if status >= 500:
        return ModelError(HIGH_DEMAND_MESSAGE, "internalServerError", retryable=True)
    if status == 401:
        return ModelError(text, "unauthorized")
    return ModelError(text, "other")


def _disconnected(message: str, *, usage: dict[str, int] | None = None) -> ModelError:
    """A retryable error of a stream that broke off (or failed) after it started."""
    return ModelError(
        "stream disconnected before completion: " + message,
        "other",
        retryable=True,
        usage=usage,
        stream_started=True,
    )


def _failure_error(failure: dict[str, Any], base_url: str | None) -> ModelError:
    """The error of a stream the worker ended with ``failure`` (see ``_model_worker``)."""
    kind = failure.get("kind")
    if kind == "status":
        return _status_error(int(failure["status"]), str(failure["text"]))
    if kind == "connect":
        return ModelError(
            f"error sending request for url ({base_url}/responses)",
            {"httpConnectionFailed": {"httpStatusCode": None}},
            retryable=True,
        )
    if kind == "refused":
        return ModelError(str(failure.get("message")), "other")
    return _disconnected(str(failure.get("message")))


def _dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


@dataclass
class _Process:
    """One model worker process: its pipes, the streams it serves, the task reading its
    answers, and its exit code once it has exited."""

    popen: subprocess.Popen[bytes]
    output: asyncio.StreamReader
    input: asyncio.StreamWriter
    exited: asyncio.Future[int]
    streams: dict[int, asyncio.Queue[dict[str, Any]]] = field(default_factory=dict)
    reader: asyncio.Task[None] | None = None
    ended: bool = False
    """Set once its output has ended: it is exiting, or has exited."""
    exit_code: int | None = None


class ModelWorker:
    """The model worker process of a server (see :mod:`._model_worker`), shared by all its
    model clients and their concurrent streams.

    Spawned by :meth:`start` (the server does so when a client first starts, resumes or
    forks a thread), else by the first stream; spawned again by the next stream once it
    has died. A stream in flight when it
    dies fails as a broken stream (retryable). :meth:`close` ends and reaps it.
    """

    def __init__(self) -> None:
        self._spawning: asyncio.Future[_Process] | None = None
        self._ids = itertools.count(1)
        self._closed = False
        self._spawned: subprocess.Popen[bytes] | None = None

    def adopt(self, popen: subprocess.Popen[bytes]) -> None:
        """Use ``popen`` (spawned by :func:`._model_worker.spawn` before the event loop
        ran) as the worker, connected at once."""
        self._spawned = popen
        self._current()

    def start(self) -> None:
        """Spawn the worker unless it runs (or is being spawned) already."""
        self._current()

    @property
    def started(self) -> bool:
        """Whether a worker was ever spawned (a warm-up alone does not spawn one)."""
        return self._spawning is not None

    def _current(self) -> asyncio.Future[_Process]:
        """The worker process: the one running or being spawned, else a new one."""
        future = self._spawning
        if future is None or (future.done() and not _alive(future)):
            future = self._spawning = asyncio.ensure_future(self._connect())
            future.add_done_callback(_log_spawn_failure)
        return future

    async def _connect(self) -> _Process:
        """Spawn a worker (or take the one adopted) and connect its pipes to this loop."""
        popen, self._spawned = self._spawned or spawn(), None
        loop = asyncio.get_running_loop()
        exited: asyncio.Future[int] = loop.create_future()
        threading.Thread(
            target=_reap, args=(popen, loop, exited), name="model-worker-reaper", daemon=True
        ).start()
        try:
            assert popen.stdout is not None and popen.stdin is not None
            output = asyncio.StreamReader()
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(output), popen.stdout)
            transport, protocol = await loop.connect_write_pipe(
                asyncio.streams.FlowControlMixin, popen.stdin
            )
        except BaseException:
            popen.kill()
            raise
        live = _Process(
            popen, output, asyncio.StreamWriter(transport, protocol, None, loop), exited
        )
        live.reader = asyncio.ensure_future(self._read(live))
        return live

    async def _read(self, live: _Process) -> None:
        """Hand each answer to its stream until the worker's output ends, then fail the
        streams it left unanswered."""
        streams = live.streams
        try:
            async for lines in read_lines(live.output):
                for line in lines:
                    if not line:
                        continue
                    message = json.loads(line)
                    stream_id = message["id"]
                    queue = streams.get(stream_id)
                    if queue is not None:
                        if "end" in message:
                            del streams[stream_id]
                        queue.put_nowait(message)
        except (ValueError, KeyError, TypeError):
            log.exception("unreadable output of the model worker; it is replaced")
            live.popen.kill()
        # From now on streams go to a new worker; those this one left fail once it has
        # exited (with its exit code).
        live.ended = True
        code = await live.exited
        live.exit_code = code
        live.input.close()
        gone = {"kind": "gone", "message": f"the model worker exited (exit code {code})"}
        for stream_id, queue in list(streams.items()):
            queue.put_nowait({"id": stream_id, "end": gone})
        streams.clear()

    def warm(self, client: list[Any]) -> None:
        """Have the worker build the SDK client of ``client`` settings before it is used
        (only a worker already started: a server whose clients start no thread needs none)."""
        if not self._closed and self.started:
            task = asyncio.ensure_future(self._send({"op": "warm", "client": client}))
            task.add_done_callback(_log_spawn_failure)

    async def _send(self, message: dict[str, Any]) -> None:
        live = await asyncio.shield(self._current())
        if not live.ended:
            live.input.write(_dumps(message))

    async def stream(self, request: dict[str, Any]) -> AsyncGenerator[dict[str, Any], None]:
        """The event payloads of the answer to ``request`` (``client``, ``model``,
        ``headers`` and ``body``, see :mod:`._model_worker`); its failure as a ModelError."""
        if self._closed:
            raise _disconnected("the server is shutting down")
        try:
            live = await asyncio.shield(self._current())
        except OSError as exc:
            raise _disconnected(f"the model worker did not start: {exc}") from exc
        if live.ended:
            raise _disconnected("the model worker exited")
        stream_id = next(self._ids)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        live.streams[stream_id] = queue
        ended = False
        try:
            live.input.write(_dumps({"op": "stream", "id": stream_id, **request}))
            # A worker that died meanwhile ends the stream through its reader.
            with contextlib.suppress(ConnectionError):
                await live.input.drain()
            while True:
                message = await queue.get()
                for event in message.get("events", ()):
                    yield event
                if "end" in message:
                    ended = True
                    failure = message["end"]
                    if failure is not None:
                        raise _failure_error(failure, request["client"][0])
                    return
        finally:
            if not ended and live.streams.pop(stream_id, None) is not None:
                # Stopped early (closed, or the task cancelled): the worker aborts the
                # request, which closes its connection.
                with contextlib.suppress(Exception):
                    live.input.write(_dumps({"op": "cancel", "id": stream_id}))

    async def close(self) -> None:
        """End the worker (SIGTERM: it keeps nothing worth a graceful exit) and reap it."""
        self._closed = True
        future = self._spawning
        if future is None:
            return
        try:
            live = await future
        except Exception:
            return
        if live.exit_code is None:
            live.input.close()
            with contextlib.suppress(ProcessLookupError):
                live.popen.terminate()
            try:
                await asyncio.wait_for(asyncio.shield(live.exited), timeout=_WORKER_EXIT_GRACE)
            except TimeoutError:
                live.popen.kill()
        if live.reader is not None:
            with contextlib.suppress(Exception):
                await live.reader


def _reap(
    popen: subprocess.Popen[bytes], loop: asyncio.AbstractEventLoop, exited: asyncio.Future[int]
) -> None:
    """Wait for the worker's exit (on a thread of its own) and report its exit code."""
    code = popen.wait()
    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
        loop.call_soon_threadsafe(_settle, exited, code)


def _settle(exited: asyncio.Future[int], code: int) -> None:
    if not exited.done():
        exited.set_result(code)


def _alive(future: asyncio.Future[_Process]) -> bool:
    """Whether the spawn ``future`` (done) brought a process that has not exited."""
    return not future.cancelled() and future.exception() is None and not future.result().ended


def _log_spawn_failure(future: asyncio.Future[Any]) -> None:
    if not future.cancelled() and (exc := future.exception()) is not None:
        log.warning("the model worker could not be started: %s", exc)


class ModelClient:
    """Streams one model response per call, through the server's model worker."""

    def __init__(
        self,
        provider: ProviderConfig,
        *,
        originator: str = "spindle",
        worker: ModelWorker | None = None,
    ) -> None:
        self.provider = provider
        # Without a worker of the server's, the client has one of its own.
        self._own_worker = worker is None
        self._worker = worker if worker is not None else ModelWorker()
        # The worker's SDK client: base URL, API key (the SDK insists on one; providers
        # without auth, as local mocks, accept any), the originator header.
        self._settings: list[Any] = [provider.base_url, provider.api_key() or "unset", originator]

    def warm(self) -> None:
        """Have the worker build this client's SDK client ahead of its first request."""
        self._worker.warm(self._settings)

    async def close(self) -> None:
        if self._own_worker:
            await self._worker.close()

    async def stream(
        self,
        *,
        model: str,
        input_items: Sequence[dict[str, Any]],
        reasoning_effort: str | None,
        headers: dict[str, str],
        output_schema: dict[str, Any] | None = None,
        output_schema_name: str = OUTPUT_SCHEMA_NAME,
        request: ModelRequest | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """Yield the text items, their deltas and the final usage of one response.

        ``output_schema`` (turn/start ``outputSchema``, a memory extraction's answer) asks
        for structured JSON output: a strict ``json_schema`` text format named
        ``output_schema_name``.
        """
        env_key = self.provider.env_key
        if env_key is not None and not (os.environ.get(env_key) or "").strip():
            # As the reference: no request is sent without the provider's key.
            raise ModelError(f"Missing environment variable: `{env_key}`.", "other")
        reasoning: dict[str, Any] = {}
        if reasoning_effort is not None:
            reasoning["effort"] = reasoning_effort
        if request is not None and request.reasoning_summary is not None:
            reasoning["summary"] = request.reasoning_summary
        # The body after model and stream, in the reference's key order. It goes to the SDK
        # as extra_body, which is sent as is: the SDK's typed transform of its named params
        # walks every input item by introspection, which cost most of a turn's CPU and grew
        # with the conversation.
        body: dict[str, Any] = {"input": list(input_items)}
        if request is not None and request.instructions is not None:
            body["instructions"] = request.instructions
        if request is not None and request.tools is not None:
            body["tools"] = request.tools
            body["tool_choice"] = "auto"
            body["parallel_tool_calls"] = request.parallel_tool_calls
        if reasoning:
            body["reasoning"] = reasoning
        body["store"] = False
        if request is not None and request.include is not None:
            body["include"] = request.include
        if request is not None and request.prompt_cache_key is not None:
            body["prompt_cache_key"] = request.prompt_cache_key
        if output_schema is not None:
            body["text"] = {
                "format": {
                    "type": "json_schema",
                    "name": output_schema_name,
                    "schema": output_schema,
                    "strict": True,
                }
            }
        if request is not None and request.client_metadata is not None:
            body["client_metadata"] = request.client_metadata
        request_message = {
            "client": self._settings,
            "model": model,
            "headers": headers,
            "body": body,
        }
        completed = False
        texts: dict[str, list[str]] = {}
        async with contextlib.aclosing(self._worker.stream(request_message)) as events:
            async for event in events:
                problem = _stream_error_message(event)
                if problem is not None:
                    raise _disconnected(problem)
                etype = event.get("type", "")
                if etype == "response.output_item.added":
                    item = event.get("item") or {}
                    if item.get("type") == "message":
                        item_id = str(item.get("id"))
                        texts[item_id] = []
                        yield TextItemAdded(item_id)
                    else:
                        yield OtherItemAdded(_item_dict(item))
                elif etype == "response.output_text.delta":
                    item_id = str(event.get("item_id"))
                    delta = str(event.get("delta", ""))
                    if item_id not in texts:
                        texts[item_id] = []
                        yield TextItemAdded(item_id)
                    texts[item_id].append(delta)
                    yield TextDelta(item_id, delta)
                elif etype == "response.output_item.done":
                    item = event.get("item") or {}
                    if item.get("type") == "message":
                        item_id = str(item.get("id"))
                        text = "".join(
                            str(part.get("text") or "")
                            for part in (item.get("content") or [])
                            if isinstance(part, dict) and part.get("type") == "output_text"
                        ) or "".join(texts.get(item_id, []))
                        if item_id not in texts:
                            texts[item_id] = []
                            yield TextItemAdded(item_id)
                        yield TextItemDone(item_id, text)
                    else:
                        yield OtherItemDone(_item_dict(item))
                elif etype == "response.completed":
                    done = event.get("response") or {}
                    completed = True
                    yield Completed(str(done.get("id")), _usage_dict(done.get("usage")))
                    # Done: do not wait for the server to close the stream.
                    break
                elif etype in ("response.failed", "response.incomplete"):
                    failed = event.get("response") or {}
                    err = failed.get("error") or {}
                    message = str(
                        (err.get("message") if isinstance(err, dict) else None) or "response failed"
                    )
                    raise _disconnected(
                        message,
                        usage=_usage_dict(failed.get("usage")) if failed.get("usage") else None,
                    )
                elif etype == "error":
                    message = str(event.get("message") or "stream error")
                    raise _disconnected(message)
        if not completed:
            raise _disconnected("stream closed before response.completed")
