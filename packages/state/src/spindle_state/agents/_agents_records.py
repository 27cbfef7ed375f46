"""Agent graph values: the spawn edge row, its status, and the agent graph exceptions.

A spawn edge says that ``child_thread_id`` was spawned by ``parent_thread_id`` inside the
agent tree of ``root_thread_id`` (the user's thread, whose agent is ``/root``), at
``agent_path`` (``/root/a/b``). Edges are ``open`` while the child may run and ``closed``
once it (or an ancestor) was closed.

Exception tree (all under :class:`~spindle_state.StateError`)::

    AgentGraphError
    └── AgentPathTaken   another agent of the same tree already holds this path
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from spindle_state._exceptions import StateError


class SpawnEdgeStatus(StrEnum):
    """Whether the child agent of an edge is open or closed, spelled as stored."""

    OPEN = "open"
    CLOSED = "closed"


class AgentGraphError(StateError):
    """Base class of the agent graph exceptions."""


class AgentPathTaken(AgentGraphError):
    """A spawn would give a second agent of one tree the same path."""

    def __init__(self, root_thread_id: str, agent_path: str) -> None:
        self.root_thread_id = root_thread_id
        self.agent_path = agent_path
        super().__init__(f"agent path {agent_path} is already taken in tree {root_thread_id}")


@dataclass(frozen=True)
class SpawnEdge:
    """One ``thread_spawn_edges`` row. Times are unix milliseconds."""

    child_thread_id: str
    parent_thread_id: str
    root_thread_id: str
    agent_path: str
    agent_nickname: str | None
    agent_role: str | None
    depth: int
    status: SpawnEdgeStatus
    created_at_ms: int
    updated_at_ms: int
    closed_at_ms: int | None

    @property
    def is_open(self) -> bool:
        return self.status is SpawnEdgeStatus.OPEN

    @property
    def name(self) -> str:
        """The last segment of the path (the child's name among its siblings)."""
        return self.agent_path.rsplit("/", 1)[-1]
