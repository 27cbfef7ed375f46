"""The agent loop of one turn.

Sample the model; turn each output item into typed events; dispatch any function calls to
the tool registry and append their outputs to the input; sample again, until a response
carries no tool call. Every event goes to three sinks in order: the rollout recorder, the
state indexer and the notifier.

The notification order of a text-only turn is the reference's::

    thread/status/changed (active), turn/started,
    item/started + item/completed (the user message),
    item/started (agentMessage), item/agentMessage/delta..., item/completed,
    thread/tokenUsage/updated, account/rateLimits/updated,
    thread/status/changed (idle), turn/completed

A provider failure ends the turn as ``failed`` with the reference's ``error`` notification;
an interrupt (turn/interrupt, an approval answered with cancel, or server shutdown) ends it
as ``interrupted``. Either way the rollout gets its closing line and the turns index its
final status, so no turn hangs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from spindle_state import StateError

from .. import _goals as goals
from .._history import TurnRecord, user_text
from .._ids import uuid7
from .._model_client import ModelError, ModelRequest
from .._review import TURN_ABORTED_MESSAGE
from .._rollout import MemoryRolloutWriter
from .._server_requests import ClientAnswer
from .._threads import ActiveTurn, LoadedThread, input_message, materialize, now_ms
from .._turn_events import (
    Event,
    StatusChanged,
    ToolOutput,
    TurnBegan,
    TurnEnded,
    UsageReported,
    UserMessageCompleted,
    UserMessageStarted,
)
from .._wire import error_info, user_message_item
from ..agents import flush_agent_notifications, offers_multi_agent, subagent_metadata
from ..tools import REGISTRY, ToolCall, ToolContext, ToolError, ToolsConfig, tool_specs
from . import _index_sink, _notify_sink, _rollout_sink
from ._compaction import compact, needs_compaction
from ._prompt import context_items
from ._review_registry import replaced_by_review, take_review
from ._review_turn import run_review
from ._sampling import add_usage, sample_with_retries
from ._state import TurnState
from ._user_shell import run_user_shell

if TYPE_CHECKING:
    from .._server import AppServer

__all__ = ["run_turn", "user_content_from_input"]

log = logging.getLogger(__name__)

JSON = dict[str, Any]


class _TurnCancelled(Exception):
    """A tool asked to end the turn (an approval answered with cancel)."""


def user_content_from_input(items: list[JSON]) -> list[JSON]:
    """The userMessage ``content`` for a turn's ``input`` (text gets ``text_elements``)."""
    content: list[JSON] = []
    for item in items:
        if item.get("type") == "text":
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


def _snake_error_kind(info: Any) -> Any:
    if isinstance(info, str):
        return "".join("_" + ch.lower() if ch.isupper() else ch for ch in info)
    return info


def _is_context(item: JSON, role: str) -> bool:
    if item.get("type") != "message" or item.get("role") != role:
        return False
    parts = item.get("content") or []
    first = parts[0].get("text", "") if parts and isinstance(parts[0], dict) else ""
    marker = "<permissions instructions>" if role == "developer" else "<environment_context>"
    return isinstance(first, str) and first.startswith(marker)


def _changed_context(conversation: list[JSON], context: list[JSON]) -> list[JSON]:
    """The context messages whose content differs from the last of their kind sent."""
    fresh = []
    for item in context:
        role = str(item.get("role"))
        last = next((i for i in reversed(conversation) if _is_context(i, role)), None)
        if last is None or last.get("content") != item.get("content"):
            fresh.append(item)
    return fresh


def _record_turn_aborted(state: TurnState) -> None:
    conversation = state.thread.conversation
    if conversation and conversation[-1].get("content") == [
        {"type": "input_text", "text": TURN_ABORTED_MESSAGE}
    ]:
        return  # a review turn records it itself
    try:
        state.thread.add_history_item(input_message(TURN_ABORTED_MESSAGE), state.turn_id)
    except OSError:
        log.exception("recording the interruption of turn %s failed", state.turn_id)


# The pseudo call behind a thread/shellCommand item (no model call asked for it).
USER_SHELL_CALL = ToolCall(call_id="user_shell", name="user_shell", arguments="{}")


