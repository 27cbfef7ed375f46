"""Retention: a per-partition byte budget counting estimated_bytes (body included),
trimmed oldest first in SQL. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spindle_state import LogDbHandler, LogEntry, LogStore, log_span, log_thread, open_log_store
from sqlalchemy import event

PROC_A = "pid:100:aaaaaaaa-0000-4000-8000-000000000000"
PROC_B = "pid:200:bbbbbbbb-0000-4000-8000-000000000000"


@pytest.fixture(autouse=True)
def _no_ambient_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)


@pytest.fixture
def log_store(home: Path, db_url: str | None) -> Iterator[LogStore]:
    with open_log_store(home, db_url) as store:
        yield store


def entry(
    second: int, *, body: str, thread_id: str | None = None, process_uuid: str | None = PROC_A
) -> LogEntry:
    return LogEntry(
        ts=1_795_000_000 + second,
        ts_nanos=0,
        level="INFO",
        target="t",
        message="m",
        feedback_log_body=body,
        thread_id=thread_id,
        process_uuid=process_uuid,
    )


def _partition(
    store: LogStore, thread_id: str | None, process_uuid: str | None = None
) -> list[str]:
    return [
        row.body
        for row in store.query()
        if row.thread_id == thread_id
        and (thread_id is not None or row.process_uuid == process_uuid)
    ]


@pytest.mark.requirement("R9")
def test_retention_budget_counts_the_body(log_store: LogStore) -> None:
    # Messages are one byte; only the rendered bodies (1,000 bytes each) can exceed 5,000.
    entries = [entry(i, body=f"{i:02d}" + "b" * 998, thread_id="T") for i in range(10)]
    weights = [entry.to_params()["estimated_bytes"] for entry in entries]
    assert all(weight > 1000 for weight in weights)

    log_store.insert(entries, budget_bytes=5000)

    kept = log_store.query()
    assert [row.body[:2] for row in kept] == ["06", "07", "08", "09"]
    assert sum(row.estimated_bytes for row in kept) <= 5000
    assert sum(weights[5:]) > 5000


@pytest.mark.requirement("R9")
def test_handler_applies_the_budget_to_the_partitions_it_wrote(log_store: LogStore) -> None:
    handler = LogDbHandler(log_store, budget_bytes=3000, retention_interval=0)
    logger = logging.getLogger(f"spindle.test.retention.{uuid.uuid4().hex[:8]}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        with log_thread("T"), log_span("turn", payload="p" * 600):
            for number in range(20):
                logger.info("n%02d", number)
                handler.flush()
    finally:
        logger.removeHandler(handler)
        handler.close()

    kept = log_store.query()
    assert 0 < len(kept) < 20
    assert [row.message for row in kept] == [f"n{n:02d}" for n in range(20 - len(kept), 20)]
    assert sum(row.estimated_bytes for row in kept) <= 3000
    assert all(row.estimated_bytes > 600 for row in kept)


def test_partitions_are_per_thread_and_per_process_for_threadless_rows(
    log_store: LogStore,
) -> None:
    rows = []
    for i in range(10):
        rows.append(entry(i, body=f"T{i}" + "t" * 500, thread_id="T", process_uuid=PROC_A))
        rows.append(entry(i, body=f"T{i}b" + "t" * 500, thread_id="T", process_uuid=PROC_B))
        rows.append(entry(i, body=f"U{i}" + "u" * 10, thread_id="U", process_uuid=PROC_A))
        rows.append(entry(i, body=f"A{i}" + "a" * 500, process_uuid=PROC_A))
        rows.append(entry(i, body=f"B{i}" + "b" * 10, process_uuid=PROC_B))
        rows.append(entry(i, body=f"N{i}" + "n" * 500, process_uuid=None))
    log_store.insert(rows)

    deleted = log_store.trim(
        2000, thread_ids=["T", "U"], threadless_process_uuids=[PROC_A, PROC_B, None]
    )

    thread_t = _partition(log_store, "T")
    assert 0 < len(thread_t) < 20  # both processes' rows of T share one budget
    assert all(body.startswith(("T8", "T9")) for body in thread_t)
    assert len(_partition(log_store, "U")) == 10
    assert [body[:2] for body in _partition(log_store, thread_id=None, process_uuid=PROC_A)] == [
        "A7",
        "A8",
        "A9",
    ]
    assert len(_partition(log_store, thread_id=None, process_uuid=PROC_B)) == 10
    assert [body[:2] for body in _partition(log_store, thread_id=None, process_uuid=None)] == [
        "N7",
        "N8",
        "N9",
    ]
    assert deleted == 60 - len(log_store.query())


def test_trimming_runs_in_sql_without_reading_bodies(log_store: LogStore) -> None:
    log_store.insert(entry(i, body="x" * 1000, thread_id="T") for i in range(50))
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(" ".join(statement.lower().split()))

    event.listen(log_store.engine, "before_cursor_execute", remember)
    try:
        deleted = log_store.trim(10_000, thread_ids=["T"])
    finally:
        event.remove(log_store.engine, "before_cursor_execute", remember)

    assert deleted == 50 - len(log_store.query())
    assert 0 < deleted < 50
    assert not any("feedback_log_body" in sql or "message" in sql for sql in statements)
    deletes = [sql for sql in statements if sql.startswith("delete")]
    assert len(deletes) == 1
    assert "sum(logs.estimated_bytes) over (partition by logs.thread_id" in deletes[0]


def test_trim_without_names_applies_to_every_partition(log_store: LogStore) -> None:
    log_store.insert(
        [entry(i, body="x" * 1000, thread_id=f"T{i % 3}") for i in range(30)]
        + [entry(i, body="y" * 1000) for i in range(10)]
    )

    log_store.trim(3000)

    rows = log_store.query()
    for thread_id in ("T0", "T1", "T2", None):
        partition = [row for row in rows if row.thread_id == thread_id]
        assert 0 < len(partition) <= 3
        assert sum(row.estimated_bytes for row in partition) <= 3000


def test_an_over_budget_partition_is_trimmed_to_the_low_water_mark(log_store: LogStore) -> None:
    from spindle_state.logs._logs_store import trim_touched_partitions

    log_store.insert(entry(i, body="x" * 1000, thread_id="over") for i in range(10))
    log_store.insert(entry(i, body="x" * 1000, thread_id="under") for i in range(4))
    weight = log_store.query()[0].estimated_bytes

    with log_store.engine.begin() as connection:
        trim_touched_partitions(
            connection, 6 * weight, ["over", "under"], [], keep_bytes=3 * weight
        )

    rows = log_store.query()
    assert len([row for row in rows if row.thread_id == "over"]) == 3
    assert len([row for row in rows if row.thread_id == "under"]) == 4
