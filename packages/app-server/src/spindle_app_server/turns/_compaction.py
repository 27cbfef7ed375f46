"""Context compaction: the model summarises the conversation, which is then replaced.

As the reference (``thread/compact/start``, and automatically when a turn's context passes
the auto-compact limit): a ``contextCompaction`` item starts; the model is sent the whole
conversation plus our compaction prompt, with no tools; its answer becomes the summary; the
conversation is replaced by the current context (developer + environment messages), the most
recent user messages (newest first, up to a token budget, kept in order) and one user message
holding the summary. The rollout records a ``compacted`` line with the summary message and the
replacement history, so a resume (ours or the reference's) rebuilds the same conversation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from .._ids import uuid7
from .._model_client import (
    DEFAULT_STREAM_MAX_RETRIES,
    Completed,
    ModelError,
    ModelRequest,
    TextItemDone,
)
from .._threads import input_message, now_ms
from .._turn_events import Compacted, Event, ItemCompleted, ItemStarted, UsageReported
from ._prompt import base_instructions_item
from ._sampling import add_usage, full_usage, retry_backoff
from ._state import TurnState, context_window

__all__ = [
    "COMPACTION_PROMPT",
    "SUMMARY_PREFIX",
    "auto_compact_limit",
    "compact",
    "needs_compaction",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]
Emit = Callable[[Event], Awaitable[None]]

COMPACTION_PROMPT = """\
Your context window is about to be replaced by a summary you write now. Write a handoff for \
the model that will continue this work with nothing but that summary and the user's recent \
messages.

Cover:
- the user's goal and any constraints or preferences they stated;
- what has been done so far, with the decisions made and why;
- the current state: files touched, commands that matter and their results, open errors;
- what remains to be done, as concrete next steps;
- any exact data the next model will need (names, paths, values, snippets).

