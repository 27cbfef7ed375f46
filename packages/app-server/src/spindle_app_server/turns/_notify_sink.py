"""Sink 3: the notifier. Events become notifications to the thread's subscribers."""

from __future__ import annotations

from typing import Any

from spindle_protocol.methods import (
    ACCOUNT_RATE_LIMITS_UPDATED,
    ERROR,
    ITEM_AGENT_MESSAGE_DELTA,
    ITEM_COMMAND_EXECUTION_OUTPUT_DELTA,
    ITEM_COMMAND_EXECUTION_TERMINAL_INTERACTION,
    ITEM_COMPLETED,
    ITEM_STARTED,
    THREAD_READ_STATE_CHANGED,
    THREAD_SETTINGS_UPDATED,
    THREAD_STATUS_CHANGED,
    THREAD_TOKEN_USAGE_UPDATED,
    TURN_COMPLETED,
    TURN_STARTED,
    WARNING,
)

from .._model_catalog import unknown_model_warning
from .._threads import thread_settings_json
from .._turn_events import (
    AgentMessageCompleted,
    AgentMessageDelta,
    AgentMessageStarted,
    CommandOutputDelta,
    Event,
    ItemCompleted,
    ItemStarted,
    StatusChanged,
    TerminalInteraction,
    TurnBegan,
    TurnEnded,
    UsageReported,
    UserMessageCompleted,
    UserMessageStarted,
)
from .._wire import agent_message_item, token_usage_breakdown
from ._state import TurnState, context_window

__all__ = ["notify", "notify_usage", "rate_limits_json"]

JSON = dict[str, Any]


def rate_limits_json() -> JSON:
    """``account/rateLimits/updated`` params: no account, so every limit is unknown."""
    return {
        "rateLimits": {
            "limitId": "codex",
            "limitName": None,
            "normalModelSlug": None,
            "primary": None,
            "secondary": None,
            "credits": None,
            "individualLimit": None,
            "spendControlReached": None,
            "planType": None,
            "rateLimitReachedType": None,
        }
    }


async def notify_usage(state: TurnState, usage: dict[str, int]) -> None:
    """thread/tokenUsage/updated then account/rateLimits/updated, as the reference pairs them."""
    thread = state.thread
    total = thread.total_usage if thread.total_usage is not None else usage
    await state.server.notify_thread(
        thread,
        THREAD_TOKEN_USAGE_UPDATED,
        {
            "threadId": thread.id,
            "turnId": state.turn_id,
            "tokenUsage": {
                "total": token_usage_breakdown(total),
                "last": token_usage_breakdown(usage),
                "modelContextWindow": context_window(state.server),
            },
        },
    )
    await state.server.notify_thread(thread, ACCOUNT_RATE_LIMITS_UPDATED, rate_limits_json())


async def _item_started(state: TurnState, item: JSON, started_ms: Any) -> None:
    await state.server.notify_thread(
        state.thread,
        ITEM_STARTED,
        {
            "item": item,
            "threadId": state.thread_id,
            "turnId": state.turn_id,
            "startedAtMs": started_ms,
        },
    )


async def _item_completed(state: TurnState, item: JSON) -> None:
    await state.server.notify_thread(
        state.thread,
        ITEM_COMPLETED,
        {
            "item": item,
            "threadId": state.thread_id,
            "turnId": state.turn_id,
            "contentTokenCount": None,
            "completedAtMs": item.get("completedAtMs"),
        },
    )


async def _status(state: TurnState, status: JSON) -> None:
    state.thread.view.status = status
    await state.server.notify_thread(
        state.thread, THREAD_STATUS_CHANGED, {"threadId": state.thread_id, "status": status}
    )


async def _read_state_changed(state: TurnState) -> None:
    read_state = state.server.take_read_state_change(state.thread_id)
    if read_state is not None:
        await state.server.notify_thread(
            state.thread,
            THREAD_READ_STATE_CHANGED,
            {"threadId": state.thread_id, "readState": read_state},
        )


