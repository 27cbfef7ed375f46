"""A thread's history rebuilt from its rollout lines: turns, items, conversation, usage.

Reads both spindle's and the reference's rollouts: only line types both write are used
(``session_meta``, ``turn_context``, ``response_item`` messages, and the ``event_msg``
kinds ``task_started``, ``item_completed``, ``task_complete``, ``turn_aborted`` and
``token_count``).
"""

from __future__ import annotations

import shlex
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spindle_state import RolloutLine

from ._review import entered_review_item, exited_review_item, render_review_output
from ._web_search import wire_web_search_item
from ._wire import agent_message_item, error_info, turn_json, user_message_item

if TYPE_CHECKING:
    from spindle_protocol.models import Turn

__all__ = [
    "RolloutHistory",
    "TurnRecord",
    "build_history",
    "camel_error_kind",
    "rollout_command_action",
    "rollout_command_source",
]

JSON = dict[str, Any]


def camel_error_kind(snake: str | None) -> str | None:
    """``internal_server_error`` -> ``internalServerError`` (codexErrorInfo on the wire)."""
    if snake is None:
        return None
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass
class TurnRecord:
    """One turn as recorded in a rollout."""

    id: str
    root_turn_id: str
    ordinal: int
    started_at: int | None
    status: str = "inProgress"
    completed_at: int | None = None
    duration_ms: int | None = None
    error: JSON | None = None
    items: list[JSON] = field(default_factory=list)
    # Rollout ordinal of each item's item_completed line (parallel to ``items``).
    item_ordinals: list[int] = field(default_factory=list)

    def add_item(self, item: JSON, ordinal: int) -> None:
        self.items.append(item)
        self.item_ordinals.append(ordinal)

    def final_agent_item(self) -> JSON | None:
        for item in reversed(self.items):
            if item.get("type") == "agentMessage":
                return item
        return None

    def first_user_text(self) -> str | None:
        for item in self.items:
            if item.get("type") == "userMessage":
                return user_text(item.get("content") or [])
        return None

    def to_model(self, items_view: str) -> Turn:
        """The ``Turn`` object, with the items ``items_view`` shows."""
        from spindle_protocol.models import Turn

        return Turn.model_validate(self.to_json(items_view))

    def to_json(self, items_view: str) -> JSON:
        if items_view == "notLoaded":
            items: list[JSON] = []
        elif items_view == "summary":
            items = [i for i in self.items if i.get("type") in ("userMessage", "agentMessage")]
        else:
            items = list(self.items)
        return turn_json(
            self.id,
            root_turn_id=self.root_turn_id,
            items=items,
            items_view=items_view,
            status=self.status,
            error=self.error,
            started_at=self.started_at,
            completed_at=self.completed_at,
            duration_ms=self.duration_ms,
        )


def user_text(content: list[JSON]) -> str:
    """The text parts of a user input, joined by newlines."""
    return "\n".join(str(c.get("text", "")) for c in content if c.get("type") == "text")


@dataclass
class RolloutHistory:
    """What a rollout says about its thread."""

    meta: JSON
    turns: list[TurnRecord]
    # Responses API input items (role/content messages) in conversation order.
    conversation: list[JSON]
    total_usage: dict[str, int] | None
    last_usage: dict[str, int] | None
    model_context_window: int | None
    model: str | None
    reasoning_effort: str | None
    next_ordinal: int
    name: str | None = None
    last_item_ordinal: int | None = None
    # The latest turn_context's collaboration mode and its developer instructions.
    collaboration_mode: str | None = None
    collaboration_instructions: str | None = None
    # The latest turn_context's approval policy and sandbox policy (raw, snake_case).
    approval_policy: str | None = None
    sandbox_policy: JSON | None = None

    @property
    def preview(self) -> str:
        for turn in self.turns:
            text = turn.first_user_text()
            if text:
                return text
        return ""


# Response items that are part of what the model saw, besides messages.
_HISTORY_ITEM_TYPES = frozenset(
    {
        "function_call",
        "function_call_output",
        "custom_tool_call",
        "custom_tool_call_output",
        "reasoning",
        "web_search_call",
    }
)
_ROLLOUT_ONLY_KEYS = ("internal_chat_message_metadata_passthrough",)


