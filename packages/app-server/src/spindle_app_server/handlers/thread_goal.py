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

from pydantic import BaseModel
from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    THREAD_GOAL_CLEAR,
    THREAD_GOAL_CLEARED,
    THREAD_GOAL_GET,
    THREAD_GOAL_SET,
    THREAD_GOAL_UPDATED,
)
from spindle_protocol.models import (
    MISSING,
    ThreadGoalClearedNotification,
    ThreadGoalClearParams,
    ThreadGoalClearResponse,
    ThreadGoalGetParams,
    ThreadGoalGetResponse,
    ThreadGoalSetParams,
    ThreadGoalSetResponse,
    ThreadGoalUpdatedNotification,
)
from spindle_state import KEEP, GoalStatus, Keep, ThreadNotFound

from .._context import RequestContext
from .._goals import (
    STATUS_FROM_WIRE,
    continue_if_active,
    goal_model,
    persist_goal_update,
    require_goals,
    track_running_turn,
)
from .._notifier import EVERY_CONNECTION
from .._params import given, thread_id_of
from .._registry import handler
from .._threads import LoadedThread

__all__ = ["thread_goal_clear", "thread_goal_get", "thread_goal_set"]


async def _goal_thread(ctx: RequestContext, raw_thread_id: str) -> tuple[str, LoadedThread | None]:
    """The canonical thread id and, when loaded here, the thread; the reference's errors."""
    thread_id = thread_id_of(raw_thread_id)
    loaded = ctx.threads.get(thread_id)
    if loaded is not None:
        if loaded.view.ephemeral:
            raise InvalidRequest(f"ephemeral thread does not support goals: {thread_id}")
        return thread_id, loaded
    if await asyncio.to_thread(ctx.store.find_thread, thread_id) is None:
        raise ThreadNotFound(thread_id)
    return thread_id, None


async def _notify(
    ctx: RequestContext, loaded: LoadedThread | None, method: str, params: BaseModel
) -> None:
    """To the thread's subscribers when it is loaded; else to everyone for a lifecycle
    notification, to the requester otherwise."""
    if loaded is not None:
        await ctx.notifier.to_thread(loaded, method, params)
    elif method in EVERY_CONNECTION:
        await ctx.notifier.broadcast(method, params)
    else:
        await ctx.notifier.to_session(ctx.session, method, params)


# -- handlers -----------------------------------------------------------------------------------


@handler(THREAD_GOAL_GET)
async def thread_goal_get(
    ctx: RequestContext, params: ThreadGoalGetParams
) -> ThreadGoalGetResponse:
    runtime = require_goals(ctx.server)
    thread_id, _loaded = await _goal_thread(ctx, params.thread_id)
    store = await runtime.store()
    goal = await asyncio.to_thread(store.get_goal, thread_id)
    return ThreadGoalGetResponse(goal=None if goal is None else goal_model(goal))


@handler(THREAD_GOAL_SET)
async def thread_goal_set(
    ctx: RequestContext, params: ThreadGoalSetParams
) -> ThreadGoalSetResponse:
    server = ctx.server
    runtime = require_goals(server)
    thread_id, loaded = await _goal_thread(ctx, params.thread_id)
    wire_status = given(params.status)
    status = None if wire_status is None else STATUS_FROM_WIRE[str(wire_status)]
    # Omitted keeps the budget; an explicit null removes it.
    token_budget: int | Keep | None = (
        KEEP if params.token_budget is MISSING else params.token_budget
    )
    store = await runtime.store()
    goal, _created = await asyncio.to_thread(
        store.set_goal,
        thread_id,
        objective=given(params.objective),
        status=status,
        token_budget=token_budget,
    )
    if loaded is not None:
        await persist_goal_update(server, loaded, goal)
        track_running_turn(runtime, loaded, goal)
    wire = goal_model(goal)

    async def updated() -> None:
        await _notify(
            ctx,
            loaded,
            THREAD_GOAL_UPDATED,
            ThreadGoalUpdatedNotification(thread_id=thread_id, turn_id=None, goal=wire),
        )
        if loaded is not None and goal.status is GoalStatus.ACTIVE:
            await continue_if_active(server, loaded)

    ctx.after_response(updated)
    return ThreadGoalSetResponse(goal=wire)


@handler(THREAD_GOAL_CLEAR)
async def thread_goal_clear(
    ctx: RequestContext, params: ThreadGoalClearParams
) -> ThreadGoalClearResponse:
    runtime = require_goals(ctx.server)
    thread_id, loaded = await _goal_thread(ctx, params.thread_id)
    store = await runtime.store()
    removed = await asyncio.to_thread(store.delete_goal, thread_id)
    if removed is not None:

        async def cleared() -> None:
            await _notify(
                ctx, loaded, THREAD_GOAL_CLEARED, ThreadGoalClearedNotification(thread_id=thread_id)
            )

        ctx.after_response(cleared)
    return ThreadGoalClearResponse(cleared=removed is not None)
