"""``thread/inject_items``, ``thread/shellCommand`` and ``thread/delete``: edits of a thread's
history from outside a model turn, with the reference's params, results and errors."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import (
    THREAD_DELETE,
    THREAD_DELETED,
    THREAD_INJECT_ITEMS,
    THREAD_SHELL_COMMAND,
)
from spindle_protocol.models import (
    ThreadDeletedNotification,
    ThreadDeleteParams,
    ThreadDeleteResponse,
    ThreadInjectItemsParams,
    ThreadInjectItemsResponse,
    ThreadShellCommandParams,
    ThreadShellCommandResponse,
)

from .._context import RequestContext
from .._goals import goals_enabled
from .._goals import runtime as goals_runtime
from .._ids import uuid7
from .._params import given, thread_id_of
from .._registry import handler
from .._thread_manager import ThreadManager
from .._threads import ActiveTurn, LoadedThread, materialize
from ..agents._runtime import runtime as agents_runtime
from .thread import find_rollout, no_rollout, unload_thread

__all__ = ["thread_delete", "thread_inject_items", "thread_shell_command"]

log = logging.getLogger(__name__)


def _loaded(threads: ThreadManager, thread_id: str) -> LoadedThread:
    thread = threads.get(thread_id)
    if thread is None:
        raise InvalidRequest(f"thread not found: {thread_id}")
    return thread


def _response_item(index: int, item: Any) -> dict[str, Any]:
    """One injected item, checked the way the reference deserialises a ResponseItem."""
    if not isinstance(item, dict):
        raise InvalidRequest(
            f"items[{index}] is not a valid response item: invalid type: expected internally "
            "tagged enum ResponseItem"
        )
    if not isinstance(item.get("type"), str):
        raise InvalidRequest(f"items[{index}] is not a valid response item: missing field `type`")
    injected = dict(item)
    if injected["type"] == "message" and "id" not in injected:
        injected = {"type": "message", "id": "msg_" + uuid7(), **injected}
    return injected


@handler(THREAD_INJECT_ITEMS)
async def thread_inject_items(
    ctx: RequestContext, params: ThreadInjectItemsParams
) -> ThreadInjectItemsResponse:
    """Append raw Responses API items to the history the model sees next."""
    thread = _loaded(ctx.threads, thread_id_of(params.thread_id))
    items = [_response_item(i, item) for i, item in enumerate(params.items)]
    if not items:
        return ThreadInjectItemsResponse()
    async with thread.lock:
        if not thread.view.ephemeral and not thread.materialized:
            await asyncio.to_thread(materialize, thread, ctx.store)
        for item in items:
            thread.add_history_item(item, thread.active.turn_id if thread.active else None)
    return ThreadInjectItemsResponse()


@handler(THREAD_SHELL_COMMAND)
async def thread_shell_command(
    ctx: RequestContext, params: ThreadShellCommandParams
) -> ThreadShellCommandResponse:
    """Run the user's command in a turn of its own; the model reads its result later."""
    thread_id = thread_id_of(params.thread_id)
    thread = _loaded(ctx.threads, thread_id)
    command = params.command
    if not command.strip():
        raise InvalidRequest("command must not be empty")
    if thread.active is not None:
        raise InvalidRequest(f"thread {thread_id} already has a turn in progress")
    active = ActiveTurn.starting_now()
    active.shell_command = (command, given(params.timeout_ms))
    thread.active = active
    server = ctx.server

    async def start() -> None:
        server.start_turn(thread, active, [], None)

    ctx.after_response(start)
    return ThreadShellCommandResponse()


def _remove_files(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@handler(THREAD_DELETE)
async def thread_delete(ctx: RequestContext, params: ThreadDeleteParams) -> ThreadDeleteResponse:
    """Delete a thread and its sub-agents: turns stopped, processes killed, rollouts and
    rows removed; ``thread/deleted`` for each."""
    server = ctx.server
    store = ctx.store
    home = ctx.config.home
    thread_id = thread_id_of(params.thread_id)
    record = await asyncio.to_thread(store.find_thread, thread_id)
    path = await asyncio.to_thread(find_rollout, home, thread_id, record)
    loaded = ctx.threads.get(thread_id)
    if path is None and record is None and loaded is None:
        raise no_rollout(thread_id)
    agents = agents_runtime(server)
    graph = await agents.existing_store()
    descendants = (
        []
        if graph is None
        else [edge.child_thread_id for edge in await asyncio.to_thread(graph.subtree, thread_id)]
    )
    deleted: list[str] = []
    # Deepest first, as closing does: a child never outlives its parent.
    for victim in [*descendants, thread_id]:  # subtree() lists the deepest first
        await unload_thread(ctx, victim)
        victim_record = await asyncio.to_thread(store.find_thread, victim)
        victim_path = await asyncio.to_thread(find_rollout, home, victim, victim_record)
        files = [p for p in (victim_path,) if p is not None]
        if victim_record is not None and victim_record.rollout_path:
            files.append(Path(victim_record.rollout_path))
        await asyncio.to_thread(_remove_files, files)
        await asyncio.to_thread(store.delete_thread, victim)
        await server.memory.thread_deleted(victim)
        if goals_enabled(server):
            goal_store = await goals_runtime(server).existing_store()
            if goal_store is not None:
                await asyncio.to_thread(goal_store.delete_goal, victim)
        deleted.append(victim)

    async def announce() -> None:
        for victim in deleted:
            await ctx.notifier.broadcast(
                THREAD_DELETED, ThreadDeletedNotification(thread_id=victim)
            )

    ctx.after_response(announce)
    return ThreadDeleteResponse()
