"""``fuzzyFileSearch``: walk the roots as the reference's walker does, rank the paths.

The walk follows the reference (the ``ignore`` crate as codex configures it):

- hidden files and directories are listed (``.git`` internals included); symlinks are
  followed, without looping;
- ``.ignore`` files apply everywhere; ``.gitignore`` files and ``.git/info/exclude`` only
  inside a git repository; the ignore files of the root's parent directories apply too;
- the root itself is not a result; files and directories are, with their path relative to
  the root.

Ranking: see :mod:`._fuzzy_score`. At most :data:`MATCH_LIMIT` results, by score then path.
An empty query or no roots gives no results.

Speed:

- a root's walk is cached and reused while every directory it read and every ignore file
  it consulted keeps its modification time (a stat per directory, not a new walk); one
  walk per root at a time, which concurrent searches of that root share;
- a search session walks its roots as it starts (:func:`prewalk`), as the reference's
  does, so its first query finds them walked;
- paths are prefiltered at C speed (one regex over all names, or all paths, of a root,
  matching the query as a subsequence) and only the survivors are aligned;
- a match inside the file name outranks any other, so names are aligned first (short
  strings) and whole paths only when names give fewer than :data:`MATCH_LIMIT` results.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import re
import stat
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._fuzzy_score import (
    BONUS_BOUNDARY_DELIMITER,
    BONUS_BOUNDARY_WHITE,
    FIRST_CHAR_MULTIPLIER,
    NAME_STEP,
    SCORE_MATCH,
    score_path,
)

__all__ = ["MATCH_LIMIT", "CancelFlag", "Tree", "prewalk", "search", "tree_for", "walk"]

log = logging.getLogger(__name__)

MATCH_LIMIT = 50

JSON = dict[str, Any]


class CancelFlag:
    """Set by a newer search with the same cancellation token; the older one returns []."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


# -- ignore rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rules:
    """The patterns of one ignore file, last first, as one regex; a match's group says which."""

    regex: re.Pattern[str]
    ignores: tuple[bool, ...]
    # The entry's path (relative to the search root) maps to the file's base as
    # ``prefix + rel[strip:]``.
    strip: int
    prefix: str
    # Texts one of which every subject a pattern matches contains (None: not known); a
    # subject holding none of them is decided without the regex.
    needs: tuple[str, ...] | None = None


