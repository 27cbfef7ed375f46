"""``thread/turns/list``: a thread's turns from the turns index (SQLite only)."""

from __future__ import annotations

import asyncio
from typing import Any

from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_TURNS_LIST
from spindle_protocol.models import ThreadTurnsListParams, ThreadTurnsListResponse, Turn
from spindle_state import TurnListQuery

from .._context import RequestContext
from .._params import given, thread_id_of
from .._registry import handler
from .._wire import turn_json
from ..turns import wire_item_from_index

__all__ = ["thread_turns_list"]


# -- thread/turns/list ----------------------------------------------------------------------


@handler(THREAD_TURNS_LIST)
async def thread_turns_list(
    ctx: RequestContext, params: ThreadTurnsListParams
) -> ThreadTurnsListResponse:
    thread_id = thread_id_of(params.thread_id)
    loaded = ctx.threads.get(thread_id)
    if loaded is not None and loaded.view.ephemeral:
        raise InvalidRequest("ephemeral threads do not support thread/turns/list")
    if loaded is not None and not loaded.materialized:
        raise InvalidRequest(
            f"thread {thread_id} is not materialized yet; thread/turns/list is unavailable "
            "before first user message"
        )
    record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
    if record is None:
        raise InvalidRequest(f"thread not loaded: {thread_id}")
    items_view = given(params.items_view) or "summary"
    query = TurnListQuery(
        thread_id,
        limit=given(params.limit),
        sort_direction="asc" if given(params.sort_direction) == "asc" else "desc",
        cursor=given(params.cursor),
    )
    page = await asyncio.to_thread(ctx.store.list_turns, query)
    data: list[Turn] = []
    for turn in page.items:
        items: list[dict[str, Any]] = []
        if items_view != "notLoaded":
            for item in turn.items:
                wire = wire_item_from_index(item)
                if wire is not None:
                    items.append(wire)
        data.append(
            Turn.model_validate(
                turn_json(
                    turn.turn_id,
                    root_turn_id=turn.root_turn_id,
                    items=items,
                    items_view=items_view,
                    status=turn.status,
                    error=turn.error,
                    started_at=turn.started_at,
                    completed_at=turn.completed_at,
                    duration_ms=turn.duration_ms,
                )
            )
        )
    return ThreadTurnsListResponse(
        data=data, next_cursor=page.next_cursor, backwards_cursor=page.backwards_cursor
    )
