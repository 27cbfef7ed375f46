"""Threads loaded in this process: their settings, history, rollout writer and subscribers.

A thread is *loaded* after thread/start, thread/resume or thread/fork. Following the
reference, a started thread is not persisted until it needs to be (its first turn, or a
name): no rollout file and no SQLite row exist before that ("lazy persistence").
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spindle_state import (
    GitInfo,
    NewThread,
    StateStore,
    ThreadRecord,
    format_rollout_timestamp,
    iter_rollout_lines,
)

from ._collaboration import DEFAULT_MODE, collaboration_mode_json
from ._history import RolloutHistory, TurnRecord, build_history
from ._instructions import BASE_INSTRUCTIONS
from ._rollout import MemoryRolloutWriter, RolloutWriter, rollout_path_for
from ._sandbox_settings import policy_from_mode
from ._tool_switches import ToolSwitches
from ._version import CLI_VERSION
from ._wire import ThreadView

if TYPE_CHECKING:
    from spindle_protocol.models import Thread, Turn

    from ._session import Session
    from .tools._unified_exec import ProcessManager

__all__ = [
    "REVIEW_SOURCE",
    "ActiveTurn",
    "LoadedThread",
    "ThreadSettings",
    "active_permission_profile",
    "load_history",
    "new_thread_row",
    "now_ms",
    "session_meta_payload",
    "source_text",
    "thread_settings_json",
    "view_from_record",
]

JSON = dict[str, Any]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def active_permission_profile(settings: ThreadSettings) -> JSON | None:
    """The reference reports its default profile only when no legacy sandbox_mode was set."""
    if settings.sandbox_mode == "read-only" and not settings.explicit_sandbox:
        return {"id": ":read-only", "extends": None}
    if settings.sandbox_mode == "workspace-write" and not settings.explicit_sandbox:
        # A trusted project's default (no sandbox_mode in config.toml).
        return {"id": ":workspace", "extends": None}
    return None


def thread_settings_json(settings: ThreadSettings) -> JSON:
    """``thread/settings/updated`` ``threadSettings``, in the reference's member order."""
    return {
        "disabledPluginIds": [],
        "cwd": settings.cwd,
        "environments": [
            {
                "environmentId": "local",
                "cwd": settings.cwd,
                "runtimeWorkspaceRoots": [settings.cwd],
            }
        ],
        "approvalPolicy": settings.approval_policy,
        "approvalsReviewer": "user",
        "sandboxPolicy": settings.policy,
        "activePermissionProfile": active_permission_profile(settings),
        "model": settings.model,
        "modelProvider": settings.model_provider,
        "serviceTier": None,
        "effort": settings.reasoning_effort,
        "summary": None,
        "collaborationMode": settings.collaboration_json(),
        "multiAgentMode": "explicitRequestOnly",
        "personality": None,
    }


@dataclass
class ThreadSettings:
    """The live configuration of a loaded thread (what its next turn uses)."""

    model: str
    model_provider: str
    reasoning_effort: str | None
    cwd: str
    approval_policy: str
    sandbox_mode: str
    # Whether the sandbox came from config.toml `sandbox_mode` or the request (not a default).
    explicit_sandbox: bool = False
    # The full wire SandboxPolicy; ``None`` means the bare policy of ``sandbox_mode``.
    sandbox_policy: JSON | None = None

    @property
    def policy(self) -> JSON:
        """The wire ``SandboxPolicy`` the thread's commands run under."""
        if self.sandbox_policy is not None:
            return self.sandbox_policy
        return policy_from_mode(self.sandbox_mode)

    # The collaboration mode (turn/start `collaborationMode`, kept for later turns) and its
    # developer instructions (None in Default mode).
    collaboration_mode: str = DEFAULT_MODE
    collaboration_instructions: str | None = None
    # The `## Memory` block of a thread started with memories in use (developer message).
    memory_instructions: str | None = None
    # The tools its configuration leaves on (thread/start `config` may turn some off).
    tools: ToolSwitches = field(default_factory=ToolSwitches)

    def collaboration_json(self) -> JSON:
        return collaboration_mode_json(
            self.collaboration_mode,
            self.model,
            self.reasoning_effort,
            self.collaboration_instructions,
        )


