"""An agent's status, as the multi-agent tools report it, and the collab items.

The status is derived from the agent's thread whenever it is asked for, so it can never
drift from what the thread did:

- closed -> ``shutdown``; a thread id no agent holds -> ``not_found``;
- a turn running -> ``running``; no turn yet -> ``pending_init``;
- otherwise the last turn decides: completed (with its last agent message), failed
  (``errored`` with the error message) or interrupted.

Two spellings exist: the tools' results use the reference's snake_case values, where the
payload-carrying ones are objects (``{"completed": "text"}``); ``collabAgentToolCall``
items carry ``{"status": "completed", "message": "text"}`` in ``agentsStates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from .._threads import LoadedThread

__all__ = [
    "NOT_FOUND",
    "PENDING_INIT",
    "SHUTDOWN",
    "AgentState",
    "collab_item",
    "state_of_thread",
]

JSON = dict[str, Any]

_WIRE: Final = {
    "pending_init": "pendingInit",
    "running": "running",
    "interrupted": "interrupted",
    "completed": "completed",
    "errored": "errored",
    "shutdown": "shutdown",
    "not_found": "notFound",
}
# Statuses whose tool value carries a payload (an object with one member).
_WITH_PAYLOAD: Final = ("completed", "errored")


@dataclass(frozen=True)
class AgentState:
    """One agent status: ``kind`` in the reference's snake_case, with its message."""

    kind: str
    message: str | None = None

    @property
    def is_final(self) -> bool:
        """Whether a waiter stops waiting for it (anything but pending or running)."""
        return self.kind not in ("pending_init", "running")

    def tool_json(self) -> Any:
        """The value in tool results: ``"running"`` or ``{"completed": "text"}``."""
        if self.kind in _WITH_PAYLOAD:
            return {self.kind: self.message}
        return self.kind

    def wire_json(self) -> JSON:
        """A ``CollabAgentState``."""
        return {"status": _WIRE[self.kind], "message": self.message}


PENDING_INIT: Final = AgentState("pending_init")
SHUTDOWN: Final = AgentState("shutdown")
NOT_FOUND: Final = AgentState("not_found")


def state_of_thread(thread: LoadedThread) -> AgentState:
    """The status of a loaded, open agent's thread."""
    if thread.active is not None:
        return AgentState("running")
    if not thread.turns:
        return PENDING_INIT
    last = thread.turns[-1]
    if last.status == "completed":
        final = last.final_agent_item()
        return AgentState("completed", None if final is None else str(final.get("text", "")))
    if last.status == "failed":
        message = (last.error or {}).get("message")
        return AgentState("errored", str(message) if message is not None else "turn failed")
    if last.status == "interrupted":
        return AgentState("interrupted")
    return AgentState("running")


def collab_item(
    call_id: str,
    tool: str,
    *,
    status: str,
    sender: str,
    receivers: list[str],
    prompt: str | None,
    model: str | None,
    reasoning_effort: str | None,
    states: dict[str, AgentState],
    started_ms: int | None,
    completed_ms: int | None,
) -> JSON:
    """A ``collabAgentToolCall`` item, members in the reference's order."""
    return {
        "type": "collabAgentToolCall",
        "id": call_id,
        "tool": tool,
        "status": status,
        "senderThreadId": sender,
        "receiverThreadIds": receivers,
        "prompt": prompt,
        "model": model,
        "reasoningEffort": reasoning_effort,
        "agentsStates": {thread_id: state.wire_json() for thread_id, state in states.items()},
        "startedAtMs": started_ms,
        "completedAtMs": completed_ms,
    }
