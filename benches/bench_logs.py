"""Logs: sustained rows/s into SQLite through LogDbHandler, against baselines of the same run.

Figures (never asserted):
- baseline ``executemany``: the same pre-rendered rows written with plain ``sqlite3``
  ``executemany`` into the same schema, 2,048 rows per transaction: the database's ceiling;
- baseline ``logging``: ``Logger.info`` into a handler that does nothing: the cost of the
  logging module itself (record creation, caller lookup);
- ``handler``: pre-built records handed to ``LogDbHandler.handle`` until every row is
  committed (rendering, queue, writer thread, retention): the handler's sustained rate,
  compared with the 50,000 rows/s target;
- ``end-to-end``: ``Logger.info`` calls through the handler until every row is committed;
- ``export``: ``export_feedback`` of a 4 MiB cap from a ~40 MB thread partition.

``SPINDLE_BENCH_LOG_ROWS`` sets the row count (default 200,000). The machine's load average
is printed, because the handler shares the GIL and the cores with everything else.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from spindle_state import LogDbHandler, LogEntry, LogStore, log_thread, open_log_store
from spindle_state.logs._logs_queries import ROW_COLUMNS

TARGET_ROWS_PER_SECOND = 50_000


class _Discard(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        return None


def _logger(name: str, handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(name)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.handlers = [handler]
    return logger


def _rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds > 0 else float("inf")


def bench_executemany(home: Path, rows: list[tuple[object, ...]]) -> float:
    store = open_log_store(home)
    store.close()
    connection = sqlite3.connect(home / "logs.sqlite")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    sql = (
        f"INSERT INTO logs ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"
    )
    start = time.perf_counter()
    for offset in range(0, len(rows), 2048):
        with connection:
            connection.executemany(sql, rows[offset : offset + 2048])
    elapsed = time.perf_counter() - start
    connection.close()
    return _rate(len(rows), elapsed)


def bench_logging_module(count: int) -> float:
    logger = _logger("bench.discard", _Discard())
    start = time.perf_counter()
    for number in range(count):
        logger.info("request %d handled", number)
    return _rate(count, time.perf_counter() - start)


def bench_handler(store: LogStore, count: int) -> tuple[float, int]:
    handler = LogDbHandler(store)
    record = logging.LogRecord(
        "bench.handler", logging.INFO, __file__, 1, "request %d handled", (1,), None
    )
    start = time.perf_counter()
    for _ in range(count):
        handler.handle(record)
    handler.flush(timeout=None)
    elapsed = time.perf_counter() - start
    handler.close()
    return _rate(count, elapsed), handler.dropped


def bench_end_to_end(store: LogStore, count: int) -> tuple[float, int]:
    handler = LogDbHandler(store)
    logger = _logger("bench.end_to_end", handler)
    start = time.perf_counter()
    with log_thread("bench-thread"):
        for number in range(count):
            logger.info("request %d handled", number, extra={"attempt": 1})
    handler.flush(timeout=None)
    elapsed = time.perf_counter() - start
    handler.close()
    return _rate(count, elapsed), handler.dropped


def bench_export(store: LogStore) -> tuple[float, int, int]:
    body = "x" * 1000
    for offset in range(0, 40_000, 4000):
        store.insert(
            LogEntry(
                ts=1_795_000_000 + number,
                ts_nanos=0,
                level="INFO",
                target="bench",
                message="m",
                feedback_log_body=body,
                thread_id="export",
                process_uuid="pid:1:bench",
            )
            for number in range(offset, offset + 4000)
        )
    start = time.perf_counter()
    report = store.export_feedback_report("export", 4 * 1024 * 1024)
    return time.perf_counter() - start, report.rows_fetched, len(report.text.encode())


def main() -> None:
    count = int(os.environ.get("SPINDLE_BENCH_LOG_ROWS", "200000"))
    print(
        f"rows per run: {count:,}; load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus"
    )
    with tempfile.TemporaryDirectory(prefix="spindle-bench-logs-") as scratch:
        root = Path(scratch)
        sample = LogDbHandler(open_log_store(root / "sample"), close_store=True)
        record = logging.LogRecord(
            "bench", logging.INFO, __file__, 1, "request %d handled", (1,), None
        )
        rendered = [sample._render(record) for _ in range(count)]
        sample.close()

        baseline_db = bench_executemany(root / "baseline", rendered)
        baseline_logging = bench_logging_module(count)
        with open_log_store(root / "handler") as store:
            handler_rate, handler_dropped = bench_handler(store, count)
        with open_log_store(root / "e2e") as store:
            e2e_rate, e2e_dropped = bench_end_to_end(store, count)
        with open_log_store(root / "export") as store:
            export_seconds, export_rows, export_bytes = bench_export(store)

    print(f"baseline sqlite3 executemany      {baseline_db:>12,.0f} rows/s")
    print(f"baseline logging (discard)        {baseline_logging:>12,.0f} rows/s")
    print(
        f"handler.handle -> SQLite          {handler_rate:>12,.0f} rows/s"
        f"  ({handler_rate / baseline_db:.2f}x executemany, "
        f"{handler_rate / TARGET_ROWS_PER_SECOND:.2f}x the {TARGET_ROWS_PER_SECOND:,} target,"
        f" dropped {handler_dropped})"
    )
    print(
        f"Logger.info -> handler -> SQLite  {e2e_rate:>12,.0f} rows/s"
        f"  ({e2e_rate / baseline_logging:.2f}x logging alone, "
        f"{e2e_rate / TARGET_ROWS_PER_SECOND:.2f}x target, dropped {e2e_dropped})"
    )
    print(
        f"export 4 MiB of a 40 MB thread    {export_seconds * 1000:>12,.1f} ms"
        f"  ({export_rows:,} rows fetched, {export_bytes:,} bytes of text)"
    )


if __name__ == "__main__":
    main()