@dataclass
class ActiveTurn:
    """The turn currently running on a thread."""

    turn_id: str
    started_at: int
    started_ms: int
    task: asyncio.Task[None] | None = None
    interrupt_requested: bool = False
    # turn/start changed the thread's settings: announce them before the turn starts.
    settings_changed: bool = False
    # turn/start `outputSchema`: the model must answer JSON matching it.
    output_schema: dict[str, Any] | None = None
    # The turn that caused this one (a sub-agent's turn: its parent's); None: itself.
    root_turn_id: str | None = None
    # A thread/compact/start turn: it only compacts the conversation.
    compact_only: bool = False
    # A thread/shellCommand turn: (command, timeoutMs); it only runs that command.
    shell_command: tuple[str, int | None] | None = None
    # turn/steer input waiting for the next model request: (content, clientUserMessageId).
    steered: list[tuple[list[dict[str, Any]], str | None]] = field(default_factory=list)

    @classmethod
    def starting_now(cls, **fields: Any) -> ActiveTurn:
        """A turn starting now, with a fresh id (seconds and milliseconds of one clock read)."""
        from ._ids import uuid7

        now_ns = time.time_ns()
        return cls(
            turn_id=uuid7(),
            started_at=now_ns // 1_000_000_000,
            started_ms=now_ns // 1_000_000,
            **fields,
        )


