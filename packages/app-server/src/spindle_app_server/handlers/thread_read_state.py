"""``thread/readState/update`` (experimental): mark a thread read or unread.

Read receipts live in the state database (``thread_read_receipts``), so they survive a
restart. Like the reference, a loaded thread with no turn yet has no read state
(``thread read state unavailable``), an unknown thread is ``thread not loaded``, and a stale
``expectedRevision`` is refused with the current state in the error's ``data``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from spindle_protocol.errors import InvalidParams, InvalidRequest
from spindle_protocol.methods import THREAD_READ_STATE_CHANGED, THREAD_READ_STATE_UPDATE
from spindle_state import ReadStateConflict, ThreadNotFound

from .._context import RequestContext
from .._ids import InvalidUuid
from .._params import opt, thread_id_of
from .._registry import handler
from .._server import read_state_json

__all__ = ["thread_read_state_update"]

UNAVAILABLE = "thread read state unavailable"


@handler(THREAD_READ_STATE_UPDATE)
async def thread_read_state_update(ctx: RequestContext, params: Any) -> dict[str, Any]:
    server = ctx.server
    try:
        thread_id = thread_id_of(params.thread_id)
    except InvalidUuid as exc:
        raise InvalidParams(f"invalid thread id: {exc}") from None
    loaded = server.loaded.get(thread_id)
    if loaded is not None:
        if loaded.view.thread_source is not None or loaded.view.ephemeral:
            raise InvalidRequest(UNAVAILABLE)
        if not loaded.materialized:
            raise InvalidRequest(UNAVAILABLE)
    else:
        record = await asyncio.to_thread(server.store.find_thread, thread_id)
        if record is None:
            raise InvalidRequest(f"thread not loaded: {thread_id}")
        if record.thread_source is not None:
            raise InvalidRequest(UNAVAILABLE)
    operation = str(getattr(opt(params, "operation"), "type", "read"))
    try:
        receipt = await asyncio.to_thread(
            server.store.update_read_receipt,
            thread_id,
            str(params.expected_revision),
            "unread" if operation == "unread" else "read",
        )
    except ReadStateConflict as exc:
        current = read_state_json(thread_id, exc.current)
        raise InvalidRequest(
            "read state changed", data={"reason": "readStateConflict", "readState": current}
        ) from None
    except ThreadNotFound:
        raise InvalidRequest(f"thread not loaded: {thread_id}") from None
    state = read_state_json(thread_id, receipt)
    payload = {"threadId": thread_id, "readState": state}
    if loaded is not None:
        await server.notify_thread(loaded, THREAD_READ_STATE_CHANGED, payload)
    return {"readState": state}
