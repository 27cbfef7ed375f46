"""The walk of a fuzzy file search root, on both cores when the tree is big.

The reference walks on two threads. Python threads share one interpreter lock, so the
second core is a helper process instead (``python -m spindle_app_server._fuzzy_walk``),
kept for every walk of the server. The server starts it once its own start has settled
(``_main``), so that a first search finds it up; a walk before that starts it.

A walk goes on alone while the helper starts; once the helper is up, the walk hands it
every other directory still to be read (with the ignore rules and the symbolic-link loop
guard each one inherits) and reads the rest itself; the helper sends back what it found
under them, which the walk adds to its own. A tree walked before the helper is up (a small
one) never waits for it. The helper serves one walk at a time: a walk that finds it busy,
or a helper that fails, walks alone (a failed helper's share is read again here). The
helper ends with the server: it is stopped at shutdown, and ends by itself when the
server's end of its pipe closes. On Windows (no select() on pipes) a walk goes alone.

What is listed is what the reference lists (see :mod:`._fuzzy_search`): one loop,
:func:`_walk_stack`, serves both processes.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pickle
import select
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from ._fuzzy_rules import Rules, ignored_entries, load_rules, parent_rules, repo_of
from ._fuzzy_score import Match, score_path

__all__ = ["HELPER", "Walked", "align", "walk"]

log = logging.getLogger(__name__)

_IGNORE_FILES_IN_REPO = (".gitignore", ".ignore")
_IGNORE_FILES = (".ignore",)
# Where the helper runs: its pipe is polled with select(), which takes only sockets on
# Windows (a walk there goes alone).
_SUPPORTED = os.name == "posix"
# Directories read between two looks at whether the helper is up (~1 ms).
_STEP = 16
# Paths to align from which half goes to the helper (fewer take less than its round trip).
_ALIGN_SHARE_MIN = 256
# Directories waiting to be read from which a share goes to the helper: fewer (a walk's
# start, a narrow tree) would likely split the work unevenly.
_SPLIT_MIN = 16
_READY = b"R"

# A directory still to be read: its path, its path relative to the root, the rules above
# it, the directories on the way down (for symlink loops), its modification time as read
# before listing it.
_Pending = tuple[str, str, list[Rules], frozenset[tuple[int, int]], int]


class _Cancel(Protocol):
    @property
    def cancelled(self) -> bool: ...


@dataclass
class Walked:
    """What a walk found: the entries (path from the root, whether a directory, name), the
    directories read and ignore files consulted with their modification times, and the
    git repository the root is in ("" for none)."""

    paths: list[str] = field(default_factory=list)
    kinds: list[bool] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    watched: dict[str, int | None] = field(default_factory=dict)
    repo: str = ""
    # How many of the entries the helper process found.
    helped: int = 0

    def add(self, other: Walked) -> None:
        self.paths.extend(other.paths)
        self.kinds.extend(other.kinds)
        self.names.extend(other.names)
        self.watched.update(other.watched)


def walk(root: str, cancel: _Cancel | None = None, helper: bool = True) -> Walked | None:
    """Every entry under ``root`` (nothing when it is not a readable directory); None when
    cancelled. ``helper``: whether the helper process may take part."""
    walked = Walked()
    base = Path(root)
    try:
        if not base.is_dir():
            return walked
        info = os.stat(root)
    except OSError:
        return walked
    walked.repo = repo_of(base)
    repo = Path(walked.repo) if walked.repo else None
    parents = parent_rules(base, repo, walked.watched)
    stack: list[_Pending] = [
        (root, "", parents, frozenset({(info.st_dev, info.st_ino)}), info.st_mtime_ns)
    ]
    ignore_names = _IGNORE_FILES_IN_REPO if repo is not None else _IGNORE_FILES
    helpers = HELPER
    partner = helpers.claim() if helper else None
    if partner is None:
        return walked if _walk_stack(stack, ignore_names, walked, cancel) else None
    try:
        while stack and not (len(stack) >= _SPLIT_MIN and partner.ready()):
            if not _walk_stack(stack, ignore_names, walked, cancel, budget=_STEP):
                return None
        if not stack:
            return walked
        given = stack[0::2]
        del stack[0::2]
        sent = partner.send(("walk", given, ignore_names))
        finished = _walk_stack(stack, ignore_names, walked, cancel)
        theirs = _walked_from(partner.receive()) if sent else None
        if not finished:
            return None
        if theirs is None:
            log.warning("the fuzzy search walk helper failed; walking its share here")
            return walked if _walk_stack(given, ignore_names, walked, cancel) else None
        walked.add(theirs)
        walked.helped = len(theirs.paths)
        return walked
    finally:
        helpers.release(partner)


def align(
    needle: str, paths: list[str], folded: bool, cancel: _Cancel | None = None
) -> list[Match | None] | None:
    """:func:`score_path` of ``needle`` on each of ``paths`` (None where it does not match);
    None when cancelled. With many paths, the helper, if it is up and free, aligns the
    second half meanwhile (a failed helper's half is aligned here)."""
    partner = HELPER.claim() if len(paths) >= _ALIGN_SHARE_MIN else None
    if partner is not None and not partner.ready():
        HELPER.release(partner)
        partner = None
    if partner is None:
        return _align(needle, paths, folded, cancel)
    try:
        half = len(paths) // 2
        given = paths[half:]
        sent = partner.send(("align", needle, folded, given))
        ours = _align(needle, paths[:half], folded, cancel)
        answer = partner.receive() if sent else None
        if ours is None:
            return None
        if not isinstance(answer, list) or len(answer) != len(given):
            log.warning("the fuzzy search helper failed; aligning its half here")
            theirs = _align(needle, given, folded, cancel)
            return None if theirs is None else ours + theirs
        log.debug("aligned %d paths, %d of them by the helper", len(paths), len(given))
        return ours + [None if a is None else Match(a[0], a[1]) for a in answer]
    finally:
        HELPER.release(partner)


def _align(
    needle: str, paths: list[str], folded: bool, cancel: _Cancel | None = None
) -> list[Match | None] | None:
    matches: list[Match | None] = []
    for path in paths:
        if cancel is not None and cancel.cancelled:
            return None
        matches.append(score_path(needle, path, folded=folded))
    return matches


def _walk_stack(
    stack: list[_Pending],
    ignore_names: tuple[str, ...],
    walked: Walked,
    cancel: _Cancel | None = None,
    budget: int | None = None,
) -> bool:
    """Read the directories of ``stack`` (and those found under them) into ``walked``, or
    only ``budget`` of them; False when cancelled."""
    watched = walked.watched
    paths = walked.paths
    kinds = walked.kinds
    names = walked.names
    while stack:
        if cancel is not None and cancel.cancelled:
            return False
        if budget is not None:
            if budget <= 0:
                return True
            budget -= 1
        directory, rel_dir, inherited, seen, stamp = stack.pop()
        # A directory's mtime changes when an entry (an ignore file too) comes or goes, so
        # an absent ignore file needs no watching of its own.
        watched[directory] = stamp
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        rules = inherited
        present = [e.name for e in entries if e.name in ignore_names]
        if present:
            rules = list(inherited)
            strip = len(rel_dir) + 1 if rel_dir else 0
            for name in ignore_names:
                if name in present:
                    loaded = load_rules(os.path.join(directory, name), strip, "", watched)
                    if loaded is not None:
                        rules.append(loaded)
        prefix = rel_dir + "/" if rel_dir else ""
        here = [entry.name for entry in entries]
        if not _utf8(here):
            # As the reference: a path that is not UTF-8 is left out, with all below it.
            keep = [_utf8([name]) for name in here]
            entries = list(itertools.compress(entries, keep))
            here = list(itertools.compress(here, keep))
        try:
            dirs = [entry.is_dir() for entry in entries]  # follows symlinks
        except OSError:
            dirs = [_is_dir(entry) for entry in entries]
        rels = [prefix + name for name in here]
        ignored = ignored_entries(rels, here, dirs, rules) if rules else set()
        if any(map(_IS_LINK, entries)):
            ignored |= _unfollowable(entries, seen, watched)
        if ignored:
            kept = [i for i in range(len(rels)) if i not in ignored]
            paths.extend([rels[i] for i in kept])
            kinds.extend([dirs[i] for i in kept])
            names.extend([here[i] for i in kept])
        else:
            paths.extend(rels)
            kinds.extend(dirs)
            names.extend(here)
        for i in itertools.compress(range(len(dirs)), dirs):
            if i in ignored:
                continue
            entry = entries[i]
            try:
                child = entry.stat() if entry.is_symlink() else entry.stat(follow_symlinks=False)
            except OSError:
                continue
            key = (child.st_dev, child.st_ino)
            if key in seen or not stat.S_ISDIR(child.st_mode):
                continue
            stack.append((entry.path, rels[i], rules, seen | {key}, child.st_mtime_ns))
    return True


_IS_LINK = os.DirEntry.is_symlink


def _utf8(names: list[str]) -> bool:
    """Whether the names are valid UTF-8 (the file system's bytes that are not decode to
    lone surrogates, which no JSON answer may hold)."""
    try:
        "\n".join(names).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unfollowable(
    entries: list[os.DirEntry[str]],
    seen: frozenset[tuple[int, int]],
    watched: dict[str, int | None],
) -> set[int]:
    """Indices of the symbolic links the reference's walker leaves out, as it follows
    links: a broken one, and one to a directory on the way down (a loop). A broken one is
    watched as absent: once its target appears, the walk is no longer current."""
    left_out: set[int] = set()
    for i, entry in enumerate(entries):
        if not entry.is_symlink():
            continue
        try:
            target = entry.stat()
        except OSError:
            left_out.add(i)
            watched[entry.path] = None
            continue
        if stat.S_ISDIR(target.st_mode) and (target.st_dev, target.st_ino) in seen:
            left_out.add(i)
    return left_out


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


# -- the helper process ------------------------------------------------------------------------


class _Partner:
    """The server's end of a running helper process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._up = False

    def ready(self) -> bool:
        """Whether the helper has said it is up (without waiting)."""
        if not self._up:
            out = self.process.stdout
            assert out is not None
            readable, _, _ = select.select([out], [], [], 0)
            if readable:
                self._up = out.read(1) == _READY
        return self._up

    def send(self, request: tuple[Any, ...]) -> bool:
        assert self.process.stdin is not None
        try:
            _write_frame(self.process.stdin, request)
        except (OSError, pickle.PicklingError):
            return False
        return True

    def receive(self) -> Any:
        """The answer to the request sent; None when the helper failed."""
        assert self.process.stdout is not None
        try:
            return _read_frame(self.process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def alive(self) -> bool:
        return self.process.poll() is None


class _Helper:
    """The one helper process of this server, started ahead by the server or by the first
    walk that wants it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._partner: _Partner | None = None
        self._busy = False
        self._stopped = False

    def claim(self) -> _Partner | None:
        """The helper for one walk (started now if it is not running); None while another
        walk has it, after :meth:`stop`, or when it cannot start."""
        with self._lock:
            if self._busy or self._stopped or not _SUPPORTED:
                return None
            partner = self._running()
            if partner is not None:
                self._busy = True
            return partner

    def start(self) -> None:
        """Start the helper now, ahead of the walks (unless running, or after :meth:`stop`)."""
        with self._lock:
            if not self._stopped and _SUPPORTED:
                self._running()

    def _running(self) -> _Partner | None:
        """The running helper, a dead one ended and replaced (with the lock held)."""
        partner = self._partner
        if partner is not None and not partner.alive():
            _end(partner.process)
            partner = None
        if partner is None:
            partner = self._partner = _spawn()
        return partner

    def release(self, partner: _Partner) -> None:
        with self._lock:
            self._busy = False
            if not partner.alive():
                _end(partner.process)
                if self._partner is partner:
                    self._partner = None

    def stop(self) -> None:
        """End the helper (the server's shutdown) and start no other."""
        with self._lock:
            self._stopped = True
            partner, self._partner = self._partner, None
        if partner is not None:
            _end(partner.process)


HELPER = _Helper()


def _spawn() -> _Partner | None:
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", __name__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        log.warning("the fuzzy search walk helper could not start", exc_info=True)
        return None
    return _Partner(process)


def _walked_from(answer: Any) -> Walked | None:
    """A walk share's answer (NUL-joined paths and names, kinds as bytes, watched)."""
    if answer is None:
        return None
    paths, kinds, names, watched = answer
    return Walked(
        paths.split("\0") if paths else [],
        list(map(bool, kinds)),
        names.split("\0") if names else [],
        watched,
    )


def _end(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _write_frame(stream: IO[bytes], value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    """The next value on ``stream``; None at its end."""
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def _serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """The helper's loop, until EOF: a share of a walk in, what is under it out; or paths
    to align with a query in, their scores and indices out."""
    out.write(_READY)
    out.flush()
    while True:
        request = _read_frame(inp)
        if request is None:
            return
        if request[0] == "align":
            _, needle, folded, paths = request
            matches = (score_path(needle, path, folded=folded) for path in paths)
            _write_frame(out, [None if m is None else (m.score, m.indices) for m in matches])
            continue
        _, stack, ignore_names = request
        walked = Walked()
        _walk_stack(stack, ignore_names, walked)
        # Joined by NUL (which no name holds): one string pickles, and is split back, much
        # faster than a list of them.
        answer = ("\0".join(walked.paths), bytes(walked.kinds), "\0".join(walked.names))
        _write_frame(out, (*answer, walked.watched))


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
