"""``thread/name/set``: name a thread (rollout line, SQLite column, notification)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from spindle_protocol.methods import THREAD_NAME_SET, THREAD_NAME_UPDATED
from spindle_protocol.models import (
    ThreadNameUpdatedNotification,
    ThreadSetNameParams,
    ThreadSetNameResponse,
)
from spindle_state import iter_rollout_lines

from .._context import RequestContext
from .._params import thread_id_of
from .._registry import handler
from .._rollout import RolloutWriter
from .._threads import materialize
from .thread import find_rollout, no_rollout

__all__ = ["thread_name_set"]


# -- thread/name/set ------------------------------------------------------------------------


@handler(THREAD_NAME_SET)
async def thread_name_set(
    ctx: RequestContext, params: ThreadSetNameParams
) -> ThreadSetNameResponse:
    thread_id = thread_id_of(params.thread_id)
    name = params.name
    payload = {"type": "thread_name_updated", "thread_id": thread_id, "thread_name": name}
    loaded = ctx.threads.get(thread_id)
    if loaded is not None and not loaded.view.ephemeral:
        if not loaded.materialized:
            loaded.view.name = name
            await asyncio.to_thread(materialize, loaded, ctx.store)
        assert loaded.writer is not None
        loaded.writer.append("event_msg", payload)
        loaded.view.name = name
    else:
        record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
        path = await asyncio.to_thread(find_rollout, ctx.config.home, thread_id, record)
        if record is None or path is None:
            raise no_rollout(thread_id)
        writer = RolloutWriter(path, next_ordinal=_next_ordinal(path))
        try:
            writer.append("event_msg", payload)
        finally:
            writer.close()
    await asyncio.to_thread(ctx.store.update_thread, thread_id, {"name": name}, touch=False)
    renamed = ThreadNameUpdatedNotification(thread_id=thread_id, thread_name=name)

    async def announce() -> None:
        if loaded is not None:
            await ctx.notifier.to_thread(loaded, THREAD_NAME_UPDATED, renamed)
        else:
            await ctx.notifier.broadcast(THREAD_NAME_UPDATED, renamed)

    ctx.after_response(announce)
    return ThreadSetNameResponse()


def _next_ordinal(path: Path) -> int:
    last = -1
    for line in iter_rollout_lines(path):
        last = max(last, line.ordinal)
    return last + 1