@dataclass
class LoadedThread:
    """A thread loaded in this process."""

    view: ThreadView
    settings: ThreadSettings
    created_at_ms: int
    rollout_path: Path
    materialized: bool
    git: GitInfo | None = None
    writer: RolloutWriter | MemoryRolloutWriter | None = None
    turns: list[TurnRecord] = field(default_factory=list)
    conversation: list[JSON] = field(default_factory=list)
    total_usage: dict[str, int] | None = None
    last_usage: dict[str, int] | None = None
    last_turn_ordinal: int | None = None
    last_item_ordinal: int | None = None
    active: ActiveTurn | None = None
    # The SQLite row holds the preview already (set once, from the first user message).
    preview_stored: bool = False
    subscribers: set[Session] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # What the model reads first in every request (kept from the rollout on resume).
    base_instructions: str = BASE_INSTRUCTIONS
    # Unified exec sessions of this thread (made by the first exec_command).
    processes: ProcessManager | None = None
    # acceptForSession approvals: keys of commands the user allowed for this thread.
    approved_commands: set[tuple[Any, ...]] = field(default_factory=set)
    # Items of commands still running after their first yield, by unified exec session id.
    running_commands: dict[int, Any] = field(default_factory=dict)
    # Context messages for the running turn's next model request (the goal budget limit).
    pending_context: list[JSON] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.view.id

    def thread_json(
        self, *, turns: list[JSON] | None = None, can_accept_direct_input: bool | None = True
    ) -> JSON:
        return self.view.to_json(turns, can_accept_direct_input=can_accept_direct_input)

    def turns_json(self, items_view: str = "full") -> list[JSON]:
        return [turn.to_json(items_view) for turn in self.turns]

    def thread_model(
        self, *, turns: list[Turn] | None = None, can_accept_direct_input: bool | None = True
    ) -> Thread:
        """The ``Thread`` object (a loaded thread accepts direct input)."""
        return self.view.to_model(turns, can_accept_direct_input=can_accept_direct_input)

    def turn_models(self, items_view: str = "full") -> list[Turn]:
        return [turn.to_model(items_view) for turn in self.turns]

    def apply_history(self, history: RolloutHistory) -> None:
        base = history.meta.get("base_instructions")
        if isinstance(base, dict) and isinstance(base.get("text"), str):
            self.base_instructions = base["text"]
        self.preview_stored = bool(history.preview) or self.preview_stored
        self.turns = history.turns
        self.conversation = history.conversation
        self.total_usage = history.total_usage
        self.last_usage = history.last_usage
        self.last_turn_ordinal = history.turns[-1].ordinal if history.turns else None
        self.last_item_ordinal = history.last_item_ordinal
        if history.collaboration_mode is not None:
            # The mode sticks to the thread: a resumed (or forked) thread keeps it.
            self.settings = replace(
                self.settings,
                collaboration_mode=history.collaboration_mode,
                collaboration_instructions=history.collaboration_instructions,
            )

    async def kill_processes(self) -> None:
        """Kill every process this thread started (whole process groups)."""
        if self.processes is not None:
            await self.processes.kill_all()

    def add_history_item(self, item: JSON, turn_id: str | None, **metadata: Any) -> None:
        """Give the model ``item`` from its next request on, and record it in the rollout as
        a ``response_item`` (so a resume replays it); ``metadata`` joins its passthrough."""
        self.conversation.append(item)
        if self.writer is not None:
            passthrough = {"turn_id": turn_id, "create_time": time.time(), **metadata}
            self.writer.append(
                "response_item", {**item, "internal_chat_message_metadata_passthrough": passthrough}
            )

    def close_writer(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def input_message(text: str) -> JSON:
    """A user-role text message for the model's input (harness context, summaries...)."""
    from ._ids import uuid7

    return {
        "type": "message",
        "id": "msg_" + uuid7(),
        "role": "user",
        "content": [{"type": "input_text", "text": text}],
    }


def session_meta_payload(
    *,
    thread_id: str,
    created_at_ms: int,
    cwd: str,
    originator: str,
    source: str,
    thread_source: str | None,
    model_provider: str,
    model: str,
    git: GitInfo | None,
    forked_from_id: str | None = None,
    base_instructions: str = BASE_INSTRUCTIONS,
) -> JSON:
    """The ``session_meta`` payload, keys in the reference's order.

    ``thread_source`` is omitted when unset, as the reference does.
    """
    payload: JSON = {
        "session_id": thread_id,
        "id": thread_id,
    }
    if forked_from_id is not None:
        payload["forked_from_id"] = forked_from_id
    payload.update(
        {
            "timestamp": format_rollout_timestamp(created_at_ms),
            "cwd": cwd,
            "runtime_workspace_roots": [cwd],
            "originator": originator,
            "cli_version": CLI_VERSION,
            "source": source,
        }
    )
    if thread_source is not None:
        payload["thread_source"] = thread_source
    payload["model_provider"] = model_provider
    payload["base_instructions"] = {"text": base_instructions}
    payload["history_mode"] = "paginated"
    if git is not None and not git.is_empty:
        payload["git"] = {
            "commit_hash": git.sha,
            "branch": git.branch,
            "repository_url": git.origin_url,
        }
    return payload


def new_thread_row(thread: LoadedThread) -> NewThread:
    """The SQLite row of a loaded thread that is persisted for the first time."""
    view = thread.view
    return NewThread(
        id=view.id,
        rollout_path=str(thread.rollout_path),
        created_at_ms=thread.created_at_ms,
        updated_at_ms=thread.created_at_ms,
        source=view.source,
        thread_source=view.thread_source,
        originator=view.originator,
        model_provider=view.model_provider,
        model=thread.settings.model,
        reasoning_effort=thread.settings.reasoning_effort,
        cwd=view.cwd,
        name=view.name,
        cli_version=view.cli_version,
        git=thread.git or GitInfo(),
        forked_from_id=view.forked_from_id,
    )


def ensure_row(thread: LoadedThread, store: StateStore) -> ThreadRecord:
    """Insert the thread's SQLite row if absent, without writing its rollout yet.

    The reference does this for thread/metadata/update before the first turn: the row
    (with an empty preview, so it is not listed) exists, the rollout does not.
    """
    record, _inserted = store.ensure_thread(new_thread_row(thread))
    return record


def materialize(thread: LoadedThread, store: StateStore) -> ThreadRecord:
    """Write the rollout's session_meta and insert the SQLite row (first persistence)."""
    view = thread.view
    writer = RolloutWriter(thread.rollout_path)
    writer.append(
        "session_meta",
        session_meta_payload(
            thread_id=view.id,
            created_at_ms=thread.created_at_ms,
            cwd=view.cwd,
            originator=view.originator,
            source=view.source,
            thread_source=view.thread_source,
            model_provider=view.model_provider,
            model=thread.settings.model,
            git=thread.git,
            forked_from_id=view.forked_from_id,
            base_instructions=thread.base_instructions,
        ),
        ts_ms=thread.created_at_ms,
    )
    thread.writer = writer
    record = ensure_row(thread, store)
    thread.materialized = True
    return record


def load_history(path: Path) -> RolloutHistory:
    """Read a rollout (torn last line tolerated) into a history."""
    return build_history(iter_rollout_lines(path))


def source_from_row(source: str) -> Any:
    """A stored ``source``: a surface name, or a sub-agent's source object as JSON text."""
    if source.startswith("{"):
        try:
            return json.loads(source)
        except ValueError:
            return source
    return source


REVIEW_SOURCE: JSON = {"subAgent": "review"}
"""The ``source`` of the thread a review's reviewer runs in (its parent is in its
rollout's ``session_meta``)."""


def source_text(source: Any) -> str:
    """A ``source`` as stored: a surface name, or a sub-agent's source object as JSON."""
    return source if isinstance(source, str) else json.dumps(source, separators=(",", ":"))


def _rollout_parent(path: str | None) -> str | None:
    """``parent_thread_id`` of a rollout's ``session_meta`` (its first line)."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            first = json.loads(handle.readline() or "{}")
    except (OSError, ValueError):
        return None
    parent = (first.get("payload") or {}).get("parent_thread_id")
    return parent if isinstance(parent, str) else None


def view_from_record(record: ThreadRecord) -> ThreadView:
    """A not-loaded view of a stored thread row."""
    view = _view_from_record(record)
    if record.source == source_text(REVIEW_SOURCE):
        view.parent_thread_id = _rollout_parent(record.rollout_path)
    return view


def _view_from_record(record: ThreadRecord) -> ThreadView:
    return ThreadView(
        id=record.id,
        created_at=record.created_at,
        updated_at=record.updated_at,
        recency_at=record.updated_at,
        cwd=record.cwd,
        model_provider=record.model_provider,
        model=record.model,
        reasoning_effort=record.reasoning_effort,
        path=record.rollout_path or None,
        cli_version=record.cli_version,
        originator=record.originator or "",
        source=source_from_row(record.source),
        thread_source=record.thread_source,
        preview=record.preview,
        forked_from_id=record.forked_from_id,
        status={"type": "notLoaded"},
        loaded=False,
        git_sha=record.git.sha,
        git_branch=record.git.branch,
        git_origin_url=record.git.origin_url,
        name=record.name,
        agent_nickname=record.agent_nickname,
        agent_role=record.agent_role,
        history_mode=record.history_mode,
    )


def turns_cursor(thread_id: str, ordinal: int | None, kind: str) -> str | None:
    """A backwards cursor (JSON text, as the reference formats it) anchored at ``ordinal``."""
    if ordinal is None:
        return None
    return json.dumps(
        {
            "requestedThreadId": thread_id,
            "rolloutOrdinal": ordinal,
            "includeAnchor": True,
            "scope": {"kind": kind},
        },
        separators=(",", ":"),
    )


def new_rollout_path(home: Path, thread_id: str, created_at_ms: int) -> Path:
    return rollout_path_for(home, thread_id, created_at_ms)
