"""Running one turn: model stream -> rollout lines -> SQLite row -> notifications.

The notification order is the reference's::

    thread/status/changed (active), turn/started,
    item/started + item/completed (the user message),
    item/started (agentMessage), item/agentMessage/delta..., item/completed,
    thread/tokenUsage/updated, account/rateLimits/updated,
    thread/status/changed (idle), turn/completed

A provider failure ends the turn as ``failed`` with the reference's ``error`` notification;
an interrupt (turn/interrupt or server shutdown) ends it as ``interrupted``. Either way the
rollout gets its closing line and the turns index its final status, so no turn hangs.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from spindle_state import StateError

from ._history import TurnRecord, user_text
from ._ids import uuid7
from ._model_client import (
    DEFAULT_STREAM_MAX_RETRIES,
    Completed,
    ModelError,
    TextDelta,
    TextItemAdded,
    TextItemDone,
)
from ._rollout import MemoryRolloutWriter, RolloutWriter
from ._threads import (
    ActiveTurn,
    LoadedThread,
    ThreadSettings,
    materialize,
    now_ms,
    rollout_sandbox_policy,
    thread_settings_json,
)
from ._wire import agent_message_item, error_info, token_usage_breakdown, user_message_item

if TYPE_CHECKING:
    from ._server import AppServer

__all__ = [
    "DEFAULT_CONTEXT_WINDOW",
    "context_window",
    "rate_limits_json",
    "run_turn",
    "user_content_from_input",
    "wire_item_from_index",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

# The context window the reference reports for models without metadata (its fallback).
DEFAULT_CONTEXT_WINDOW = 258400


def context_window(server: AppServer) -> int:
    """config.toml ``model_context_window``, else the reference's fallback window."""
    configured = server.config.model_context_window
    return configured if configured is not None else DEFAULT_CONTEXT_WINDOW


_USAGE_KEYS = (
    "input_tokens",
    "cached_input_tokens",
    "cache_write_input_tokens",
    "output_tokens",
    "reasoning_output_tokens",
    "total_tokens",
)


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


def _rollout_rate_limits() -> JSON:
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


def user_content_from_input(items: list[JSON]) -> list[JSON]:
    """The userMessage ``content`` for a turn's ``input`` (text gets ``text_elements``)."""
    content: list[JSON] = []
    for item in items:
        kind = item.get("type")
        if kind == "text":
            content.append(
                {
                    "type": "text",
                    "text": item.get("text", ""),
                    "text_elements": item.get("text_elements") or [],
                }
            )
        else:
            content.append(dict(item))
    return content


def _model_input_parts(content: list[JSON]) -> list[JSON]:
    parts: list[JSON] = []
    for item in content:
        kind = item.get("type")
        if kind == "text":
            parts.append({"type": "input_text", "text": str(item.get("text", ""))})
        elif kind == "image" and isinstance(item.get("url"), str):
            parts.append({"type": "input_image", "image_url": item["url"], "detail": "auto"})
    return parts


def _add_usage(total: dict[str, int] | None, last: dict[str, int]) -> dict[str, int]:
    base = total or {}
    return {key: int(base.get(key, 0)) + int(last.get(key, 0)) for key in _USAGE_KEYS}


def _full_usage(usage: dict[str, int]) -> dict[str, int]:
    return {key: int(usage.get(key, 0)) for key in _USAGE_KEYS}


def _snake_error_kind(info: Any) -> Any:
    if isinstance(info, str):
        out = []
        for ch in info:
            if ch.isupper():
                out.append("_" + ch.lower())
            else:
                out.append(ch)
        return "".join(out)
    return info


def row_has_preview(thread: LoadedThread) -> bool:
    """Whether the SQLite row already got its preview (first user message)."""
    return thread.preview_stored


