"""Walks of ``fuzzyFileSearch`` roots kept on disk, for the next server.

A restarted server's first search of a root it searched before reads that root's last walk
from ``<home>/cache/fuzzy-file-search/`` and checks it as the in-memory cache checks
its walks: every directory listed and every ignore file consulted must still have the
modification time it had (a ``stat`` each), and the root must still be in the same git
repository (or none). Anything else, and the root is walked again. A 100k-file tree reads
in tens of milliseconds where walking it takes a few hundred.

A walk is written once the search that made it is answered (:meth:`TreeIndex.flush`), on a
thread of its own, to a temporary file then renamed (a reader never sees half a file); the :data:`KEEP` most recent are kept. A file
that does not read back whole and well-typed is ignored (and replaced by the next walk).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["INDEX_DIR", "KEEP", "Saved", "TreeIndex", "index_for"]

log = logging.getLogger(__name__)

INDEX_DIR = Path("cache") / "fuzzy-file-search"
"""Under the home: one file per root searched."""

KEEP = 4
"""Roots whose walks are kept (the most recently written)."""

Saved = tuple[str, list[str], list[bool], list[str], dict[str, int | None], list[int]]
"""A saved walk: the repository ("" for none), paths, kinds, names, watched stamps, where
each directory's entries start."""

# (format, root, repository, paths one per line, kinds one byte each, names one per line,
# watched stamps, where each directory's entries start)
_Record = tuple[int, str, str, str, bytes, str, dict[str, int | None], list[int]]

_INDEXES: dict[Path, TreeIndex] = {}
_INDEXES_LOCK = threading.Lock()


def index_for(home: Path) -> TreeIndex:
    """The saved walks of ``home`` (one object per home, shared by every search)."""
    with _INDEXES_LOCK:
        index = _INDEXES.get(home)
        if index is None:
            index = _INDEXES[home] = TreeIndex(home / INDEX_DIR)
        return index


# Trees above this many entries are not written (some 30 MB each; at most KEEP files).
_MAX_ENTRIES = 500_000
_FORMAT = 3
_SUFFIX = ".walk"


class TreeIndex:
    """The saved walks under one home."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: dict[str, Saved] = {}
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()

    def _file(self, root: str) -> Path:
        digest = hashlib.sha256(root.encode("utf-8", "surrogateescape")).hexdigest()
        return self.folder / (digest[:32] + _SUFFIX)

    def load(self, root: str) -> Saved | None:
        """The saved walk of ``root`` (repository, paths, kinds, names, watched, where each
        directory's entries start), unchecked against the disk, or None when there is none
        that reads back whole."""
        try:
            data = self._file(root).read_bytes()
        except OSError:
            return None
        try:
            value: Any = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        if not (isinstance(value, tuple) and len(value) == 8 and value[:2] == (_FORMAT, root)):
            return None
        _, _, repo, paths_text, kinds, names_text, watched, blocks = value
        if not (
            isinstance(repo, str)
            and isinstance(paths_text, str)
            and isinstance(kinds, bytes)
            and isinstance(names_text, str)
            and isinstance(watched, dict)
            and set(map(type, watched)) <= {str}
            and set(map(type, watched.values())) <= {int, type(None)}
            and isinstance(blocks, list)
            and set(map(type, blocks)) <= {int}
        ):
            return None
        if not kinds:
            return repo, [], [], [], watched, []
        paths = paths_text.split("\n")
        names = names_text.split("\n")
        if not len(paths) == len(kinds) == len(names) or blocks[:1] != [0]:
            return None
        if blocks != sorted(blocks) or blocks[-1] > len(paths):
            return None
        return repo, paths, list(map(bool, kinds)), names, watched, blocks

    def keep(
        self,
        root: str,
        repo: str,
        paths: list[str],
        kinds: list[bool],
        names: list[str],
        watched: dict[str, int | None],
        blocks: list[int],
    ) -> None:
        """Hold the walk of ``root`` for the next :meth:`flush` (the latest walk of a root
        replaces the one held)."""
        if len(paths) > _MAX_ENTRIES:
            return
        with self._lock:
            self._pending[root] = (repo, paths, kinds, names, dict(watched), list(blocks))

    def flush(self) -> None:
        """Write the walks held, on a thread of their own: called once the search that
        walked them is answered, so that writing never delays an answer."""
        with self._lock:
            if not self._pending or self._writer is not None:
                return
            self._writer = threading.Thread(
                target=self._write_pending, name="fuzzy index write", daemon=True
            )
            self._writer.start()

    def wait(self) -> None:
        """Until the writes started so far are done (tests)."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.join()

    def _write_pending(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._writer = None
                    return
                root = next(iter(self._pending))
                held = self._pending.pop(root)
            self._save(root, held)

    def _save(self, root: str, held: Saved) -> None:
        repo, paths, kinds, names, watched, blocks = held
        try:
            # Texts of one line per entry: a name holding a newline cannot be saved.
            paths_text = "\n".join(paths)
            if paths_text.count("\n") == max(len(paths) - 1, 0):
                names_text = "\n".join(names)
                record = (_FORMAT, root, repo, paths_text, bytes(kinds), names_text, watched)
                self._write(root, (*record, blocks))
        except (OSError, ValueError) as error:
            log.warning("could not save the walk of %s for the next start: %s", root, error)

    def _write(self, root: str, record: _Record) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = marshal.dumps(record)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self._file(root))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._prune()

    def _prune(self) -> None:
        """Keep the :data:`KEEP` most recently written walks; drop what a server that
        stopped while writing left behind."""
        stale = time.time() - 60
        for path in self.folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < stale:
                    path.unlink()
        stamped: list[tuple[int, Path]] = []
        for path in self.folder.glob("*" + _SUFFIX):
            with contextlib.suppress(OSError):
                stamped.append((path.stat().st_mtime_ns, path))
        stamped.sort(reverse=True)
        for _, path in stamped[KEEP:]:
            with contextlib.suppress(OSError):
                path.unlink()
