"""Sampling the model once: one streamed response turned into typed events.

Retries (429, 5xx, a broken stream) wrap a single sample, with the reference's
"Reconnecting... n/N" error notifications; they never restart the turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from spindle_protocol.methods import ACCOUNT_RATE_LIMITS_UPDATED, ERROR
from spindle_protocol.models import ErrorNotification

from .._model_client import (
    DEFAULT_STREAM_MAX_RETRIES,
    Completed,
    ModelError,
    ModelRequest,
    OtherItemAdded,
    OtherItemDone,
    TextDelta,
    TextItemAdded,
    TextItemDone,
)
from .._threads import now_ms
from .._turn_events import (
    AgentMessageCompleted,
    AgentMessageDelta,
    AgentMessageStarted,
    Event,
    ItemCompleted,
    ItemStarted,
    ModelItem,
)
from .._web_search import (
    rollout_web_search_action,
    web_search_detail,
    wire_web_search_action,
)
from .._wire import agent_message_item
from ..tools import ToolCall
from ._notify_sink import notify_usage, rate_limits
from ._prompt import base_instructions_item
from ._state import TurnState

__all__ = ["Sample", "add_usage", "full_usage", "retry_backoff", "sample_with_retries"]

JSON = dict[str, Any]
Emit = Callable[[Event], Awaitable[None]]

_USAGE_KEYS = (
    "input_tokens",
    "cached_input_tokens",
    "cache_write_input_tokens",
    "output_tokens",
    "reasoning_output_tokens",
    "total_tokens",
)


def full_usage(usage: dict[str, int]) -> dict[str, int]:
    return {key: int(usage.get(key, 0)) for key in _USAGE_KEYS}


def add_usage(total: dict[str, int] | None, last: dict[str, int]) -> dict[str, int]:
    base = total or {}
    return {key: int(base.get(key, 0)) + int(last.get(key, 0)) for key in _USAGE_KEYS}


@dataclass
class Sample:
    """What one model response produced."""

    usage: dict[str, int] | None = None
    response_id: str | None = None
    calls: list[ToolCall] = field(default_factory=list)


def _web_search_item(item: JSON, started: int, completed: int | None) -> JSON:
    """A ``web_search_call`` output item as the wire ``webSearch`` ThreadItem.

    While it runs (``completed`` None) the reference knows neither query nor action: the
    item says ``query: ""`` and ``action: {"type": "other"}``.
    """
    action = item.get("action") if completed is not None else None
    return {
        "type": "webSearch",
        "id": str(item.get("id", "")),
        "query": web_search_detail(action) if isinstance(action, dict) else "",
        "action": wire_web_search_action(action if isinstance(action, dict) else None),
        "results": None,
        "startedAtMs": started,
        "completedAtMs": completed,
    }


def _web_search_rollout(state: TurnState, item: JSON, wire: JSON) -> JSON:
    """The rollout's ``item_completed`` line of a finished web search (the reference's
    ``WebSearch`` item keeps the Responses API action as it came)."""
    action = rollout_web_search_action(
        item.get("action") if isinstance(item.get("action"), dict) else None
    )
    return {
        "type": "item_completed",
        "thread_id": state.thread_id,
        "turn_id": state.turn_id,
        "item": {"type": "WebSearch", "id": wire["id"], "query": wire["query"], "action": action},
        "started_at_ms": wire["startedAtMs"],
        "completed_at_ms": wire["completedAtMs"],
    }


# The member order the reference writes these items in (history sent back to the model and
# rollout lines); members not listed keep their place after these.
_KEY_ORDER = {
    "function_call": ("type", "status", "id", "name", "namespace", "arguments", "call_id"),
    "web_search_call": ("type", "id", "status", "action"),
}


def _reference_order(item: JSON) -> JSON:
    order = _KEY_ORDER.get(str(item.get("type")))
    if order is None:
        return item
    ordered = {key: item[key] for key in order if key in item}
    ordered.update((key, value) for key, value in item.items() if key not in ordered)
    return ordered


async def _sample_once(
    state: TurnState, emit: Emit, model_input: list[JSON], request: ModelRequest
) -> Sample:
    server = state.server
    thread = state.thread
    settings = state.settings
    client = server.model_client(settings.model_provider, thread.view.originator)
    headers = {
        "session-id": thread.id,
        "thread-id": thread.id,
        "x-client-request-id": thread.id,
        "x-codex-window-id": f"{thread.id}:0",
    }
    sample = Sample()
    state.sampled = True
    async for event in client.stream(
        model=settings.model,
        input_items=model_input,
        reasoning_effort=settings.reasoning_effort,
        headers=headers,
        output_schema=state.active.output_schema,
        request=request,
    ):
        if isinstance(event, TextItemAdded):
            started = now_ms()
            state.item_starts[event.item_id] = started
            await emit(AgentMessageStarted(event.item_id, started))
        elif isinstance(event, TextDelta):
            await emit(AgentMessageDelta(event.item_id, event.delta))
        elif isinstance(event, TextItemDone):
            completed = now_ms()
            started = state.item_starts.get(event.item_id, completed)
            item = agent_message_item(event.item_id, event.text, started, completed)
            thread.conversation.append(
                {
                    "type": "message",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": event.text}],
                }
            )
            state.agent_items.append(item)
            await emit(AgentMessageCompleted(item))
        elif isinstance(event, OtherItemAdded):
            if event.item.get("type") == "web_search_call":
                started = now_ms()
                state.item_starts[str(event.item.get("id", ""))] = started
                await emit(ItemStarted(_web_search_item(event.item, started, completed=None)))
        elif isinstance(event, OtherItemDone):
            item = event.item
            kind = item.get("type")
            if kind in ("function_call", "custom_tool_call"):
                call = ToolCall(
                    call_id=str(item.get("call_id", "")),
                    name=str(item.get("name", "")),
                    arguments=str(item.get("arguments", item.get("input", ""))),
                    namespace=item.get("namespace")
                    if isinstance(item.get("namespace"), str)
                    else None,
                )
                sample.calls.append(call)
            if kind == "web_search_call":
                # As the reference: the item_completed line comes before the response item.
                completed = now_ms()
                started = state.item_starts.get(str(item.get("id", "")), completed)
                wire = _web_search_item(item, started, completed)
                await emit(ItemCompleted(wire, rollout=_web_search_rollout(state, item, wire)))
            if kind in ("function_call", "custom_tool_call", "reasoning", "web_search_call"):
                item = _reference_order(item)
                thread.conversation.append(item)
                await emit(ModelItem(item))
        elif isinstance(event, Completed):
            sample.usage = full_usage(event.usage)
            sample.response_id = event.response_id
    return sample


def retry_backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): 0.2 s doubling, at most 10 s."""
    return float(min(10.0, 0.2 * 2 ** (attempt - 1)))


