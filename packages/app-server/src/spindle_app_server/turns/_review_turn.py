"""``review/start``: a turn whose work is done by a child review turn.

As the reference, the review turn (the parent) records an ``enteredReviewMode`` item, then
runs a child turn (its ``rootTurnId`` is the parent's id) with a fresh history: our review
guidelines in place of the base instructions, the developer and environment messages, and
the target's prompt as the user message; its tools are exec_command, write_stdin,
request_user_input and view_image. The child's events reach the client under the parent's
thread and turn ids, except ``turn/started`` (the child's turn), its agent message deltas
and completion, and its token usage. The child's last agent message is parsed as the
review output, rendered into the ``exitedReviewMode`` item and a final agent message, and
the parent thread's model is told the results (a ``<user_action>`` message).

Rollout: the parent's rollout gets the reference's lines (the entered item, the child's
``task_started`` and items under the child's ids, the results message, the exited item,
the final agent message, ``task_complete``); a resume shows the child turn as interrupted
before the review turn, as the reference does.

The reviewer's thread is kept too, as the reference keeps it (when the parent is not
ephemeral): a rollout of its own whose ``session_meta`` names the parent
(``parent_thread_id``, source ``{"subagent": "review"}``, thread source ``subagent``, the
review guidelines as base instructions) holding its turn as a regular turn's lines, and a
row in the state store. It is not loaded; ``thread/list`` shows it only for the sub-agent
source kinds, and ``thread/read`` and ``thread/resume`` open it like any thread. Deleting
the parent leaves it, as the reference does.

Length: one class, ``_Review``, carries a review across its two turns (the parent's items
and rollout lines, the child's re-routed events, the reviewer's own rollout and row); its
methods read and change that one state, which a split would have to pass around.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import TYPE_CHECKING, Any

from spindle_protocol.methods import TURN_STARTED
from spindle_protocol.models import TurnStartedNotification

from .._history import TurnRecord
from .._ids import uuid7
from .._model_client import ModelError, ModelRequest
from .._review import (
    INTERRUPTED_RESULTS_MESSAGE,
    INTERRUPTED_TEXT,
    REVIEW_GUIDELINES,
    TURN_ABORTED_MESSAGE,
    ResolvedReview,
    entered_review_item,
    exited_review_item,
    parse_review_output,
    render_review_output,
    review_results_message,
)
from .._rollout import MemoryRolloutWriter, RolloutWriter, rollout_path_for
from .._threads import (
    REVIEW_SOURCE,
    ActiveTurn,
    LoadedThread,
    materialize,
    new_thread_row,
    now_ms,
    session_meta_payload,
    source_text,
)
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
    ToolOutput,
    TurnBegan,
    TurnEnded,
    UserMessageCompleted,
    UserMessageStarted,
)
from .._wire import agent_message_item, error_info, user_message_item
from ..tools import REGISTRY, ToolCall, ToolContext, ToolError
from ..tools._specs import default_tool_specs
from . import _notify_sink, _rollout_sink
from ._index_sink import index_item
from ._prompt import context_items
from ._review_registry import replaced_by_review, set_child_turn
from ._rollout_sink import _thread_settings
from ._sampling import Emit, sample_with_retries
from ._state import TurnState, context_window

if TYPE_CHECKING:
    from .._server import AppServer

__all__ = ["REVIEW_TOOLS", "run_review", "warn_unknown_model"]

JSON = dict[str, Any]

SUBAGENT_THREAD_SOURCE = "subagent"

REVIEW_TOOLS = frozenset({"exec_command", "write_stdin", "request_user_input", "view_image"})
"""The only tools a reviewer is offered."""


def _review_tool_specs() -> list[JSON]:
    specs = default_tool_specs(goals_enabled=False, multi_agent_v2=False, multi_agent=False)
    return [dict(s) for s in specs if s.get("name") in REVIEW_TOOLS]


class _Review:
    """One review: the parent turn's state and the child turn run for it."""

    def __init__(self, state: TurnState, emit: Emit, review: ResolvedReview) -> None:
        self.state = state
        self.emit = emit
        self.review = review
        self.child_thread_id = uuid7()
        self.child_active = ActiveTurn.starting_now(root_turn_id=state.turn_id)
        self.child_record = TurnRecord(
            id=self.child_active.turn_id,
            root_turn_id=state.turn_id,
            ordinal=0,
            started_at=self.child_active.started_at,
        )
        # The child shares the parent's subscribers, processes and settings, not its history.
        self.child_thread = self._reviewer_of(state.thread, writer=MemoryRolloutWriter())
        self.first_turn = False
        self.child_state = TurnState(
            state.server, self.child_thread, self.child_active, self.child_record
        )
        # The reviewer's own thread and rollout (None while not opened, or ephemeral).
        self.child_log: TurnState | None = None

    def _reviewer_of(self, thread: LoadedThread, **changes: Any) -> LoadedThread:
        """``thread`` with the reviewer's instructions and turn and an empty history."""
        return dataclasses.replace(
            thread,
            turns=[],
            conversation=[],
            total_usage=None,
            last_usage=None,
            active=self.child_active,
            base_instructions=REVIEW_GUIDELINES,
            pending_context=[],
            **changes,
        )

    # -- the reviewer's own thread ---------------------------------------------------------

    def _open_child_log(self) -> None:
        """Create the reviewer's thread: its rollout's ``session_meta`` and its row."""
        state = self.state
        server = state.server
        parent = state.thread
        created = now_ms()
        path = rollout_path_for(server.home, self.child_thread_id, created)
        session_id = parent.view.session_id or parent.id
        view = dataclasses.replace(
            parent.view,
            id=self.child_thread_id,
            created_at=created // 1000,
            updated_at=created // 1000,
            recency_at=created // 1000,
            path=str(path),
            source=REVIEW_SOURCE,  # type: ignore[arg-type]  # a sub-agent's source object
            thread_source=SUBAGENT_THREAD_SOURCE,
            preview="",
            forked_from_id=None,
            session_id=session_id,
            status={"type": "notLoaded"},
            loaded=False,
            name=None,
            parent_thread_id=parent.id,
        )
        thread = self._reviewer_of(
            parent,
            view=view,
            rollout_path=path,
            created_at_ms=created,
            writer=None,
            subscribers=set(),
            materialized=True,
        )
        meta = session_meta_payload(
            thread_id=view.id,
            created_at_ms=created,
            cwd=view.cwd,
            originator=view.originator,
            source="vscode",
            thread_source=SUBAGENT_THREAD_SOURCE,
            model_provider=view.model_provider,
            model=parent.settings.model,
            git=parent.git,
            base_instructions=REVIEW_GUIDELINES,
        )
        payload: JSON = {"session_id": session_id, "id": view.id, "parent_thread_id": parent.id}
        payload.update((k, v) for k, v in meta.items() if k not in payload)
        payload["source"] = {"subagent": "review"}
        writer = RolloutWriter(path)
        writer.append("session_meta", payload, ts_ms=created)
        thread.writer = writer
        row = dataclasses.replace(new_thread_row(thread), source=source_text(REVIEW_SOURCE))
        server.store.ensure_thread(row)
        prompt = self.review.prompt
        server.store.update_thread(
            view.id, {"preview": prompt, "title": prompt, "first_user_message": prompt}
        )
        record = TurnRecord(
            id=self.child_record.id,
            root_turn_id=state.turn_id,
            ordinal=0,
            started_at=self.child_active.started_at,
        )
        self.child_log = TurnState(server, thread, self.child_active, record)

    def _log(self, event: Event) -> None:
        """The reviewer's own rollout lines for ``event``."""
        if self.child_log is not None:
            _rollout_sink.record(self.child_log, event)

    def _close_child_log(self, status: str, answer: str | None) -> None:
        log = self.child_log
        if log is None:
            return
        self.child_log = None
        record = log.record
        ended = now_ms()
        record.status = status
        record.completed_at = ended // 1000
        record.duration_ms = ended - log.active.started_at * 1000
        _rollout_sink.record(
            log, TurnEnded(status, error=None, rollout_error=None, last_agent_text=answer)
        )
        writer = log.thread.writer
        if isinstance(writer, RolloutWriter):
            writer.close()

    # -- the parent's rollout --------------------------------------------------------------

    def _append(self, kind: str, payload: JSON) -> int:
        ordinal = self.state.writer.append(kind, payload)
        return ordinal

    def _item_completed_line(
        self, item: JSON, started: Any, completed: Any, *, child: bool = False
    ) -> JSON:
        state = self.state
        return {
            "type": "item_completed",
            "thread_id": self.child_thread_id if child else state.thread_id,
            "turn_id": self.child_record.id if child else state.turn_id,
            "item": item,
            "started_at_ms": started,
            "completed_at_ms": completed,
        }

    # -- the child's events, forwarded ----------------------------------------------------

    async def child_emit(self, event: Event) -> None:
        """What the child turn produces, as the parent's client and rollout see it (and
        the reviewer's own rollout)."""
        state = self.state
        self._log(event)
        if isinstance(event, AgentMessageDelta | AgentMessageCompleted | ToolOutput):
            # The reviewer's raw answer stays inside the child; the rendering replaces it.
            return
        if isinstance(event, UserMessageCompleted):
            item = event.item
            ordinal = self._append(
                "event_msg",
                self._item_completed_line(
                    {"type": "UserMessage", "id": item["id"], "content": item["content"]},
                    item["startedAtMs"],
                    item["completedAtMs"],
                    child=True,
                ),
            )
            self.child_record.add_item(item, ordinal)
            await self._store_preview(event.text)
        elif isinstance(event, ItemCompleted):
            ordinal = state.thread.last_item_ordinal or 0
            if event.rollout is not None:
                line = dict(event.rollout)
                if "thread_id" in line:
                    line["thread_id"] = self.child_thread_id
                if "turn_id" in line:
                    line["turn_id"] = self.child_record.id
                ordinal = self._append("event_msg", line)
            self.child_record.add_item(event.item, ordinal)
        if isinstance(
            event,
            UserMessageStarted
            | UserMessageCompleted
            | AgentMessageStarted
            | ItemStarted
            | ItemCompleted
            | CommandOutputDelta
            | TerminalInteraction
            | StatusChanged,
        ):
            await _notify_sink.notify(state, event)

    async def _store_preview(self, text: str) -> None:
        state = self.state
        thread = state.thread
        if not text or thread.preview_stored:
            return
        if not thread.view.preview:
            thread.view.preview = text
        if state.persist:
            thread.preview_stored = True
            await asyncio.to_thread(
                state.server.store.update_thread,
                state.thread_id,
                {"preview": text, "title": text, "first_user_message": text},
            )

    async def _warn_unknown_model(self) -> None:
        await warn_unknown_model(self.state.server, self.state.thread)

    # -- the steps ------------------------------------------------------------------------

    async def enter(self, *, warn: bool) -> None:
        state = self.state
        server = state.server
        thread = state.thread
        self.first_turn = not thread.turns
        if thread.view.ephemeral and thread.writer is None:
            thread.writer = MemoryRolloutWriter()
        elif not thread.materialized:
            await asyncio.to_thread(materialize, thread, server.store)
        if warn:
            await self._warn_unknown_model()
        started = now_ms()
        item_id = uuid7()
        await self.emit(
            ItemStarted(entered_review_item(item_id, self.review.hint, started, completed=None))
        )
        completed = now_ms()
        rollout = self._item_completed_line(
            {
                "type": "EnteredReviewMode",
                "id": item_id,
                "target": self.review.target,
                "user_facing_hint": self.review.hint,
            },
            started,
            completed,
        )
        await self.emit(
            ItemCompleted(
                entered_review_item(item_id, self.review.hint, started, completed), rollout
            )
        )

    async def start_child(self) -> None:
        state = self.state
        server = state.server
        thread = state.thread
        settings = state.settings
        active = self.child_active
        record = self.child_record
        ordinal = self._append(
            "event_msg",
            {
                "type": "task_started",
                "turn_attribution": {
                    "turn_id": record.id,
                    "turn_trigger": None,
                    "parent_turn_id": state.turn_id,
                    "initiating_agent_path": None,
                    "root_turn_id": state.turn_id,
                },
                "turn_id": record.id,
                "root_turn_id": state.turn_id,
                "started_at": active.started_at,
                "model_context_window": context_window(server),
                "collaboration_mode_kind": settings.collaboration_mode,
            },
        )
        record.ordinal = ordinal
        thread.turns.append(record)
        set_child_turn(state.turn_id, record.id)
        if state.persist:
            await asyncio.to_thread(self._open_child_log)
        if state.persist:
            await asyncio.to_thread(
                server.store.start_turn,
                state.thread_id,
                record.id,
                rollout_ordinal=ordinal,
                model=settings.model,
                reasoning_effort=settings.reasoning_effort,
                started_at=active.started_at,
                root_turn_id=state.turn_id,
            )
        await self._warn_unknown_model()
        await self.child_emit(StatusChanged([]))
        await server.notifier.to_thread(
            thread,
            TURN_STARTED,
            TurnStartedNotification(thread_id=state.thread_id, turn=record.to_model("notLoaded")),
        )
        context = context_items(settings)
        self.child_thread.conversation.extend(context)
        self._log(TurnBegan(settings_changed=True, context_items=context))
        content: list[JSON] = [{"type": "text", "text": self.review.prompt, "text_elements": []}]
        item_id = uuid7()
        started = now_ms()
        await self.child_emit(
            UserMessageStarted(user_message_item(item_id, content, started, completed_at_ms=None))
        )
        model_item: JSON = {
            "type": "message",
            "id": "msg_" + uuid7(),
            "role": "user",
            "content": [{"type": "input_text", "text": self.review.prompt}],
        }
        self.child_thread.conversation.append(model_item)
        await self.child_emit(
            UserMessageCompleted(
                user_message_item(item_id, content, started, now_ms()),
                model_item,
                self.review.prompt,
            )
        )

    def _request(self) -> ModelRequest:
        state = self.state
        session_id = state.thread.view.session_id or state.thread_id
        return ModelRequest(
            tools=_review_tool_specs(),
            parallel_tool_calls=True,
            prompt_cache_key=session_id,
            include=["reasoning.encrypted_content"],
            reasoning_summary="auto",
            client_metadata={
                "x-codex-parent-thread-id": state.thread_id,
                "session_id": session_id,
                "thread_id": self.child_thread_id,
                "turn_id": self.child_record.id,
                "parent_turn_id": state.turn_id,
                "root_turn_id": state.turn_id,
                "x-codex-window-id": f"{self.child_thread_id}:0",
                "x-openai-subagent": "review",
            },
        )

    async def run_child(self) -> str | None:
        """Sample the reviewer until it stops calling tools; its last message."""
        request = self._request()
        last_text: str | None = None
        while True:
            sample = await sample_with_retries(self.child_state, self.child_emit, request)
            if self.child_state.agent_items:
                last_text = str(self.child_state.agent_items[-1]["text"])
            if sample.usage is not None:
                self.child_thread.last_usage = sample.usage
            cancelled = False
            for call in sample.calls:
                cancelled = await self._dispatch(call) or cancelled
            if cancelled:
                return None
            if not sample.calls:
                return last_text

    async def _dispatch(self, call: ToolCall) -> bool:
        """Run one of the reviewer's tool calls; whether it asked to end the turn."""
        state = self.state
        ctx = ToolContext(
            server=state.server,
            thread=self.child_thread,
            turn_id=state.turn_id,
            call=call,
            emit=self.child_emit,
            ask_client=lambda method, params: state.server.server_requests.ask(
                state.thread, method, params
            ),
            set_active_flags=lambda flags: self.child_emit(StatusChanged(flags)),
        )
        tool = REGISTRY.get(call.name) if call.name in REVIEW_TOOLS else None
        output: Any
        try:
            if tool is None:
                raise ToolError(f"unsupported call: {call.name}")
            output = await tool.handle(ctx, call.parse_arguments())
        except ToolError as exc:
            output = str(exc)
        self.child_thread.conversation.append(
            {
                "type": "function_call_output",
                "id": "fco_" + uuid7(),
                "call_id": call.call_id,
                "output": output,
            }
        )
        return ctx.interrupt_turn

    async def exit(
        self, answer: str | None, *, interrupted: bool = False, child_status: str = "completed"
    ) -> None:
        """Show the review (``answer`` None: there is none) and tell the parent thread's
        model about it; ``interrupted``: the user interrupted it (not a replacement);
        ``child_status``: how the reviewer's own turn ended."""
        state = self.state
        set_child_turn(state.turn_id, child_turn_id=None)
        await self._close_child()
        await asyncio.to_thread(self._close_child_log, child_status, answer)
        output = parse_review_output(answer) if answer is not None else None
        rendered = render_review_output(output)
        if self.first_turn:
            # As the reference: the settings line comes with the thread's first turn only.
            self._append(
                "event_msg",
                {
                    "type": "thread_settings_applied",
                    "thread_id": state.thread_id,
                    "thread_settings": _thread_settings(state),
                },
            )
        results_text = (
            review_results_message(rendered) if output is not None else INTERRUPTED_RESULTS_MESSAGE
        )
        self._record_message(
            "user", results_text, {"create_time": time.time(), "content_item_kinds": ["unknown"]}
        )
        started = now_ms()
        item_id = uuid7()
        await self.emit(ItemStarted(exited_review_item(item_id, rendered, started, completed=None)))
        completed = now_ms()
        await self.emit(
            ItemCompleted(
                exited_review_item(item_id, rendered, started, completed),
                self._item_completed_line(
                    {"type": "ExitedReviewMode", "id": item_id, "review_output": output},
                    started,
                    completed,
                ),
            )
        )
        text = rendered if output is not None else INTERRUPTED_TEXT
        message_id = "msg_" + uuid7()
        started = now_ms()
        await self.emit(
            ItemStarted(agent_message_item(message_id, text, started, completed_at_ms=None))
        )
        self._record_message(
            "assistant", text, {"content_item_kinds": ["unknown"]}, message_id=message_id
        )
        completed = now_ms()
        await self.emit(
            ItemCompleted(
                agent_message_item(message_id, text, started, completed),
                self._item_completed_line(
                    {
                        "type": "AgentMessage",
                        "id": message_id,
                        "content": [{"type": "Text", "text": text}],
                    },
                    started,
                    completed,
                ),
            )
        )
        if interrupted:
            self._record_message("user", TURN_ABORTED_MESSAGE, {"create_time": time.time()})

    def _record_message(
        self, role: str, text: str, passthrough: JSON, *, message_id: str | None = None
    ) -> None:
        """A message for the parent thread's model: its history and its rollout."""
        state = self.state
        message: JSON = {
            "type": "message",
            "id": message_id or "msg_" + uuid7(),
            "role": role,
            "content": [
                {"type": "output_text" if role == "assistant" else "input_text", "text": text}
            ],
        }
        state.thread.conversation.append(message)
        self._append(
            "response_item",
            {
                **message,
                "internal_chat_message_metadata_passthrough": {
                    "turn_id": state.turn_id,
                    **passthrough,
                },
            },
        )

    async def _close_child(self) -> None:
        """The child turn never records an end in the parent's history: it stays
        interrupted there, as the reference shows it."""
        state = self.state
        record = self.child_record
        if record not in state.thread.turns:
            return
        record.status = "interrupted"
        if not state.persist:
            return
        await asyncio.to_thread(
            state.server.store.complete_turn,
            state.thread_id,
            record.id,
            status="interrupted",
            items=[i for i in (index_item(item) for item in record.items) if i is not None],
        )

    async def fail(self, exc: ModelError) -> None:
        """The reviewer's model failed: the error is announced before the review exits."""
        state = self.state
        await _notify_sink.notify_status(state, {"type": "systemError"})
        await _notify_sink.notify_error(state, error_info(exc.message, exc.codex_error_info))

    async def close_parent(self) -> None:
        """The review turn joins the thread's turns (after its child, as the reference
        lists them) and the turns index, before its end is recorded."""
        state = self.state
        thread = state.thread
        record = state.record
        record.ordinal = thread.last_item_ordinal or record.ordinal
        thread.turns.append(record)
        thread.last_turn_ordinal = record.ordinal
        if state.persist:
            settings = state.settings
            await asyncio.to_thread(
                state.server.store.start_turn,
                state.thread_id,
                record.id,
                rollout_ordinal=record.ordinal,
                model=settings.model,
                reasoning_effort=settings.reasoning_effort,
                started_at=state.active.started_at,
                root_turn_id=record.root_turn_id,
            )

    async def notify_end(self, event: TurnEnded) -> None:
        """The end of a review turn as the reference announces it: the read receipt, idle
        (not after a failure, whose error was announced already), turn/completed with the
        final agent message only when the review completed."""
        state = self.state
        await _notify_sink.notify_read_state(state)
        if event.status != "failed":
            await _notify_sink.notify_status(state, {"type": "idle"})
        await _notify_sink.notify_turn_completed(state, event.status)


async def warn_unknown_model(server: AppServer, thread: LoadedThread) -> None:
    """The reference's warning, at the start of each turn, for a model it knows nothing of."""
    await _notify_sink.warn_unknown_model(server.notifier, thread, thread.settings.model)


async def run_review(state: TurnState, emit: Emit, scheduled: tuple[ResolvedReview, bool]) -> None:
    """Run the review turn ``state`` to the point where only its end is left to record.

    A failed or cancelled reviewer still exits review mode (no output) before the error or
    the cancellation reaches the engine, which records the turn's end.
    """
    review, warned = scheduled
    run = _Review(state, emit, review)
    state.end_notifier = run.notify_end
    await run.enter(warn=not warned)
    try:
        await run.start_child()
        answer = await run.run_child()
    except ModelError as exc:
        await run.fail(exc)
        await run.exit(None, child_status="failed")
        await run.close_parent()
        raise
    except asyncio.CancelledError:
        await run.exit(
            None,
            interrupted=not replaced_by_review(state.turn_id),
            child_status="interrupted",
        )
        await run.close_parent()
        raise
    await run.exit(answer)
    await run.close_parent()
