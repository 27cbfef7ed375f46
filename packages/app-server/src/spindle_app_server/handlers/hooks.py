"""``hooks/list``: spindle runs no lifecycle hooks, so each working directory lists none."""

from __future__ import annotations

import os

from spindle_protocol.methods import HOOKS_LIST
from spindle_protocol.models import HooksListEntry, HooksListParams, HooksListResponse

from .._context import RequestContext
from .._params import given
from .._registry import handler

__all__ = ["hooks_list"]


@handler(HOOKS_LIST)
async def hooks_list(ctx: RequestContext, params: HooksListParams) -> HooksListResponse:
    """One ``HooksListEntry`` per requested cwd; with a loaded ``threadId`` and no ``cwds``,
    the thread's cwd; otherwise the server's cwd."""
    cwds = given(params.cwds) or []
    if not cwds:
        thread = ctx.threads.get(given(params.thread_id))
        cwds = [thread.settings.cwd if thread is not None else os.getcwd()]
    return HooksListResponse(
        data=[HooksListEntry(cwd=cwd, hooks=[], warnings=[], errors=[]) for cwd in cwds]
    )
