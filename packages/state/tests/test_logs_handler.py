"""LogDbHandler: rendered bodies (spans, fields), thread context, process ids, batching,
and failures that never reach the caller. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from spindle_state.logs._logs_handler import LogDbHandler, process_log_uuid
from spindle_state.logs._logs_queries import ROW_OVERHEAD_BYTES, LogRow, estimate_bytes
from spindle_state.logs._logs_spans import current_log_thread_id, log_span, log_thread
from spindle_state.logs._logs_store import LogStore, open_log_store
from sqlalchemy import inspect, text


@pytest.fixture(autouse=True)
def _no_ambient_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)


@pytest.fixture
def log_store(home: Path, db_url: str | None) -> Iterator[LogStore]:
    with open_log_store(home, db_url) as store:
        yield store


@pytest.fixture
def handler(log_store: LogStore) -> Iterator[LogDbHandler]:
    created = LogDbHandler(log_store)
    try:
        yield created
    finally:
        created.close()


@pytest.fixture
def logger(handler: LogDbHandler) -> Iterator[logging.Logger]:
    named = logging.getLogger(f"spindle.test.{uuid.uuid4().hex[:8]}")
    named.setLevel(1)
    named.propagate = False
    named.addHandler(handler)
    try:
        yield named
    finally:
        named.removeHandler(handler)


def _rows(store: LogStore) -> list[LogRow]:
    return store.query()


@pytest.mark.requirement("R9")
def test_body_renders_span_prefixes_and_structured_fields(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    with log_span("turn", id="t-1"), log_span("model_call", attempt=2):
        logger.info("sending request", extra={"retries": 2, "model": "gpt-5"})
    handler.flush()

    [row] = _rows(log_store)
    assert row.feedback_log_body == (
        "turn{id=t-1}:model_call{attempt=2}: sending request retries=2 model=gpt-5"
    )
    assert row.message == "sending request"
    assert row.level == "INFO"
    assert row.target == logger.name
    assert row.module_path == __name__
    assert row.file == __file__
    assert row.line is not None and row.line > 0


@pytest.mark.requirement("R9")
def test_a_logger_named_for_a_feature_records_its_module(
    handler: LogDbHandler, log_store: LogStore
) -> None:
    # "pkg.memory" logging from pkg/_memory_trigger.py: the row names the module, not the
    # logger (the logger's name is the target).
    named = logging.getLogger(f"{__name__}.feature{uuid.uuid4().hex[:8]}")
    named.setLevel(1)
    named.propagate = False
    named.addHandler(handler)
    try:
        named.info("from a feature logger")
    finally:
        named.removeHandler(handler)
    handler.flush()

    [row] = _rows(log_store)
    assert row.target == named.name
    assert row.module_path == __name__
    assert row.file == __file__


@pytest.mark.requirement("R9")
def test_body_quotes_values_with_spaces_and_leaves_spans_after_the_block(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    with log_span("request", method="thread/start", note="two words"):
        logger.warning("slow %s", "disk", extra={"path": "/tmp/a b", "empty": ""})
    logger.error("after the span")
    handler.flush()

    first, second = _rows(log_store)
    assert first.feedback_log_body == (
        'request{method=thread/start note="two words"}: slow disk path="/tmp/a b" empty=""'
    )
    assert first.level == "WARN"
    assert second.feedback_log_body == "after the span"
    assert second.level == "ERROR"


@pytest.mark.requirement("R9")
def test_exception_traceback_is_part_of_message_and_body(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        logger.exception("failed")
    handler.flush()

    [row] = _rows(log_store)
    assert row.message is not None and row.message.startswith("failed\nTraceback")
    assert row.feedback_log_body == row.message
    assert "ValueError: boom" in row.feedback_log_body


def test_thread_id_comes_from_the_context_variable(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    logger.info("before")
    with log_thread("thread-a"):
        assert current_log_thread_id() == "thread-a"
        logger.info("inside")
        with log_span("turn", thread_id="thread-b"):
            logger.info("span sets it")
        logger.info("restored", extra={"thread_id": "thread-c"})
    logger.info("after")
    handler.flush()

    assert [(row.message, row.thread_id) for row in _rows(log_store)] == [
        ("before", None),
        ("inside", "thread-a"),
        ("span sets it", "thread-b"),
        ("restored", "thread-c"),
        ("after", None),
    ]
    assert current_log_thread_id() is None


def test_concurrent_tasks_keep_their_own_thread_and_spans(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    async def request(thread_id: str) -> None:
        with log_thread(thread_id), log_span("turn", id=thread_id):
            for step in range(3):
                logger.info("step %d", step)
                await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.gather(request("t1"), request("t2"))

    asyncio.run(main())
    handler.flush()

    rows = _rows(log_store)
    assert len(rows) == 6
    for row in rows:
        assert row.feedback_log_body is not None
        assert row.feedback_log_body.startswith(f"turn{{id={row.thread_id}}}: step ")


@pytest.mark.requirement("R10")
def test_process_uuid_is_fixed_per_process_stamped_and_indexed(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    logger.info("one")
    with log_thread("t"):
        logger.info("two")
    handler.flush()

    expected = process_log_uuid()
    assert re.fullmatch(
        r"pid:\d+:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", expected
    )
    assert expected.split(":")[1] == str(os.getpid())
    assert process_log_uuid() == expected
    assert handler.process_uuid == expected
    assert {row.process_uuid for row in _rows(log_store)} == {expected}
    indexes = {index["name"]: index for index in inspect(log_store.engine).get_indexes("logs")}
    assert indexes["idx_logs_process_uuid"]["column_names"][0] == "process_uuid"


def test_estimated_bytes_counts_message_body_and_metadata(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    with log_thread("thread-é"), log_span("turn", id="x"):
        logger.info("héllo", extra={"k": "v"})
    handler.flush()

    [row] = _rows(log_store)
    assert row.feedback_log_body == "turn{id=x}: héllo k=v"
    expected = (
        len(b"h\xc3\xa9llo")
        + len("turn{id=x}: héllo k=v".encode())
        + len("INFO")
        + len(row.target)
        + len((row.module_path or "").encode())
        + len((row.file or "").encode())
        + len("thread-é".encode())
        + len((row.process_uuid or "").encode())
        + ROW_OVERHEAD_BYTES
    )
    assert row.estimated_bytes == expected
    assert row.estimated_bytes == estimate_bytes(
        level=row.level,
        target=row.target,
        message=row.message,
        feedback_log_body=row.feedback_log_body,
        module_path=row.module_path,
        file=row.file,
        thread_id=row.thread_id,
        process_uuid=row.process_uuid,
    )


def test_close_flushes_every_queued_row(log_store: LogStore) -> None:
    local = LogDbHandler(log_store, batch_size=7)
    named = logging.getLogger(f"spindle.test.close.{uuid.uuid4().hex[:8]}")
    named.propagate = False
    named.setLevel(logging.DEBUG)
    named.addHandler(local)
    for number in range(1000):
        named.debug("row %d", number)
    named.removeHandler(local)
    local.close()

    rows = _rows(log_store)
    assert [row.message for row in rows] == [f"row {number}" for number in range(1000)]
    assert local.written == 1000
    assert local.dropped == 0
    named.info("after close is ignored, not raised")


def test_a_database_error_drops_the_batch_counts_it_and_reports_once(
    logger: logging.Logger,
    handler: LogDbHandler,
    log_store: LogStore,
    capsys: pytest.CaptureFixture[str],
) -> None:
    logger.info("kept")
    handler.flush()
    with log_store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE logs RENAME TO logs_away"))
    for batch in range(3):
        logger.info("lost %d", batch)
        handler.flush()
    with log_store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE logs_away RENAME TO logs"))
    logger.info("kept again")
    handler.flush()

    assert handler.dropped == 3
    assert [row.message for row in _rows(log_store)] == ["kept", "kept again"]
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("spindle_state: dropped 1 log row(s): database error:")


def test_a_full_queue_drops_instead_of_blocking(
    log_store: LogStore, capsys: pytest.CaptureFixture[str]
) -> None:
    local = LogDbHandler(log_store, queue_capacity=5)
    blocker = _Blocker()
    try:
        # Park the writer inside a flush waiter so the queue cannot drain while we fill it.
        local._queue.put(blocker)
        assert blocker.entered.wait(30)
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "burst %d", (0,), None)
        for _ in range(20):
            local.handle(record)
        assert local.dropped == 15
    finally:
        blocker.gate.set()
        local.close()
    assert len(_rows(log_store)) == 5
    assert capsys.readouterr().err.count("log queue is full") == 1


class _Blocker(threading.Event):
    """A queue item the writer treats as a flush waiter; setting it blocks until ``gate``."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.gate = threading.Event()

    def set(self) -> None:
        self.entered.set()
        self.gate.wait(30)
        super().set()