class _Turn:
    """One running turn: the emitter of its events and the dispatcher of its tool calls."""

    def __init__(self, state: TurnState) -> None:
        self.state = state
        # This turn's developer and environment messages (they open a compacted history).
        self.context: list[JSON] = []

    async def emit(self, event: Event) -> None:
        state = self.state
        _rollout_sink.record(state, event)
        await _index_sink.index(state, event)
        await _notify_sink.notify(state, event)

    async def set_active_flags(self, flags: list[str]) -> None:
        await self.emit(StatusChanged(flags))

    async def ask_client(self, method: str, params: JSON) -> ClientAnswer:
        return await self.state.server.server_requests.ask(self.state.thread, method, params)

    async def begin(self, content: list[JSON]) -> None:
        state = self.state
        server = state.server
        thread = state.thread
        if thread.view.ephemeral and thread.writer is None:
            # Ephemeral threads (the TUI's title generation, say) never touch disk or SQLite.
            thread.writer = MemoryRolloutWriter()
        elif not thread.materialized:
            await asyncio.to_thread(materialize, thread, server.store)
        thread.turns.append(state.record)
        context = context_items(state.settings)
        self.context = context
        # As the reference, the model is sent a context message again only when it changed
        # since the one it last saw (new settings, another day, a compacted history...).
        fresh = _changed_context(thread.conversation, context)
        await self.emit(TurnBegan(state.active.settings_changed, fresh))
        thread.conversation.extend(fresh)
        await goals.on_turn_started(server, thread, state.active)
        if content:
            await self._user_message(content, state.client_id)

    async def _user_message(self, content: list[JSON], client_id: str | None) -> None:
        state = self.state
        thread = state.thread
        item_id = uuid7()
        started = now_ms()
        await self.emit(
            UserMessageStarted(
                user_message_item(
                    item_id, content, started, completed_at_ms=None, client_id=client_id
                )
            )
        )
        parts = _model_input_parts(content)
        model_item: JSON | None = None
        if parts:
            model_item = {
                "type": "message",
                "id": "msg_" + uuid7(),
                "role": "user",
                "content": parts,
            }
        item = user_message_item(item_id, content, started, now_ms(), client_id)
        text = user_text(content)
        if text and not thread.view.preview:
            thread.view.preview = text
        await self.emit(UserMessageCompleted(item, model_item, text))
        if model_item is not None:
            thread.conversation.append(model_item)

    def _request(self) -> ModelRequest:
        state = self.state
        config = ToolsConfig.from_config(state.server.config, state.settings)
        if not offers_multi_agent(state.server, state.thread):
            config = dataclasses.replace(config, multi_agent=False)
        return ModelRequest(
            tools=tool_specs(config),
            parallel_tool_calls=True,
            # A sub-agent shares its root's session (cache key and session id).
            prompt_cache_key=state.thread.view.session_id or state.thread_id,
            include=["reasoning.encrypted_content"],
            reasoning_summary="auto",
            client_metadata={
                "session_id": state.thread.view.session_id or state.thread_id,
                "thread_id": state.thread_id,
                "turn_id": state.turn_id,
                "root_turn_id": state.record.root_turn_id,
                "x-codex-window-id": f"{state.thread_id}:0",
                **subagent_metadata(state.thread, state.record.root_turn_id),
            },
        )

    async def loop(self) -> None:
        """Sample, run the calls, and sample again until the model stops calling tools."""
        state = self.state
        server = state.server
        thread = state.thread
        request = self._request()
        while True:
            if needs_compaction(state):
                # The context passed the auto-compact limit: summarise before sampling.
                await compact(state, self.emit, self.context)
            # Sub-agents that finished since the last sample tell this agent so first.
            flush_agent_notifications(server, thread)
            sample = await sample_with_retries(state, self.emit, request)
            if sample.usage is not None:
                thread.last_usage = sample.usage
                thread.total_usage = add_usage(thread.total_usage, sample.usage)
                await goals.on_turn_usage(server, thread, state.active, sample.usage)
            for call in sample.calls:
                await self._dispatch(call)
            # As the reference: a response's usage is reported once its tool calls are done.
            if sample.usage is not None:
                await self.emit(UsageReported(sample.usage, sample.response_id))
            # Context the goal runtime queued meanwhile (the budget-limit message) goes
            # after the tool outputs, into the next request.
            goals.inject_pending(thread, state.turn_id)
            # So does turn/steer input; like a tool call, it makes the model go again.
            steered = await self._take_steered()
            if not sample.calls and not steered:
                return

    async def _take_steered(self) -> bool:
        """Turn the input steered into the running turn into user messages; any?"""
        active = self.state.active
        pending, active.steered = active.steered, []
        for content, client_id in pending:
            await self._user_message(content, client_id)
        return bool(pending)

    def tool_context(self, call: ToolCall) -> ToolContext:
        state = self.state
        return ToolContext(
            server=state.server,
            thread=state.thread,
            turn_id=state.turn_id,
            call=call,
            emit=self.emit,
            ask_client=self.ask_client,
            set_active_flags=self.set_active_flags,
        )

    async def _dispatch(self, call: ToolCall) -> None:
        state = self.state
        ctx = self.tool_context(call)
        tool = REGISTRY.get(call.name)
        refusal = state.settings.tools.refusal(call.name)
        output: Any
        try:
            if tool is None:
                raise ToolError(f"unsupported call: {call.name}")
            if refusal is not None:
                raise ToolError(refusal)
            output = await tool.handle(ctx, call.parse_arguments())
        except ToolError as exc:
            output = str(exc)
        if call.name != "update_goal":
            # As the reference: the goal's time is charged after every tool but update_goal,
            # which charges it itself.
            await goals.flush_usage(state.server, state.thread, state.turn_id)
        item: JSON = {
            "type": "function_call_output",
            "id": "fco_" + uuid7(),
            "call_id": call.call_id,
            "output": output,
        }
        state.thread.conversation.append(item)
        await self.emit(ToolOutput(item))
        if ctx.interrupt_turn:
            raise _TurnCancelled

    async def finish(
        self,
        status: str,
        error: JSON | None = None,
        rollout_error: JSON | None = None,
    ) -> None:
        """Close the turn everywhere: rollout line, turns index, thread status, notifications."""
        state = self.state
        server = state.server
        thread = state.thread
        record = state.record
        completed = now_ms()
        record.status = status
        record.error = error
        record.completed_at = completed // 1000
        record.duration_ms = max(0, completed - state.active.started_ms)
        log.info(
            "turn finished turn_id=%s status=%s duration_ms=%d",
            state.turn_id,
            status,
            record.duration_ms,
        )
        # A regular turn a review replaced (the review has its own end notifier) is not left
        # unread, as the reference.
        replaced = replaced_by_review(state.turn_id) and state.end_notifier is None
        if (
            thread.view.thread_source is None
            and not thread.view.ephemeral
            and not replaced
            and (status != "interrupted" or state.end_notifier is not None)
        ):
            # As the reference: turns of user threads (no threadSource) are unread when done;
            # a regular turn the user stopped is not (an interrupted review still is: it ends
            # with its exitedReviewMode item).
            server.mark_turn_unread(thread.id, state.turn_id)
        if status == "interrupted" and thread.writer is not None:
            # As the reference: the model later learns the user stopped this turn.
            _record_turn_aborted(state)
        last_text = state.agent_items[-1]["text"] if state.agent_items else None
        event = TurnEnded(status, error, rollout_error, last_text)
        try:
            if thread.writer is not None:
                _rollout_sink.record(state, event)
            await _index_sink.index(state, event)
        except Exception:
            log.exception(
                "recording the end of turn %s of thread %s failed", state.turn_id, thread.id
            )
        finally:
            thread.active = None
        if state.end_notifier is not None:
            await state.end_notifier(event)
        else:
            await _notify_sink.notify(state, event)
        server.on_turn_finished(thread)
        goals.on_turn_finished(server, thread, state.turn_id, status)


