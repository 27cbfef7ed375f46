"""The walk of a fuzzy file search root, on both cores when the tree is big.

The reference walks on two threads. Python threads share one interpreter lock, so the
second core is a helper process instead (``python -m spindle_app_server._fuzzy_walk``,
started and kept by :mod:`._fuzzy_helper`).

A walk goes on alone while the helper starts; once the helper is up, the walk hands it
every other directory still to be read (with the ignore rules and the symbolic-link loop
guard each one inherits) and reads the rest itself. The helper sends what it finds in
parts as it goes, which the walk adds between its own steps; a walk that runs out of
directories first takes back half of those the helper has not read yet, and again,
until the helper is done. A tree walked before the helper is up (a small one) never
waits for it. The helper serves one search at a time: a walk that finds it busy goes
alone, and one whose helper fails walks again alone (the failed helper is replaced).

What is listed is what the reference lists (see :mod:`._fuzzy_search`): one loop,
:func:`_walk_stack`, serves both processes.
"""

from __future__ import annotations

import itertools
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ._fuzzy_helper import HELPER, READY, Partner, read_frame, waiting, write_frame
from ._fuzzy_rules import Rules, ignored_entries, load_rules, parent_rules, repo_of
from ._fuzzy_score import Match, score_path

__all__ = ["HELPER", "Walked", "align", "walk"]

log = logging.getLogger(__name__)

_IGNORE_FILES_IN_REPO = (".gitignore", ".ignore")
_IGNORE_FILES = (".ignore",)
# Directories read between two looks at the other process (~1 ms): before the split,
# whether the helper is up; after it, whether it sent a part (or, in the helper, whether
# the walk wants directories back).
_STEP = 4
_POLL_STEP = 16
# Entries the helper gathers before it sends them as a part.
_PART = 4096
# Paths to align from which half goes to the helper (fewer take less than its round trip).
_ALIGN_SHARE_MIN = 256
# Directories waiting to be read from which a share goes to the helper: fewer (a walk's
# start, a narrow tree) would likely split the work unevenly.
_SPLIT_MIN = 16

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
    # Where each directory's entries start among the entries (they follow one another in
    # the order the directory listed them): what places an entry in the reference's walk
    # order (see ._fuzzy_search.Tree.walk_key).
    blocks: list[int] = field(default_factory=list)

    def add(self, other: Walked) -> None:
        offset = len(self.paths)
        self.blocks.extend([offset + start for start in other.blocks])
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
        finished = _SharedWalk(partner, walked, stack, ignore_names).run(cancel)
        if finished is None:
            partner.failed = True  # ended on release: what it would send next is unknown
    finally:
        helpers.release(partner)
    if finished is None:
        log.warning("the fuzzy search walk helper failed; walking alone")
        return walk(root, cancel, helper=False)
    return walked if finished else None


