"""``thread/goal/set|get|clear``.

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

Accounting and continuation turns live in the goals runtime (:mod:`.._goals`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    THREAD_GOAL_CLEAR,
    THREAD_GOAL_CLEARED,
    THREAD_GOAL_GET,
    THREAD_GOAL_SET,
    THREAD_GOAL_UPDATED,
)
from spindle_state import KEEP, GoalStatus, Keep

from .._context import RequestContext
from .._goals import (
    STATUS_FROM_WIRE,
    continue_if_active,
    goal_json,
    persist_goal_update,
    require_goals,
    track_running_turn,
)
from .._params import opt, thread_id_of
from .._registry import handler
from .._server import EVERY_CONNECTION
from .._threads import LoadedThread

if TYPE_CHECKING:
    from .._server import AppServer

__all__ = ["thread_goal_clear", "thread_goal_get", "thread_goal_set"]

JSON = dict[str, Any]


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
    elif method in EVERY_CONNECTION:
        await server.broadcast(method, params)
    elif ctx is not None:
        await ctx.session.notify(method, params)


# -- handlers -----------------------------------------------------------------------------------


@handler(THREAD_GOAL_GET)
async def thread_goal_get(ctx: RequestContext, params: Any) -> JSON:
    runtime = require_goals(ctx.server)
    thread_id, _loaded = await _goal_thread(ctx.server, params.thread_id)
    store = await runtime.store()
    goal = await asyncio.to_thread(store.get_goal, thread_id)
    return {"goal": None if goal is None else goal_json(goal)}


@handler(THREAD_GOAL_SET)
async def thread_goal_set(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    runtime = require_goals(server)
    thread_id, loaded = await _goal_thread(server, params.thread_id)
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    objective = opt(params, "objective")
    wire_status = opt(params, "status")
    status = None if wire_status is None else STATUS_FROM_WIRE[str(wire_status)]
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
        await persist_goal_update(server, loaded, goal)
        track_running_turn(runtime, loaded, goal)
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
            await continue_if_active(server, loaded)

    ctx.after_response(updated)
    return {"goal": wire}


@handler(THREAD_GOAL_CLEAR)
async def thread_goal_clear(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    runtime = require_goals(server)
    thread_id, loaded = await _goal_thread(server, params.thread_id)
    store = await runtime.store()
    removed = await asyncio.to_thread(store.delete_goal, thread_id)
    if removed is not None:

        async def cleared() -> None:
            await _notify(server, ctx, loaded, THREAD_GOAL_CLEARED, {"threadId": thread_id})

        ctx.after_response(cleared)
    return {"cleared": removed is not None}
