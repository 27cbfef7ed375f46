"""``LogStore``: the logs database behind one engine, and ``open_log_store``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from spindle_state.core._engine_store import EngineStore
from spindle_state.logs._logs_engine import open_logs_engine
from spindle_state.logs._logs_export import (
    FeedbackExport,
    export_feedback_rows,
    export_process_rows,
)
from spindle_state.logs._logs_queries import (
    LogEntry,
    LogQuery,
    LogRow,
    logs_by_id,
    max_log_id,
    query_log_ids,
    query_logs,
)
from spindle_state.logs._logs_retention import (
    trim_all_partitions,
    trim_process_partitions,
    trim_thread_partitions,
)
from spindle_state.logs._logs_schema import logs_table


def insert_log_rows(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert prepared row parameters (one executemany)."""
    if rows:
        connection.execute(insert(logs_table), list(rows))


def trim_touched_partitions(
    connection: Connection,
    budget_bytes: int,
    thread_ids: Iterable[str],
    threadless_process_uuids: Iterable[str | None],
    *,
    keep_bytes: int | None = None,
) -> int:
    """Apply the retention budget to the partitions a batch wrote to: a partition over
    ``budget_bytes`` keeps its newest rows up to ``keep_bytes`` (default: the budget)."""
    deleted = trim_thread_partitions(connection, budget_bytes, thread_ids, keep_bytes=keep_bytes)
    return deleted + trim_process_partitions(
        connection, budget_bytes, threadless_process_uuids, keep_bytes=keep_bytes
    )


class LogStore(EngineStore):
    """Reads and writes of the logs database; thread-safe (one engine, pooled connections)."""

    def insert(self, entries: Iterable[LogEntry], *, budget_bytes: int | None = None) -> None:
        """Write entries in one transaction, then trim their partitions to ``budget_bytes``."""
        params = [entry.to_params() for entry in entries]
        with self.engine.begin() as connection:
            insert_log_rows(connection, params)
            if budget_bytes is not None:
                trim_touched_partitions(
                    connection,
                    budget_bytes,
                    {row["thread_id"] for row in params if row["thread_id"] is not None},
                    {row["process_uuid"] for row in params if row["thread_id"] is None},
                )

    def query(
        self,
        query: LogQuery | None = None,
        *,
        after_id: int | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[LogRow]:
        """Rows matching ``query`` (see :class:`LogQuery`), ordered by id."""
        with self.engine.connect() as connection:
            return query_logs(
                connection,
                query or LogQuery(),
                after_id=after_id,
                limit=limit,
                newest_first=newest_first,
            )

    def ids(self, query: LogQuery | None = None, *, after_id: int = 0) -> list[int]:
        """Ids of matching rows above ``after_id``, ascending."""
        with self.engine.connect() as connection:
            return query_log_ids(connection, query or LogQuery(), after_id=after_id)

    def by_id(self, ids: Sequence[int]) -> list[LogRow]:
        """The rows with these ids, ascending."""
        with self.engine.connect() as connection:
            return logs_by_id(connection, ids)

    def max_id(self, query: LogQuery | None = None) -> int:
        """The highest id among matching rows (0 when none)."""
        with self.engine.connect() as connection:
            return max_log_id(connection, query)

    def export_feedback(self, thread_id: str, max_bytes: int) -> str:
        """The feedback text of a thread, at most ``max_bytes`` (see ``_logs_export``)."""
        return self.export_feedback_report(thread_id, max_bytes).text

    def export_feedback_report(self, thread_id: str, max_bytes: int) -> FeedbackExport:
        """Like :meth:`export_feedback`, with the number of rows and bytes fetched."""
        with self.engine.connect() as connection:
            return export_feedback_rows(connection, thread_id, max_bytes)

    def export_process_feedback(self, process_uuid: str, max_bytes: int) -> FeedbackExport:
        """The thread-less rows of one process as feedback text (no thread given)."""
        with self.engine.connect() as connection:
            return export_process_rows(connection, process_uuid, max_bytes)

    def trim(
        self,
        budget_bytes: int,
        *,
        thread_ids: Iterable[str] | None = None,
        threadless_process_uuids: Iterable[str | None] | None = None,
    ) -> int:
        """Trim partitions to ``budget_bytes`` (all of them when none are named)."""
        with self.engine.begin() as connection:
            if thread_ids is None and threadless_process_uuids is None:
                return trim_all_partitions(connection, budget_bytes)
            return trim_touched_partitions(
                connection, budget_bytes, thread_ids or (), threadless_process_uuids or ()
            )


def open_log_store(
    home: Path | None = None, url: str | None = None, *, read_only: bool = False
) -> LogStore:
    """Open the logs database (``<home>/logs.sqlite``, or ``url`` / ``SPINDLE_DATABASE_URL``).

    Migrations run on open unless ``read_only``; a read-only open of a missing or
    unmigrated database raises :class:`LogsDatabaseError`.
    """
    return LogStore(open_logs_engine(home, url, read_only=read_only))
