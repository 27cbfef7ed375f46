"""The server's side databases (goals, agent graph, memories): whether one was created yet,
and each one opened once, at its first use."""

from __future__ import annotations

import asyncio
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["LazyDatabase", "database_exists"]


def database_exists(sqlite_file: Path) -> bool:
    """Always with ``SPINDLE_DATABASE_URL`` (one shared database, its tables made by
    whichever server came first); on SQLite, once ``sqlite_file`` exists. Reading from a
    database that does not exist finds nothing, without creating it."""
    return bool(os.environ.get("SPINDLE_DATABASE_URL")) or sqlite_file.exists()


class _Closable(Protocol):
    def close(self) -> None: ...


_StoreT = TypeVar("_StoreT", bound=_Closable)


class LazyDatabase(Generic[_StoreT]):
    """One side database: opened (and migrated) by ``open_store`` once, at its first use,
    off the event loop. Reading through :meth:`existing` never creates it; the first
    write (:meth:`store`) does. Closed by :meth:`close`, or when this object is collected."""

    def __init__(self, sqlite_file: Path, open_store: Callable[[], _StoreT]) -> None:
        self._file = sqlite_file
        self._open_store = open_store
        self._store: _StoreT | None = None
        self._closer: weakref.finalize[[], LazyDatabase[Any]] | None = None
        self._lock = threading.Lock()

    def exists(self) -> bool:
        """Whether the database was created yet (see :func:`database_exists`)."""
        return self._store is not None or database_exists(self._file)

    async def store(self) -> _StoreT:
        """The store, opened (creating the database) on a worker thread the first time."""
        if self._store is None:
            return await asyncio.to_thread(self.open_now)
        return self._store

    async def existing(self) -> _StoreT | None:
        """The store, or None when the database was never created."""
        return await self.store() if self.exists() else None

    def open_now(self) -> _StoreT:
        """The store, opened on this thread if it is not yet (a start's loader thread)."""
        with self._lock:
            if self._store is None:
                self._store = self._open_store()
                self._closer = weakref.finalize(self, self._store.close)
            return self._store

    def close(self) -> None:
        """Close the store if it is open; a later use opens it again."""
        with self._lock:
            closer, self._closer, self._store = self._closer, None, None
        if closer is not None:
            closer()
