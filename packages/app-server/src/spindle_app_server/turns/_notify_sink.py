"""Sink 3: the notifier. Events become notifications to the thread's subscribers, each one
its generated notification model under its method constant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, get_args

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
from spindle_protocol.models import (
    AccountRateLimitsUpdatedNotification,
    AgentMessageDeltaNotification,
    CommandExecutionOutputDeltaNotification,
    ErrorNotification,
    ItemCompletedNotification,
    ItemStartedNotification,
    TerminalInteractionNotification,
    ThreadItem,
    ThreadReadState,
    ThreadReadStateChangedNotification,
    ThreadSettings,
    ThreadSettingsUpdatedNotification,
    ThreadStatusChangedNotification,
    ThreadTokenUsage,
    ThreadTokenUsageUpdatedNotification,
    ThreadUnreadPositionThreadStart,
    ThreadUnreadPositionTurn,
    TokenUsageBreakdown,
    Turn,
    TurnCompletedNotification,
    TurnStartedNotification,
    WarningNotification,
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

if TYPE_CHECKING:
    from .._notifier import Notifier
    from .._threads import LoadedThread

__all__ = [
    "build_item_models",
    "build_models",
    "notify",
    "notify_error",
    "notify_read_state",
    "notify_status",
    "notify_turn_completed",
    "notify_usage",
    "rate_limits_json",
    "warn_unknown_model",
]

JSON = dict[str, Any]

# Every model a turn's notifications are built from (the read state's: the end of a turn
# builds one with its first unread position).
_MODELS = (
    AccountRateLimitsUpdatedNotification,
    AgentMessageDeltaNotification,
    CommandExecutionOutputDeltaNotification,
    ErrorNotification,
    ItemCompletedNotification,
    ItemStartedNotification,
    TerminalInteractionNotification,
    ThreadReadState,
    ThreadReadStateChangedNotification,
    ThreadSettings,
    ThreadSettingsUpdatedNotification,
    ThreadStatusChangedNotification,
    ThreadTokenUsage,
    ThreadTokenUsageUpdatedNotification,
    ThreadUnreadPositionThreadStart,
    ThreadUnreadPositionTurn,
    TokenUsageBreakdown,
    Turn,
    TurnCompletedNotification,
    TurnStartedNotification,
    WarningNotification,
)


def build_item_models() -> None:
    """Build the validators and serializers of the ``ThreadItem`` union's members.

    The generated models build them on first use (``defer_build``). Built, they are reused
    by every model holding an item (``Thread`` and its turns, the item notifications,
    ``Turn``), which otherwise each build the whole union again: ``Thread`` (thread/start's
    answer) takes ~10 ms after them, ~40 ms before.
    """
    for member in get_args(get_args(ThreadItem.__value__)[0]):
        member.model_rebuild()


def build_models() -> None:
    """Build the validators and serializers of the models a turn's notifications use (the
    item models first, if they are not yet), which a warm-up spends instead of a first turn."""
    build_item_models()
    for model in _MODELS:
        model.model_rebuild()


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


def rate_limits() -> AccountRateLimitsUpdatedNotification:
    """``account/rateLimits/updated`` as its model."""
    return AccountRateLimitsUpdatedNotification.model_validate(rate_limits_json())


async def notify_usage(state: TurnState, usage: dict[str, int]) -> None:
    """thread/tokenUsage/updated then account/rateLimits/updated, as the reference pairs them."""
    thread = state.thread
    total = thread.total_usage if thread.total_usage is not None else usage
    notifier = state.server.notifier
    await notifier.to_thread(
        thread,
        THREAD_TOKEN_USAGE_UPDATED,
        ThreadTokenUsageUpdatedNotification(
            thread_id=thread.id,
            turn_id=state.turn_id,
            token_usage=ThreadTokenUsage(
                total=TokenUsageBreakdown.model_validate(token_usage_breakdown(total)),
                last=TokenUsageBreakdown.model_validate(token_usage_breakdown(usage)),
                model_context_window=context_window(state.server),
            ),
        ),
    )
    await notifier.to_thread(thread, ACCOUNT_RATE_LIMITS_UPDATED, rate_limits())


async def _item_started(state: TurnState, item: JSON, started_ms: Any) -> None:
    await state.server.notifier.to_thread(
        state.thread,
        ITEM_STARTED,
        ItemStartedNotification(
            item=item, thread_id=state.thread_id, turn_id=state.turn_id, started_at_ms=started_ms
        ),
    )


async def _item_completed(state: TurnState, item: JSON) -> None:
    await state.server.notifier.to_thread(
        state.thread,
        ITEM_COMPLETED,
        ItemCompletedNotification(
            item=item,
            thread_id=state.thread_id,
            turn_id=state.turn_id,
            content_token_count=None,
            completed_at_ms=item.get("completedAtMs"),
        ),
    )


async def notify_status(state: TurnState, status: JSON) -> None:
    """The thread's status becomes ``status``: recorded, then announced."""
    state.thread.view.status = status
    await state.server.notifier.to_thread(
        state.thread,
        THREAD_STATUS_CHANGED,
        ThreadStatusChangedNotification.model_validate(
            {"threadId": state.thread_id, "status": status}
        ),
    )


