"""``LogDbHandler``: a standard :class:`logging.Handler` writing rows to the logs table.

The calling thread only renders the row (message, span prefix from the log context,
structured fields from ``extra=``, sizes) and puts it on an unbounded-but-capped
:class:`queue.SimpleQueue`; one writer thread drains the queue in batches, inserts each
batch in one transaction and, at most every ``retention_interval`` seconds, trims the
partitions it wrote to. So a burst never waits for the database, and a crash loses at most
what was still queued.

The handler never raises into the caller. A full queue, a record that cannot be rendered
or a database error drops the row(s), adds them to :attr:`LogDbHandler.dropped` and prints
one line on stderr the first time only. Records logged by the writer thread itself (for
example SQLAlchemy's own logging) are ignored, so logging cannot feed itself.

After ``fork()`` the child's first record gives the handler a new ``process_uuid``, queue,
connection pool and writer thread (threads and pooled connections do not survive a fork).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
import uuid
from itertools import chain
from queue import Empty, SimpleQueue
from typing import Any, Final

from sqlalchemy import Connection

from spindle_state.logs._logs_queries import ROW_COLUMNS, ROW_OVERHEAD_BYTES
from spindle_state.logs._logs_retention import DEFAULT_PARTITION_BUDGET_BYTES
from spindle_state.logs._logs_spans import _CONTEXT, format_fields
from spindle_state.logs._logs_store import LogStore, insert_log_rows, trim_touched_partitions

_process_uuid: str | None = None
_process_pid: int | None = None
_process_lock: Final = threading.Lock()


def process_log_uuid() -> str:
    """``pid:<pid>:<uuid4>``, generated once per process (again in a forked child)."""
    global _process_uuid, _process_pid
    pid = os.getpid()
    if _process_uuid is None or _process_pid != pid:
        with _process_lock:
            if _process_uuid is None or _process_pid != pid:
                _process_uuid = f"pid:{pid}:{uuid.uuid4()}"
                _process_pid = pid
    assert _process_uuid is not None
    return _process_uuid


_STANDARD_RECORD_ATTRS: Final = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}
_BASE_ATTR_COUNT: Final = len(logging.LogRecord("", 0, "", 0, "", None, None).__dict__)

_LEVEL_NAMES: Final = {
    logging.DEBUG: "DEBUG",
    logging.INFO: "INFO",
    logging.WARNING: "WARN",
    logging.ERROR: "ERROR",
    logging.CRITICAL: "ERROR",
}


def stored_level_name(levelno: int) -> str:
    """The stored (tracing-style) level for a :mod:`logging` level number."""
    name = _LEVEL_NAMES.get(levelno)
    if name is not None:
        return name
    if levelno < logging.DEBUG:
        return "TRACE"
    if levelno < logging.INFO:
        return "DEBUG"
    if levelno < logging.WARNING:
        return "INFO"
    if levelno < logging.ERROR:
        return "WARN"
    return "ERROR"


_Row = tuple[Any, ...]
"""A row in :data:`ROW_COLUMNS` order."""

# pathname -> (dotted module path, file, their UTF-8 bytes + the fixed row overhead)
_sources: dict[str, tuple[str, str, int]] = {}


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _source(record: logging.LogRecord) -> tuple[str, str, int]:
    """The dotted module and file of a record's source (cached per source file)."""
    pathname = record.pathname
    module_path = record.module
    # Loggers are named after their module (getLogger(__name__)): look that up first, and
    # scan every loaded module (milliseconds) only when nothing named like it is the source.
    # Then the record's module beside each package of the logger's name (a logger named
    # for its feature, "pkg.memory", logging from "pkg._memory_trigger").
    parts = record.name.split(".")
    candidates = [record.name]
    candidates += [".".join([*parts[:i], record.module]) for i in range(len(parts) - 1, -1, -1)]
    for name in candidates:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None) == pathname:
            module_path = name
            break
    else:
        for name, module in list(sys.modules.items()):
            if getattr(module, "__file__", None) == pathname:
                module_path = name
                break
    source = (
        module_path,
        pathname,
        _utf8_len(module_path) + _utf8_len(pathname) + ROW_OVERHEAD_BYTES,
    )
    _sources[pathname] = source
    return source


_THREAD_ID: Final = ROW_COLUMNS.index("thread_id")
_PROCESS_UUID: Final = ROW_COLUMNS.index("process_uuid")
_PLACEHOLDERS: Final = {"qmark": "?", "format": "%s", "pyformat": "%s"}
_ROWS_PER_STATEMENT: Final = 128
"""Rows per multi-row INSERT: the driver releases the GIL once per statement, not per row."""