def _backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (1-based): 0.2 s doubling, at most 10 s."""
    return float(min(10.0, 0.2 * 2 ** (attempt - 1)))


async def _notify_usage(
    server: AppServer, thread: LoadedThread, turn_id: str, usage: dict[str, int], *, add: bool
) -> None:
    """thread/tokenUsage/updated then account/rateLimits/updated, as the reference pairs them.

    A failed attempt's usage is reported as ``last`` without being added to the total.
    """
    usage = _full_usage(usage)
    if add:
        thread.last_usage = usage
        thread.total_usage = _add_usage(thread.total_usage, usage)
    total = thread.total_usage if thread.total_usage is not None else usage
    await server.notify_thread(
        thread,
        "thread/tokenUsage/updated",
        {
            "threadId": thread.id,
            "turnId": turn_id,
            "tokenUsage": {
                "total": token_usage_breakdown(total),
                "last": token_usage_breakdown(usage),
                "modelContextWindow": context_window(server),
            },
        },
    )
    await server.notify_thread(thread, "account/rateLimits/updated", rate_limits_json())


async def _stream_once(
    server: AppServer,
    thread: LoadedThread,
    active: ActiveTurn,
    record: TurnRecord,
    model_input: list[JSON],
    agent_items: list[JSON],
) -> dict[str, int] | None:
    """One model request: stream its items into notifications and the rollout.

    Returns the response's usage. Raises ModelError; a partial message of a failed attempt
    was announced (item/started, deltas) but is never completed or recorded.
    """
    settings = thread.settings
    thread_id = thread.id
    turn_id = record.id
    notify = server.notify_thread
    writer = thread.writer
    assert writer is not None
    client = server.model_client(settings.model_provider, thread.view.originator)
    item_starts: dict[str, int] = {}
    usage: dict[str, int] | None = None
    headers = {
        "session-id": thread_id,
        "thread-id": thread_id,
        "x-client-request-id": thread_id,
        "x-codex-window-id": f"{thread_id}:0",
    }
    async for event in client.stream(
        model=settings.model,
        input_items=model_input,
        reasoning_effort=settings.reasoning_effort,
        headers=headers,
        output_schema=active.output_schema,
    ):
        if isinstance(event, TextItemAdded):
            started_ms = now_ms()
            item_starts[event.item_id] = started_ms
            await notify(
                thread,
                "item/started",
                {
                    "item": agent_message_item(event.item_id, "", started_ms, completed_at_ms=None),
                    "threadId": thread_id,
                    "turnId": turn_id,
                    "startedAtMs": started_ms,
                },
            )
        elif isinstance(event, TextDelta):
            await notify(
                thread,
                "item/agentMessage/delta",
                {
                    "threadId": thread_id,
                    "turnId": turn_id,
                    "itemId": event.item_id,
                    "delta": event.delta,
                },
            )
        elif isinstance(event, TextItemDone):
            completed_ms = now_ms()
            started_ms = item_starts.get(event.item_id, completed_ms)
            item = agent_message_item(event.item_id, event.text, started_ms, completed_ms)
            thread.last_item_ordinal = writer.append(
                "event_msg",
                {
                    "type": "item_completed",
                    "thread_id": thread_id,
                    "turn_id": turn_id,
                    "item": {
                        "type": "AgentMessage",
                        "id": event.item_id,
                        "content": [{"type": "Text", "text": event.text}],
                    },
                    "started_at_ms": started_ms,
                    "completed_at_ms": completed_ms,
                },
            )
            writer.append(
                "response_item",
                {
                    "type": "message",
                    "status": "completed",
                    "id": event.item_id,
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": event.text, "annotations": []}],
                },
            )
            thread.conversation.append(
                {"role": "assistant", "content": [{"type": "output_text", "text": event.text}]}
            )
            record.add_item(item, thread.last_item_ordinal or 0)
            agent_items.append(item)
            await notify(
                thread,
                "item/completed",
                {
                    "item": item,
                    "threadId": thread_id,
                    "turnId": turn_id,
                    "contentTokenCount": None,
                    "completedAtMs": completed_ms,
                },
            )
        elif isinstance(event, Completed):
            usage = _full_usage(event.usage)
    return usage


def _environment_context(settings: ThreadSettings) -> str:
    """The ``<environment_context>`` block the reference records at each turn's start."""
    today = time.strftime("%Y-%m-%d", time.gmtime())
    return (
        "<environment_context>\n"
        f"  <cwd>{settings.cwd}</cwd>\n"
        "  <shell>bash</shell>\n"
        f"  <current_date>{today}</current_date>\n"
        "  <timezone>Etc/UTC</timezone>\n"
        "</environment_context>"
    )


