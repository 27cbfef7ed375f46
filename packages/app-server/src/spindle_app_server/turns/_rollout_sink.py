"""Sink 1: the rollout recorder. Events become the reference's rollout lines.

``response_item`` lines hold what the model saw (messages, function calls and their
outputs, reasoning), so a resumed thread replays the same history here or in the
reference; ``event_msg`` lines hold the turn's lifecycle and completed items.
"""

from __future__ import annotations

import time
from typing import Any

from .._sandbox_settings import rollout_policy
from .._turn_events import (
    AgentMessageCompleted,
    Compacted,
    Event,
    ItemCompleted,
    ModelItem,
    ToolOutput,
    TurnBegan,
    TurnEnded,
    UsageReported,
    UserMessageCompleted,
)
from ._review_registry import replaced_by_review
from ._state import TurnState, context_window

__all__ = ["record", "rollout_rate_limits"]

JSON = dict[str, Any]


def rollout_rate_limits() -> JSON:
    return {
        "limit_id": "codex",
        "limit_name": None,
        "primary": None,
        "secondary": None,
        "credits": None,
        "individual_limit": None,
        "spend_control_reached": None,
        "plan_type": None,
        "rate_limit_reached_type": None,
    }


def _thread_settings(state: TurnState) -> JSON:
    settings = state.settings
    return {
        "model": settings.model,
        "model_provider_id": settings.model_provider,
        "approval_policy": settings.approval_policy,
        "approvals_reviewer": "user",
        "requested_approvals_reviewer": "user",
        "sandbox_policy": rollout_policy(settings.policy),
        "cwd": settings.cwd,
        "runtime_workspace_roots": [settings.cwd],
        "collaboration_mode": _collaboration_mode(state),
        "disabled_plugin_ids": [],
    }


def _collaboration_mode(state: TurnState) -> JSON:
    return state.settings.collaboration_json()


def _turn_began(state: TurnState, event: TurnBegan) -> None:
    writer = state.writer
    settings = state.settings
    turn_id = state.turn_id
    ordinal = writer.append(
        "event_msg",
        {
            "type": "task_started",
            "turn_id": turn_id,
            "root_turn_id": state.record.root_turn_id,
            "started_at": state.active.started_at,
            "model_context_window": context_window(state.server),
            "collaboration_mode_kind": settings.collaboration_mode,
        },
    )
    state.record.ordinal = ordinal
    state.thread.last_turn_ordinal = ordinal
    passthrough = {"turn_id": turn_id, "create_time": time.time()}
    for item in event.context_items:
        extra: JSON = dict(passthrough)
        if item.get("role") == "user":
            extra["content_item_kinds"] = ["environments.environment_context"]
        writer.append(
            "response_item", {**item, "internal_chat_message_metadata_passthrough": extra}
        )
    writer.append(
        "world_state",
        {
            "full": True,
            "state": {
                "collaboration_mode": {
                    "mode": settings.collaboration_mode,
                    "model": settings.model,
                },
                "environments": {
                    "environments": {
                        "local": {"cwd": settings.cwd, "status": "available", "shell": "bash"}
                    },
                    "current_date": time.strftime("%Y-%m-%d", time.gmtime()),
                    "timezone": "Etc/UTC",
                },
                "thread_id": state.thread_id,
            },
        },
    )
    writer.append(
        "turn_context",
        {
            "turn_id": turn_id,
            "root_turn_id": state.record.root_turn_id,
            "cwd": settings.cwd,
            "approval_policy": settings.approval_policy,
            "sandbox_policy": rollout_policy(settings.policy),
            "model": settings.model,
            "effort": settings.reasoning_effort,
            "collaboration_mode": _collaboration_mode(state),
            "summary": "none",
        },
    )
    writer.append(
        "event_msg",
        {
            "type": "thread_settings_applied",
            "thread_id": state.thread_id,
            "thread_settings": _thread_settings(state),
        },
    )


def _item_completed(state: TurnState, item: JSON, started: Any, completed: Any) -> None:
    ordinal = state.writer.append(
        "event_msg",
        {
            "type": "item_completed",
            "thread_id": state.thread_id,
            "turn_id": state.turn_id,
            "item": item,
            "started_at_ms": started,
            "completed_at_ms": completed,
        },
    )
    state.thread.last_item_ordinal = ordinal


