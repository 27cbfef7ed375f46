"""``get_goal``, ``create_goal``, ``update_goal``: the model's view of its thread's goal.

Each answers the reference's compact JSON::

    {"goal": <ThreadGoal without a null tokenBudget> | null,
     "remainingTokens": max(budget - used, 0) | null,
     "completionBudgetReport": null | "Goal achieved. Report final usage: ..."}

- ``create_goal`` trims the objective (non-empty, at most 4000 characters), needs a positive
  budget when one is given, fails while a goal that is not complete exists and replaces a
  complete one; it fills an empty thread preview.
- ``update_goal`` sets ``complete``, ``blocked`` or ``paused`` (budget limits win: a
  budget-limited goal stays so when asked to pause or block).
- Both persist the change (a ``thread_goal_updated`` rollout line) and notify
  ``thread/goal/updated`` with the turn's id; the turn the goal is created in works for it.
- Goal usage is flushed around each call so the numbers the model reads are current
  (:func:`.._goals.flush_usage`).

A bad argument, a refused value or a goal that cannot be created or updated is an error
text for the model; the turn goes on. With ``[features] goals = false`` (or on an
ephemeral thread) the tools are not offered and a call is ``unsupported call: <name>``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from spindle_protocol.methods import THREAD_GOAL_UPDATED
from spindle_state import GoalError, GoalNotFound, GoalRecord, GoalStatus

from .._goals import (
    flush_usage,
    goal_json,
    goal_model,
    goals_enabled,
    persist_goal_update,
    runtime,
    track_running_turn,
)
from .._ids import uuid7
from . import _specs
from ._tool_args import json_type, parse_error
from ._tool_registry import REGISTRY, ToolContext, ToolError, ToolsConfig

__all__ = [
    "CreateGoalTool",
    "GetGoalTool",
    "UpdateGoalTool",
    "completion_budget_report",
    "goal_tool_output",
]

JSON = dict[str, Any]

EXISTING_GOAL = (
    "cannot create a new goal because this thread already has a goal; "
    "use update_goal only when the existing goal is complete"
)

# What the model may set through update_goal (the spec's enum), wire spelling -> status.
_MODEL_STATUSES = {
    "complete": GoalStatus.COMPLETE,
    "blocked": GoalStatus.BLOCKED,
    "paused": GoalStatus.PAUSED,
}


def _duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h {minutes}m {secs}s"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{secs}s"


def completion_budget_report(goal: GoalRecord) -> str | None:
    """What the model should tell the user about a completed goal's usage; None unless the
    goal is complete and has a budget or time spent on it."""
    if goal.status is not GoalStatus.COMPLETE:
        return None
    if goal.token_budget is None and goal.time_used_seconds <= 0:
        return None
    parts: list[str] = []
    if goal.token_budget is not None:
        parts.append(f"{goal.tokens_used} of {goal.token_budget} budgeted tokens used")
    else:
        parts.append(f"{goal.tokens_used} tokens used")
    if goal.time_used_seconds > 0:
        parts.append(f"{_duration(goal.time_used_seconds)} of work")
    return "Goal achieved. Report final usage to the user: " + ", ".join(parts) + "."


def goal_tool_output(goal: GoalRecord | None) -> str:
    """The compact JSON a goal tool answers with (``tokenBudget`` left out when unset)."""
    if goal is None:
        body: JSON = {"goal": None, "remainingTokens": None, "completionBudgetReport": None}
    else:
        wire = goal_json(goal)
        if wire["tokenBudget"] is None:
            del wire["tokenBudget"]
        remaining = (
            None if goal.token_budget is None else max(goal.token_budget - goal.tokens_used, 0)
        )
        body = {
            "goal": wire,
            "remainingTokens": remaining,
            "completionBudgetReport": completion_budget_report(goal),
        }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


# -- arguments ----------------------------------------------------------------------------


def _required_str(args: JSON, name: str) -> str:
    if name not in args:
        raise parse_error(f"missing field `{name}`")
    value = args[name]
    if not isinstance(value, str):
        raise parse_error(f"invalid type: {json_type(value)}, expected a string")
    return value


def _optional_int(args: JSON, name: str) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise parse_error(f"invalid type: {json_type(value)}, expected i64")
    return value


# -- shared steps -------------------------------------------------------------------------


def _require_enabled(ctx: ToolContext, name: str) -> None:
    """The tools exist only when goals are on and the thread can have one."""
    if not goals_enabled(ctx.server) or ctx.thread.view.ephemeral:
        raise ToolError(f"unsupported call: {name}")


async def _publish(ctx: ToolContext, goal: GoalRecord) -> None:
    """Persist the change in the rollout and notify it with the turn's id."""
    await persist_goal_update(ctx.server, ctx.thread, goal)
    from spindle_protocol.models import ThreadGoalUpdatedNotification

    await ctx.server.notifier.to_thread(
        ctx.thread,
        THREAD_GOAL_UPDATED,
        ThreadGoalUpdatedNotification(
            thread_id=ctx.thread.id, turn_id=ctx.turn_id, goal=goal_model(goal)
        ),
    )


