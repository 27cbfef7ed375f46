"""``thread/loaded/list``: the threads loaded in this process."""

from __future__ import annotations

from typing import Any

from spindle_protocol.methods import THREAD_LOADED_LIST

from .._context import RequestContext
from .._params import opt, opt_str
from .._registry import handler

JSON = dict[str, Any]

__all__ = ["thread_loaded_list"]


@handler(THREAD_LOADED_LIST)
async def thread_loaded_list(ctx: RequestContext, params: Any) -> JSON:
    ids = sorted(ctx.server.loaded)
    cursor = opt_str(params, "cursor")
    if cursor is not None:
        ids = [i for i in ids if i > cursor]
    limit = opt(params, "limit")
    next_cursor = None
    if isinstance(limit, int) and 0 < limit < len(ids):
        ids = ids[:limit]
        next_cursor = ids[-1]
    return {"data": ids, "nextCursor": next_cursor}