async def sample_with_retries(state: TurnState, emit: Emit, request: ModelRequest) -> Sample:
    """One sample of the model, retried on transient failures; raises ModelError at the end."""
    server = state.server
    thread = state.thread
    provider = server.config.provider(state.settings.model_provider)
    max_retries = (
        DEFAULT_STREAM_MAX_RETRIES
        if provider.stream_max_retries is None
        else provider.stream_max_retries
    )
    attempt = 0
    model_input = [
        base_instructions_item(thread.id, thread.base_instructions),
        *thread.conversation,
    ]
    conversation_size = len(thread.conversation)
    while True:
        try:
            return await _sample_once(state, emit, model_input, request)
        except ModelError as exc:
            # A failed attempt's items are neither kept nor recorded: forget what it added.
            del thread.conversation[conversation_size:]
            if exc.stream_started:
                # As the reference: a broken stream still reports the usage so far.
                if exc.usage is not None:
                    await notify_usage(state, full_usage(exc.usage))
                elif thread.total_usage is not None:
                    await notify_usage(state, thread.last_usage or thread.total_usage)
                else:
                    await server.notifier.to_thread(
                        thread, ACCOUNT_RATE_LIMITS_UPDATED, rate_limits()
                    )
            if not exc.retryable or attempt >= max_retries:
                raise
            attempt += 1
            retrying = ErrorNotification.model_validate(
                {
                    "error": {
                        "message": f"Reconnecting... {attempt}/{max_retries}",
                        "codexErrorInfo": {
                            "responseStreamDisconnected": {"httpStatusCode": exc.http_status}
                        },
                        "additionalDetails": exc.message,
                        "misalignment": None,
                    },
                    "willRetry": True,
                    "threadId": thread.id,
                    "turnId": state.turn_id,
                }
            )
            await server.notifier.to_thread(thread, ERROR, retrying)
            await asyncio.sleep(retry_backoff(attempt))