async def _turn_ended(state: TurnState, event: TurnEnded) -> None:
    server = state.server
    thread = state.thread
    if event.status == "failed" and event.error is not None:
        await _status(state, {"type": "systemError"})
        await server.notify_thread(
            thread,
            ERROR,
            {
                "error": event.error,
                "willRetry": False,
                "threadId": state.thread_id,
                "turnId": state.turn_id,
            },
        )
        await _read_state_changed(state)
    else:
        if event.status == "interrupted" and state.sampled:
            # As the reference: only a turn stopped during a model request reports limits.
            await server.notify_thread(thread, ACCOUNT_RATE_LIMITS_UPDATED, rate_limits_json())
        # As the reference: the turn's read receipt is announced before the thread goes idle
        # (after the error when the turn failed), so always before turn/completed.
        await _read_state_changed(state)
        await _status(state, {"type": "idle"})
    record = state.record
    final_items = (
        []
        if event.status != "completed"
        else [i for i in record.items if i.get("type") == "agentMessage"][-1:]
    )
    turn = record.to_json("summary" if final_items else "notLoaded")
    turn["items"] = final_items
    await server.notify_thread(thread, TURN_COMPLETED, {"threadId": state.thread_id, "turn": turn})


async def notify(state: TurnState, event: Event) -> None:
    """Send the notifications of ``event``."""
    server = state.server
    thread = state.thread
    send = server.notify_thread
    if isinstance(event, TurnBegan):
        warning = unknown_model_warning(state.settings.model)
        if warning is not None:
            # The reference warns at the start of each turn of a model it has no metadata for.
            await send(thread, WARNING, {"threadId": state.thread_id, "message": warning})
        if event.settings_changed:
            await send(
                thread,
                THREAD_SETTINGS_UPDATED,
                {
                    "threadId": state.thread_id,
                    "threadSettings": thread_settings_json(state.settings),
                },
            )
        await _status(state, {"type": "active", "activeFlags": []})
        await send(
            thread,
            TURN_STARTED,
            {"threadId": state.thread_id, "turn": state.record.to_json("notLoaded")},
        )
    elif isinstance(event, UserMessageStarted):
        await _item_started(state, event.item, event.item["startedAtMs"])
    elif isinstance(event, UserMessageCompleted | AgentMessageCompleted | ItemCompleted):
        await _item_completed(state, event.item)
    elif isinstance(event, AgentMessageStarted):
        item = agent_message_item(event.item_id, "", event.started_ms, completed_at_ms=None)
        await _item_started(state, item, event.started_ms)
    elif isinstance(event, AgentMessageDelta):
        await send(
            thread,
            ITEM_AGENT_MESSAGE_DELTA,
            {
                "threadId": state.thread_id,
                "turnId": state.turn_id,
                "itemId": event.item_id,
                "delta": event.delta,
            },
        )
    elif isinstance(event, ItemStarted):
        await _item_started(state, event.item, event.item.get("startedAtMs"))
    elif isinstance(event, CommandOutputDelta):
        await send(
            thread,
            ITEM_COMMAND_EXECUTION_OUTPUT_DELTA,
            {
                "threadId": state.thread_id,
                "turnId": state.turn_id,
                "itemId": event.item_id,
                "delta": event.delta,
            },
        )
    elif isinstance(event, TerminalInteraction):
        await send(
            thread,
            ITEM_COMMAND_EXECUTION_TERMINAL_INTERACTION,
            {
                "threadId": state.thread_id,
                "turnId": state.turn_id,
                "itemId": event.item_id,
                "processId": event.process_id,
                "stdin": event.stdin,
            },
        )
    elif isinstance(event, StatusChanged):
        await _status(state, {"type": "active", "activeFlags": list(event.active_flags)})
    elif isinstance(event, UsageReported):
        await notify_usage(state, event.usage)
    elif isinstance(event, TurnEnded):
        await _turn_ended(state, event)