def _load_rules(
    path: str, strip: int, prefix: str, watched: dict[str, int | None] | None = None
) -> _Rules | None:
    if watched is not None:
        watched[path] = _mtime(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    # pathspec is imported by the first search, not by every server start.
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    alternatives: list[str] = []
    ignores: list[bool] = []
    needed: list[str | None] = []
    for line in reversed(lines):
        try:
            regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
        except Exception:  # a malformed pattern is skipped, as git does
            continue
        if regex is None or include is None:
            continue
        alternatives.append("(" + regex.replace("(?P<ps_d>", "(?:") + ")")
        ignores.append(bool(include))
        needed.append(_literal_of(line))
    if not alternatives:
        return None
    try:
        compiled = re.compile("|".join(alternatives), re.DOTALL)
    except re.error:
        return None
    texts = sorted({text for text in needed if text is not None})
    needs = None
    if len(texts) == len(set(needed)):  # every pattern has one
        needs = tuple(texts)
    return _Rules(compiled, tuple(ignores), strip, prefix, needs)


def _literal_of(line: str) -> str | None:
    """The longest text a path must contain for the gitignore pattern ``line`` to match
    it, or None when the pattern has escapes or classes (or no such text)."""
    pattern = line.rstrip()
    if pattern.startswith("!"):
        pattern = pattern[1:]
    if "\\" in pattern or "[" in pattern:
        return None
    pieces = re.split(r"[*?/]", pattern)
    longest = max(pieces, key=len, default="")
    return longest or None


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def _git_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _parent_rules(root: Path, repo: Path | None, watched: dict[str, int | None]) -> list[_Rules]:
    """Rules from the ignore files above ``root`` (nearest last) and the repo's exclude file."""
    rules: list[_Rules] = []
    chain = list(reversed(root.parents))
    if repo is not None:
        exclude = _load_rules(
            str(repo / ".git" / "info" / "exclude"),
            strip=0,
            prefix=_rel_prefix(repo, root),
            watched=watched,
        )
        if exclude is not None:
            rules.append(exclude)
    for parent in chain:
        names = [".ignore"]
        if repo is not None and (parent == repo or repo in parent.parents):
            names.insert(0, ".gitignore")
        for name in names:
            loaded = _load_rules(
                str(parent / name), strip=0, prefix=_rel_prefix(parent, root), watched=watched
            )
            if loaded is not None:
                rules.append(loaded)
    return rules


def _rel_prefix(base: Path, root: Path) -> str:
    rel = os.path.relpath(root, base)
    return "" if rel == "." else rel + "/"


# -- walking -----------------------------------------------------------------------------------


@dataclass
class Tree:
    """Every path under a root, with what it takes to tell whether it is still current.

    ``watched`` maps each directory read and each ignore file consulted (present or not)
    to its modification time: a directory's changes when an entry is added, removed or
    renamed in it, so an unchanged map means an unchanged listing.
    """

    root: str
    paths: list[str] = field(default_factory=list)
    is_dir: list[bool] = field(default_factory=list)
    # The entries' names (collected by the walk).
    names: list[str] = field(default_factory=list)
    watched: dict[str, int | None] = field(default_factory=dict)
    _paths_text: _Lines | None = None
    _names_text: _Lines | None = None

    def fresh(self) -> bool:
        return all(_mtime(path) == mtime for path, mtime in self.watched.items())

    def paths_text(self) -> _Lines:
        """The lower-cased paths as searchable text (built on first use)."""
        if self._paths_text is None:
            self._paths_text = _Lines.lowered(self.paths)
        return self._paths_text

    def names_text(self) -> _Lines:
        """The lower-cased file and directory names as searchable text."""
        if self._names_text is None:
            self._names_text = _Lines.lowered(self.names)
        return self._names_text


class _Lines:
    """Lines joined by newlines, to run one regex over all of them at C speed."""

    def __init__(self, lines: list[str], text: str | None = None) -> None:
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text

    @classmethod
    def lowered(cls, lines: list[str]) -> _Lines:
        """``lines`` lower-cased, in one pass over their joined text (lower-casing never
        makes a newline, so the lines split back one for one)."""
        text = "\n".join(lines).lower()
        if not lines or text.count("\n") != len(lines) - 1:
            # None, or a name holding a newline: lower-case each line on its own.
            return cls([line.lower() for line in lines])
        return cls(text.split("\n"), text)

    def containing(self, query: str) -> list[int]:
        """Indices of the lines holding ``query`` as a subsequence (query lower case)."""
        # ``a[^b\n]*b[^c\n]*c``: each step runs to the next needed character, so the
        # first occurrence of the first one decides, without backtracking. The match then
        # runs to the end of its line: a line matches at most once.
        parts = [re.escape(query[0])]
        for ch in query[1:]:
            escaped = re.escape(ch)
            parts.append(f"[^{escaped}\n]*{escaped}")
        regex = re.compile("".join(parts) + "[^\n]*")
        text = self.text
        count = text.count
        found: list[int] = []
        line = 0
        last = 0
        for match in regex.finditer(text):
            start = match.start()
            line += count("\n", last, start)
            last = start
            found.append(line)
        return found


_CACHE: dict[str, Tree] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4


@dataclass
class _RootLock:
    """One root's walk lock, and how many searches hold or wait for it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0


# One lock per root being searched: a search that finds the root being walked waits for
# that walk. An entry lives while a search of its root does.
_WALKING: dict[str, _RootLock] = {}


def tree_for(root: str, cancel: CancelFlag | None = None) -> Tree:
    """The paths under ``root``: a cached walk when nothing it saw has changed, else a new one."""
    with _CACHE_LOCK:
        walking = _WALKING.get(root)
        if walking is None:
            walking = _WALKING[root] = _RootLock()
        walking.users += 1
    try:
        with walking.lock:
            return _cached_or_walked(root, cancel)
    finally:
        with _CACHE_LOCK:
            walking.users -= 1
            if not walking.users:
                del _WALKING[root]  # no one searches that root now: nothing kept for it


def _cached_or_walked(root: str, cancel: CancelFlag | None) -> Tree:
    with _CACHE_LOCK:
        cached = _CACHE.get(root)
    if cached is not None and cached.fresh():
        return cached
    started = time.perf_counter()
    tree = walk(root, cancel)
    if cancel is not None and cancel.cancelled:
        return tree
    log.info(
        "fuzzy file search walked %s: %d entries in %.0f ms",
        root,
        len(tree.paths),
        (time.perf_counter() - started) * 1000,
    )
    with _CACHE_LOCK:
        _CACHE.pop(root, None)
        _CACHE[root] = tree
        while len(_CACHE) > _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
    return tree


def prewalk(roots: list[str], cancel: CancelFlag) -> None:
    """Walk ``roots`` ahead of the queries that will search them (a session's start)."""
    for root in roots:
        if cancel.cancelled:
            return
        tree_for(root, cancel)


_IGNORE_FILES_IN_REPO = (".gitignore", ".ignore")
_IGNORE_FILES = (".ignore",)


def walk(root: str, cancel: CancelFlag | None = None) -> Tree:
    tree = Tree(root)
    base = Path(root)
    try:
        if not base.is_dir():
            return tree
    except OSError:
        return tree
    repo = _git_root(base.resolve())
    try:
        info = os.stat(root)
    except OSError:
        return tree
    parents = _parent_rules(base, repo, tree.watched)
    # (directory, its path relative to the root, the rules above it, the directories on
    # the way down (for symlink loops), its modification time as read before listing it)
    stack: list[tuple[str, str, list[_Rules], frozenset[tuple[int, int]], int]] = [
        (root, "", parents, frozenset({(info.st_dev, info.st_ino)}), info.st_mtime_ns)
    ]
    ignore_names = _IGNORE_FILES_IN_REPO if repo is not None else _IGNORE_FILES
    watched = tree.watched
    paths = tree.paths
    kinds = tree.is_dir
    names = tree.names
    while stack:
        if cancel is not None and cancel.cancelled:
            return Tree(root)
        directory, rel_dir, inherited, seen, mtime = stack.pop()
        # A directory's mtime changes when an entry (an ignore file too) comes or goes, so
        # an absent ignore file needs no watching of its own.
        watched[directory] = mtime
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
                    loaded = _load_rules(os.path.join(directory, name), strip, "", watched)
                    if loaded is not None:
                        rules.append(loaded)
        prefix = rel_dir + "/" if rel_dir else ""
        here = [entry.name for entry in entries]
        try:
            dirs = [entry.is_dir() for entry in entries]  # follows symlinks
        except OSError:
            dirs = [_is_dir(entry) for entry in entries]
        rels = [prefix + name for name in here]
        ignored = _ignored_entries(rels, dirs, rules) if rules else set()
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
    return tree


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _ignored_entries(rels: list[str], dirs: list[bool], rules: list[_Rules]) -> set[int]:
    """Indices of the entries of one listing (paths ``rels``) that the ignore rules exclude.

    ``rules`` are the ignore files that apply, farthest first: the nearest one with a
    pattern matching an entry decides for it (ignored, or re-included). Only the entries
    holding one of a file's ``needs`` reach its pattern regex.
    """
    ignored: set[int] = set()
    pending = list(range(len(rels)))
    for rule in reversed(rules):
        if not pending:
            break
        strip, head, needs, ignores = rule.strip, rule.prefix, rule.needs, rule.ignores
        match = rule.regex.match
        if strip or head:
            subjects = [head + rels[i][strip:] for i in pending]
        else:
            subjects = [rels[i] for i in pending]
        candidates: Iterable[int] = (
            range(len(subjects)) if needs is None else _lines_holding(needs, subjects)
        )
        decided: set[int] = set()
        for k in candidates:
            i = pending[k]
            subject = subjects[k]
            found = match(subject + "/" if dirs[i] else subject)
            if found is not None and found.lastindex is not None:
                if ignores[found.lastindex - 1]:
                    ignored.add(i)
                decided.add(k)
        if decided:
            pending = [i for k, i in enumerate(pending) if k not in decided]
    return ignored


def _lines_holding(needs: tuple[str, ...], lines: list[str]) -> list[int]:
    """Indices (ascending) of the lines holding one of the texts ``needs``."""
    if len(needs) == 1:
        needle = needs[0]
        return [k for k, line in enumerate(lines) if needle in line]
    found: set[int] = set()
    for needle in needs:
        found.update([k for k, line in enumerate(lines) if needle in line])
    return sorted(found)


# -- searching ---------------------------------------------------------------------------------


def _result(root: str, path: str, is_dir: bool, score: int, indices: list[int]) -> JSON:
    return {
        "root": root,
        "path": path,
        "match_type": "directory" if is_dir else "file",
        "file_name": path[path.rfind("/") + 1 :],
        "score": score,
        "indices": indices,
    }


_INNER_SPACE = re.compile(r"[^\S\n]")


def _name_score_ceiling(needle: str, names: _Lines) -> int:
    """No match of ``needle`` inside a name can score more than this.

    Within a name (scored as if after ``/``) a character's bonus is at most 9 at its start
    and 8 elsewhere, unless whitespace is around (then 10); the first character's bonus
    counts twice and a consecutive run keeps its first character's bonus.
    """
    top = BONUS_BOUNDARY_WHITE if _INNER_SPACE.search(names.text) else BONUS_BOUNDARY_DELIMITER
    return SCORE_MATCH * len(needle) + top * FIRST_CHAR_MULTIPLIER + top * (len(needle) - 1)


def _name_matches(root: str, tree: Tree, needle: str) -> tuple[list[JSON], set[int]]:
    """The matches inside names: at most :data:`MATCH_LIMIT` of the best (a name match
    outranks every other), and the indices of every entry that is one (a file whose name
    holds ``needle``, a directory named ``needle``).

    Candidates are aligned in path order, so once :data:`MATCH_LIMIT` of them reach the
    highest score any could get, a later one can only tie and lose on its path: the rest
    need no alignment.
    """
    names = tree.names_text()
    candidates = names.containing(needle)
    paths = tree.paths
    # Names equal to the query rank a tier higher: they go first, then the others in path
    # order, whose best possible score is known.
    candidates.sort(key=paths.__getitem__)
    lines = names.lines
    exact = [i for i in candidates if lines[i] == needle]
    if exact:
        candidates = exact + [i for i in candidates if lines[i] != needle]
    ceiling = NAME_STEP + _name_score_ceiling(needle, names)
    best: list[tuple[int, int, JSON]] = []  # min-heap of (score, -order, result)
    for order, index in enumerate(candidates):
        if len(best) == MATCH_LIMIT and best[0][0] >= ceiling:
            break
        path = paths[index]
        name = names.lines[index]
        if tree.is_dir[index]:
            if name != needle:
                continue
            match = score_path(needle, path)
            if match is None:  # pragma: no cover - the name matches, so the path does
                continue
            score, indices = match.score + 2 * NAME_STEP, match.indices
        else:
            offset = len(path) - len(name)
            match = score_path(needle, path[offset:])
            if match is None:
                continue
            score = match.score + (3 if name == needle else 1) * NAME_STEP
            indices = [offset + i for i in match.indices]
        entry = (score, -order, _result(root, path, tree.is_dir[index], score, indices))
        if len(best) < MATCH_LIMIT:
            heapq.heappush(best, entry)
        elif entry[:2] > best[0][:2]:
            heapq.heapreplace(best, entry)
    named = {i for i in candidates if not tree.is_dir[i] or names.lines[i] == needle}
    return [result for _, _, result in best], named


def _search_root(root: str, needle: str, cancel: CancelFlag | None) -> list[JSON]:
    """Matches in one root: name matches first (they outrank every other), then, only if
    they are too few, the paths that match only across directories."""
    tree = tree_for(root, cancel)
    results, in_names = _name_matches(root, tree, needle)
    if len(results) >= MATCH_LIMIT:
        return results
    for index in tree.paths_text().containing(needle):
        if index in in_names:
            continue
        if cancel is not None and cancel.cancelled:
            return []
        path = tree.paths[index]
        match = score_path(needle, path)
        if match is not None:
            results.append(_result(root, path, tree.is_dir[index], match.score, match.indices))
    return results


def search(query: str, roots: list[str], cancel: CancelFlag | None = None) -> list[JSON]:
    """The best :data:`MATCH_LIMIT` matches of ``query`` under ``roots``, best first."""
    if not query or not roots:
        return []
    needle = query.lower()
    results: list[JSON] = []
    for root in roots:
        results.extend(_search_root(root, needle, cancel))
        if cancel is not None and cancel.cancelled:
            return []
    results.sort(key=lambda r: (-r["score"], r["path"]))
    return results[:MATCH_LIMIT]