async def notify_read_state(state: TurnState) -> None:
    """``thread/readState/changed``, when the turn changed the thread's read state."""
    read_state = state.server.take_read_state_change(state.thread_id)
    if read_state is not None:
        await state.server.notifier.to_thread(
            state.thread,
            THREAD_READ_STATE_CHANGED,
            ThreadReadStateChangedNotification(thread_id=state.thread_id, read_state=read_state),
        )


async def notify_error(state: TurnState, error: JSON) -> None:
    """The turn's final ``error`` (a wire ``TurnError``), not retried."""
    await state.server.notifier.to_thread(
        state.thread,
        ERROR,
        ErrorNotification.model_validate(
            {
                "error": error,
                "willRetry": False,
                "threadId": state.thread_id,
                "turnId": state.turn_id,
            }
        ),
    )


async def notify_turn_completed(state: TurnState, status: str) -> None:
    """``turn/completed``: a completed turn carries its final agent message, others no items."""
    record = state.record
    final_items = (
        []
        if status != "completed"
        else [i for i in record.items if i.get("type") == "agentMessage"][-1:]
    )
    turn = record.to_json("summary" if final_items else "notLoaded")
    turn["items"] = final_items
    await state.server.notifier.to_thread(
        state.thread,
        TURN_COMPLETED,
        TurnCompletedNotification(thread_id=state.thread_id, turn=Turn.model_validate(turn)),
    )


async def warn_unknown_model(notifier: Notifier, thread: LoadedThread, model: str) -> None:
    """The reference's warning, at the start of each turn, for a model it knows nothing of."""
    warning = unknown_model_warning(model)
    if warning is not None:
        await notifier.to_thread(
            thread, WARNING, WarningNotification(thread_id=thread.id, message=warning)
        )


async def _turn_ended(state: TurnState, event: TurnEnded) -> None:
    if event.status == "failed" and event.error is not None:
        await notify_status(state, {"type": "systemError"})
        await notify_error(state, event.error)
        await notify_read_state(state)
    else:
        if event.status == "interrupted" and state.sampled:
            # As the reference: only a turn stopped during a model request reports limits.
            await state.server.notifier.to_thread(
                state.thread, ACCOUNT_RATE_LIMITS_UPDATED, rate_limits()
            )
        # As the reference: the turn's read receipt is announced before the thread goes idle
        # (after the error when the turn failed), so always before turn/completed.
        await notify_read_state(state)
        await notify_status(state, {"type": "idle"})
    await notify_turn_completed(state, event.status)


async def notify(state: TurnState, event: Event) -> None:
    """Send the notifications of ``event``."""
    thread = state.thread
    send = state.server.notifier.to_thread
    if isinstance(event, TurnBegan):
        await warn_unknown_model(state.server.notifier, thread, state.settings.model)
        if event.settings_changed:
            await send(
                thread,
                THREAD_SETTINGS_UPDATED,
                ThreadSettingsUpdatedNotification(
                    thread_id=state.thread_id,
                    thread_settings=ThreadSettings.model_validate(
                        thread_settings_json(state.settings)
                    ),
                ),
            )
        await notify_status(state, {"type": "active", "activeFlags": []})
        await send(
            thread,
            TURN_STARTED,
            TurnStartedNotification(
                thread_id=state.thread_id, turn=state.record.to_model("notLoaded")
            ),
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
            AgentMessageDeltaNotification(
                thread_id=state.thread_id,
                turn_id=state.turn_id,
                item_id=event.item_id,
                delta=event.delta,
            ),
        )
    elif isinstance(event, ItemStarted):
        await _item_started(state, event.item, event.item.get("startedAtMs"))
    elif isinstance(event, CommandOutputDelta):
        await send(
            thread,
            ITEM_COMMAND_EXECUTION_OUTPUT_DELTA,
            CommandExecutionOutputDeltaNotification(
                thread_id=state.thread_id,
                turn_id=state.turn_id,
                item_id=event.item_id,
                delta=event.delta,
            ),
        )
    elif isinstance(event, TerminalInteraction):
        await send(
            thread,
            ITEM_COMMAND_EXECUTION_TERMINAL_INTERACTION,
            TerminalInteractionNotification(
                thread_id=state.thread_id,
                turn_id=state.turn_id,
                item_id=event.item_id,
                process_id=event.process_id,
                stdin=event.stdin,
            ),
        )
    elif isinstance(event, StatusChanged):
        await notify_status(state, {"type": "active", "activeFlags": list(event.active_flags)})
    elif isinstance(event, UsageReported):
        await notify_usage(state, event.usage)
    elif isinstance(event, TurnEnded):
        await _turn_ended(state, event)