def test_a_bad_record_never_raises_into_the_caller(
    logger: logging.Logger, handler: LogDbHandler, capsys: pytest.CaptureFixture[str]
) -> None:
    # Straight to the handler: pytest's own capture handlers would raise on this record.
    bad = logging.LogRecord(logger.name, logging.INFO, __file__, 1, "needs %d args %d", (1,), None)
    handler.handle(bad)
    logger.info("fine")
    handler.flush()

    assert handler.dropped == 1
    assert "could not be rendered" in capsys.readouterr().err
    assert [row.message for row in handler.store.query()] == ["fine"]


def test_records_logged_by_the_writer_thread_are_ignored(
    log_store: LogStore,
) -> None:
    local = LogDbHandler(log_store)
    root = logging.getLogger("sqlalchemy.engine")
    previous = root.level
    root.setLevel(logging.INFO)
    root.addHandler(local)
    try:
        named = logging.getLogger(f"spindle.test.recursion.{uuid.uuid4().hex[:8]}")
        named.propagate = False
        named.addHandler(local)
        named.warning("one row")
        local.flush()
        named.removeHandler(local)
    finally:
        root.removeHandler(local)
        root.setLevel(previous)
        local.close()
    assert [row.message for row in log_store.query()] == ["one row"]


def test_handler_filters_and_level_apply(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    handler.addFilter(lambda record: "secret" not in record.getMessage())
    handler.setLevel(logging.INFO)
    logger.info("public")
    logger.info("a secret")
    logger.debug("too low")
    handler.flush()

    assert [row.message for row in _rows(log_store)] == ["public"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork() is POSIX-only")
@pytest.mark.requirement("R10")
def test_a_forked_child_gets_its_own_process_uuid_and_writer(
    logger: logging.Logger, handler: LogDbHandler, log_store: LogStore
) -> None:
    logger.info("parent before fork")
    handler.flush()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads
        pid = os.fork()
    if pid == 0:  # the child: log through the inherited handler, then leave at once
        code = 1
        try:
            logger.info("child")
            handler.close()
            code = 0 if handler.written == 1 else 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    logger.info("parent after fork")
    handler.flush()

    rows = {row.message: row.process_uuid for row in _rows(log_store)}
    assert rows["parent before fork"] == rows["parent after fork"] == handler.process_uuid
    child = rows["child"]
    assert child is not None and child.startswith(f"pid:{pid}:")
    assert child != handler.process_uuid
