"""Unique millisecond stamps for ``threads.created_at_ms`` / ``threads.updated_at_ms``.

Both run inside a write transaction that holds the database-wide writer lock (SQLite
``BEGIN IMMEDIATE``, PostgreSQL advisory lock), so the read-then-write below cannot race
another process; the UNIQUE constraints are the last line of defence.

* ``next_live_stamp``: a write happening now gets ``max(now, current maximum + 1)``. This is
  "bump by +1 until unique" when the clock collides, and it also keeps live stamps strictly
  increasing, which makes "everything newer than the cursor" exactly the rows written since.
* ``bump_until_unique``: a historical stamp (backfill of an old rollout) is kept where it is,
  and moved up by +1 only while it collides.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spindle_state.threads._schema import threads

_PROBE_CHUNK = 64
_MAX = {
    column: sa.select(sa.func.max(threads.c[column]))
    for column in ("created_at_ms", "updated_at_ms")
}


def now_ms() -> int:
    """Wall-clock unix milliseconds."""
    return time.time_ns() // 1_000_000


def next_live_stamp(connection: Connection, column: str, now: int | None = None) -> int:
    """A stamp for a write happening now: at least ``now``, above every existing stamp."""
    wanted = now_ms() if now is None else now
    top = connection.execute(_MAX[column]).scalar()
    if top is not None and wanted <= top:
        return int(top) + 1
    return wanted


_BOTH_MAX = sa.select(
    sa.select(sa.func.max(threads.c.created_at_ms)).scalar_subquery(),
    sa.select(sa.func.max(threads.c.updated_at_ms)).scalar_subquery(),
)


def next_live_stamps(connection: Connection) -> tuple[int, int]:
    """``(created_at_ms, updated_at_ms)`` for a row inserted now, in one query.

    Same rule as ``next_live_stamp`` for each column; ``updated`` is at least ``created``.
    """
    top_created, top_updated = connection.execute(_BOTH_MAX).one()
    now = now_ms()
    created = now if top_created is None or now > top_created else int(top_created) + 1
    updated = created if top_updated is None or created > top_updated else int(top_updated) + 1
    return created, updated


def bump_until_unique(
    connection: Connection, column: str, wanted: int, reserved: set[int] | None = None
) -> int:
    """The smallest free stamp ``>= wanted``; ``reserved`` holds stamps taken but unwritten."""
    col = threads.c[column]
    held = reserved if reserved is not None else set()
    candidate = wanted
    while True:
        values = list(
            connection.execute(
                sa.select(col).where(col >= candidate).order_by(col).limit(_PROBE_CHUNK)
            ).scalars()
        )
        # values ascend; every value already passed is below candidate.
        for value in values:
            while candidate in held:
                candidate += 1
            if value > candidate:
                return candidate
            if value == candidate:
                candidate += 1
        if len(values) < _PROBE_CHUNK:
            while candidate in held:
                candidate += 1
            return candidate


def bump_many(connection: Connection, column: str, wanted: list[int]) -> list[int]:
    """``bump_until_unique`` for a batch of stamps, in order, with few range queries.

    The stamps already in ``[min(wanted), max(wanted) + len(wanted)]`` are read at once; a
    stamp pushed past that window reads the next window (as wide again), so many equal
    stamps (rollouts written in the same millisecond, batch after batch) cost a few
    queries, not one probe of every earlier row per stamp.
    """
    if not wanted:
        return []
    col = threads.c[column]
    low = min(wanted)
    width = max(len(wanted), 1024)
    high = max(wanted) + len(wanted)
    taken = set(connection.execute(sa.select(col).where(col.between(low, high))).scalars())
    result: list[int] = []
    for stamp in wanted:
        candidate = stamp
        while True:
            while candidate in taken:
                candidate += 1
            if candidate <= high:
                break
            # Past the window read so far: ``taken`` is exact only inside it.
            start, high = high + 1, max(candidate, high) + width
            taken.update(
                connection.execute(sa.select(col).where(col.between(start, high))).scalars()
            )
        taken.add(candidate)
        result.append(candidate)
    return result
