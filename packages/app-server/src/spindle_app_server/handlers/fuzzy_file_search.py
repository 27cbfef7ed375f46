"""``fuzzyFileSearch``: the best-matching files and directories under some roots.

A request with a ``cancellationToken`` cancels the still-running search that used the
same token, which then answers an empty list, as the reference does. The walk and the
ranking are in :mod:`.._fuzzy_search`; they run off the event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from spindle_protocol.methods import FUZZY_FILE_SEARCH

from .._context import RequestContext
from .._fuzzy_search import CancelFlag, search
from .._params import opt
from .._registry import handler

__all__ = ["fuzzy_file_search"]

JSON = dict[str, Any]

# Running searches by cancellation token (one process serves every connection).
_RUNNING: dict[str, CancelFlag] = {}


@handler(FUZZY_FILE_SEARCH)
async def fuzzy_file_search(ctx: RequestContext, params: Any) -> JSON:
    token = opt(params, "cancellation_token")
    flag = CancelFlag()
    if token is not None:
        previous = _RUNNING.get(str(token))
        if previous is not None:
            previous.cancel()
        _RUNNING[str(token)] = flag
    try:
        files = await asyncio.to_thread(
            search, str(params.query), [str(root) for root in params.roots], flag
        )
    finally:
        if token is not None and _RUNNING.get(str(token)) is flag:
            del _RUNNING[str(token)]
    return {"files": files}
