"""Retention: a byte budget per partition, trimmed oldest first, entirely in SQL.

Partitions follow the reference: one per thread (rows with a ``thread_id``, whichever
process wrote them) and, for thread-less rows, one per ``process_uuid`` (``NULL`` being its
own partition). A partition's weight is the sum of its rows' ``estimated_bytes``, which
counts the message, the rendered body and the metadata. Trimming keeps the newest rows
whose cumulative weight fits the budget and deletes the rest with one
``DELETE ... WHERE id IN (window query)``: no row is loaded into Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from sqlalchemy import ColumnElement, Connection, case, delete, func, literal, select, true

from spindle_state.logs._logs_schema import logs_table

DEFAULT_PARTITION_BUDGET_BYTES: Final = 10 * 1024 * 1024
"""Per-partition budget (the reference's 10 MiB)."""

_C: Final = logs_table.c


def _newest_first() -> tuple[ColumnElement[Any], ...]:
    return (_C.ts.desc(), _C.ts_nanos.desc(), _C.id.desc())


def _keep(budget_bytes: int, keep_bytes: int | None) -> int:
    return budget_bytes if keep_bytes is None else min(keep_bytes, budget_bytes)


def _delete_over_budget(
    connection: Connection,
    partition_by: ColumnElement[Any],
    where: ColumnElement[bool],
    budget_bytes: int,
) -> int:
    cumulative = func.sum(_C.estimated_bytes).over(
        partition_by=partition_by, order_by=_newest_first()
    )
    windowed = select(_C.id.label("id"), cumulative.label("cumulative_bytes")).where(where)
    window = windowed.subquery("windowed")
    doomed = select(window.c.id).where(window.c.cumulative_bytes > budget_bytes)
    result = connection.execute(delete(logs_table).where(_C.id.in_(doomed)))
    return max(result.rowcount, 0)


def trim_thread_partitions(
    connection: Connection,
    budget_bytes: int,
    thread_ids: Iterable[str],
    *,
    keep_bytes: int | None = None,
) -> int:
    """Trim the given threads' partitions over ``budget_bytes`` down to ``keep_bytes``
    (default: the budget); returns rows deleted."""
    wanted = sorted(set(thread_ids))
    if not wanted:
        return 0
    over = connection.execute(
        select(_C.thread_id)
        .where(_C.thread_id.in_(wanted))
        .group_by(_C.thread_id)
        .having(func.sum(_C.estimated_bytes) > budget_bytes)
    ).scalars()
    over_ids = list(over)
    if not over_ids:
        return 0
    return _delete_over_budget(
        connection, _C.thread_id, _C.thread_id.in_(over_ids), _keep(budget_bytes, keep_bytes)
    )


def trim_process_partitions(
    connection: Connection,
    budget_bytes: int,
    process_uuids: Iterable[str | None],
    *,
    keep_bytes: int | None = None,
) -> int:
    """Trim the thread-less partitions of the given processes that are over
    ``budget_bytes`` down to ``keep_bytes`` (default: the budget); returns rows deleted."""
    wanted = set(process_uuids)
    deleted = 0
    named = sorted(uuid for uuid in wanted if uuid is not None)
    if named:
        over = connection.execute(
            select(_C.process_uuid)
            .where(_C.thread_id.is_(None), _C.process_uuid.in_(named))
            .group_by(_C.process_uuid)
            .having(func.sum(_C.estimated_bytes) > budget_bytes)
        ).scalars()
        over_uuids = list(over)
        if over_uuids:
            deleted += _delete_over_budget(
                connection,
                _C.process_uuid,
                _C.thread_id.is_(None) & _C.process_uuid.in_(over_uuids),
                _keep(budget_bytes, keep_bytes),
            )
    if None in wanted:
        null_partition = _C.thread_id.is_(None) & _C.process_uuid.is_(None)
        total = connection.execute(
            select(func.coalesce(func.sum(_C.estimated_bytes), 0)).where(null_partition)
        ).scalar_one()
        if int(total) > budget_bytes:
            deleted += _delete_over_budget(
                connection, _C.process_uuid, null_partition, budget_bytes
            )
    return deleted


def trim_all_partitions(connection: Connection, budget_bytes: int) -> int:
    """Trim every partition of the table to ``budget_bytes``; returns rows deleted."""
    partition = case(
        (_C.thread_id.is_not(None), literal("t:") + _C.thread_id),
        else_=literal("p:") + func.coalesce(_C.process_uuid, ""),
    )
    return _delete_over_budget(connection, partition, true(), budget_bytes)