class _PositionalInsert:
    """Driver-level multi-row INSERTs of positional tuples (the fast path)."""

    def __init__(self, placeholder: str) -> None:
        columns = ", ".join(ROW_COLUMNS)
        group = "(" + ", ".join([placeholder] * len(ROW_COLUMNS)) + ")"
        self.single = f"INSERT INTO logs ({columns}) VALUES {group}"
        self.multi = f"INSERT INTO logs ({columns}) VALUES " + ", ".join(
            [group] * _ROWS_PER_STATEMENT
        )

    def execute(self, connection: Connection, batch: list[_Row]) -> None:
        full = len(batch) - len(batch) % _ROWS_PER_STATEMENT
        if full:
            flat = list(chain.from_iterable(batch[:full]))
            width = len(ROW_COLUMNS) * _ROWS_PER_STATEMENT
            connection.exec_driver_sql(
                self.multi, [tuple(flat[i : i + width]) for i in range(0, len(flat), width)]
            )
        if full < len(batch):
            connection.exec_driver_sql(self.single, batch[full:])


def _positional_insert(store: LogStore) -> _PositionalInsert | None:
    placeholder = _PLACEHOLDERS.get(store.engine.dialect.paramstyle)
    return _PositionalInsert(placeholder) if placeholder is not None else None


class _Stop:
    """Queue marker: write what is queued, then end the writer."""


_STOP: Final = _Stop()
_RETENTION_LOW_WATER: Final = 0.9
"""A partition found over budget is trimmed to 90% of it, so a full partition is not
re-windowed every interval for the few rows written since the last trim."""
_formatter: Final = logging.Formatter()


