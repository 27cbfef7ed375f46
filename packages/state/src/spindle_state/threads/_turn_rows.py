"""The ``turns`` table: our index of rollout turns, paged by rollout ordinal."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from spindle_state._exceptions import TurnNotFound
from spindle_state.threads._cursor import TurnCursor, parse_turn_cursor
from spindle_state.threads._records import Page, TurnListQuery, TurnRecord
from spindle_state.threads._schema import turns
from spindle_state.threads._thread_rows import clamp_limit

_INSERT = sa.insert(turns)
_UPDATE = sa.update(turns).where(
    turns.c.thread_id == sa.bindparam("key_thread_id"),
    turns.c.turn_id == sa.bindparam("key_turn_id"),
)


def row_to_turn(row: RowMapping) -> TurnRecord:
    error = row["error_json"]
    return TurnRecord(
        thread_id=row["thread_id"],
        turn_id=row["turn_id"],
        root_turn_id=row["root_turn_id"],
        rollout_ordinal=row["rollout_ordinal"],
        status=row["status"],
        error=None if error is None else json.loads(error),
        started_at=row["started_at"],
        completed_at=row["completed_at"],
        duration_ms=row["duration_ms"],
        model=row["model"],
        reasoning_effort=row["reasoning_effort"],
        items=json.loads(row["items_json"]),
    )


def turn_values(record: TurnRecord) -> dict[str, Any]:
    return {
        "thread_id": record.thread_id,
        "turn_id": record.turn_id,
        "root_turn_id": record.root_turn_id,
        "rollout_ordinal": record.rollout_ordinal,
        "status": record.status,
        "error_json": None if record.error is None else json.dumps(record.error),
        "started_at": record.started_at,
        "completed_at": record.completed_at,
        "duration_ms": record.duration_ms,
        "model": record.model,
        "reasoning_effort": record.reasoning_effort,
        "items_json": json.dumps(record.items),
    }


def find(connection: Connection, thread_id: str, turn_id: str) -> TurnRecord | None:
    row = (
        connection.execute(
            sa.select(turns).where(turns.c.thread_id == thread_id, turns.c.turn_id == turn_id)
        )
        .mappings()
        .first()
    )
    return None if row is None else row_to_turn(row)


def get(connection: Connection, thread_id: str, turn_id: str) -> TurnRecord:
    found = find(connection, thread_id, turn_id)
    if found is None:
        raise TurnNotFound(thread_id, turn_id)
    return found


def upsert(connection: Connection, record: TurnRecord) -> None:
    """Insert the turn, or replace every column of the stored one."""
    values = turn_values(record)
    result = connection.execute(
        _UPDATE, {"key_thread_id": record.thread_id, "key_turn_id": record.turn_id, **values}
    )
    if result.rowcount == 0:
        connection.execute(_INSERT, values)


def insert_missing(connection: Connection, records: list[TurnRecord]) -> int:
    """Insert the turns not yet stored (by thread id and turn id); returns how many."""
    if not records:
        return 0
    by_thread: dict[str, list[TurnRecord]] = {}
    for record in records:
        by_thread.setdefault(record.thread_id, []).append(record)
    fresh: list[dict[str, Any]] = []
    for thread_id, group in by_thread.items():
        present = set(
            connection.execute(
                sa.select(turns.c.turn_id).where(turns.c.thread_id == thread_id)
            ).scalars()
        )
        fresh.extend(turn_values(r) for r in group if r.turn_id not in present)
    if fresh:
        connection.execute(sa.insert(turns), fresh)
    return len(fresh)


def list_page(connection: Connection, query: TurnListQuery) -> Page[TurnRecord]:
    """Turns of a thread by rollout ordinal (desc = newest first).

    ``next_cursor`` anchors at the last turn with ``includeAnchor: false``; it is None when
    no turn follows. ``backwards_cursor`` anchors at the first turn and says
    ``includeAnchor: true``, as the reference writes it; but every bound is exclusive here, so
    the opposite direction from a backwards cursor returns only the turns on its far side: a
    catch-up from a desc page returns exactly the turns started since (the reference repeats
    the anchor turn; issue 14 asks for exact catch-up, and the cursor text stays identical).
    """
    thread_id = query.thread_id
    if query.sort_direction not in ("asc", "desc"):
        raise ValueError(f"unknown sort direction: {query.sort_direction!r}")
    anchor = None if query.cursor is None else parse_turn_cursor(query.cursor, thread_id)
    size = clamp_limit(query.limit)
    descending = query.sort_direction == "desc"
    ordinal = turns.c.rollout_ordinal
    conditions: list[sa.ColumnElement[bool]] = [turns.c.thread_id == thread_id]
    if anchor is not None:
        bound = anchor.rollout_ordinal
        conditions.append(ordinal < bound if descending else ordinal > bound)
    rows = (
        connection.execute(
            sa.select(turns)
            .where(*conditions)
            .order_by(ordinal.desc() if descending else ordinal.asc())
            .limit(size + 1)
        )
        .mappings()
        .all()
    )
    items = [row_to_turn(row) for row in rows[:size]]
    if not items:
        return Page([], next_cursor=None, backwards_cursor=None)
    next_cursor = None
    if len(rows) > size:
        next_cursor = TurnCursor(
            thread_id, items[-1].rollout_ordinal, include_anchor=False
        ).encode()
    backwards = TurnCursor(thread_id, items[0].rollout_ordinal, include_anchor=True).encode()
    return Page(items, next_cursor, backwards)