class _SharedWalk:
    """A walk's directories read by both processes (see the module's docstring)."""

    def __init__(
        self, partner: Partner, walked: Walked, stack: list[_Pending], ignore_names: tuple[str, ...]
    ) -> None:
        self.partner = partner
        self.walked = walked
        self.stack = stack
        self.ignore_names = ignore_names
        self.done = False  # the helper has sent its last part
        self.asking = False  # directories asked back, not answered yet
        self.cancelled = False

    def run(self, cancel: _Cancel | None) -> bool | None:
        """True once every directory is read, False when cancelled (the helper told to
        drop its share), None when the helper failed."""
        partner = self.partner
        stack = self.stack
        if not partner.send(("walk", _split_off(stack), self.ignore_names)):
            return None
        while True:
            if stack and not self.cancelled:
                if not _walk_stack(
                    stack, self.ignore_names, self.walked, cancel, budget=_POLL_STEP
                ):
                    self.cancelled = True
                    stack.clear()
                    if not partner.send(("cancel",)):
                        return None
                while partner.answered():
                    if not self._take(partner.receive()):
                        return None
                continue
            if self.done and not self.asking:
                return not self.cancelled
            if not (self.done or self.asking or self.cancelled):
                if not partner.send(("steal",)):
                    return None
                self.asking = True
            if not self._take(partner.receive()):
                return None

    def _take(self, answer: Any) -> bool:
        """Add a part the helper sent, or take the directories it gave back; False for
        anything else (the helper failed)."""
        if not isinstance(answer, tuple) or not answer:
            return False
        if answer[0] == "stolen":
            self.asking = False
            if not self.cancelled:
                self.stack.extend(answer[1])
                log.debug("took %d directories back from the walk helper", len(answer[1]))
            return True
        if answer[0] not in ("part", "done"):
            return False
        theirs = _walked_from(answer[1:])
        self.walked.add(theirs)
        self.walked.helped += len(theirs.paths)
        self.done = answer[0] == "done"
        return True


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
            partner.failed = True
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
    blocks = walked.blocks
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
        blocks.append(len(paths))
        if ignored:
            kept = [True] * len(rels)
            for i in ignored:
                kept[i] = False
            paths.extend(itertools.compress(rels, kept))
            kinds.extend(itertools.compress(dirs, kept))
            names.extend(itertools.compress(here, kept))
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


def _split_off(stack: list[_Pending]) -> list[_Pending]:
    """Every other directory of ``stack``, taken out of it: the share handed to the other
    process (alternate ones, so that each process gets some from every depth)."""
    given = stack[0::2]
    del stack[0::2]
    return given


def _walked_from(answer: Any) -> Walked:
    """A part the helper sent (NUL-joined paths and names, kinds as bytes, watched, where
    each directory's entries start)."""
    paths, kinds, names, watched, blocks = answer
    return Walked(
        paths.split("\0") if kinds else [],
        list(map(bool, kinds)),
        names.split("\0") if kinds else [],
        watched,
        blocks=blocks,
    )


def _packed(walked: Walked) -> tuple[str, bytes, str, dict[str, int | None], list[int]]:
    # Joined by NUL (which no name holds): one string pickles, and is split back, much
    # faster than a list of them.
    joined = "\0".join
    return (
        joined(walked.paths),
        bytes(walked.kinds),
        joined(walked.names),
        walked.watched,
        walked.blocks,
    )


# -- the helper's side -------------------------------------------------------------------------

_IN = 0
_OUT = 1


def _serve() -> None:
    """The helper's loop, until its input ends: a share of a walk in, what is under it out
    in parts; or paths to align with a query in, their scores and indices out."""
    os.write(_OUT, READY)
    while True:
        request = read_frame(_IN)
        if request is None:
            return
        kind = request[0]
        if kind == "align":
            _, needle, folded, paths = request
            matches = _align(needle, paths, folded) or []
            write_frame(_OUT, [None if m is None else (m.score, m.indices) for m in matches])
        elif kind == "walk":
            if not _serve_walk(request[1], request[2]):
                return
        elif kind == "steal":
            # The walk asked for directories back as this share ended: none are left.
            write_frame(_OUT, ("stolen", []))
        # "cancel" after the share ended: nothing to stop.


def _serve_walk(stack: list[_Pending], ignore_names: tuple[str, ...]) -> bool:
    """Read a share of a walk, sending what is found in parts (the last one "done"); give
    half of the directories not read yet back when asked, drop them all when cancelled.
    False when the input ended."""
    part = Walked()
    while stack:
        _walk_stack(stack, ignore_names, part, budget=_POLL_STEP)
        if stack and waiting(_IN):
            request = read_frame(_IN)
            if request is None:
                return False
            if request[0] == "steal":
                write_frame(_OUT, ("stolen", _split_off(stack)))
            else:
                stack.clear()
        if stack and len(part.paths) >= _PART:
            write_frame(_OUT, ("part", *_packed(part)))
            part = Walked()
    write_frame(_OUT, ("done", *_packed(part)))
    return True


if __name__ == "__main__":
    _serve()