def _turn_ended(state: TurnState, event: TurnEnded) -> None:
    record = state.record
    if event.status == "interrupted":
        state.writer.append(
            "event_msg",
            {
                "type": "turn_aborted",
                "root_turn_id": state.record.root_turn_id,
                "turn_id": state.turn_id,
                # As the reference: a turn a review replaced says so.
                "reason": "replaced" if replaced_by_review(state.turn_id) else "interrupted",
                "started_at": state.active.started_at,
                "completed_at": record.completed_at,
                "duration_ms": record.duration_ms,
            },
        )
        return
    payload: JSON = {
        "type": "task_complete",
        "root_turn_id": state.record.root_turn_id,
        "turn_id": state.turn_id,
        "last_agent_message": event.last_agent_text,
    }
    if event.rollout_error is not None:
        payload["error"] = event.rollout_error
    payload.update(
        {
            "started_at": state.active.started_at,
            "completed_at": record.completed_at,
            "duration_ms": record.duration_ms,
        }
    )
    state.writer.append("event_msg", payload)


def record(state: TurnState, event: Event) -> None:
    """Append the rollout lines of ``event`` (none for purely live events)."""
    writer = state.writer
    thread = state.thread
    if isinstance(event, TurnBegan):
        _turn_began(state, event)
    elif isinstance(event, UserMessageCompleted):
        item = event.item
        if event.model_item is not None:
            writer.append("response_item", event.model_item)
        recorded: JSON = {"type": "UserMessage", "id": item["id"]}
        if item.get("clientId") is not None:
            recorded["client_id"] = item["clientId"]
        recorded["content"] = item["content"]
        _item_completed(state, recorded, item["startedAtMs"], item["completedAtMs"])
        state.record.add_item(item, thread.last_item_ordinal or 0)
    elif isinstance(event, AgentMessageCompleted):
        item = event.item
        _item_completed(
            state,
            {
                "type": "AgentMessage",
                "id": item["id"],
                "content": [{"type": "Text", "text": item["text"]}],
            },
            item["startedAtMs"],
            item["completedAtMs"],
        )
        writer.append(
            "response_item",
            {
                "type": "message",
                "status": "completed",
                "id": item["id"],
                "role": "assistant",
                "content": [{"type": "output_text", "text": item["text"], "annotations": []}],
            },
        )
        state.record.add_item(item, thread.last_item_ordinal or 0)
    elif isinstance(event, ModelItem):
        passthrough: JSON = {"turn_id": state.turn_id}
        writer.append(
            "response_item",
            {**event.item, "internal_chat_message_metadata_passthrough": passthrough},
        )
    elif isinstance(event, ToolOutput):
        passthrough = {"turn_id": state.turn_id, "create_time": time.time()}
        writer.append(
            "response_item",
            {**event.item, "internal_chat_message_metadata_passthrough": passthrough},
        )
    elif isinstance(event, Compacted):
        writer.append(
            "compacted",
            {"message": event.message, "replacement_history": event.replacement_history},
        )
    elif isinstance(event, ItemCompleted):
        if event.rollout is not None:
            thread.last_item_ordinal = writer.append("event_msg", event.rollout)
        state.record.add_item(event.item, thread.last_item_ordinal or 0)
    elif isinstance(event, UsageReported):
        usage = event.usage
        total = thread.total_usage or usage
        writer.append(
            "token_usage_record",
            {
                "thread_id": state.thread_id,
                "turn_id": state.turn_id,
                "session_id": state.thread_id,
                "root_turn_id": state.record.root_turn_id,
                "response_id": event.response_id,
                "usage": usage,
                "turn_token_usage": usage,
                "thread_token_usage": total,
            },
        )
        writer.append(
            "event_msg",
            {
                "type": "token_count",
                "info": {
                    "total_token_usage": total,
                    "last_token_usage": usage,
                    "last_usage_includes_reasoning": False,
                    "model_context_window": context_window(state.server),
                },
                "rate_limits": rollout_rate_limits(),
            },
        )
    elif isinstance(event, TurnEnded):
        _turn_ended(state, event)