def _message_to_input(payload: JSON) -> JSON | None:
    """A recorded message as the model is sent it again (developer and context included)."""
    role = payload.get("role")
    if role not in ("user", "assistant", "developer", "system"):
        return None
    parts: list[JSON] = []
    for part in payload.get("content") or []:
        kind = part.get("type")
        if kind in ("input_text", "output_text") and isinstance(part.get("text"), str):
            parts.append({"type": kind, "text": part["text"]})
        elif kind == "input_image" and isinstance(part.get("image_url"), str):
            parts.append(dict(part))
    if not parts:
        return None
    message: JSON = {"type": "message"}
    if isinstance(payload.get("id"), str):
        message["id"] = payload["id"]
    message["role"] = role
    message["content"] = parts
    return message


def _history_item(payload: JSON) -> JSON | None:
    """A non-message response item as the model is sent it again."""
    if payload.get("type") not in _HISTORY_ITEM_TYPES:
        return None
    return {k: v for k, v in payload.items() if k not in _ROLLOUT_ONLY_KEYS}


_SOURCE_FROM_ROLLOUT = {
    "agent": "agent",
    "user_shell": "userShell",
    "unified_exec_startup": "unifiedExecStartup",
    "unified_exec_interaction": "unifiedExecInteraction",
}
_ACTION_FROM_ROLLOUT = {"read": "read", "list_files": "listFiles", "search": "search"}
# The same tables the other way, for writing a wire command item into a rollout.
_SOURCE_TO_ROLLOUT = {wire: rollout for rollout, wire in _SOURCE_FROM_ROLLOUT.items()}
_ACTION_TO_ROLLOUT = {wire: rollout for rollout, wire in _ACTION_FROM_ROLLOUT.items()}


def _wire_action(action: JSON) -> JSON:
    out: JSON = {"type": _ACTION_FROM_ROLLOUT.get(str(action.get("type")), "unknown")}
    for key, value in action.items():
        if key != "type":
            out["command" if key == "cmd" else key] = value
    return out


def rollout_command_action(action: JSON) -> JSON:
    """A wire ``commandActions`` entry as the rollout's ``parsed_cmd`` entry."""
    out: JSON = {"type": _ACTION_TO_ROLLOUT.get(str(action.get("type")), "unknown")}
    for key, value in action.items():
        if key != "type":
            out["cmd" if key == "command" else key] = value
    return out


def rollout_command_source(source: Any) -> str:
    """A wire command ``source`` as the rollout spells it."""
    return _SOURCE_TO_ROLLOUT.get(str(source), "agent")


def _file_path(value: Any) -> str:
    """A recorded path, which the reference writes as a ``file://`` URL."""
    text = str(value or "")
    if text.startswith("file://"):
        return urllib.parse.unquote(urllib.parse.urlparse(text).path)
    return text


def _replayed_item(item: JSON) -> JSON | None:
    """A replacement-history item as the model is sent it again."""
    if item.get("type") == "message":
        return _message_to_input(item)
    return _history_item(item)


