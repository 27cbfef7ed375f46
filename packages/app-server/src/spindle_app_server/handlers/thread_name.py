"""``thread/name/set``: name a thread (rollout line, SQLite column, notification)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from spindle_protocol.methods import THREAD_NAME_SET, THREAD_NAME_UPDATED
from spindle_state import iter_rollout_lines

from .._context import RequestContext
from .._params import thread_id_of
from .._registry import handler
from .._rollout import RolloutWriter
from .._threads import materialize
from .thread import find_rollout, no_rollout

JSON = dict[str, Any]

__all__ = ["thread_name_set"]


# -- thread/name/set ------------------------------------------------------------------------


@handler(THREAD_NAME_SET)
async def thread_name_set(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    name = str(params.name)
    payload = {"type": "thread_name_updated", "thread_id": thread_id, "thread_name": name}
    loaded = server.loaded.get(thread_id)
    if loaded is not None and not loaded.view.ephemeral:
        if not loaded.materialized:
            loaded.view.name = name
            await asyncio.to_thread(materialize, loaded, server.store)
        assert loaded.writer is not None
        loaded.writer.append("event_msg", payload)
        loaded.view.name = name
    else:
        record = await asyncio.to_thread(server.store.find_thread, thread_id)
        path = await asyncio.to_thread(find_rollout, server, thread_id, record)
        if record is None or path is None:
            raise no_rollout(thread_id)
        writer = RolloutWriter(path, next_ordinal=_next_ordinal(path))
        try:
            writer.append("event_msg", payload)
        finally:
            writer.close()
    await asyncio.to_thread(server.store.update_thread, thread_id, {"name": name}, touch=False)
    params_out = {"threadId": thread_id, "threadName": name}

    async def renamed() -> None:
        if loaded is not None:
            await server.notify_thread(loaded, THREAD_NAME_UPDATED, params_out)
        else:
            await server.broadcast(THREAD_NAME_UPDATED, params_out)

    ctx.after_response(renamed)
    return {}


def _next_ordinal(path: Path) -> int:
    last = -1
    for line in iter_rollout_lines(path):
        last = max(last, line.ordinal)
    return last + 1