def _rollout_thread_settings(settings: ThreadSettings) -> JSON:
    """``thread_settings_applied`` payload settings (the reference's snake_case shape)."""
    return {
        "model": settings.model,
        "model_provider_id": settings.model_provider,
        "approval_policy": settings.approval_policy,
        "approvals_reviewer": "user",
        "requested_approvals_reviewer": "user",
        "sandbox_policy": rollout_sandbox_policy(settings.sandbox_mode),
        "cwd": settings.cwd,
        "runtime_workspace_roots": [settings.cwd],
        "collaboration_mode": {
            "mode": "default",
            "settings": {
                "model": settings.model,
                "reasoning_effort": settings.reasoning_effort,
                "developer_instructions": None,
            },
        },
        "disabled_plugin_ids": [],
    }


def _append_turn_context_lines(
    writer: RolloutWriter | MemoryRolloutWriter,
    thread_id: str,
    turn_id: str,
    settings: ThreadSettings,
) -> None:
    """The context lines the reference writes between ``task_started`` and ``turn_context``.

    A developer message, the ``<environment_context>`` user message (both contextual, never
    conversation: history readers skip them) and a full ``world_state`` snapshot, so a
    turn spans as many rollout lines as the reference's and the ordinals in cursors match.
    """
    passthrough = {"turn_id": turn_id, "create_time": time.time()}
    writer.append(
        "response_item",
        {
            "type": "message",
            "id": "msg_" + uuid7(),
            "role": "developer",
            "content": [
                {
                    "type": "input_text",
                    "text": (
                        "<permissions instructions>\n"
                        f"Approval policy: {settings.approval_policy}. "
                        f"Sandbox mode: {settings.sandbox_mode}.\n"
                        "</permissions instructions>"
                    ),
                }
            ],
            "internal_chat_message_metadata_passthrough": passthrough,
        },
    )
    env_text = _environment_context(settings)
    writer.append(
        "response_item",
        {
            "type": "message",
            "id": "msg_" + uuid7(),
            "role": "user",
            "content": [{"type": "input_text", "text": env_text}],
            "internal_chat_message_metadata_passthrough": {
                **passthrough,
                "content_item_kinds": ["environments.environment_context"],
            },
        },
    )
    writer.append(
        "world_state",
        {
            "full": True,
            "state": {
                "collaboration_mode": {"mode": "default", "model": settings.model},
                "environments": {
                    "environments": {
                        "local": {"cwd": settings.cwd, "status": "available", "shell": "bash"}
                    },
                    "current_date": time.strftime("%Y-%m-%d", time.gmtime()),
                    "timezone": "Etc/UTC",
                },
                "thread_id": thread_id,
            },
        },
    )