def _wire_tool_item(item: JSON, started: Any, completed: Any) -> JSON | None:
    """A recorded tool item (the reference's ``CommandExecution``, ``ImageView``,
    ``WebSearch`` and ``ContextCompaction`` shapes) as its wire item."""
    if item.get("type") == "ContextCompaction":
        return {
            "type": "contextCompaction",
            "id": str(item.get("id")),
            "startedAtMs": started,
            "completedAtMs": completed,
        }
    if item.get("type") == "EnteredReviewMode":
        return entered_review_item(
            str(item.get("id")), str(item.get("user_facing_hint") or ""), started, completed
        )
    if item.get("type") == "ExitedReviewMode":
        output = item.get("review_output")
        review = render_review_output(output if isinstance(output, dict) else None)
        return exited_review_item(str(item.get("id")), review, started, completed)
    if item.get("type") == "ImageView":
        return {
            "type": "imageView",
            "id": str(item.get("id")),
            "path": _file_path(item.get("path")),
            "startedAtMs": started,
            "completedAtMs": completed,
        }
    if item.get("type") == "WebSearch":
        return wire_web_search_item(item, started, completed)
    if item.get("type") == "CollabAgentToolCall":
        return {
            "type": "collabAgentToolCall",
            "id": str(item.get("id")),
            "tool": item.get("tool"),
            "status": item.get("status"),
            "senderThreadId": item.get("sender_thread_id"),
            "receiverThreadIds": list(item.get("receiver_thread_ids") or []),
            "prompt": item.get("prompt"),
            "model": item.get("model"),
            "reasoningEffort": item.get("reasoning_effort"),
            "agentsStates": dict(item.get("agents_states") or {}),
            "startedAtMs": started,
            "completedAtMs": completed,
        }
    if item.get("type") != "CommandExecution":
        return None
    command = item.get("command")
    cwd = str(item.get("cwd") or "")
    if cwd.startswith("file://"):
        cwd = urllib.parse.unquote(urllib.parse.urlparse(cwd).path)
    duration = item.get("duration")
    duration_ms = None
    if isinstance(duration, dict):
        duration_ms = (
            int(duration.get("secs", 0)) * 1000 + int(duration.get("nanos", 0)) // 1_000_000
        )
    return {
        "type": "commandExecution",
        "id": str(item.get("id")),
        "pluginId": None,
        "scriptPath": None,
        "command": shlex.join(command) if isinstance(command, list) else str(command or ""),
        "cwd": cwd,
        "processId": item.get("process_id"),
        "source": _SOURCE_FROM_ROLLOUT.get(str(item.get("source")), "agent"),
        "status": item.get("status"),
        "commandActions": [
            _wire_action(a) for a in item.get("parsed_cmd") or [] if isinstance(a, dict)
        ],
        "aggregatedOutput": item.get("aggregated_output"),
        "exitCode": item.get("exit_code"),
        "durationMs": duration_ms,
        "startedAtMs": started,
        "completedAtMs": completed,
    }


