"""Feedback export: process scoping, line layout, the SQL-side byte window and the final
whole-line cut. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spindle_state import LogEntry, LogStore, open_log_store
from spindle_state.logs._logs_export import format_export_line
from sqlalchemy import event

PROC_A = "pid:100:aaaaaaaa-0000-4000-8000-000000000000"
PROC_B = "pid:200:bbbbbbbb-0000-4000-8000-000000000000"
PROC_C = "pid:300:cccccccc-0000-4000-8000-000000000000"
BASE_TS = 1_795_000_000


@pytest.fixture(autouse=True)
def _no_ambient_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)


@pytest.fixture
def log_store(home: Path, db_url: str | None) -> Iterator[LogStore]:
    with open_log_store(home, db_url) as store:
        yield store


def entry(
    second: int,
    body: str,
    *,
    thread_id: str | None = None,
    process_uuid: str | None = PROC_A,
    level: str = "INFO",
    nanos: int = 0,
    message: str | None = None,
    estimated_bytes: int | None = None,
) -> LogEntry:
    return LogEntry(
        ts=BASE_TS + second,
        ts_nanos=nanos,
        level=level,
        target="spindle.test",
        message=body if message is None else message,
        feedback_log_body=body,
        module_path="spindle.test",
        file="test.py",
        line=1,
        thread_id=thread_id,
        process_uuid=process_uuid,
        estimated_bytes=estimated_bytes,
    )


@pytest.mark.requirement("R9")
def test_export_is_the_thread_plus_threadless_rows_of_its_processes_only(
    log_store: LogStore,
) -> None:
    log_store.insert(
        [
            entry(second=1, body="A startup", process_uuid=PROC_A),
            entry(second=2, body="B startup", process_uuid=PROC_B),
            entry(second=3, body="T turn on A", thread_id="T", process_uuid=PROC_A),
            entry(second=4, body="U turn on B", thread_id="U", process_uuid=PROC_B),
            entry(second=5, body="B threadless", process_uuid=PROC_B),
            entry(second=6, body="A threadless", process_uuid=PROC_A),
            entry(second=7, body="T resumed on C", thread_id="T", process_uuid=PROC_C),
            entry(second=8, body="C threadless", process_uuid=PROC_C),
            entry(second=9, body="no process threadless", process_uuid=None),
            entry(second=10, body="U again on A", thread_id="U", process_uuid=PROC_A),
        ]
    )

    text = log_store.export_feedback("T", 1_000_000)

    bodies = [line.split(maxsplit=2)[2] for line in text.splitlines()]
    assert bodies == [
        "A startup",
        "T turn on A",
        "A threadless",
        "T resumed on C",
        "C threadless",
    ]


@pytest.mark.requirement("R9")
def test_export_lines_have_micro_timestamps_levels_and_single_newlines(
    log_store: LogStore,
) -> None:
    log_store.insert(
        [
            entry(second=1, body="first", thread_id="T", nanos=123_456_789),
            entry(second=2, body="ends with newline\n", thread_id="T", level="ERROR"),
            entry(second=3, body="multi\nline", thread_id="T", level="WARN", nanos=5_000),
        ]
    )

    text = log_store.export_feedback("T", 10_000)

    assert text == (
        "2026-11-18T11:06:41.123456Z  INFO first\n"
        "2026-11-18T11:06:42.000000Z ERROR ends with newline\n"
        "2026-11-18T11:06:43.000005Z  WARN multi\nline\n"
    )


def test_export_of_an_unknown_thread_or_a_zero_cap_is_empty(log_store: LogStore) -> None:
    log_store.insert([entry(second=1, body="x", thread_id="T")])
    assert log_store.export_feedback("nope", 10_000) == ""
    assert log_store.export_feedback("T", 0) == ""


@pytest.mark.requirement("R9")
def test_a_100_mb_partition_exports_a_4_mb_cap_fetching_about_4_mb(
    log_store: LogStore,
) -> None:
    body = "x" * 4000
    rows = 25_600  # 25,600 rows of ~4.1 kB: a ~105 MB partition
    for start in range(0, rows, 3200):
        log_store.insert(
            entry(i, f"{i:06d} {body}", thread_id="big", message="m")
            for i in range(start, start + 3200)
        )
    with log_store.engine.connect() as connection:
        total = connection.exec_driver_sql(
            "SELECT SUM(estimated_bytes), MIN(estimated_bytes) FROM logs WHERE thread_id = 'big'"
        ).one()
    assert total[0] >= 100 * 1024 * 1024
    row_bytes = int(total[1])
    cap = 4 * 1024 * 1024
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(log_store.engine, "before_cursor_execute", remember)
    try:
        report = log_store.export_feedback_report("big", cap)
    finally:
        event.remove(log_store.engine, "before_cursor_execute", remember)

    # The bound is in SQL: only the rows inside the cumulative window were fetched.
    assert report.rows_fetched == cap // row_bytes
    assert cap - row_bytes < report.estimated_bytes_fetched <= cap
    [export_sql] = statements
    assert "sum(" in export_sql.lower() and "over (order by" in export_sql.lower()
    # ...and they are the newest rows, oldest first, each on one whole line.
    lines = report.text.splitlines()
    assert len(lines) == report.rows_fetched
    assert lines[-1].split(maxsplit=2)[2].startswith(f"{rows - 1:06d} ")
    assert lines[0].split(maxsplit=2)[2].startswith(f"{rows - report.rows_fetched:06d} ")
    assert len(report.text.encode()) <= cap
    assert report.lines_dropped == 0


@pytest.mark.requirement("R9")
def test_the_text_is_cut_to_max_bytes_on_whole_lines_keeping_the_newest(
    log_store: LogStore,
) -> None:
    # Rows from a foreign writer that under-estimates its rows (estimated_bytes 0): the
    # SQL window lets them all through, and the final cut must still hold max_bytes.
    log_store.insert(
        entry(i, f"row {i:03d} " + "y" * 50, thread_id="T", estimated_bytes=0) for i in range(100)
    )
    full = log_store.export_feedback("T", 10**9)
    full_lines = full.splitlines(keepends=True)
    assert len(full_lines) == 100
    max_bytes = 1000

    report = log_store.export_feedback_report("T", max_bytes)

    kept = report.text.splitlines(keepends=True)
    assert len(report.text.encode()) <= max_bytes
    assert kept == full_lines[-len(kept) :]
    assert len("".join(full_lines[-len(kept) - 1 :]).encode()) > max_bytes
    assert report.rows_fetched == 100
    assert report.lines_dropped == 100 - len(kept)


def test_export_line_never_doubles_a_trailing_newline() -> None:
    assert format_export_line(BASE_TS, ts_nanos=0, level="INFO", body="a\n").endswith(" a\n")
    assert format_export_line(BASE_TS, ts_nanos=0, level="INFO", body="a").endswith(" a\n")
    assert format_export_line(BASE_TS, ts_nanos=0, level="DEBUG", body="").endswith("DEBUG \n")


def test_process_export_is_that_process_threadless_rows(log_store: LogStore) -> None:
    log_store.insert(
        [
            entry(second=1, body="A startup", process_uuid=PROC_A),
            entry(second=2, body="T on A", thread_id="T", process_uuid=PROC_A),
            entry(second=3, body="B startup", process_uuid=PROC_B),
            entry(second=4, body="A idle", process_uuid=PROC_A),
        ]
    )

    report = log_store.export_process_feedback(PROC_A, 10_000)

    assert [line.split(maxsplit=2)[2] for line in report.text.splitlines()] == [
        "A startup",
        "A idle",
    ]
