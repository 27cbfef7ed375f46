"""``thread/loaded/list``: the threads loaded in this process."""

from __future__ import annotations

from spindle_protocol.methods import THREAD_LOADED_LIST
from spindle_protocol.models import ThreadLoadedListParams, ThreadLoadedListResponse

from .._context import RequestContext
from .._params import given
from .._registry import handler

__all__ = ["thread_loaded_list"]


@handler(THREAD_LOADED_LIST)
async def thread_loaded_list(
    ctx: RequestContext, params: ThreadLoadedListParams
) -> ThreadLoadedListResponse:
    ids = sorted(ctx.threads.ids())
    cursor = given(params.cursor)
    if cursor is not None:
        ids = [i for i in ids if i > cursor]
    limit = given(params.limit)
    next_cursor = None
    if limit is not None and 0 < limit < len(ids):
        ids = ids[:limit]
        next_cursor = ids[-1]
    return ThreadLoadedListResponse(data=ids, next_cursor=next_cursor)
