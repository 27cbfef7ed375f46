"""The ``thread_memory`` table: one distilled memory row per thread."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping

from spindle_state._exceptions import ThreadNotFound
from spindle_state.threads._records import ThreadMemory
from spindle_state.threads._schema import thread_memory, threads
from spindle_state.threads._timestamps import now_ms


def _row(row: RowMapping) -> ThreadMemory:
    return ThreadMemory(
        thread_id=row["thread_id"],
        trace_summary=row["trace_summary"],
        memory_summary=row["memory_summary"],
        updated_at=row["updated_at"],
    )


def get(connection: Connection, thread_id: str) -> ThreadMemory | None:
    row = (
        connection.execute(sa.select(thread_memory).where(thread_memory.c.thread_id == thread_id))
        .mappings()
        .first()
    )
    return None if row is None else _row(row)


def upsert(
    connection: Connection, thread_id: str, trace_summary: str, memory_summary: str
) -> ThreadMemory:
    """Write the row; ``updated_at`` always advances, even within one clock tick."""
    exists = connection.execute(sa.select(threads.c.id).where(threads.c.id == thread_id)).first()
    if exists is None:
        raise ThreadNotFound(thread_id)
    previous = get(connection, thread_id)
    stamp = now_ms()
    values = {"trace_summary": trace_summary, "memory_summary": memory_summary}
    if previous is None:
        connection.execute(
            sa.insert(thread_memory).values(thread_id=thread_id, updated_at=stamp, **values)
        )
    else:
        stamp = max(stamp, previous.updated_at + 1)
        connection.execute(
            sa.update(thread_memory)
            .where(thread_memory.c.thread_id == thread_id)
            .values(updated_at=stamp, **values)
        )
    return ThreadMemory(thread_id, trace_summary, memory_summary, stamp)


def last_n_for_cwd(connection: Connection, cwd: str, n: int) -> list[ThreadMemory]:
    """The newest ``n`` rows whose thread has exactly this cwd."""
    if n <= 0:
        return []
    rows = (
        connection.execute(
            sa.select(thread_memory)
            .join(threads, threads.c.id == thread_memory.c.thread_id)
            .where(threads.c.cwd == cwd)
            .order_by(thread_memory.c.updated_at.desc(), thread_memory.c.thread_id.desc())
            .limit(n)
        )
        .mappings()
        .all()
    )
    return [_row(row) for row in rows]
