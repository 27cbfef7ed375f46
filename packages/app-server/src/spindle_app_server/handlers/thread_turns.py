"""``thread/turns/list``: a thread's turns from the turns index (SQLite only)."""

from __future__ import annotations

import asyncio
from typing import Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_TURNS_LIST
from spindle_state import TurnListQuery

from .._context import RequestContext
from .._params import opt, opt_str, thread_id_of
from .._registry import handler
from ..turns import wire_item_from_index

JSON = dict[str, Any]

__all__ = ["thread_turns_list"]


# -- thread/turns/list ----------------------------------------------------------------------


@handler(THREAD_TURNS_LIST)
async def thread_turns_list(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    thread_id = thread_id_of(params.thread_id)
    loaded = server.loaded.get(thread_id)
    if loaded is not None and loaded.view.ephemeral:
        raise InvalidRequest("ephemeral threads do not support thread/turns/list")
    if loaded is not None and not loaded.materialized:
        raise InvalidRequest(
            f"thread {thread_id} is not materialized yet; thread/turns/list is unavailable "
            "before first user message"
        )
    record = await asyncio.to_thread(server.store.find_thread, thread_id)
    if record is None:
        raise InvalidRequest(f"thread not loaded: {thread_id}")
    items_view = opt_str(params, "items_view") or "summary"
    query = TurnListQuery(
        thread_id,
        limit=opt(params, "limit"),
        sort_direction="asc" if opt_str(params, "sort_direction") == "asc" else "desc",
        cursor=opt_str(params, "cursor"),
    )
    page = await asyncio.to_thread(server.store.list_turns, query)
    data = []
    for turn in page.items:
        items: list[JSON] = []
        if items_view != "notLoaded":
            for item in turn.items:
                wire = wire_item_from_index(item)
                if wire is not None:
                    items.append(wire)
        data.append(
            {
                "id": turn.turn_id,
                "rootTurnId": turn.root_turn_id or turn.turn_id,
                "items": items,
                "itemsView": items_view,
                "status": turn.status,
                "error": turn.error,
                "startedAt": turn.started_at,
                "completedAt": turn.completed_at,
                "durationMs": turn.duration_ms,
            }
        )
    return {"data": data, "nextCursor": page.next_cursor, "backwardsCursor": page.backwards_cursor}