class LogDbHandler(logging.Handler):
    """Write log records to the logs database through a queue and one writer thread.

    ``budget_bytes`` is the per-partition retention budget (``None`` keeps everything).
    Use :meth:`flush` to wait for everything logged so far, :meth:`close` (also run by
    :func:`logging.shutdown` at exit) to write the rest and stop the writer.
    """

    def __init__(
        self,
        store: LogStore,
        *,
        level: int = logging.NOTSET,
        batch_size: int = 2048,
        queue_capacity: int = 200_000,
        budget_bytes: int | None = DEFAULT_PARTITION_BUDGET_BYTES,
        retention_interval: float = 1.0,
        close_store: bool = False,
    ) -> None:
        super().__init__(level)
        self.store = store
        self.process_uuid = process_log_uuid()
        self._process_bytes = len(self.process_uuid)
        self._insert = _positional_insert(store)
        self._batch_size = max(1, batch_size)
        self._capacity = max(1, queue_capacity)
        self._budget_bytes = budget_bytes
        self._retention_interval = retention_interval
        self._close_store = close_store
        self._queue: SimpleQueue[object] = SimpleQueue()
        self._counter_lock = threading.Lock()
        self._dropped = 0
        self._written = 0
        self._reported = False
        self._closed = False
        self._pid = os.getpid()
        self._start_writer()

    def _start_writer(self) -> None:
        self._writer = threading.Thread(target=self._run, name="spindle-log-writer", daemon=True)
        self._writer.start()
        self._writer_ident = self._writer.ident

    def _after_fork(self) -> None:
        """In a forked child: a new process id, queue, pool and writer (none survive fork)."""
        self._pid = os.getpid()
        self.process_uuid = process_log_uuid()
        self._process_bytes = len(self.process_uuid)
        self._queue = SimpleQueue()
        self._counter_lock = threading.Lock()
        self._written = 0
        self.store.engine.dispose(close=False)
        self._start_writer()

    @property
    def dropped(self) -> int:
        """Rows lost so far (full queue, unrenderable record, database error)."""
        return self._dropped

    @property
    def written(self) -> int:
        """Rows committed so far."""
        return self._written

    # -- calling thread -------------------------------------------------------------

    def handle(self, record: logging.LogRecord) -> bool:
        """Filter and emit without the handler lock: the queue is thread-safe."""
        verdict: object = self.filter(record)
        if not verdict:
            return False
        # Python 3.12+ filters may hand back a replacement record.
        self.emit(verdict if isinstance(verdict, logging.LogRecord) else record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        """Render ``record`` into a row and queue it; never raises."""
        try:
            if self._closed or threading.get_ident() == self._writer_ident:
                return
            if self._pid != os.getpid():
                self._after_fork()
            if self._queue.qsize() >= self._capacity:
                self._drop(count=1, reason="the log queue is full")
                return
            self._queue.put(self._render(record))
        except Exception as exc:
            self._drop(count=1, reason=f"a log record could not be rendered ({exc!r})")

    def _render(self, record: logging.LogRecord) -> _Row:
        context = _CONTEXT.get()
        message = record.getMessage()
        if record.exc_info:
            message = f"{message}\n{_formatter.formatException(record.exc_info)}"
        if record.stack_info:
            message = f"{message}\n{record.stack_info}"
        attrs = record.__dict__
        thread_id = context.thread_id
        # A record straight from Logger.makeRecord has exactly the standard attributes;
        # only a longer one can carry fields from extra= (or a formatter's additions).
        extra = attrs.keys() - _STANDARD_RECORD_ATTRS if len(attrs) > _BASE_ATTR_COUNT else None
        if extra:
            fields = {key: attrs[key] for key in attrs if key in extra}
            body = f"{context.prefix}{message} {format_fields(fields)}"
            explicit_thread = fields.get("thread_id")
            if explicit_thread is not None:
                thread_id = str(explicit_thread)
        else:
            body = context.prefix + message
        created = record.created
        ts = int(created)
        level = _LEVEL_NAMES.get(record.levelno) or stored_level_name(record.levelno)
        target = record.name
        source = _sources.get(record.pathname) or _source(record)
        process_uuid = self.process_uuid
        estimated = (
            (len(message) if message.isascii() else _utf8_len(message))
            + (len(body) if body.isascii() else _utf8_len(body))
            + (len(target) if target.isascii() else _utf8_len(target))
            + (
                (len(thread_id) if thread_id.isascii() else _utf8_len(thread_id))
                if thread_id
                else 0
            )
            + len(level)
            + source[2]
            + self._process_bytes
        )
        return (
            ts,
            min(int((created - ts) * 1e9), 999_999_999),
            level,
            target,
            message,
            body,
            source[0],
            source[1],
            record.lineno,
            thread_id,
            process_uuid,
            estimated,
        )

    def _drop(self, count: int, reason: str) -> None:
        with self._counter_lock:
            self._dropped += count
        self._report_once(
            f"dropped {count} log row(s): {reason}; "
            "further drops are only counted (LogDbHandler.dropped)"
        )

    def _report_once(self, text: str) -> None:
        with self._counter_lock:
            first = not self._reported
            self._reported = True
        if first:
            try:
                sys.stderr.write(f"spindle_state: {text}\n")
                sys.stderr.flush()
            except Exception:
                pass

    def flush(self, timeout: float | None = 30.0) -> None:
        """Wait until every row queued before this call is written (or dropped)."""
        if self._pid != os.getpid() or not self._writer.is_alive():
            return
        done = threading.Event()
        self._queue.put(done)
        done.wait(timeout)

    def close(self) -> None:
        """Write what is queued, apply retention, stop the writer; idempotent."""
        if not self._closed:
            self._closed = True
            if self._pid == os.getpid() and self._writer.is_alive():
                self._queue.put(_STOP)
                self._writer.join()
            if self._close_store:
                self.store.close()
        super().close()

    # -- writer thread --------------------------------------------------------------

    def _run(self) -> None:
        queue = self._queue
        batch_size = self._batch_size
        touched_threads: set[str] = set()
        touched_processes: set[str | None] = set()
        last_trim = time.monotonic()
        stopping = False
        while True:
            item = queue.get()
            batch: list[_Row] = []
            waiters: list[threading.Event] = []
            while True:
                if type(item) is tuple:
                    batch.append(item)
                elif item is _STOP:
                    stopping = True
                elif isinstance(item, threading.Event):
                    waiters.append(item)
                if len(batch) >= batch_size:
                    break
                try:
                    item = queue.get_nowait()
                except Empty:
                    break
            if batch and self._write(batch) and self._budget_bytes is not None:
                for row in batch:
                    thread_id = row[_THREAD_ID]
                    if thread_id is None:
                        touched_processes.add(row[_PROCESS_UUID])
                    else:
                        touched_threads.add(thread_id)
            due = time.monotonic() - last_trim >= self._retention_interval
            if (touched_threads or touched_processes) and (due or stopping):
                self._trim(touched_threads, touched_processes)
                touched_threads.clear()
                touched_processes.clear()
                last_trim = time.monotonic()
            for waiter in waiters:
                waiter.set()
            if stopping and queue.empty():
                return

    def _write(self, batch: list[_Row]) -> bool:
        try:
            with self.store.engine.begin() as connection:
                if self._insert is not None:
                    self._insert.execute(connection, batch)
                else:
                    insert_log_rows(
                        connection, [dict(zip(ROW_COLUMNS, row, strict=True)) for row in batch]
                    )
        except Exception as exc:
            self._drop(len(batch), f"database error: {exc}".splitlines()[0])
            return False
        self._written += len(batch)
        return True

    def _trim(self, threads: set[str], processes: set[str | None]) -> None:
        assert self._budget_bytes is not None
        try:
            with self.store.engine.begin() as connection:
                trim_touched_partitions(
                    connection,
                    self._budget_bytes,
                    threads,
                    processes,
                    keep_bytes=int(self._budget_bytes * _RETENTION_LOW_WATER),
                )
        except Exception as exc:
            self._report_once(f"log retention failed: {exc}".splitlines()[0])
