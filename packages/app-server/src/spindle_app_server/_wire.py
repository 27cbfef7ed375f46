"""JSON shapes of threads, turns and items, in the reference's member order.

The generated models describe these types, but their fields come in schema (alphabetical)
order; a client comparing bytes or field order with the reference must see the reference's
order, and which members are null versus present. These builders are the one place that
decides both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spindle_protocol.models import Thread, Turn

__all__ = [
    "ThreadView",
    "agent_message_item",
    "error_info",
    "git_info_json",
    "token_usage_breakdown",
    "turn_json",
    "user_message_item",
]

JSON = dict[str, Any]


@dataclass
class ThreadView:
    """Everything a ``Thread`` object shows."""

    id: str
    created_at: int
    updated_at: int
    recency_at: int
    cwd: str
    model_provider: str
    model: str | None
    reasoning_effort: str | None
    path: str | None
    cli_version: str
    originator: str
    source: str = "vscode"
    thread_source: str | None = None
    preview: str = ""
    ephemeral: bool = False
    forked_from_id: str | None = None
    session_id: str | None = None
    status: JSON = field(default_factory=lambda: {"type": "notLoaded"})
    loaded: bool = False
    git_sha: str | None = None
    git_branch: str | None = None
    git_origin_url: str | None = None
    name: str | None = None
    agent_nickname: str | None = None
    agent_role: str | None = None
    history_mode: str = "paginated"
    # The parent of a sub-agent thread whose source does not name it (a review's thread).
    parent_thread_id: str | None = None

    def to_model(
        self,
        turns: list[Turn] | None = None,
        *,
        can_accept_direct_input: bool | None = None,
        show_thread_source: bool = True,
    ) -> Thread:
        """The ``Thread`` object, with ``turns`` (none by default)."""
        from spindle_protocol.models import Thread

        thread = Thread.model_validate(
            self.to_json(
                [],
                can_accept_direct_input=can_accept_direct_input,
                show_thread_source=show_thread_source,
            )
        )
        if turns:
            thread.turns = turns
        return thread

    def to_json(
        self,
        turns: list[JSON] | None = None,
        *,
        can_accept_direct_input: bool | None = None,
        show_thread_source: bool = True,
    ) -> JSON:
        environments: list[JSON] | None = None
        if self.loaded:
            environments = [
                {"environmentId": "local", "cwd": self.cwd, "runtimeWorkspaceRoots": [self.cwd]}
            ]
        return {
            "id": self.id,
            "environments": environments,
            "extra": None,
            "sessionId": self.session_id or self.id,
            "forkedFromId": self.forked_from_id,
            "attachedToThreadId": None,
            "parentThreadId": _parent_of_source(self.source) or self.parent_thread_id,
            "preview": self.preview,
            "ephemeral": self.ephemeral,
            "section": None,
            "sectionEnteredAt": None,
            "projectId": None,
            "historyMode": self.history_mode,
            "modelProvider": self.model_provider,
            "model": self.model,
            "reasoningEffort": self.reasoning_effort,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "recencyAt": self.recency_at,
            "status": dict(self.status),
            "path": self.path,
            "cwd": self.cwd,
            "cliVersion": self.cli_version,
            "originator": self.originator,
            "source": self.source,
            "canAcceptDirectInput": can_accept_direct_input,
            "threadSource": self.thread_source if show_thread_source else None,
            "agentNickname": self.agent_nickname,
            "agentRole": self.agent_role,
            "gitInfo": git_info_json(self.git_sha, self.git_branch, self.git_origin_url),
            "name": self.name,
            "daybreakEnabled": None,
            "turns": turns if turns is not None else [],
        }


def _parent_of_source(source: Any) -> str | None:
    """The spawning thread of a sub-agent, from its ``source`` (None for other threads)."""
    if not isinstance(source, dict):
        return None
    sub_agent = source.get("subAgent")
    spawn = sub_agent.get("thread_spawn") if isinstance(sub_agent, dict) else None
    parent = spawn.get("parent_thread_id") if isinstance(spawn, dict) else None
    return parent if isinstance(parent, str) else None


def git_info_json(sha: str | None, branch: str | None, origin_url: str | None) -> JSON | None:
    """``gitInfo``: null when all three fields are null, as the reference answers."""
    if sha is None and branch is None and origin_url is None:
        return None
    return {"sha": sha, "branch": branch, "originUrl": origin_url}


def user_message_item(
    item_id: str,
    content: list[JSON],
    started_at_ms: int | None,
    completed_at_ms: int | None,
    client_id: str | None = None,
) -> JSON:
    return {
        "type": "userMessage",
        "id": item_id,
        "clientId": client_id,
        "content": content,
        "startedAtMs": started_at_ms,
        "completedAtMs": completed_at_ms,
    }


def agent_message_item(
    item_id: str, text: str, started_at_ms: int | None, completed_at_ms: int | None
) -> JSON:
    return {
        "type": "agentMessage",
        "moderation": None,
        "id": item_id,
        "text": text,
        "phase": None,
        "memoryCitation": None,
        "delivery": None,
        "questions": None,
        "startedAtMs": started_at_ms,
        "completedAtMs": completed_at_ms,
    }


def error_info(message: str, codex_error_info: str | None = "other") -> JSON:
    """A ``TurnError``."""
    return {
        "message": message,
        "codexErrorInfo": codex_error_info,
        "additionalDetails": None,
        "misalignment": None,
    }


def turn_json(
    turn_id: str,
    *,
    items: list[JSON],
    items_view: str,
    status: str,
    error: JSON | None = None,
    started_at: int | None = None,
    completed_at: int | None = None,
    duration_ms: int | None = None,
    root_turn_id: str | None = None,
) -> JSON:
    return {
        "id": turn_id,
        "rootTurnId": root_turn_id or turn_id,
        "items": items,
        "itemsView": items_view,
        "status": status,
        "error": error,
        "startedAt": started_at,
        "completedAt": completed_at,
        "durationMs": duration_ms,
    }


def token_usage_breakdown(usage: dict[str, int]) -> JSON:
    """A ``TokenUsageBreakdown`` from snake_case counters."""
    return {
        "totalTokens": usage.get("total_tokens", 0),
        "inputTokens": usage.get("input_tokens", 0),
        "cachedInputTokens": usage.get("cached_input_tokens", 0),
        "cacheWriteInputTokens": usage.get("cache_write_input_tokens", 0),
        "outputTokens": usage.get("output_tokens", 0),
        "reasoningOutputTokens": usage.get("reasoning_output_tokens", 0),
    }