def build_history(lines: Iterable[RolloutLine], *, finished: bool = True) -> RolloutHistory:
    """Fold parsed rollout lines into a :class:`RolloutHistory`."""
    meta: JSON = {}
    turns: list[TurnRecord] = []
    by_id: dict[str, TurnRecord] = {}
    # Turns seen only through their items so far (review turns), by id.
    pending: dict[str, TurnRecord] = {}
    conversation: list[JSON] = []
    total: dict[str, int] | None = None
    last: dict[str, int] | None = None
    window: int | None = None
    model: str | None = None
    effort: str | None = None
    next_ordinal = 0
    name: str | None = None
    last_item_ordinal: int | None = None
    collaboration: str | None = None
    collaboration_instructions: str | None = None
    approval: str | None = None
    sandbox: JSON | None = None

    for line in lines:
        ordinal = line.ordinal
        next_ordinal = max(next_ordinal, ordinal + 1)
        kind = line.type
        payload = line.payload
        if kind == "session_meta":
            if not meta:
                meta = payload
            continue
        if kind == "turn_context":
            if isinstance(payload.get("model"), str):
                model = payload["model"]
            if isinstance(payload.get("approval_policy"), str):
                approval = payload["approval_policy"]
            if isinstance(payload.get("sandbox_policy"), dict):
                sandbox = payload["sandbox_policy"]
            mode = payload.get("collaboration_mode") or {}
            settings = mode.get("settings") if isinstance(mode, dict) else None
            if isinstance(mode, dict) and isinstance(mode.get("mode"), str):
                collaboration = mode["mode"]
                instructions = settings.get("developer_instructions") if settings else None
                collaboration_instructions = instructions if isinstance(instructions, str) else None
            if isinstance(settings, dict) and "reasoning_effort" in settings:
                effort = settings.get("reasoning_effort")
            elif "effort" in payload:
                effort = payload.get("effort")
            continue
        if kind == "response_item":
            converted = (
                _message_to_input(payload)
                if payload.get("type") == "message"
                else _history_item(payload)
            )
            if converted is not None:
                conversation.append(converted)
            continue
        if kind == "compacted":
            # The conversation was summarised: what follows builds on its replacement (the
            # reference's older lines carry only the summary message).
            replacement = payload.get("replacement_history")
            if isinstance(replacement, list):
                conversation = [
                    converted
                    for converted in (_replayed_item(i) for i in replacement if isinstance(i, dict))
                    if converted is not None
                ]
            elif isinstance(payload.get("message"), str):
                conversation = [
                    {
                        "type": "message",
                        "role": "user",
                        "content": [{"type": "input_text", "text": payload["message"]}],
                    }
                ]
            continue
        if kind != "event_msg":
            continue
        event = payload.get("type")
        turn_id = payload.get("turn_id")
        if event == "task_started" and isinstance(turn_id, str):
            for previous in turns:
                if previous.status == "inProgress":
                    previous.status = "interrupted"
            record = TurnRecord(
                id=turn_id,
                root_turn_id=str(payload.get("root_turn_id") or turn_id),
                ordinal=ordinal,
                started_at=payload.get("started_at"),
            )
            turns.append(record)
            by_id[turn_id] = record
            if isinstance(payload.get("model_context_window"), int):
                window = payload["model_context_window"]
        elif event == "item_completed" and isinstance(turn_id, str):
            record_or_none = by_id.get(turn_id)
            if record_or_none is None and turn_id not in by_id:
                # A review turn has no task_started line (its child review turn has): its
                # items wait, and it joins the turns when it ends, after its child.
                record_or_none = pending.get(turn_id)
                if record_or_none is None and isinstance(payload.get("started_at_ms"), int):
                    record_or_none = TurnRecord(
                        id=turn_id,
                        root_turn_id=turn_id,
                        ordinal=ordinal,
                        started_at=payload["started_at_ms"] // 1000,
                    )
                    pending[turn_id] = record_or_none
            item = payload.get("item") or {}
            if record_or_none is None or not isinstance(item, dict):
                continue
            last_item_ordinal = ordinal
            started = payload.get("started_at_ms")
            completed = payload.get("completed_at_ms")
            if item.get("type") == "UserMessage":
                record_or_none.add_item(
                    user_message_item(
                        str(item.get("id")), list(item.get("content") or []), started, completed
                    ),
                    ordinal,
                )
            elif item.get("type") == "AgentMessage":
                text = "".join(
                    str(c.get("text", "")) for c in item.get("content") or [] if isinstance(c, dict)
                )
                record_or_none.add_item(
                    agent_message_item(str(item.get("id")), text, started, completed), ordinal
                )
            elif (wire := _wire_tool_item(item, started, completed)) is not None:
                record_or_none.add_item(wire, ordinal)
        elif event in ("task_complete", "turn_aborted") and isinstance(turn_id, str):
            record_or_none = by_id.get(turn_id)
            if record_or_none is None and turn_id in pending:
                record_or_none = pending.pop(turn_id)
                if isinstance(payload.get("started_at"), int):
                    record_or_none.started_at = payload["started_at"]
                for previous in turns:
                    if previous.status == "inProgress":
                        previous.status = "interrupted"
                turns.append(record_or_none)
                by_id[turn_id] = record_or_none
            if record_or_none is None:
                continue
            record_or_none.completed_at = payload.get("completed_at")
            record_or_none.duration_ms = payload.get("duration_ms")
            if event == "turn_aborted":
                record_or_none.status = "interrupted"
            elif isinstance(payload.get("error"), dict):
                err = payload["error"]
                record_or_none.status = "failed"
                record_or_none.error = error_info(
                    str(err.get("message", "")), camel_error_kind(err.get("codex_error_info"))
                )
            else:
                record_or_none.status = "completed"
        elif event == "token_count":
            info = payload.get("info")
            if isinstance(info, dict):
                if isinstance(info.get("total_token_usage"), dict):
                    total = dict(info["total_token_usage"])
                if isinstance(info.get("last_token_usage"), dict):
                    last = dict(info["last_token_usage"])
                if isinstance(info.get("model_context_window"), int):
                    window = info["model_context_window"]
        elif event == "thread_name_updated" and isinstance(payload.get("thread_name"), str):
            name = payload["thread_name"]

    if finished:
        # A turn still open at the end of a rollout was cut short (crash or kill).
        for turn in turns:
            if turn.status == "inProgress":
                turn.status = "interrupted"
    return RolloutHistory(
        meta=meta,
        turns=turns,
        conversation=conversation,
        total_usage=total,
        last_usage=last,
        model_context_window=window,
        model=model,
        reasoning_effort=effort,
        next_ordinal=next_ordinal,
        name=name,
        last_item_ordinal=last_item_ordinal,
        collaboration_mode=collaboration,
        collaboration_instructions=collaboration_instructions,
        approval_policy=approval,
        sandbox_policy=sandbox,
    )