async def run_turn(
    server: AppServer,
    thread: LoadedThread,
    active: ActiveTurn,
    content: list[JSON],
    client_id: str | None,
) -> None:
    """Run one turn to its end; never raises except to propagate a foreign cancellation."""
    record = TurnRecord(
        id=active.turn_id,
        root_turn_id=active.root_turn_id or active.turn_id,
        ordinal=0,
        started_at=active.started_at,
    )
    turn = _Turn(TurnState(server, thread, active, record, client_id))
    settings = thread.settings
    log.info(
        "turn started turn_id=%s model=%s model_provider=%s",
        active.turn_id,
        settings.model,
        settings.model_provider,
    )
    try:
        review = take_review(active)
        if review is None:
            await turn.begin(content)
        if review is not None:
            # A review/start turn: a child review turn does its work.
            await run_review(turn.state, turn.emit, review)
        elif active.compact_only:
            await compact(turn.state, turn.emit, turn.context)
        elif active.shell_command is not None:
            command, timeout_ms = active.shell_command
            await run_user_shell(
                turn.state, turn.tool_context(USER_SHELL_CALL), command, timeout_ms
            )
        else:
            await turn.loop()
    except _TurnCancelled:
        await turn.finish("interrupted")
        return
    except asyncio.CancelledError:
        await turn.finish("interrupted")
        if not active.interrupt_requested:
            # Cancelled by something other than turn/interrupt or shutdown: still recorded,
            # then the cancellation propagates.
            raise
        return
    except ModelError as exc:
        await turn.finish(
            "failed",
            error_info(exc.message, exc.codex_error_info),
            {"message": exc.message, "codex_error_info": _snake_error_kind(exc.codex_error_info)},
        )
        return
    except (StateError, OSError) as exc:
        log.exception("turn %s of thread %s failed", active.turn_id, thread.id)
        await turn.finish(
            "failed",
            error_info(str(exc), "other"),
            {"message": str(exc), "codex_error_info": "other"},
        )
        return
    except Exception as exc:
        log.exception("turn %s of thread %s failed", active.turn_id, thread.id)
        await turn.finish(
            "failed",
            error_info(f"internal error: {exc}", "other"),
            {"message": str(exc), "codex_error_info": "other"},
        )
        return
    await turn.finish("completed")
