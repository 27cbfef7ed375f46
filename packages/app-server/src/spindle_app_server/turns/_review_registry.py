"""Which turns are reviews, which review turn runs which child, which turns a review replaces.

``review/start`` schedules a review for a turn it is about to start (the engine takes it
when the turn runs); turn/interrupt names a running review by its child turn, as the
reference; a turn cancelled because a review replaces it is not left unread and its rollout
says ``replaced``.
"""

from __future__ import annotations

from .._review import ResolvedReview
from .._threads import ActiveTurn

__all__ = [
    "interruptible_turn_id",
    "mark_replaced",
    "replaced_by_review",
    "schedule_review",
    "set_child_turn",
    "take_review",
]

# Reviews accepted by review/start whose turn has not started yet, by turn id, with whether
# their unknown-model warning was sent already.
_PENDING: dict[str, tuple[ResolvedReview, bool]] = {}
# The child turn of each running review, by review turn id.
_CHILD_TURNS: dict[str, str] = {}
# Turns being cancelled because a review replaces them.
_REPLACED: set[str] = set()


def schedule_review(active: ActiveTurn, review: ResolvedReview, *, warned: bool = False) -> None:
    """Make the turn ``active`` (about to be started) a review of ``review``; ``warned``:
    its unknown-model warning was sent already."""
    _PENDING[active.turn_id] = (review, warned)


def take_review(active: ActiveTurn) -> tuple[ResolvedReview, bool] | None:
    """The review the turn ``active`` runs, if it is a review turn (asked once)."""
    return _PENDING.pop(active.turn_id, None)


def set_child_turn(turn_id: str, child_turn_id: str | None) -> None:
    """The review turn ``turn_id`` now runs the child turn ``child_turn_id`` (None: no more)."""
    if child_turn_id is None:
        _CHILD_TURNS.pop(turn_id, None)
    else:
        _CHILD_TURNS[turn_id] = child_turn_id


def interruptible_turn_id(active: ActiveTurn) -> str:
    """The turn id turn/interrupt expects: a running review's child turn, as the reference."""
    return _CHILD_TURNS.get(active.turn_id, active.turn_id)


def mark_replaced(active: ActiveTurn, *, done: bool = False) -> None:
    """The turn ``active`` is about to be cancelled by a new review (not by the user);
    ``done``: it has ended."""
    if done:
        _REPLACED.discard(active.turn_id)
    else:
        _REPLACED.add(active.turn_id)


def replaced_by_review(turn_id: str) -> bool:
    """Whether the turn ``turn_id`` is ending because a review replaced it."""
    return turn_id in _REPLACED
