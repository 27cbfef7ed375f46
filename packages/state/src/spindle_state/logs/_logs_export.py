"""Feedback export: one thread's logs as the text a user attaches to a bug report.

Scope: the thread's rows plus the thread-less rows of the process(es) that wrote them
(startup, transport, model-client lines of that server run), never thread-less rows of
another process. The row set is bounded in SQL: a cumulative ``SUM(estimated_bytes)``
window over the scope, newest first, keeps rows up to ``max_bytes``; only those rows are
fetched. ``estimated_bytes`` is never smaller than a rendered line for rows this package
writes, so the fetched text already fits; the final cut to ``max_bytes`` on whole lines
(oldest lines go first) covers rows from other writers with a smaller estimate.

Each line is ``<RFC3339 UTC timestamp with microseconds> <level, right-aligned to 5>
<feedback_log_body>``, the layout of the tracing formatter the reference uses; a body that
already ends with a newline keeps it and gets no second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import Connection, Subquery, func, select, union_all

from spindle_state.logs._logs_queries import utf8_len
from spindle_state.logs._logs_schema import logs_table

_C: Final = logs_table.c


@dataclass(frozen=True, slots=True)
class FeedbackExport:
    """The exported text and what it cost to build it."""

    text: str
    rows_fetched: int
    """Rows the bounded SQL query returned to Python."""
    estimated_bytes_fetched: int
    """Sum of ``estimated_bytes`` over the fetched rows."""
    lines_dropped: int
    """Fetched lines cut off by the final whole-line truncation."""


def format_export_timestamp(ts: int, ts_nanos: int) -> str:
    """``2026-11-28T20:16:31.087123Z``."""
    base = datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{max(0, min(ts_nanos, 999_999_999)) // 1000:06d}Z"


def format_export_line(ts: int, ts_nanos: int, level: str, body: str) -> str:
    """One export line, newline-terminated exactly once."""
    line = f"{format_export_timestamp(ts, ts_nanos)} {level:>5} {body}"
    return line if line.endswith("\n") else line + "\n"


def export_feedback_rows(connection: Connection, thread_id: str, max_bytes: int) -> FeedbackExport:
    """Export ``thread_id``'s feedback logs, at most ``max_bytes`` of UTF-8 text."""
    processes = (
        select(_C.process_uuid)
        .where(_C.thread_id == thread_id, _C.process_uuid.is_not(None))
        .distinct()
    )
    thread_rows = select(_C.id, _C.ts, _C.ts_nanos, _C.estimated_bytes).where(
        _C.thread_id == thread_id
    )
    process_rows = select(_C.id, _C.ts, _C.ts_nanos, _C.estimated_bytes).where(
        _C.thread_id.is_(None), _C.process_uuid.in_(processes)
    )
    return _export(connection, union_all(thread_rows, process_rows).subquery("scoped"), max_bytes)


def export_process_rows(
    connection: Connection, process_uuid: str, max_bytes: int
) -> FeedbackExport:
    """Export the thread-less rows of one process (feedback sent without a thread)."""
    scoped = (
        select(_C.id, _C.ts, _C.ts_nanos, _C.estimated_bytes)
        .where(_C.thread_id.is_(None), _C.process_uuid == process_uuid)
        .subquery("scoped")
    )
    return _export(connection, scoped, max_bytes)


def _export(connection: Connection, scoped: Subquery, max_bytes: int) -> FeedbackExport:
    if max_bytes <= 0:
        return FeedbackExport("", rows_fetched=0, estimated_bytes_fetched=0, lines_dropped=0)
    cumulative = func.sum(scoped.c.estimated_bytes).over(
        order_by=(scoped.c.ts.desc(), scoped.c.ts_nanos.desc(), scoped.c.id.desc())
    )
    windowed = select(scoped.c.id, cumulative.label("cumulative_bytes")).subquery("windowed")
    statement = (
        select(
            _C.ts,
            _C.ts_nanos,
            _C.level,
            func.coalesce(_C.feedback_log_body, _C.message, "").label("body"),
            _C.estimated_bytes,
        )
        .join_from(logs_table, windowed, _C.id == windowed.c.id)
        .where(windowed.c.cumulative_bytes <= max_bytes)
        .order_by(_C.ts, _C.ts_nanos, _C.id)
    )
    lines: list[str] = []
    fetched_bytes = 0
    for ts, ts_nanos, level, body, estimated in connection.execute(statement):
        lines.append(format_export_line(ts, ts_nanos, level, body))
        fetched_bytes += int(estimated)
    fetched = len(lines)
    total = sum(utf8_len(line) for line in lines)
    start = 0
    while total > max_bytes and start < len(lines):
        total -= utf8_len(lines[start])
        start += 1
    return FeedbackExport("".join(lines[start:]), fetched, fetched_bytes, start)