async def run_turn(
    server: AppServer,
    thread: LoadedThread,
    active: ActiveTurn,
    content: list[JSON],
    client_id: str | None,
) -> None:
    """Run ``active`` to its end; never raises (except CancelledError of the server itself)."""
    from .handlers import thread_goal as goal_hooks  # late: the handlers import this module

    settings = thread.settings
    turn_id = active.turn_id
    thread_id = thread.id
    notify = server.notify_thread
    store = server.store
    record = TurnRecord(id=turn_id, root_turn_id=turn_id, ordinal=0, started_at=active.started_at)
    status = "completed"
    error: JSON | None = None
    rollout_error: JSON | None = None
    agent_items: list[JSON] = []
    last_agent_text: str | None = None
    log.info(
        "turn started turn_id=%s model=%s model_provider=%s",
        turn_id,
        settings.model,
        settings.model_provider,
    )

    try:
        persist = not thread.view.ephemeral
        if not persist and thread.writer is None:
            # Ephemeral threads (the TUI's title generation, say) never touch disk or SQLite.
            thread.writer = MemoryRolloutWriter()
        elif not thread.materialized:
            await asyncio.to_thread(materialize, thread, store)
        writer = thread.writer
        assert writer is not None
        ordinal = writer.append(
            "event_msg",
            {
                "type": "task_started",
                "turn_id": turn_id,
                "root_turn_id": turn_id,
                "started_at": active.started_at,
                "model_context_window": context_window(server),
                "collaboration_mode_kind": "default",
            },
        )
        record.ordinal = ordinal
        thread.last_turn_ordinal = ordinal
        thread.turns.append(record)
        _append_turn_context_lines(writer, thread_id, turn_id, settings)
        writer.append(
            "turn_context",
            {
                "turn_id": turn_id,
                "root_turn_id": turn_id,
                "cwd": settings.cwd,
                "approval_policy": settings.approval_policy,
                "sandbox_policy": rollout_sandbox_policy(settings.sandbox_mode),
                "model": settings.model,
                "effort": settings.reasoning_effort,
                "collaboration_mode": {
                    "mode": "default",
                    "settings": {
                        "model": settings.model,
                        "reasoning_effort": settings.reasoning_effort,
                        "developer_instructions": None,
                    },
                },
                "summary": "none",
            },
        )
        writer.append(
            "event_msg",
            {
                "type": "thread_settings_applied",
                "thread_id": thread_id,
                "thread_settings": _rollout_thread_settings(settings),
            },
        )
        if persist:
            await asyncio.to_thread(
                store.start_turn,
                thread_id,
                turn_id,
                rollout_ordinal=ordinal,
                model=settings.model,
                reasoning_effort=settings.reasoning_effort,
                started_at=active.started_at,
                root_turn_id=turn_id,
            )
        if active.settings_changed:
            await notify(
                thread,
                "thread/settings/updated",
                {"threadId": thread_id, "threadSettings": thread_settings_json(settings)},
            )
        thread.view.status = {"type": "active", "activeFlags": []}
        await notify(
            thread, "thread/status/changed", {"threadId": thread_id, "status": thread.view.status}
        )
        await notify(
            thread,
            "turn/started",
            {"threadId": thread_id, "turn": record.to_json("notLoaded")},
        )
        await goal_hooks.on_turn_started(server, thread, active)

        model_input = list(thread.conversation)
        if content:
            user_item_id = uuid7()
            started_ms = now_ms()
            started_item = user_message_item(
                user_item_id, content, started_ms, completed_at_ms=None, client_id=client_id
            )
            await notify(
                thread,
                "item/started",
                {
                    "item": started_item,
                    "threadId": thread_id,
                    "turnId": turn_id,
                    "startedAtMs": started_ms,
                },
            )
            parts = _model_input_parts(content)
            writer.append(
                "response_item",
                {
                    "type": "message",
                    "id": "msg_" + uuid7(),
                    "role": "user",
                    "content": parts,
                },
            )
            completed_ms = now_ms()
            item = user_message_item(user_item_id, content, started_ms, completed_ms, client_id)
            thread.last_item_ordinal = writer.append(
                "event_msg",
                {
                    "type": "item_completed",
                    "thread_id": thread_id,
                    "turn_id": turn_id,
                    "item": {"type": "UserMessage", "id": user_item_id, "content": content},
                    "started_at_ms": started_ms,
                    "completed_at_ms": completed_ms,
                },
            )
            record.add_item(item, thread.last_item_ordinal or 0)
            if parts:
                message = {"role": "user", "content": parts}
                thread.conversation.append(message)
                model_input.append(message)
            await notify(
                thread,
                "item/completed",
                {
                    "item": item,
                    "threadId": thread_id,
                    "turnId": turn_id,
                    "contentTokenCount": None,
                    "completedAtMs": completed_ms,
                },
            )
            text = user_text(content)
            if text and not thread.view.preview:
                thread.view.preview = text
            if text and persist and not row_has_preview(thread):
                thread.preview_stored = True
                await asyncio.to_thread(
                    store.update_thread,
                    thread_id,
                    {"preview": text, "title": text, "first_user_message": text},
                )

        provider = server.config.provider(settings.model_provider)
        max_retries = (
            DEFAULT_STREAM_MAX_RETRIES
            if provider.stream_max_retries is None
            else provider.stream_max_retries
        )
        attempt = 0
        while True:
            try:
                usage = await _stream_once(server, thread, active, record, model_input, agent_items)
                break
            except ModelError as exc:
                if exc.stream_started:
                    # As the reference: a broken stream still reports the usage so far.
                    if exc.usage is not None:
                        await _notify_usage(server, thread, turn_id, exc.usage, add=False)
                    elif thread.total_usage is not None:
                        last = thread.last_usage or thread.total_usage
                        await _notify_usage(server, thread, turn_id, last, add=False)
                    else:
                        await notify(thread, "account/rateLimits/updated", rate_limits_json())
                if not exc.retryable or attempt >= max_retries:
                    raise
                attempt += 1
                await notify(
                    thread,
                    "error",
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
                        "threadId": thread_id,
                        "turnId": turn_id,
                    },
                )
                await asyncio.sleep(_backoff(attempt))
        if agent_items:
            last_agent_text = agent_items[-1]["text"]
        if usage is not None:
            thread.last_usage = usage
            thread.total_usage = _add_usage(thread.total_usage, usage)
            writer.append(
                "token_usage_record",
                {
                    "thread_id": thread_id,
                    "turn_id": turn_id,
                    "session_id": thread_id,
                    "root_turn_id": turn_id,
                    "response_id": None,
                    "usage": usage,
                    "turn_token_usage": usage,
                    "thread_token_usage": thread.total_usage,
                },
            )
            writer.append(
                "event_msg",
                {
                    "type": "token_count",
                    "info": {
                        "total_token_usage": thread.total_usage,
                        "last_token_usage": usage,
                        "last_usage_includes_reasoning": False,
                        "model_context_window": context_window(server),
                    },
                    "rate_limits": _rollout_rate_limits(),
                },
            )
            if persist:
                await asyncio.to_thread(
                    store.update_thread,
                    thread_id,
                    {"tokens_used": thread.total_usage["total_tokens"]},
                )
            await _notify_usage(server, thread, turn_id, usage, add=False)
            await goal_hooks.on_turn_usage(server, thread, active, usage)
    except asyncio.CancelledError:
        status = "interrupted"
        if not active.interrupt_requested:
            # Cancelled by something other than turn/interrupt or shutdown: still record it,
            # then let the cancellation propagate.
            await _finish(
                server,
                thread,
                active,
                record,
                status,
                error=None,
                rollout_error=None,
                last_agent_text=last_agent_text,
            )
            raise
    except ModelError as exc:
        status = "failed"
        error = error_info(exc.message, exc.codex_error_info)
        rollout_error = {
            "message": exc.message,
            "codex_error_info": _snake_error_kind(exc.codex_error_info),
        }
    except (StateError, OSError) as exc:
        log.exception("turn %s of thread %s failed", turn_id, thread_id)
        status = "failed"
        error = error_info(str(exc), "other")
        rollout_error = {"message": str(exc), "codex_error_info": "other"}
    except Exception as exc:
        log.exception("turn %s of thread %s failed", turn_id, thread_id)
        status = "failed"
        error = error_info(f"internal error: {exc}", "other")
        rollout_error = {"message": str(exc), "codex_error_info": "other"}
    await _finish(server, thread, active, record, status, error, rollout_error, last_agent_text)


