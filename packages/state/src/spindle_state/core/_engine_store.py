"""The lifecycle every store shares: one engine, disposed on ``close`` or on leaving ``with``."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine

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

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Dispose of the engine's connections."""
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
