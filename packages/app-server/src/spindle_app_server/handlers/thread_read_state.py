"""``thread/readState/update`` (experimental): mark a thread read or unread.

Read receipts live in the state database (``thread_read_receipts``), so they survive a
restart. Like the reference, a loaded thread with no turn yet has no read state
(``thread read state unavailable``), an unknown thread is ``thread not loaded``, and a stale
``expectedRevision`` is refused with the current state in the error's ``data`` (those
wordings are in the error table).
"""

from __future__ import annotations

import asyncio

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_READ_STATE_CHANGED, THREAD_READ_STATE_UPDATE
from spindle_protocol.models import (
    ThreadReadStateChangedNotification,
    ThreadReadStateOperationUnread,
    ThreadReadStateUpdateParams,
    ThreadReadStateUpdateResponse,
)
from spindle_state import ThreadNotFound

from .._context import RequestContext
from .._params import thread_id_of
from .._registry import handler
from .._thread_manager import read_state_model

__all__ = ["thread_read_state_update"]

UNAVAILABLE = "thread read state unavailable"


@handler(THREAD_READ_STATE_UPDATE)
async def thread_read_state_update(
    ctx: RequestContext, params: ThreadReadStateUpdateParams
) -> ThreadReadStateUpdateResponse:
    thread_id = thread_id_of(params.thread_id)
    loaded = ctx.threads.get(thread_id)
    if loaded is not None:
        if loaded.view.thread_source is not None or loaded.view.ephemeral:
            raise InvalidRequest(UNAVAILABLE)
        if not loaded.materialized:
            raise InvalidRequest(UNAVAILABLE)
    else:
        record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
        if record is None:
            raise ThreadNotFound(thread_id)
        if record.thread_source is not None:
            raise InvalidRequest(UNAVAILABLE)
    unread = isinstance(params.operation, ThreadReadStateOperationUnread)
    receipt = await asyncio.to_thread(
        ctx.store.update_read_receipt,
        thread_id,
        params.expected_revision,
        "unread" if unread else "read",
    )
    state = read_state_model(thread_id, receipt)
    if loaded is not None:
        await ctx.notifier.to_thread(
            loaded,
            THREAD_READ_STATE_CHANGED,
            ThreadReadStateChangedNotification(thread_id=thread_id, read_state=state),
        )
    return ThreadReadStateUpdateResponse(read_state=state)
