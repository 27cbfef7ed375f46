"""Append-only rollout files: ``<home>/sessions/YYYY/MM/DD/rollout-<ts>-<id>.jsonl``.

Each line is ``{"timestamp","ordinal","type","payload"}`` (``response_item`` lines may carry
``metadata``), the reference's line format, so either server can resume the other's files.
A line is written with one ``write`` on an ``O_APPEND`` descriptor, so a crash can leave at
most a torn last line, which readers ignore.

Several writers may append to one file: two servers with the same thread loaded, or a
``thread/name/set`` on a thread another server has loaded. Each append holds an exclusive
advisory lock (``flock``) on the file while it writes, so their lines never interleave, even
when a line takes more than one ``write``. (The reference takes no lock; its writes are
single ``write_all`` calls.)
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from spindle_state import format_rollout_timestamp, rollout_relative_path

__all__ = [
    "MemoryRolloutWriter",
    "RolloutWriter",
    "rollout_path_for",
]


def rollout_path_for(home: Path, thread_id: str, created_at_ms: int) -> Path:
    """Where the rollout of a thread created at ``created_at_ms`` lives (UTC date folders)."""
    return home / "sessions" / rollout_relative_path(created_at_ms, thread_id)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class RolloutWriter:
    """Writes one rollout file; thread-safe, each line whole and flushed."""

    def __init__(self, path: Path, next_ordinal: int = 0) -> None:
        self.path = path
        self._next = next_ordinal
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    @property
    def next_ordinal(self) -> int:
        return self._next

    def append(
        self,
        line_type: str,
        payload: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        ts_ms: int | None = None,
    ) -> int:
        """Append one line; returns its ordinal."""
        with self._lock:
            if self._fd is None:
                raise RuntimeError(f"rollout {self.path} is closed")
            ordinal = self._next
            line: dict[str, Any] = {
                "timestamp": format_rollout_timestamp(ts_ms if ts_ms is not None else _now_ms()),
                "ordinal": ordinal,
                "type": line_type,
                "payload": payload,
            }
            if metadata is not None:
                line["metadata"] = metadata
            data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                written = os.write(self._fd, data)
                while written < len(data):  # a short write on a regular file is rare but legal
                    written += os.write(self._fd, data[written:])
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._next += 1
            return ordinal

    def flush(self) -> None:
        """Make the written lines durable."""
        with self._lock:
            if self._fd is not None:
                os.fsync(self._fd)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                try:
                    os.fsync(self._fd)
                finally:
                    os.close(self._fd)
                    self._fd = None

    def move_to(self, new_path: Path) -> None:
        """Follow the file to a new place (archive / unarchive); it stays open for appends."""
        with self._lock:
            self.path = new_path


class MemoryRolloutWriter:
    """The writer of an ephemeral thread: numbers lines like a rollout, keeps nothing."""

    def __init__(self) -> None:
        self._next = 0
        self.path: Path | None = None

    @property
    def next_ordinal(self) -> int:
        return self._next

    def append(
        self,
        line_type: str,
        payload: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        ts_ms: int | None = None,
    ) -> int:
        del line_type, payload, metadata, ts_ms
        ordinal = self._next
        self._next += 1
        return ordinal

    def flush(self) -> None:
        """Nothing to flush."""

    def close(self) -> None:
        """Nothing to close."""
