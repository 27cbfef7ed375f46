"""The goals runtime: goal usage accounting per turn, and continuation turns.

The turn engine calls :func:`on_turn_started`, :func:`on_turn_usage` and
:func:`on_turn_finished`. The goal that is active when a turn starts (or becomes active
while it runs) is the one the turn works for; its ``goal_id`` guards the accounting, so
usage of a turn never lands on a goal that replaced it. Tokens are the reference's
(non-cached input plus output); seconds are the wall-clock time the goal was active in
the turn. The update is notified with the turn's id.

Continuation: while a loaded thread's goal is active, an idle thread starts another turn
with no user input; the model gets a goal-continuation message instead. This happens after
a set that leaves the goal active and after each *completed* turn (a failed or interrupted
turn stops the chain), and ends when the goal is no longer active (budget reached, paused,
complete, cleared).

The ``thread/goal/*`` handlers live in :mod:`.handlers.thread_goal`; the model's goal tools
in :mod:`.tools.goals`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_GOAL_CLEARED, THREAD_GOAL_UPDATED
from spindle_state import (
    GoalRecord,
    GoalStatus,
    GoalStore,
    goals_database_path,
    open_goal_store,
)

from ._database_files import LazyDatabase
from ._threads import ActiveTurn, LoadedThread, input_message, materialize, now_ms

if TYPE_CHECKING:
    from pydantic import BaseModel
    from spindle_protocol.models import ThreadGoal

    from ._server import AppServer

__all__ = [
    "GOALS_FEATURE",
    "STATUS_FROM_WIRE",
    "GoalRuntime",
    "continuation_prompt",
    "continue_if_active",
    "flush_usage",
    "goal_json",
    "goal_model",
    "goal_token_delta",
    "goals_enabled",
    "inject_pending",
    "on_turn_finished",
    "on_turn_started",
    "on_turn_usage",
    "open_goals",
    "persist_goal_update",
    "require_goals",
    "resume_goal_notification",
    "runtime",
    "track_running_turn",
]

log = logging.getLogger(__name__)

JSON = dict[str, Any]

GOALS_FEATURE = "goals"
"""The ``[features]`` flag gating goals; on unless set to false, like the reference."""

_WIRE_STATUS = {
    GoalStatus.ACTIVE: "active",
    GoalStatus.PAUSED: "paused",
    GoalStatus.BLOCKED: "blocked",
    GoalStatus.USAGE_LIMITED: "usageLimited",
    GoalStatus.BUDGET_LIMITED: "budgetLimited",
    GoalStatus.COMPLETE: "complete",
}
STATUS_FROM_WIRE = {wire: status for status, wire in _WIRE_STATUS.items()}


def goal_json(goal: GoalRecord) -> JSON:
    """The wire ``ThreadGoal`` (members in the reference's order, times in seconds)."""
    return {
        "threadId": goal.thread_id,
        "objective": goal.objective,
        "status": _WIRE_STATUS[goal.status],
        "tokenBudget": goal.token_budget,
        "tokensUsed": goal.tokens_used,
        "timeUsedSeconds": goal.time_used_seconds,
        "createdAt": goal.created_at,
        "updatedAt": goal.updated_at,
    }


def goal_model(goal: GoalRecord) -> ThreadGoal:
    """The wire ``ThreadGoal`` as its generated model."""
    from spindle_protocol.models import ThreadGoal

    return ThreadGoal.model_validate(goal_json(goal))


def goal_token_delta(usage: dict[str, int]) -> int:
    """Tokens a turn's usage costs a goal: non-cached input plus output (reasoning is part
    of output, cached input is not charged)."""
    non_cached = max(0, usage.get("input_tokens", 0) - usage.get("cached_input_tokens", 0))
    return non_cached + max(0, usage.get("output_tokens", 0))


def continuation_prompt(goal: GoalRecord) -> str:
    """The message that drives a continuation turn."""
    budget = "none" if goal.token_budget is None else str(goal.token_budget)
    remaining = (
        "unbounded"
        if goal.token_budget is None
        else str(max(0, goal.token_budget - goal.tokens_used))
    )
    return (
        '<goal_context source="goal">\n'
        "Continue working toward the active thread goal.\n\n"
        f"Objective:\n{_escape_xml(goal.objective)}\n\n"
        "Budget:\n"
        f"- Time spent on the goal: {goal.time_used_seconds} seconds\n"
        f"- Tokens used: {goal.tokens_used}\n"
        f"- Token budget: {budget}\n"
        f"- Tokens remaining: {remaining}\n\n"
        "Do not redo finished work; take the next concrete step toward the objective. "
        "Treat the goal as achieved only after checking the real current state against "
        "every part of the objective.\n"
        "</goal_context>"
    )


def budget_limit_prompt(goal: GoalRecord) -> str:
    """The message injected into a turn when its goal first reaches the token budget."""
    budget = "none" if goal.token_budget is None else str(goal.token_budget)
    return (
        '<goal_context source="goal">\n'
        "The active thread goal has used up its token budget.\n\n"
        f"Objective:\n{_escape_xml(goal.objective)}\n\n"
        "Budget:\n"
        f"- Time spent on the goal: {goal.time_used_seconds} seconds\n"
        f"- Tokens used: {goal.tokens_used}\n"
        f"- Token budget: {budget}\n\n"
        "Stop starting new work. Wrap up: leave the workspace in a consistent state and "
        "summarise what is done and what remains. Do not call update_goal unless the goal "
        "is actually complete.\n"
        "</goal_context>"
    )


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- per-server state -------------------------------------------------------------------------


@dataclass
class _TurnGoal:
    """The goal a running turn works for."""

    turn_id: str
    goal_id: str | None
    active_since_ms: int


class GoalRuntime:
    """The goals database of one server and the goal each running turn works for."""

    def __init__(self, server: AppServer) -> None:
        self._server = server
        self.database = LazyDatabase(
            goals_database_path(server.home), functools.partial(open_goal_store, server.home)
        )
        self.turns: dict[str, _TurnGoal] = {}
        # Continuation messages waiting for their turn to start: thread id -> (turn id, item).
        self.continuations: dict[str, tuple[str, JSON]] = {}
        # Goals whose budget-limit message was injected (once per goal, as the reference).
        self.budget_warned: set[str] = set()

    async def store(self) -> GoalStore:
        return await self.database.store()

    async def existing_store(self) -> GoalStore | None:
        """The store, or None when no goal was ever written here: reading goals (every
        turn does) never creates the database, nor runs its migrations."""
        return await self.database.existing()


_RUNTIMES: weakref.WeakKeyDictionary[AppServer, GoalRuntime] = weakref.WeakKeyDictionary()


def runtime(server: AppServer) -> GoalRuntime:
    """The goals runtime of ``server`` (made on first use)."""
    found = _RUNTIMES.get(server)
    if found is None:
        found = GoalRuntime(server)
        _RUNTIMES[server] = found
    return found


def open_goals(server: AppServer) -> None:
    """Open the goals database now, as part of a server's start, when it exists.

    Every turn reads it; opened by the first turn instead, that turn would wait for it. A
    database that does not exist yet is created by the first goal written (see
    :meth:`GoalRuntime.existing_store`). One that cannot be opened is logged and left to
    the first use, which reports it as before.
    """
    database = runtime(server).database
    if not goals_enabled(server) or not database.exists():
        return
    try:
        database.open_now()  # on this thread: the start's loader thread
    except Exception:
        log.warning("the goals database could not be opened at start", exc_info=True)


def goals_enabled(server: AppServer) -> bool:
    return bool(server.config.features.get(GOALS_FEATURE, True))


def require_goals(server: AppServer) -> GoalRuntime:
    if not goals_enabled(server):
        raise InvalidRequest("goals feature is disabled")
    return runtime(server)


def _rollout_goal(goal: GoalRecord) -> JSON:
    # The reference leaves an unset budget out of the rollout line.
    payload = goal_json(goal)
    if payload["tokenBudget"] is None:
        del payload["tokenBudget"]
    return payload


async def persist_goal_update(server: AppServer, thread: LoadedThread, goal: GoalRecord) -> None:
    """Persist a never-persisted thread (objective as preview) and log the update in its
    rollout, as the reference does."""
    if not thread.materialized:
        record = await asyncio.to_thread(materialize, thread, server.store)
        if not record.preview:
            await asyncio.to_thread(
                server.store.update_thread, thread.id, {"preview": goal.objective}
            )
    if thread.writer is not None:
        thread.writer.append(
            "event_msg",
            {"type": "thread_goal_updated", "threadId": thread.id, "goal": _rollout_goal(goal)},
        )


def track_running_turn(goal_runtime: GoalRuntime, thread: LoadedThread, goal: GoalRecord) -> None:
    """A goal set while a turn runs: the turn now works for it if it is active."""
    active = thread.active
    tracked = goal_runtime.turns.get(thread.id)
    if active is None or tracked is None or tracked.turn_id != active.turn_id:
        return
    if goal.status is not GoalStatus.ACTIVE:
        return
    if tracked.goal_id != goal.goal_id:
        tracked.goal_id = goal.goal_id
        tracked.active_since_ms = now_ms()


async def resume_goal_notification(
    server: AppServer, thread_id: str
) -> tuple[str, BaseModel] | None:
    """The notification ``thread/resume`` ends with, as in the reference: the goal
    (``thread/goal/updated``, ``turnId`` null) or ``thread/goal/cleared`` when there is none;
    nothing when goals are disabled."""
    if not goals_enabled(server):
        return None
    store = await runtime(server).existing_store()
    goal = None if store is None else await asyncio.to_thread(store.get_goal, thread_id)
    from spindle_protocol.models import (
        ThreadGoalClearedNotification,
        ThreadGoalUpdatedNotification,
    )

    if goal is None:
        return THREAD_GOAL_CLEARED, ThreadGoalClearedNotification(thread_id=thread_id)
    return THREAD_GOAL_UPDATED, ThreadGoalUpdatedNotification(
        thread_id=thread_id, turn_id=None, goal=goal_model(goal)
    )


# -- turn hooks (called by the turn engine) ----------------------------------------------------


async def on_turn_started(server: AppServer, thread: LoadedThread, active: ActiveTurn) -> None:
    """Remember the goal the turn works for (the active one, if any); a continuation turn
    gets its continuation message (after the turn's context, in the rollout too)."""
    goal_runtime = runtime(server)
    _add_continuation_message(goal_runtime, thread, active.turn_id)
    if not goals_enabled(server) or thread.view.ephemeral:
        return
    try:
        store = await goal_runtime.existing_store()
        goal = None if store is None else await asyncio.to_thread(store.get_goal, thread.id)
    except Exception:
        log.exception("reading the goal of thread %s failed", thread.id)
        goal = None
    goal_id = goal.goal_id if goal is not None and goal.status is GoalStatus.ACTIVE else None
    goal_runtime.turns[thread.id] = _TurnGoal(active.turn_id, goal_id, active.started_ms)


async def on_turn_usage(
    server: AppServer, thread: LoadedThread, active: ActiveTurn, usage: dict[str, int]
) -> None:
    """Add a turn's usage to the goal it worked for and notify the result with its turn id."""
    await _account(server, thread, active.turn_id, goal_token_delta(usage))


async def flush_usage(server: AppServer, thread: LoadedThread, turn_id: str) -> GoalRecord | None:
    """Charge the goal the turn works for with the whole seconds it has been active since
    the last accounting (tokens are charged per model response by :func:`on_turn_usage`);
    the updated goal (notified with the turn's id), or None when nothing changed."""
    return await _account(server, thread, turn_id, tokens=0)


async def _account(
    server: AppServer, thread: LoadedThread, turn_id: str, tokens: int
) -> GoalRecord | None:
    if not goals_enabled(server):
        return None
    goal_runtime = runtime(server)
    tracked = goal_runtime.turns.get(thread.id)
    if tracked is None or tracked.turn_id != turn_id or tracked.goal_id is None:
        return None
    now = now_ms()
    seconds = max(0, now - tracked.active_since_ms) // 1000
    try:
        store = await goal_runtime.store()
        goal = await asyncio.to_thread(
            store.account_usage, thread.id, tracked.goal_id, tokens=tokens, seconds=seconds
        )
    except Exception:
        log.exception("goal accounting of turn %s failed", turn_id)
        return None
    # Keep the sub-second remainder for the next accounting of this turn.
    tracked.active_since_ms += seconds * 1000
    if goal is None:
        return None
    if goal.status is GoalStatus.BUDGET_LIMITED and goal.goal_id not in goal_runtime.budget_warned:
        # The first time the budget runs out, the model is told to wrap up: the message joins
        # the conversation (so the turn's next model request carries it) and the rollout.
        goal_runtime.budget_warned.add(goal.goal_id)
        thread.pending_context.append(input_message(budget_limit_prompt(goal)))
    from spindle_protocol.models import ThreadGoalUpdatedNotification

    await server.notifier.to_thread(
        thread,
        THREAD_GOAL_UPDATED,
        ThreadGoalUpdatedNotification(thread_id=thread.id, turn_id=turn_id, goal=goal_model(goal)),
    )
    return goal


def on_turn_finished(server: AppServer, thread: LoadedThread, turn_id: str, status: str) -> None:
    """Forget the turn; after a completed turn, continue an active goal."""
    goal_runtime = runtime(server)
    tracked = goal_runtime.turns.get(thread.id)
    if tracked is not None and tracked.turn_id == turn_id:
        del goal_runtime.turns[thread.id]
    if status == "completed" and goals_enabled(server) and not server.shutting_down:
        server.spawn(continue_if_active(server, thread), name=f"goal-continuation-{thread.id}")


# -- continuation turns ---------------------------------------------------------------------


async def continue_if_active(server: AppServer, thread: LoadedThread) -> None:
    """Start a continuation turn when the thread is idle and its goal is active."""
    if thread.active is not None or server.shutting_down or not thread.materialized:
        return
    if server.loaded.get(thread.id) is not thread:
        return
    store = await runtime(server).existing_store()
    if store is None:
        return
    goal = await asyncio.to_thread(store.get_goal, thread.id)
    if goal is None or goal.status is not GoalStatus.ACTIVE:
        return
    if thread.active is not None or server.shutting_down:
        return  # something started meanwhile
    active = ActiveTurn.starting_now()
    thread.active = active
    # The continuation message joins the conversation the model sees (not a user item) when
    # the turn starts, after the turn's context (:func:`on_turn_started`).
    runtime(server).continuations[thread.id] = (
        active.turn_id,
        input_message(continuation_prompt(goal)),
    )
    log.info("goal %s of thread %s: continuation turn %s", goal.goal_id, thread.id, active.turn_id)
    server.start_turn(thread, active, [], None)


def _add_continuation_message(
    goal_runtime: GoalRuntime, thread: LoadedThread, turn_id: str
) -> None:
    """The pending continuation message of this turn, if any: into the conversation and the
    rollout (a ``response_item`` line, so a resumed thread replays it)."""
    pending = goal_runtime.continuations.pop(thread.id, None)
    if pending is None or pending[0] != turn_id:
        return
    thread.add_history_item(pending[1], turn_id)


def inject_pending(thread: LoadedThread, turn_id: str) -> None:
    """Record the context messages queued for the thread's next model request."""
    pending, thread.pending_context = thread.pending_context, []
    for item in pending:
        thread.add_history_item(item, turn_id)
