"""``thread/goal/set|get|clear``, goal usage accounting per turn, and continuation turns.

Wire behaviour follows the reference (codex_behavior.md §8):

- every method answers ``-32600 goals feature is disabled`` when ``[features] goals = false``
  (the flag is on by default), then checks the thread: ``invalid thread id: ...``,
  ``ephemeral thread does not support goals: <id>``, ``thread not found: <id>``;
- set validates the objective, then the budget, then needs a goal to patch when no
  objective is given (``cannot update goal for thread <id>: no goal exists``);
- set answers ``{"goal"}`` and notifies ``thread/goal/updated`` with ``turnId: null``; clear
  answers ``{"cleared"}`` and notifies ``thread/goal/cleared`` only when a goal was removed;
- set on a started thread that was never persisted persists it (rollout + row, with the
  objective as its preview), and records a ``thread_goal_updated`` line in the rollout.

Turns: the turn engine calls :func:`on_turn_started`, :func:`on_turn_usage` and
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
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    THREAD_GOAL_CLEAR,
    THREAD_GOAL_CLEARED,
    THREAD_GOAL_GET,
    THREAD_GOAL_SET,
    THREAD_GOAL_UPDATED,
)
from spindle_state import (
    KEEP,
    GoalRecord,
    GoalStatus,
    GoalStore,
    Keep,
    open_goal_store,
)

from .._context import RequestContext
from .._ids import uuid7
from .._params import opt, thread_id_of
from .._registry import handler
from .._threads import ActiveTurn, LoadedThread, materialize, now_ms

if TYPE_CHECKING:
    from .._server import AppServer

__all__ = [
    "GOALS_FEATURE",
    "continuation_prompt",
    "goal_json",
    "goal_token_delta",
    "on_turn_finished",
    "on_turn_started",
    "on_turn_usage",
    "resume_goal_notification",
    "thread_goal_clear",
    "thread_goal_get",
    "thread_goal_set",
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
_STATUS_FROM_WIRE = {wire: status for status, wire in _WIRE_STATUS.items()}


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
        f"Objective:\n{goal.objective}\n\n"
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


# -- per-server state -------------------------------------------------------------------------


@dataclass
class _TurnGoal:
    """The goal a running turn works for."""

    turn_id: str
    goal_id: str | None
    active_since_ms: int


class _GoalRuntime:
    """The goals database of one server and the goal each running turn works for."""

    def __init__(self, server: AppServer) -> None:
        self._server = server
        self._store: GoalStore | None = None
        self._open_lock = threading.Lock()
        self.turns: dict[str, _TurnGoal] = {}

    async def store(self) -> GoalStore:
        if self._store is None:
            self._store = await asyncio.to_thread(self._open)
        return self._store

    def _open(self) -> GoalStore:
        with self._open_lock:
            if self._store is None:
                self._store = open_goal_store(self._server.home)
                weakref.finalize(self, self._store.close)
            return self._store


_RUNTIMES: weakref.WeakKeyDictionary[AppServer, _GoalRuntime] = weakref.WeakKeyDictionary()


def _runtime(server: AppServer) -> _GoalRuntime:
    runtime = _RUNTIMES.get(server)
    if runtime is None:
        runtime = _GoalRuntime(server)
        _RUNTIMES[server] = runtime
    return runtime


def _enabled(server: AppServer) -> bool:
    return bool(server.config.features.get(GOALS_FEATURE, True))


def _require_enabled(server: AppServer) -> _GoalRuntime:
    if not _enabled(server):
        raise InvalidRequest("goals feature is disabled")
    return _runtime(server)


async def _goal_thread(server: AppServer, raw_thread_id: str) -> tuple[str, LoadedThread | None]:
    """The canonical thread id and, when loaded here, the thread; the reference's errors."""
    thread_id = thread_id_of(raw_thread_id)
    loaded = server.loaded.get(thread_id)
    if loaded is not None:
        if loaded.view.ephemeral:
            raise InvalidRequest(f"ephemeral thread does not support goals: {thread_id}")
        return thread_id, loaded
    if await asyncio.to_thread(server.store.find_thread, thread_id) is None:
        raise InvalidRequest(f"thread not found: {thread_id}")
    return thread_id, None


