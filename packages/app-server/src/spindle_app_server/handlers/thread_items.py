"""``thread/items/list``: a thread's items by rollout ordinal, paged both ways."""

from __future__ import annotations

import asyncio
import json

from spindle_protocol import to_wire
from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_ITEMS_LIST
from spindle_protocol.models import ThreadItemEntry, ThreadItemsListParams, ThreadItemsListResponse
from spindle_state import InvalidCursor

from .._context import RequestContext
from .._history import TurnRecord
from .._params import given, thread_id_of
from .._registry import handler
from .._threads import load_history
from .thread import find_rollout

__all__ = ["thread_items_list"]


# -- thread/items/list ----------------------------------------------------------------------

ITEMS_SCOPE = "itemsByCreatedAtOrdinal"


def _items_cursor(cursor: str, thread_id: str) -> tuple[int, bool]:
    """(anchor ordinal, anchor included) of a cursor this server wrote."""
    try:
        data = json.loads(cursor)
    except ValueError:
        raise InvalidCursor(cursor) from None
    if not isinstance(data, dict):
        raise InvalidCursor(cursor)
    ordinal = data.get("rolloutOrdinal")
    requested = data.get("requestedThreadId")
    if not isinstance(ordinal, int) or (requested is not None and requested != thread_id):
        raise InvalidCursor(cursor)
    return ordinal, bool(data.get("includeAnchor", False))


@handler(THREAD_ITEMS_LIST)
async def thread_items_list(
    ctx: RequestContext, params: ThreadItemsListParams
) -> ThreadItemsListResponse:
    raw_cursor = given(params.cursor)
    if raw_cursor is not None and not isinstance(raw_cursor, str):
        # Only string cursors are understood; an item anchor is refused.
        raise InvalidRequest(f"invalid cursor: {json.dumps(to_wire(raw_cursor))}")
    cursor = raw_cursor
    turn_filter = given(params.turn_id)
    limit = given(params.limit)
    direction = given(params.sort_direction) or "desc"
    thread_id = thread_id_of(params.thread_id)
    loaded = ctx.threads.get(thread_id)
    turns: list[TurnRecord]
    if loaded is not None:
        if not loaded.materialized and not loaded.view.ephemeral:
            raise InvalidRequest(
                f"thread {thread_id} is not materialized yet; thread/items/list is unavailable "
                "before first user message"
            )
        turns = loaded.turns
    else:
        record = await asyncio.to_thread(ctx.store.find_thread, thread_id)
        path = await asyncio.to_thread(find_rollout, ctx.config.home, thread_id, record)
        if record is None or path is None:
            raise InvalidRequest(f"thread not loaded: {thread_id}")
        turns = (await asyncio.to_thread(load_history, path)).turns
    entries = [
        (ordinal, turn.id, item)
        for turn in turns
        if turn_filter is None or turn.id == turn_filter
        for item, ordinal in zip(turn.items, turn.item_ordinals, strict=False)
    ]
    entries.sort(key=lambda e: e[0], reverse=direction == "desc")
    if cursor is not None:
        anchor, include = _items_cursor(cursor, thread_id)
        if direction == "desc":
            entries = [e for e in entries if e[0] < anchor or (include and e[0] == anchor)]
        else:
            entries = [e for e in entries if e[0] > anchor or (include and e[0] == anchor)]
    size = 25 if limit is None else max(1, min(limit, 100))
    page, rest = entries[:size], entries[size:]

    def make_cursor(ordinal: int, include: bool) -> str:
        return json.dumps(
            {
                "requestedThreadId": thread_id,
                "rolloutOrdinal": ordinal,
                "includeAnchor": include,
                "scope": {"kind": ITEMS_SCOPE},
            },
            separators=(",", ":"),
        )

    return ThreadItemsListResponse(
        data=[
            ThreadItemEntry(
                turn_id=turn_id,
                item=item,
                started_at_ms=item.get("startedAtMs"),
                completed_at_ms=item.get("completedAtMs"),
            )
            for _, turn_id, item in page
        ],
        next_cursor=make_cursor(page[-1][0], False) if page and rest else None,
        backwards_cursor=make_cursor(page[0][0], True) if page else None,
    )
