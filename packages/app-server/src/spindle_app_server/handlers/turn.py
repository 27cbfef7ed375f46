"""``turn/start``, ``turn/steer``, ``turn/interrupt`` and ``thread/compact/start`` (a turn too)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_COMPACT_START, TURN_INTERRUPT, TURN_START, TURN_STEER
from spindle_protocol.models import (
    MISSING,
    ThreadCompactStartParams,
    ThreadCompactStartResponse,
    Turn,
    TurnInterruptParams,
    TurnInterruptResponse,
    TurnStartParams,
    TurnStartResponse,
    TurnSteerParams,
    TurnSteerResponse,
)
from spindle_state import ThreadNotFound

from .._collaboration import DEFAULT_MODE, PLAN_MODE, builtin_instructions
from .._context import RequestContext
from .._params import given, thread_id_of
from .._registry import handler
from .._sandbox_settings import mode_of_policy, validate_policy
from .._threads import ActiveTurn, LoadedThread, ThreadSettings
from .._wire import turn_json
from ..turns import interruptible_turn_id, user_content_from_input

__all__ = ["thread_compact_start", "turn_interrupt", "turn_start", "turn_steer"]


def _with_collaboration_mode(settings: ThreadSettings, value: dict[str, Any]) -> ThreadSettings:
    """turn/start ``collaborationMode``: the mode and its settings win over the turn's own."""
    mode = value.get("mode")
    if mode not in (DEFAULT_MODE, PLAN_MODE):
        return settings
    fields = value.get("settings") if isinstance(value.get("settings"), dict) else {}
    assert isinstance(fields, dict)
    instructions = fields.get("developer_instructions")
    if not isinstance(instructions, str):
        instructions = builtin_instructions(str(mode))
    settings = replace(
        settings, collaboration_mode=str(mode), collaboration_instructions=instructions
    )
    if isinstance(fields.get("model"), str) and fields["model"]:
        settings = replace(settings, model=fields["model"])
    if "reasoning_effort" in fields:
        effort = fields["reasoning_effort"]
        settings = replace(settings, reasoning_effort=effort if isinstance(effort, str) else None)
    return settings


def _loaded(ctx: RequestContext, thread_id: str) -> LoadedThread:
    thread = ctx.threads.get(thread_id)
    if thread is None:
        raise ThreadNotFound(thread_id)
    return thread


def _raw(ctx: RequestContext) -> dict[str, Any]:
    """The params as sent: user input, policies and schemas are read in their wire shape."""
    return ctx.raw_params if isinstance(ctx.raw_params, dict) else {}


@handler(TURN_START)
async def turn_start(ctx: RequestContext, params: TurnStartParams) -> TurnStartResponse:
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    thread = _loaded(ctx, thread_id)
    if thread.active is not None:
        raise InvalidRequest(f"thread {thread_id} already has a turn in progress")
    raw = _raw(ctx)
    content = user_content_from_input([i for i in raw.get("input") or [] if isinstance(i, dict)])

    # Per-turn overrides become the thread's live settings.
    settings = thread.settings
    model = given(params.model)
    cwd = given(params.cwd)
    approval = given(params.approval_policy)
    if model is not None:
        settings = replace(settings, model=model)
    if params.effort is not MISSING:
        effort = params.effort
        settings = replace(settings, reasoning_effort=None if effort is None else str(effort))
    if cwd is not None:
        settings = replace(settings, cwd=cwd)
    if isinstance(approval, str):
        settings = replace(settings, approval_policy=str(approval))
    if raw.get("sandboxPolicy") is not None:
        policy = validate_policy(raw["sandboxPolicy"])
        settings = replace(
            settings,
            sandbox_policy=policy,
            sandbox_mode=mode_of_policy(policy),
            explicit_sandbox=True,
        )
    collaboration = raw.get("collaborationMode")
    if isinstance(collaboration, dict):
        settings = _with_collaboration_mode(settings, collaboration)
    changed = settings != thread.settings
    thread.settings = settings
    thread.view.model = settings.model
    thread.view.reasoning_effort = settings.reasoning_effort

    active = ActiveTurn.starting_now()
    active.settings_changed = changed
    schema = raw.get("outputSchema")
    active.output_schema = schema if isinstance(schema, dict) else None
    thread.active = active
    client_id = given(params.client_user_message_id)

    async def start() -> None:
        server.start_turn(thread, active, content, client_id)
        if content and not thread.view.ephemeral:
            # Memory startup: only after a non-empty turn/start was accepted, with the
            # settings of now, run once the turn is over (off its path). Ephemeral threads
            # leave no rollout for memories to read, so they never trigger it.
            server.memory.trigger(thread, after=active.task)

    ctx.after_response(start)
    turn = turn_json(active.turn_id, items=[], items_view="notLoaded", status="inProgress")
    return TurnStartResponse(turn=Turn.model_validate(turn))


@handler(THREAD_COMPACT_START)
async def thread_compact_start(
    ctx: RequestContext, params: ThreadCompactStartParams
) -> ThreadCompactStartResponse:
    """Compact the thread's history now, in a turn of its own (a contextCompaction item)."""
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    thread = _loaded(ctx, thread_id)
    if thread.active is not None:
        raise InvalidRequest(f"thread {thread_id} already has a turn in progress")
    active = ActiveTurn.starting_now()
    active.compact_only = True
    thread.active = active

    async def start() -> None:
        server.start_turn(thread, active, [], None)

    ctx.after_response(start)
    return ThreadCompactStartResponse()


@handler(TURN_STEER)
async def turn_steer(ctx: RequestContext, params: TurnSteerParams) -> TurnSteerResponse:
    """Add input to the running turn; it reaches the model at the turn's next request."""
    thread = _loaded(ctx, thread_id_of(params.thread_id))
    items = [i for i in _raw(ctx).get("input") or [] if isinstance(i, dict)]
    if not items:
        raise InvalidRequest("input must not be empty")
    active = thread.active
    if active is None:
        raise InvalidRequest("no active turn to steer")
    expected = params.expected_turn_id
    if expected != active.turn_id:
        raise InvalidRequest(f"expected active turn id `{expected}` but found `{active.turn_id}`")
    content = user_content_from_input(items)
    active.steered.append((content, given(params.client_user_message_id)))
    return TurnSteerResponse(turn_id=active.turn_id)


@handler(TURN_INTERRUPT)
async def turn_interrupt(ctx: RequestContext, params: TurnInterruptParams) -> TurnInterruptResponse:
    thread = _loaded(ctx, thread_id_of(params.thread_id))
    active = thread.active
    if active is None:
        raise InvalidRequest("no active turn to interrupt")
    # During a review the running turn is its child review turn, as the reference.
    running = interruptible_turn_id(active)
    if running != params.turn_id:
        raise InvalidRequest(f"expected active turn id {params.turn_id} but found {running}")
    active.interrupt_requested = True
    if active.task is not None:
        active.task.cancel()
    return TurnInterruptResponse()