async def _finish(
    server: AppServer,
    thread: LoadedThread,
    active: ActiveTurn,
    record: TurnRecord,
    status: str,
    error: JSON | None,
    rollout_error: JSON | None,
    last_agent_text: str | None,
) -> None:
    """Close the turn everywhere: rollout line, turns index, thread status, notifications."""
    from .handlers import thread_goal as goal_hooks  # late: the handlers import this module

    thread_id = thread.id
    turn_id = record.id
    completed_ms = now_ms()
    record.status = status
    record.error = error
    record.completed_at = completed_ms // 1000
    record.duration_ms = max(0, completed_ms - active.started_ms)
    log.info(
        "turn finished turn_id=%s status=%s duration_ms=%d", turn_id, status, record.duration_ms
    )
    if thread.view.thread_source is None and not thread.view.ephemeral:
        # As the reference: turns of user threads (no threadSource) are unread when done.
        server.mark_turn_unread(thread_id, turn_id)
    writer = thread.writer
    try:
        if writer is not None:
            if status == "interrupted":
                writer.append(
                    "event_msg",
                    {
                        "type": "turn_aborted",
                        "root_turn_id": turn_id,
                        "turn_id": turn_id,
                        "reason": "interrupted",
                        "started_at": active.started_at,
                        "completed_at": record.completed_at,
                        "duration_ms": record.duration_ms,
                    },
                )
            else:
                payload: JSON = {
                    "type": "task_complete",
                    "root_turn_id": turn_id,
                    "turn_id": turn_id,
                    "last_agent_message": last_agent_text,
                }
                if rollout_error is not None:
                    payload["error"] = rollout_error
                payload.update(
                    {
                        "started_at": active.started_at,
                        "completed_at": record.completed_at,
                        "duration_ms": record.duration_ms,
                    }
                )
                writer.append("event_msg", payload)
        if thread.materialized:
            await asyncio.to_thread(
                server.store.complete_turn,
                thread_id,
                turn_id,
                status=status,  # type: ignore[arg-type]
                error=error,
                completed_at=record.completed_at,
                duration_ms=record.duration_ms,
                items=[_index_item(item) for item in record.items],
            )
            updated = await asyncio.to_thread(server.store.get_thread, thread_id)
            thread.view.updated_at = updated.updated_at
            thread.view.model = thread.settings.model
            thread.view.reasoning_effort = thread.settings.reasoning_effort
    except Exception:
        log.exception("recording the end of turn %s of thread %s failed", turn_id, thread_id)
    finally:
        thread.active = None

    if status == "failed" and error is not None:
        thread.view.status = {"type": "systemError"}
        await server.notify_thread(
            thread, "thread/status/changed", {"threadId": thread_id, "status": thread.view.status}
        )
        await server.notify_thread(
            thread,
            "error",
            {"error": error, "willRetry": False, "threadId": thread_id, "turnId": turn_id},
        )
    else:
        if status == "interrupted":
            await server.notify_thread(thread, "account/rateLimits/updated", rate_limits_json())
        thread.view.status = {"type": "idle"}
        await server.notify_thread(
            thread, "thread/status/changed", {"threadId": thread_id, "status": thread.view.status}
        )
    final_items = (
        []
        if status != "completed"
        else [i for i in record.items if i.get("type") == "agentMessage"][-1:]
    )
    turn = record.to_json("summary" if final_items else "notLoaded")
    turn["items"] = final_items
    await server.notify_thread(thread, "turn/completed", {"threadId": thread_id, "turn": turn})
    server.on_turn_finished(thread)
    goal_hooks.on_turn_finished(server, thread, turn_id, status)


def _index_item(item: JSON) -> JSON:
    """A wire item as the turns index stores it (the rollout's item_completed shape)."""
    if item.get("type") == "userMessage":
        return {
            "type": "UserMessage",
            "id": item["id"],
            "content": item.get("content") or [],
            "started_at_ms": item.get("startedAtMs"),
            "completed_at_ms": item.get("completedAtMs"),
        }
    return {
        "type": "AgentMessage",
        "id": item["id"],
        "content": [{"type": "Text", "text": item.get("text", "")}],
        "started_at_ms": item.get("startedAtMs"),
        "completed_at_ms": item.get("completedAtMs"),
    }


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
    return None
