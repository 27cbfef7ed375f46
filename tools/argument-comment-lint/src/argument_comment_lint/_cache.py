"""The content-hash cache.

Layout: ``<cache dir>/<key>/manifest.pickle`` (per file: stat, content hash,
interface hash, the modules its resolution consulted with their interface
hashes, and its findings) and ``summaries.pickle`` (per file: the ast summary,
loaded only when something must be re-resolved). ``<key>`` hashes the linter
version, the Python version and the configuration that changes findings, so a
file's cached findings stay valid while its own bytes, and the interface of
every module it resolved names through, are unchanged.

The cache dir is ``.argument-comment-lint-cache/`` at the project root (it
ignores itself with a ``.gitignore``), or ``$ARGUMENT_COMMENT_LINT_CACHE_DIR``,
or ``--cache-dir``; when the project root is not writable, the XDG cache
(``$XDG_CACHE_HOME/argument-comment-lint/<hash of the root>``). The key also stamps the
linter's own source files, so an edited linter never reuses old results.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._model import Finding
from ._version import __version__

CACHE_DIR_NAME = ".argument-comment-lint-cache"
_FORMAT = 3


@dataclass(slots=True)
class Entry:
    stat: tuple[int, int]  # (mtime_ns, size)
    digest: bytes
    iface: bytes | None  # None when the file does not parse
    error: str | None = None
    deps: tuple[tuple[str, bytes | None], ...] | None = None
    findings: tuple[Finding, ...] | None = None


@dataclass(slots=True)
class Cache:
    folder: Path | None
    manifest: dict[str, Entry] = field(default_factory=dict)
    _summaries: dict[str, tuple[bytes, bytes]] | None = (
        None  # rel -> (content hash, pickled summary)
    )
    summaries_dirty: bool = False

    @classmethod
    def open(
        cls, root: Path, key_parts: tuple[object, ...], explicit: Path | None, enabled: bool
    ) -> Cache:
        if not enabled:
            return cls(None)
        key = hashlib.blake2b(
            repr((_FORMAT, __version__, _code_stamp(), sys.version_info[:2], key_parts)).encode(),
            digest_size=12,
        ).hexdigest()
        base = _base_dir(root, explicit)
        if base is None:
            return cls(None)
        folder = base / key
        cache = cls(folder)
        loaded = _load(folder / "manifest.pickle")
        if isinstance(loaded, dict):
            cache.manifest = loaded
        return cache

    def summaries(self) -> dict[str, tuple[bytes, bytes]]:
        if self._summaries is None:
            loaded = _load(self.folder / "summaries.pickle") if self.folder else None
            self._summaries = loaded if isinstance(loaded, dict) else {}
        return self._summaries

    def save(self) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _dump(self.folder / "manifest.pickle", self.manifest)
            if self.summaries_dirty and self._summaries is not None:
                _dump(self.folder / "summaries.pickle", self._summaries)
        except OSError:
            pass


def _code_stamp() -> tuple[tuple[str, int, int], ...]:
    """The linter's own source files (name, mtime, size): an edited linter is a new linter."""
    package = Path(__file__).resolve().parent
    stamp = []
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        stamp.append((path.relative_to(package).as_posix(), st.st_mtime_ns, st.st_size))
    return tuple(stamp)


def _base_dir(root: Path, explicit: Path | None) -> Path | None:
    env = os.environ.get("ARGUMENT_COMMENT_LINT_CACHE_DIR")
    if explicit is not None or env:
        folder = explicit if explicit is not None else Path(str(env))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return folder
        except OSError:
            return None
    local = root / CACHE_DIR_NAME
    try:
        local.mkdir(exist_ok=True)
        ignore = local / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by argument-comment-lint.\n*\n")
        return local
    except OSError:
        pass
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = (
        xdg
        / "argument-comment-lint"
        / hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:
        return None


def _load(path: Path) -> Any:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def _dump(path: Path, value: object) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
