"""``hooks/list``: spindle runs no lifecycle hooks, so each working directory lists none."""

from __future__ import annotations

import os
from typing import Any

from spindle_protocol.methods import HOOKS_LIST

from .._context import RequestContext
from .._params import opt, opt_str
from .._registry import handler

__all__ = ["hooks_list"]


@handler(HOOKS_LIST)
async def hooks_list(ctx: RequestContext, params: Any) -> dict[str, Any]:
    """One ``HooksListEntry`` per requested cwd; with a loaded ``threadId`` and no ``cwds``,
    the thread's cwd; otherwise the server's cwd."""
    cwds: list[str] = list(opt(params, "cwds") or [])
    if not cwds:
        thread_id = opt_str(params, "thread_id")
        thread = ctx.server.loaded.get(thread_id) if thread_id is not None else None
        cwds = [thread.settings.cwd if thread is not None else os.getcwd()]
    return {"data": [{"cwd": cwd, "hooks": [], "warnings": [], "errors": []} for cwd in cwds]}
