"""The lifecycle every store shares: one engine, disposed on ``close`` or on leaving ``with``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from spindle_state.core._database import POINT_READ_OPTION


class EngineStore:
    """A store over one engine; thread-safe to share (SQLAlchemy pools the connections).

    Close it, or use it as a context manager, to dispose the engine.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # For reads that are one statement each (a row by its key): no snapshot to hold,
        # so on SQLite no BEGIN round trip either. Same pool as ``engine``.
        self.point_reads = engine.execution_options(**{POINT_READ_OPTION: True})
        self._local = threading.local()
        self._held: list[Connection] = []
        self._held_lock = threading.Lock()

    @contextlib.contextmanager
    def point_reader(self) -> Iterator[Connection]:
        """A connection for point reads (a few rows by their key, one statement each).

        On SQLite each thread keeps one open: its statements run without BEGIN, each its
        own read transaction, so keeping it holds no snapshot, and checking a pooled
        connection out and back in costs more than the read. On PostgreSQL (where a kept
        connection would sit in an open transaction) a pooled one for the block.
        """
        if self.engine.dialect.name != "sqlite":
            with self.point_reads.connect() as pooled:
                yield pooled
            return
        connection: Connection | None = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            connection = self.point_reads.connect()
            self._local.connection = connection
            with self._held_lock:
                self._held.append(connection)
        try:
            yield connection
        except SQLAlchemyError:
            # A failed statement may leave it unusable: the next read gets a new one.
            self._local.connection = None
            with self._held_lock:
                self._held.remove(connection)
            with contextlib.suppress(SQLAlchemyError):
                connection.close()
            raise

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Dispose of the engine's connections."""
        with self._held_lock:
            held, self._held = self._held, []
        for connection in held:
            with contextlib.suppress(SQLAlchemyError):
                connection.close()
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
