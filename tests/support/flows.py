"""Small client-side flows shared by the e2e tests (start a thread, run a turn)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.support.client import DEFAULT_TIMEOUT, Connection, ServerProcess
from tests.support.golden import is_ignored
from tests.support.mock_provider import MockProvider, TextReply

__all__ = ["TurnRun", "methods", "one_turn_then_stop", "run_turn", "start_thread", "text_input"]


def text_input(text: str) -> list[dict[str, Any]]:
    return [{"type": "text", "text": text}]


def start_thread(conn: Connection, **params: Any) -> dict[str, Any]:
    """thread/start; waits for its ``thread/started`` so later marks see only new messages."""
    since = conn.mark()
    thread: dict[str, Any] = conn.call("thread/start", params)["thread"]
    conn.wait_for(
        "thread/started", lambda m: m["params"]["thread"]["id"] == thread["id"], since=since
    )
    return thread


@dataclass
class TurnRun:
    """What one turn/start produced on the wire."""

    turn: dict[str, Any]
    notifications: list[dict[str, Any]]
    completed: dict[str, Any]

    @property
    def turn_id(self) -> str:
        return str(self.turn["id"])

    @property
    def status(self) -> str:
        return str(self.completed["params"]["turn"]["status"])

    def of(self, method: str) -> list[dict[str, Any]]:
        return [m for m in self.notifications if m["method"] == method]

    def agent_text(self) -> str:
        return "".join(m["params"]["delta"] for m in self.of("item/agentMessage/delta"))


def methods(notifications: list[dict[str, Any]]) -> list[str]:
    return [m["method"] for m in notifications if not is_ignored(m)]


def run_turn(
    conn: Connection,
    thread_id: str,
    text: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    **params: Any,
) -> TurnRun:
    """turn/start and wait for this turn's ``turn/completed``."""
    since = conn.mark()
    turn = conn.call("turn/start", {"threadId": thread_id, "input": text_input(text), **params})[
        "turn"
    ]
    completed = conn.wait_for(
        "turn/completed",
        lambda m: m["params"]["turn"]["id"] == turn["id"],
        since=since,
        timeout=timeout,
    )
    notes = conn.notifications(since)
    end = next(i for i, m in enumerate(notes) if m is completed)
    return TurnRun(turn, notes[: end + 1], completed)


def one_turn_then_stop(server: ServerProcess, provider: MockProvider) -> str:
    """On a started server: initialize, a thread, one completed turn, a clean stop (a home
    that has run a thread). The thread's id."""
    conn = server.connect()
    conn.initialize()
    thread_id = str(start_thread(conn)["id"])
    provider.enqueue(TextReply.of("done"))
    assert run_turn(conn, thread_id, "hello").status == "completed"
    assert server.shutdown() == 0
    return thread_id
