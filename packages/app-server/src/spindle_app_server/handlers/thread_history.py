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
    THREAD_STATUS_CHANGED,
)

from .._context import RequestContext
from .._goals import goals_enabled
from .._goals import runtime as goals_runtime
from .._ids import uuid7
from .._params import opt, thread_id_of
from .._registry import handler
from .._server import AppServer
from .._threads import ActiveTurn, LoadedThread, materialize
from ..agents._runtime import runtime as agents_runtime
from .thread import find_rollout, no_rollout

__all__ = ["thread_delete", "thread_inject_items", "thread_shell_command"]

log = logging.getLogger(__name__)

JSON = dict[str, Any]


def _loaded(server: AppServer, thread_id: str) -> LoadedThread:
    thread = server.loaded.get(thread_id)
    if thread is None:
        raise InvalidRequest(f"thread not found: {thread_id}")
    return thread


def _response_item(index: int, item: Any) -> JSON:
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
async def thread_inject_items(ctx: RequestContext, params: Any) -> JSON:
    """Append raw Responses API items to the history the model sees next."""
    server = ctx.server
    thread = _loaded(server, thread_id_of(params.thread_id))
    raw = ctx.raw_params if isinstance(ctx.raw_params, dict) else {}
    items = [_response_item(i, item) for i, item in enumerate(raw.get("items") or [])]
    if not items:
        return {}
    async with thread.lock:
        if not thread.view.ephemeral and not thread.materialized:
            await asyncio.to_thread(materialize, thread, server.store)
        for item in items:
            thread.add_history_item(item, thread.active.turn_id if thread.active else None)
    return {}


@handler(THREAD_SHELL_COMMAND)
async def thread_shell_command(ctx: RequestContext, params: Any) -> JSON:
    """Run the user's command in a turn of its own; the model reads its result later."""
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    thread = _loaded(server, thread_id)
    command = str(params.command)
    if not command.strip():
        raise InvalidRequest("command must not be empty")
    timeout = opt(params, "timeout_ms")
    if thread.active is not None:
        raise InvalidRequest(f"thread {thread_id} already has a turn in progress")
    active = ActiveTurn.starting_now()
    active.shell_command = (command, int(timeout) if isinstance(timeout, int) else None)
    thread.active = active

    async def start() -> None:
        server.start_turn(thread, active, [], None)

    ctx.after_response(start)
    return {}


def _remove_files(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@handler(THREAD_DELETE)
async def thread_delete(ctx: RequestContext, params: Any) -> JSON:
    """Delete a thread and its sub-agents: turns stopped, processes killed, rollouts and
    rows removed; ``thread/deleted`` for each."""
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    record = await asyncio.to_thread(server.store.find_thread, thread_id)
    path = await asyncio.to_thread(find_rollout, server, thread_id, record)
    loaded = server.loaded.get(thread_id)
    if path is None and record is None and loaded is None:
        raise no_rollout(thread_id)
    agents = agents_runtime(server)
    store = await agents.store()
    descendants = [
        edge.child_thread_id for edge in await asyncio.to_thread(store.subtree, thread_id)
    ]
    deleted: list[str] = []
    # Deepest first, as closing does: a child never outlives its parent.
    for victim in [*descendants, thread_id]:  # subtree() lists the deepest first
        await _unload(server, victim)
        victim_record = await asyncio.to_thread(server.store.find_thread, victim)
        victim_path = await asyncio.to_thread(find_rollout, server, victim, victim_record)
        files = [p for p in (victim_path,) if p is not None]
        if victim_record is not None and victim_record.rollout_path:
            files.append(Path(victim_record.rollout_path))
        await asyncio.to_thread(_remove_files, files)
        await asyncio.to_thread(server.store.delete_thread, victim)
        await server.memory.thread_deleted(victim)
        if goals_enabled(server):
            goal_store = await goals_runtime(server).store()
            await asyncio.to_thread(goal_store.delete_goal, victim)
        deleted.append(victim)

    async def announce() -> None:
        for victim in deleted:
            await server.broadcast(THREAD_DELETED, {"threadId": victim})

    ctx.after_response(announce)
    return {}


async def _unload(server: AppServer, thread_id: str) -> None:
    loaded = server.loaded.get(thread_id)
    if loaded is None:
        return
    if loaded.active is not None and loaded.active.task is not None:
        loaded.active.interrupt_requested = True
        loaded.active.task.cancel()
        await asyncio.gather(loaded.active.task, return_exceptions=True)
    await loaded.kill_processes()
    loaded.close_writer()
    loaded.view.status = {"type": "notLoaded"}
    await server.notify_thread(
        loaded, THREAD_STATUS_CHANGED, {"threadId": thread_id, "status": {"type": "notLoaded"}}
    )
    server.loaded.pop(thread_id, None)
