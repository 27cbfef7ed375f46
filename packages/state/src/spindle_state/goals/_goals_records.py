"""Thread goal values: statuses, the stored row, input validation and the goal exceptions.

A goal is one objective attached to a thread (at most one per thread), with a status, an
optional token budget and the usage spent on it so far. ``goal_id`` (a UUID) names one
goal: it changes only when a goal is created or replaced, so a writer that remembers the
id it worked for can make its update conditional on it and never touch a newer goal.

Exception tree (all under :class:`~spindle_state.StateError`)::

    GoalError
    ├── GoalNotFound   an update for a thread that has no goal
    └── InvalidGoal    an empty or too long objective, or a budget that is not positive
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Final, Literal

from spindle_state._exceptions import StateError

MAX_OBJECTIVE_CHARS: Final = 4000
"""The longest objective accepted, in characters (code points), after trimming."""


class GoalStatus(StrEnum):
    """Lifecycle state of a goal, spelled as stored (the wire uses camelCase)."""

    ACTIVE = "active"
    PAUSED = "paused"
    BLOCKED = "blocked"
    USAGE_LIMITED = "usage_limited"
    BUDGET_LIMITED = "budget_limited"
    COMPLETE = "complete"


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP
"""Marks an update argument as "leave the stored value unchanged" (``None`` clears)."""

Keep = Literal[_Keep.KEEP]


class GoalError(StateError):
    """Base class of the goal exceptions."""


class GoalNotFound(GoalError):
    """The thread has no goal to update."""

    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        super().__init__(f"cannot update goal for thread {thread_id}: no goal exists")


class InvalidGoal(GoalError):
    """A goal value the store refuses; the message says which rule it broke."""


@dataclass(frozen=True)
class GoalRecord:
    """One ``thread_goals`` row. Times are unix milliseconds."""

    thread_id: str
    goal_id: str
    objective: str
    status: GoalStatus
    token_budget: int | None
    tokens_used: int
    time_used_seconds: int
    created_at_ms: int
    updated_at_ms: int

    @property
    def created_at(self) -> int:
        """Creation time in unix seconds."""
        return self.created_at_ms // 1000

    @property
    def updated_at(self) -> int:
        """Last change in unix seconds."""
        return self.updated_at_ms // 1000


def normalize_objective(objective: str) -> str:
    """The objective without surrounding whitespace; :class:`InvalidGoal` when it is empty
    or longer than :data:`MAX_OBJECTIVE_CHARS` characters."""
    trimmed = objective.strip()
    if not trimmed:
        raise InvalidGoal("goal objective must not be empty")
    if len(trimmed) > MAX_OBJECTIVE_CHARS:
        raise InvalidGoal(f"goal objective must be at most {MAX_OBJECTIVE_CHARS} characters")
    return trimmed


def validate_token_budget(token_budget: int | None) -> None:
    """:class:`InvalidGoal` unless the budget is absent or positive."""
    if token_budget is not None and token_budget <= 0:
        raise InvalidGoal("goal budgets must be positive when provided")