async def _notify(
    server: AppServer,
    ctx: RequestContext | None,
    loaded: LoadedThread | None,
    method: str,
    params: JSON,
) -> None:
    if loaded is not None:
        await server.notify_thread(loaded, method, params)
    elif ctx is not None:
        await ctx.session.notify(method, params)


def _rollout_goal(goal: GoalRecord) -> JSON:
    # The reference leaves an unset budget out of the rollout line.
    payload = goal_json(goal)
    if payload["tokenBudget"] is None:
        del payload["tokenBudget"]
    return payload


# -- handlers -----------------------------------------------------------------------------------


@handler(THREAD_GOAL_GET)
async def thread_goal_get(ctx: RequestContext, params: Any) -> JSON:
    runtime = _require_enabled(ctx.server)
    thread_id, _loaded = await _goal_thread(ctx.server, params.thread_id)
    store = await runtime.store()
    goal = await asyncio.to_thread(store.get_goal, thread_id)
    return {"goal": None if goal is None else goal_json(goal)}


@handler(THREAD_GOAL_SET)
async def thread_goal_set(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    runtime = _require_enabled(server)
    thread_id, loaded = await _goal_thread(server, params.thread_id)
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    objective = opt(params, "objective")
    wire_status = opt(params, "status")
    status = None if wire_status is None else _STATUS_FROM_WIRE[str(wire_status)]
    # Omitted keeps the budget; an explicit null removes it.
    token_budget: int | Keep | None = KEEP
    if "tokenBudget" in raw:
        token_budget = opt(params, "token_budget")
    store = await runtime.store()
    goal, _created = await asyncio.to_thread(
        store.set_goal,
        thread_id,
        objective=None if objective is None else str(objective),
        status=status,
        token_budget=token_budget,
    )
    if loaded is not None:
        await _persist_goal_update(server, loaded, goal)
        _track_running_turn(runtime, loaded, goal)
    wire = goal_json(goal)

    async def updated() -> None:
        await _notify(
            server,
            ctx,
            loaded,
            THREAD_GOAL_UPDATED,
            {"threadId": thread_id, "turnId": None, "goal": wire},
        )
        if loaded is not None and goal.status is GoalStatus.ACTIVE:
            await _continue_if_active(server, loaded)

    ctx.after_response(updated)
    return {"goal": wire}


async def _persist_goal_update(server: AppServer, thread: LoadedThread, goal: GoalRecord) -> None:
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


def _track_running_turn(runtime: _GoalRuntime, thread: LoadedThread, goal: GoalRecord) -> None:
    """A goal set while a turn runs: the turn now works for it if it is active."""
    active = thread.active
    tracked = runtime.turns.get(thread.id)
    if active is None or tracked is None or tracked.turn_id != active.turn_id:
        return
    if goal.status is not GoalStatus.ACTIVE:
        return
    if tracked.goal_id != goal.goal_id:
        tracked.goal_id = goal.goal_id
        tracked.active_since_ms = now_ms()


@handler(THREAD_GOAL_CLEAR)
async def thread_goal_clear(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    runtime = _require_enabled(server)
    thread_id, loaded = await _goal_thread(server, params.thread_id)
    store = await runtime.store()
    removed = await asyncio.to_thread(store.delete_goal, thread_id)
    if removed is not None:

        async def cleared() -> None:
            await _notify(server, ctx, loaded, THREAD_GOAL_CLEARED, {"threadId": thread_id})

        ctx.after_response(cleared)
    return {"cleared": removed is not None}


async def resume_goal_notification(server: AppServer, thread_id: str) -> tuple[str, JSON] | None:
    """The notification ``thread/resume`` ends with, as in the reference: the goal
    (``thread/goal/updated``, ``turnId`` null) or ``thread/goal/cleared`` when there is none;
    nothing when goals are disabled."""
    if not _enabled(server):
        return None
    store = await _runtime(server).store()
    goal = await asyncio.to_thread(store.get_goal, thread_id)
    if goal is None:
        return THREAD_GOAL_CLEARED, {"threadId": thread_id}
    return THREAD_GOAL_UPDATED, {"threadId": thread_id, "turnId": None, "goal": goal_json(goal)}


# -- turn hooks (called by the turn engine) ----------------------------------------------------


async def on_turn_started(server: AppServer, thread: LoadedThread, active: ActiveTurn) -> None:
    """Remember the goal the turn works for (the active one, if any)."""
    if not _enabled(server) or thread.view.ephemeral:
        return
    runtime = _runtime(server)
    try:
        store = await runtime.store()
        goal = await asyncio.to_thread(store.get_goal, thread.id)
    except Exception:
        log.exception("reading the goal of thread %s failed", thread.id)
        goal = None
    goal_id = goal.goal_id if goal is not None and goal.status is GoalStatus.ACTIVE else None
    runtime.turns[thread.id] = _TurnGoal(active.turn_id, goal_id, active.started_ms)


async def on_turn_usage(
    server: AppServer, thread: LoadedThread, active: ActiveTurn, usage: dict[str, int]
) -> None:
    """Add a turn's usage to the goal it worked for and notify the result with its turn id."""
    if not _enabled(server):
        return
    runtime = _runtime(server)
    tracked = runtime.turns.get(thread.id)
    if tracked is None or tracked.turn_id != active.turn_id or tracked.goal_id is None:
        return
    now = now_ms()
    seconds = max(0, now - tracked.active_since_ms) // 1000
    try:
        store = await runtime.store()
        goal = await asyncio.to_thread(
            store.account_usage,
            thread.id,
            tracked.goal_id,
            tokens=goal_token_delta(usage),
            seconds=seconds,
        )
    except Exception:
        log.exception("goal accounting of turn %s failed", active.turn_id)
        return
    # Keep the sub-second remainder for the next accounting of this turn.
    tracked.active_since_ms += seconds * 1000
    if goal is None:
        return
    await server.notify_thread(
        thread,
        THREAD_GOAL_UPDATED,
        {"threadId": thread.id, "turnId": active.turn_id, "goal": goal_json(goal)},
    )


def on_turn_finished(server: AppServer, thread: LoadedThread, turn_id: str, status: str) -> None:
    """Forget the turn; after a completed turn, continue an active goal."""
    runtime = _runtime(server)
    tracked = runtime.turns.get(thread.id)
    if tracked is not None and tracked.turn_id == turn_id:
        del runtime.turns[thread.id]
    if status == "completed" and _enabled(server) and not server.shutting_down:
        server.spawn(_continue_if_active(server, thread), name=f"goal-continuation-{thread.id}")


# -- continuation turns ---------------------------------------------------------------------


async def _continue_if_active(server: AppServer, thread: LoadedThread) -> None:
    """Start a continuation turn when the thread is idle and its goal is active."""
    from .._turns import run_turn  # the turn engine imports this module's hooks

    if thread.active is not None or server.shutting_down or not thread.materialized:
        return
    if server.loaded.get(thread.id) is not thread:
        return
    store = await _runtime(server).store()
    goal = await asyncio.to_thread(store.get_goal, thread.id)
    if goal is None or goal.status is not GoalStatus.ACTIVE:
        return
    if thread.active is not None or server.shutting_down:
        return  # something started meanwhile
    now_ns = time.time_ns()
    active = ActiveTurn(
        turn_id=uuid7(), started_at=now_ns // 1_000_000_000, started_ms=now_ns // 1_000_000
    )
    thread.active = active
    # The continuation message joins the conversation the model sees (not a user item).
    thread.conversation.append(
        {"role": "user", "content": [{"type": "input_text", "text": continuation_prompt(goal)}]}
    )
    log.info("goal %s of thread %s: continuation turn %s", goal.goal_id, thread.id, active.turn_id)
    server.start_turn_task(run_turn(server, thread, active, [], None), active)