async def _fill_preview(ctx: ToolContext, objective: str) -> None:
    """A thread with no preview yet (no user text so far) shows the goal's objective."""
    thread = ctx.thread
    if thread.view.preview or thread.preview_stored:
        return
    thread.view.preview = objective
    if thread.materialized:
        await asyncio.to_thread(ctx.server.store.update_thread, thread.id, {"preview": objective})


# -- the tools ----------------------------------------------------------------------------


class GetGoalTool:
    name = "get_goal"

    def spec(self, config: ToolsConfig) -> JSON | None:
        return _specs.get_goal_spec() if config.goals else None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        del args  # takes none; extra members are ignored, like the reference
        _require_enabled(ctx, self.name)
        await flush_usage(ctx.server, ctx.thread, ctx.turn_id)
        store = await runtime(ctx.server).store()
        goal = await asyncio.to_thread(store.get_goal, ctx.thread.id)
        return goal_tool_output(goal)


class CreateGoalTool:
    name = "create_goal"

    def spec(self, config: ToolsConfig) -> JSON | None:
        return _specs.create_goal_spec() if config.goals else None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        _require_enabled(ctx, self.name)
        objective = _required_str(args, "objective")
        token_budget = _optional_int(args, "token_budget")
        goal_runtime = runtime(ctx.server)
        store = await goal_runtime.store()
        thread_id = ctx.thread.id
        try:
            existing = await asyncio.to_thread(store.get_goal, thread_id)
            if existing is not None and existing.status is not GoalStatus.COMPLETE:
                raise ToolError(EXISTING_GOAL)
            if existing is None:
                goal = await asyncio.to_thread(
                    store.create_goal, thread_id, objective, token_budget=token_budget
                )
                if goal is None:  # another writer created one meanwhile
                    raise ToolError(EXISTING_GOAL)
            else:
                goal = await asyncio.to_thread(
                    store.replace_goal, thread_id, objective, token_budget=token_budget
                )
        except GoalError as exc:
            raise ToolError(str(exc)) from exc
        # The running turn now works for the new goal.
        track_running_turn(goal_runtime, ctx.thread, goal)
        await _publish(ctx, goal)
        # As the reference: the model's next request also carries the objective, as an output
        # of the agent namespace's goal_objective (without a call id), after this tool's.
        ctx.thread.pending_context.append(
            {
                "type": "function_call_output",
                "id": "fco_" + uuid7(),
                "name": "goal_objective",
                "namespace": "agent",
                "output": goal.objective,
            }
        )
        await _fill_preview(ctx, goal.objective)
        await flush_usage(ctx.server, ctx.thread, ctx.turn_id)
        return goal_tool_output(goal)


class UpdateGoalTool:
    name = "update_goal"

    def spec(self, config: ToolsConfig) -> JSON | None:
        return _specs.update_goal_spec() if config.goals else None

    async def handle(self, ctx: ToolContext, args: JSON) -> str:
        _require_enabled(ctx, self.name)
        raw = _required_str(args, "status")
        status = _MODEL_STATUSES.get(raw)
        if status is None:
            expected = ", ".join(f"`{name}`" for name in _MODEL_STATUSES)
            raise parse_error(f"unknown variant `{raw}`, expected one of {expected}")
        # Charge the time spent so far to the goal before its status changes.
        await flush_usage(ctx.server, ctx.thread, ctx.turn_id)
        store = await runtime(ctx.server).store()
        try:
            goal = await asyncio.to_thread(store.update_goal, ctx.thread.id, status=status)
        except GoalError as exc:
            raise ToolError(str(exc)) from exc
        if goal is None:
            raise ToolError(str(GoalNotFound(ctx.thread.id)))
        await _publish(ctx, goal)
        return goal_tool_output(goal)


REGISTRY.register(GetGoalTool())
REGISTRY.register(CreateGoalTool())
REGISTRY.register(UpdateGoalTool())
