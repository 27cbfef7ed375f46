"""What the engine and the three sinks share about one running turn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._history import TurnRecord
from .._rollout import MemoryRolloutWriter, RolloutWriter
from .._threads import ActiveTurn, LoadedThread, ThreadSettings
from .._turn_events import TurnEnded

if TYPE_CHECKING:
    from .._server import AppServer

__all__ = ["DEFAULT_CONTEXT_WINDOW", "TurnState", "context_window"]

# The context window the reference reports for models without metadata (its fallback).
DEFAULT_CONTEXT_WINDOW = 258400


def context_window(server: AppServer) -> int:
    """config.toml ``model_context_window``, else the reference's fallback window."""
    configured = server.config.model_context_window
    return configured if configured is not None else DEFAULT_CONTEXT_WINDOW


@dataclass
class TurnState:
    """One running turn: its thread, its record and what it has produced so far."""

    server: AppServer
    thread: LoadedThread
    active: ActiveTurn
    record: TurnRecord
    client_id: str | None = None
    # Start times of agent message items being streamed, by item id.
    item_starts: dict[str, int] = field(default_factory=dict)
    agent_items: list[dict[str, Any]] = field(default_factory=list)
    # Whether a model request was made: an interrupted turn reports rate limits only then.
    sampled: bool = False
    # Sends the notifications of the turn's end in place of the notifier sink (a review
    # turn's end is announced in its own order).
    end_notifier: Callable[[TurnEnded], Awaitable[None]] | None = None

    @property
    def turn_id(self) -> str:
        return self.record.id

    @property
    def thread_id(self) -> str:
        return self.thread.id

    @property
    def settings(self) -> ThreadSettings:
        return self.thread.settings

    @property
    def writer(self) -> RolloutWriter | MemoryRolloutWriter:
        writer = self.thread.writer
        assert writer is not None, "a running turn always has a rollout writer"
        return writer

    @property
    def persist(self) -> bool:
        """Whether the thread has a row in the state store (not ephemeral)."""
        return self.thread.materialized and not self.thread.view.ephemeral
