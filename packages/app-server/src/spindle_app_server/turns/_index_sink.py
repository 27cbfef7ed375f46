"""Sink 2: the state indexer. Events update the thread row and the turns index."""

from __future__ import annotations

import asyncio
from typing import Any

from .._turn_events import Event, TurnBegan, TurnEnded, UsageReported, UserMessageCompleted
from .._wire import agent_message_item, user_message_item
from ._state import TurnState

__all__ = ["index", "index_item", "wire_item_from_index"]

JSON = dict[str, Any]


def index_item(item: JSON) -> JSON | None:
    """A wire item as the turns index stores it (the rollout's item_completed shape)."""
    kind = item.get("type")
    if kind == "userMessage":
        return {
            "type": "UserMessage",
            "id": item["id"],
            "content": item.get("content") or [],
            "started_at_ms": item.get("startedAtMs"),
            "completed_at_ms": item.get("completedAtMs"),
        }
    if kind == "agentMessage":
        return {
            "type": "AgentMessage",
            "id": item["id"],
            "content": [{"type": "Text", "text": item.get("text", "")}],
            "started_at_ms": item.get("startedAtMs"),
            "completed_at_ms": item.get("completedAtMs"),
        }
    # Tool items are stored as their wire JSON, tagged so readers can tell them apart.
    return {"type": "Wire", "item": item}


async def index(state: TurnState, event: Event) -> None:
    """Write what ``event`` changes in the state store (persisted threads only)."""
    if not state.persist:
        return
    store = state.server.store
    thread = state.thread
    if isinstance(event, TurnBegan):
        settings = state.settings
        await asyncio.to_thread(
            store.start_turn,
            state.thread_id,
            state.turn_id,
            rollout_ordinal=state.record.ordinal,
            model=settings.model,
            reasoning_effort=settings.reasoning_effort,
            started_at=state.active.started_at,
            root_turn_id=state.record.root_turn_id,
        )
    elif isinstance(event, UserMessageCompleted):
        if event.text and not thread.preview_stored:
            thread.preview_stored = True
            await asyncio.to_thread(
                store.update_thread,
                state.thread_id,
                {"preview": event.text, "title": event.text, "first_user_message": event.text},
            )
    elif isinstance(event, UsageReported):
        if thread.total_usage is not None:
            await asyncio.to_thread(
                store.update_thread,
                state.thread_id,
                {"tokens_used": thread.total_usage["total_tokens"]},
            )
    elif isinstance(event, TurnEnded):
        record = state.record
        await asyncio.to_thread(
            store.complete_turn,
            state.thread_id,
            state.turn_id,
            status=event.status,  # type: ignore[arg-type]
            error=event.error,
            completed_at=record.completed_at,
            duration_ms=record.duration_ms,
            items=[i for i in (index_item(item) for item in record.items) if i is not None],
        )
        updated = await asyncio.to_thread(store.get_thread, state.thread_id)
        thread.view.updated_at = updated.updated_at
        thread.view.model = state.settings.model
        thread.view.reasoning_effort = state.settings.reasoning_effort


def wire_item_from_index(item: JSON) -> JSON | None:
    """A stored turns-index item (rollout item_completed shape) as a wire ThreadItem."""
    kind = item.get("type")
    started = item.get("started_at_ms")
    completed = item.get("completed_at_ms")
    if kind == "UserMessage":
        return user_message_item(
            str(item.get("id")), list(item.get("content") or []), started, completed
        )
    if kind == "AgentMessage":
        text = "".join(
            str(c.get("text", "")) for c in item.get("content") or [] if isinstance(c, dict)
        )
        return agent_message_item(str(item.get("id")), text, started, completed)
    if kind == "Wire" and isinstance(item.get("item"), dict):
        return dict(item["item"])
    return None
