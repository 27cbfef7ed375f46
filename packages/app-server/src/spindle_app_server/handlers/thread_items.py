"""``thread/items/list``: a thread's items by rollout ordinal, paged both ways."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from spindle_protocol import to_wire
from spindle_protocol.errors import InvalidRequest
from spindle_protocol.methods import THREAD_ITEMS_LIST

from .._context import RequestContext
from .._history import TurnRecord
from .._params import opt, opt_str, thread_id_of
from .._registry import handler
from .._threads import load_history
from .thread import find_rollout

JSON = dict[str, Any]

__all__ = ["thread_items_list"]


# -- thread/items/list ----------------------------------------------------------------------

ITEMS_SCOPE = "itemsByCreatedAtOrdinal"


def _items_params(params: Any) -> tuple[str, str | None, str | None, int | None, str]:
    """The fields of the parsed ``ThreadItemsListParams`` (the dispatcher has validated them).

    Only string cursors are understood; an item anchor (``{"type": "item", ...}``) is
    refused as an invalid cursor.
    """
    cursor = opt(params, "cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise InvalidRequest(f"invalid cursor: {json.dumps(to_wire(cursor))}")
    direction = opt_str(params, "sort_direction") or "desc"
    return (
        str(params.thread_id),
        opt_str(params, "turn_id"),
        cursor,
        opt(params, "limit"),
        direction,
    )


def _items_cursor(cursor: str, thread_id: str) -> tuple[int, bool]:

    try:
        data = json.loads(cursor)
        ordinal = data["rolloutOrdinal"]
        include = bool(data.get("includeAnchor", False))
        requested = data.get("requestedThreadId")
        if not isinstance(ordinal, int) or (requested is not None and requested != thread_id):
            raise ValueError(cursor)
        return ordinal, include
    except (ValueError, KeyError, TypeError):
        raise InvalidRequest(f"invalid cursor: {cursor}") from None


@handler(THREAD_ITEMS_LIST)
async def thread_items_list(ctx: RequestContext, params: Any) -> JSON:
    server = ctx.server
    raw_id, turn_filter, cursor, limit, direction = _items_params(params)
    thread_id = thread_id_of(raw_id)
    loaded = server.loaded.get(thread_id)
    turns: list[TurnRecord]
    if loaded is not None:
        if not loaded.materialized and not loaded.view.ephemeral:
            raise InvalidRequest(
                f"thread {thread_id} is not materialized yet; thread/items/list is unavailable "
                "before first user message"
            )
        turns = loaded.turns
    else:
        record = await asyncio.to_thread(server.store.find_thread, thread_id)
        path = await asyncio.to_thread(find_rollout, server, thread_id, record)
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

    return {
        "data": [
            {
                "turnId": turn_id,
                "item": item,
                "startedAtMs": item.get("startedAtMs"),
                "completedAtMs": item.get("completedAtMs"),
            }
            for _, turn_id, item in page
        ],
        "nextCursor": make_cursor(page[-1][0], False) if page and rest else None,
        "backwardsCursor": make_cursor(page[0][0], True) if page else None,
    }