Be complete but brief. Write the summary only, no preamble."""

SUMMARY_PREFIX = (
    "An earlier part of this conversation was compacted. Below is the summary written then, "
    "for you to continue from. Build on the work it describes instead of repeating it; "
    "the user's recent messages precede it."
)

# Recent user messages kept verbatim after compaction (the reference keeps ~20k tokens).
USER_MESSAGES_TOKEN_BUDGET = 20_000
AUTO_COMPACT_FRACTION = 0.9


def _approx_tokens(text: str) -> int:
    return (len(text.encode("utf-8")) + 3) // 4


def auto_compact_limit(state: TurnState) -> int:
    """``model_auto_compact_token_limit`` from config.toml, else 90% of the context window."""
    configured = state.server.config.raw.get("model_auto_compact_token_limit")
    if isinstance(configured, int) and not isinstance(configured, bool) and configured > 0:
        return configured
    return int(context_window(state.server) * AUTO_COMPACT_FRACTION)


def needs_compaction(state: TurnState) -> bool:
    """Whether the context the model last reported passes the auto-compact limit."""
    last = state.thread.last_usage
    if not last:
        return False
    return int(last.get("total_tokens", 0)) >= auto_compact_limit(state)


def _text_of(item: JSON) -> str:
    return "".join(str(c.get("text", "")) for c in item.get("content") or [] if isinstance(c, dict))


def _is_real_user_message(item: JSON) -> bool:
    """A message the user wrote (not context, goal steering or an earlier summary)."""
    if item.get("type") != "message" or item.get("role") != "user":
        return False
    text = _text_of(item).lstrip()
    return not (
        text.startswith(("<environment_context>", "<goal_context", "<turn_aborted>"))
        or text.startswith(SUMMARY_PREFIX)
    )


def _recent_user_messages(conversation: list[JSON]) -> list[JSON]:
    kept: list[JSON] = []
    budget = USER_MESSAGES_TOKEN_BUDGET
    for item in reversed(conversation):
        if not _is_real_user_message(item):
            continue
        cost = _approx_tokens(_text_of(item))
        if cost > budget:
            break
        budget -= cost
        kept.append({k: v for k, v in item.items() if k in ("type", "id", "role", "content")})
    kept.reverse()
    return kept


def summary_message(summary: str) -> JSON:
    return input_message(f"{SUMMARY_PREFIX}\n{summary}")


async def _summarise(state: TurnState, emit: Emit) -> str:
    """Ask the model for the summary; its usage counts like any response's."""
    server = state.server
    thread = state.thread
    settings = state.settings
    client = server.model_client(settings.model_provider, thread.view.originator)
    prompt: JSON = {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": COMPACTION_PROMPT}],
    }
    model_input = [
        base_instructions_item(thread.id, thread.base_instructions),
        *thread.conversation,
        prompt,
    ]
    request = ModelRequest(
        tools=[],
        parallel_tool_calls=False,
        prompt_cache_key=thread.id,
        include=["reasoning.encrypted_content"],
        reasoning_summary="auto",
        client_metadata={
            "session_id": thread.id,
            "thread_id": thread.id,
            "turn_id": state.turn_id,
            "root_turn_id": state.record.root_turn_id,
            "request_kind": "compaction",
        },
    )
    provider = server.config.provider(settings.model_provider)
    retries = (
        DEFAULT_STREAM_MAX_RETRIES
        if provider.stream_max_retries is None
        else provider.stream_max_retries
    )
    attempt = 0
    while True:
        texts: list[str] = []
        usage: dict[str, int] | None = None
        response_id: str | None = None
        try:
            async for event in client.stream(
                model=settings.model,
                input_items=model_input,
                reasoning_effort=settings.reasoning_effort,
                headers={"session-id": thread.id, "thread-id": thread.id},
                output_schema=None,
                request=request,
            ):
                if isinstance(event, TextItemDone):
                    texts.append(event.text)
                elif isinstance(event, Completed):
                    usage = full_usage(event.usage)
                    response_id = event.response_id
        except ModelError as exc:
            if not exc.retryable or attempt >= retries:
                raise
            attempt += 1
            await asyncio.sleep(retry_backoff(attempt))
            continue
        if usage is not None:
            thread.last_usage = usage
            thread.total_usage = add_usage(thread.total_usage, usage)
            await emit(UsageReported(usage, response_id))
        return "\n".join(t for t in texts if t).strip()


async def compact(state: TurnState, emit: Emit, context: list[JSON]) -> None:
    """Compact the thread's conversation now, inside the running turn.

    ``context`` is the turn's developer and environment messages, which open the
    replacement history so the model keeps its instructions.
    """
    thread = state.thread
    item_id = uuid7()
    started = now_ms()
    await emit(
        ItemStarted(
            {
                "type": "contextCompaction",
                "id": item_id,
                "startedAtMs": started,
                "completedAtMs": None,
            }
        )
    )
    summary = await _summarise(state, emit)
    message = summary_message(summary)
    replacement = [
        *[dict(item) for item in context],
        *_recent_user_messages(thread.conversation),
        message,
    ]
    thread.conversation[:] = replacement
    # Until the next response reports it, the context's size is the replacement's estimate
    # (as the reference's last usage after compaction), so auto compaction does not loop.
    estimate = sum(_approx_tokens(_text_of(item)) for item in replacement)
    thread.last_usage = {**full_usage({}), "total_tokens": estimate}
    await emit(Compacted(_text_of(message), replacement))
    completed = now_ms()
    wire = {
        "type": "contextCompaction",
        "id": item_id,
        "startedAtMs": started,
        "completedAtMs": completed,
    }
    await emit(
        ItemCompleted(
            wire,
            rollout={
                "type": "item_completed",
                "thread_id": state.thread_id,
                "turn_id": state.turn_id,
                "item": {"type": "ContextCompaction", "id": item_id},
                "started_at_ms": started,
                "completed_at_ms": completed,
            },
        )
    )
    log.info(
        "compacted thread %s in turn %s: %d items kept", thread.id, state.turn_id, len(replacement)
    )
