"""The model client: the OpenAI Responses API, streaming, through the openai SDK.

Any Responses-compatible provider works: base URL and API key variable come from the
configured ``[model_providers.<id>]``. 429 and 5xx answers before the stream starts are
retried by the SDK's own retry machinery (exponential backoff, ``Retry-After`` honoured).
A failure is turned into a :class:`ModelError` carrying the reference's turn error text.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._config import ProviderConfig

if TYPE_CHECKING:
    import openai

__all__ = [
    "Completed",
    "ModelClient",
    "ModelError",
    "ModelRequest",
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


async def _sse_events(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, Any]]:
    """The JSON payloads of a Server-Sent Events stream, one per event.

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
            yield event
    if data and not data[0].startswith("[DONE]"):
        event = json.loads("\n".join(data))
        if isinstance(event, dict):
            yield event


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


def _status_error(exc: openai.APIStatusError) -> ModelError:
    status = exc.status_code
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
        return ModelError(exc.response.text or str(exc), "unauthorized")
    return ModelError(exc.response.text or str(exc), "other")


def load_sdk() -> None:
    """Import the model SDK (the slowest import of a start) and what its first streamed
    response loads (its responses resource, the HTTP stack): a warm-up."""
    import importlib

    import openai  # noqa: F401

    for name in (
        "openai.resources.responses.responses",
        "httpcore2",
        "httpcore",
        "h11",
        "anyio._backends._asyncio",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


class ModelClient:
    """Streams one model response per call."""

    def __init__(self, provider: ProviderConfig, *, originator: str = "spindle") -> None:
        import openai  # deferred: importing the SDK costs more than the rest of startup

        self._openai = openai
        self.provider = provider
        self._client = openai.AsyncOpenAI(
            base_url=provider.base_url,
            # The SDK insists on a key; providers without auth (local mocks) accept any.
            api_key=provider.api_key() or "unset",
            # Retries happen per attempt in the turn (each one visible to the client as the
            # reference's "Reconnecting... n/N" error notification), not inside the SDK.
            max_retries=0,
            timeout=300.0,
            default_headers={"originator": originator},
        )

    async def close(self) -> None:
        await self._client.close()

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
        openai = self._openai
        exits = contextlib.AsyncExitStack()
        try:
            response: Any = await exits.enter_async_context(
                self._client.responses.with_streaming_response.create(
                    model=model,
                    stream=True,
                    extra_headers=headers,
                    extra_body=body,
                )
            )
        except openai.APIStatusError as exc:
            raise _status_error(exc) from exc
        except openai.APIConnectionError as exc:
            raise ModelError(
                f"error sending request for url ({self.provider.base_url}/responses)",
                {"httpConnectionFailed": {"httpStatusCode": None}},
                retryable=True,
            ) from exc

        completed = False
        texts: dict[str, list[str]] = {}
        try:
            async with exits:
                async for event in _sse_events(response.http_response.aiter_lines()):
                    problem = _stream_error_message(event)
                    if problem is not None:
                        raise ModelError(
                            "stream disconnected before completion: " + problem,
                            "other",
                            retryable=True,
                            stream_started=True,
                        )
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
                            (err.get("message") if isinstance(err, dict) else None)
                            or "response failed"
                        )
                        raise ModelError(
                            "stream disconnected before completion: " + message,
                            "other",
                            retryable=True,
                            usage=_usage_dict(failed.get("usage")) if failed.get("usage") else None,
                            stream_started=True,
                        )
                    elif etype == "error":
                        message = str(event.get("message") or "stream error")
                        raise ModelError(
                            "stream disconnected before completion: " + message,
                            "other",
                            retryable=True,
                            stream_started=True,
                        )
        except openai.APIStatusError as exc:
            raise _status_error(exc) from exc
        except ModelError:
            raise
        except Exception as exc:  # the HTTP library's read errors: the stream broke off
            raise ModelError(
                "stream disconnected before completion: " + (str(exc) or type(exc).__name__),
                "other",
                retryable=True,
                stream_started=True,
            ) from exc
        if not completed:
            raise ModelError(
                "stream disconnected before completion: stream closed before response.completed",
                "other",
                retryable=True,
                stream_started=True,
            )
