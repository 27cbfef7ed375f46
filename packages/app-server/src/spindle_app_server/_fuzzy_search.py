"""``fuzzyFileSearch``: walk the roots as the reference's walker does, rank the paths.

The walk follows the reference (the ``ignore`` crate as codex configures it):

- hidden files and directories are listed (``.git`` internals included); symlinks are
  followed, without looping;
- the ignore rules are :mod:`._fuzzy_rules`';
- the root itself is not a result; files and directories are, with their path relative to
  the root.

Ranking: see :mod:`._fuzzy_score`. At most :data:`MATCH_LIMIT` results: the best scores,
then the best over their whole paths, then the shorter paths (as the reference's matcher
keeps them); shown by score then path.
An empty query or no roots gives no results.

Speed:

- a root's walk is cached and reused while every directory it read and every ignore file
  it consulted keeps its modification time (a stat per directory, not a new walk); one
  walk per root at a time, which concurrent searches of that root share; the same check
  lets a restarted server reuse the walk a previous one saved (:mod:`._fuzzy_index`);
- a search session walks its roots as it starts (:func:`prewalk`), as the reference's
  does, so its first query finds them walked;
- paths are prefiltered at C speed (one regex over all names, or all paths, of a root,
  matching the query as a subsequence) and only the survivors are aligned;
- a match inside the file name outranks any other, so names are aligned first (short
  strings) and whole paths only when names give fewer than :data:`MATCH_LIMIT` results.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._fuzzy_index import TreeIndex
from ._fuzzy_pattern import Atom, match, parse, plain
from ._fuzzy_rank import MATCH_LIMIT, Ranked, keep_best
from ._fuzzy_roots import nesting, outside
from ._fuzzy_rules import mtime, repo_of
from ._fuzzy_score import (
    BONUS_BOUNDARY_DELIMITER,
    BONUS_BOUNDARY_WHITE,
    FIRST_CHAR_MULTIPLIER,
    NAME_STEP,
    SCORE_MATCH,
    fold,
    folded_lower,
    folds,
)
from ._fuzzy_walk import Walked, align
from ._fuzzy_walk import walk as walk_root

__all__ = ["MATCH_LIMIT", "CancelFlag", "Tree", "prewalk", "search", "tree_for", "walk"]

log = logging.getLogger(__name__)


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


# -- walking -----------------------------------------------------------------------------------


@dataclass
class Tree(Walked):
    """Every path under a root (a :class:`Walked`), with what it takes to tell whether it is
    still current.

    ``watched`` maps each directory read and each ignore file consulted (present or not)
    to its modification time: a directory's changes when an entry is added, removed or
    renamed in it, so an unchanged map means an unchanged listing.
    """

    root: str = ""
    _paths_text: _Lines | None = None
    _names_text: _Lines | None = None
    _dirs: dict[str, int] | None = None
    _keys: dict[int, str] = field(default_factory=dict)

    def walk_key(self, index: int) -> str:
        """Where the reference's walk meets entry ``index``, as a string that sorts first
        for the entry met first (-1: the root).

        That walk takes entries from a stack, one per thread: a directory is met before
        what is under it, and of the entries a directory lists, the last first. The order
        one thread would meet them in decides most ties in its results (its other
        threads start elsewhere in the tree). Each entry adds one character to its
        directory's key: the later the directory listed it, the lower. Made on first use.
        """
        keys = self._keys
        chain = []
        while index >= 0 and index not in keys:
            chain.append(index)
            path = self.paths[index]
            cut = path.rfind("/")
            index = self._directory(path[:cut]) if cut >= 0 else -1
        key = keys[index] if index >= 0 else ""
        blocks = self.blocks
        for i in reversed(chain):
            start = blocks[bisect.bisect_right(blocks, i) - 1] if blocks else 0
            key = keys[i] = key + chr(_TOP_SLOT - min(i - start, _SLOTS))
        return key

    def _directory(self, path: str) -> int:
        """The index of the directory at ``path`` (-1: none)."""
        if self._dirs is None:
            kinds, paths = self.kinds, self.paths
            self._dirs = {paths[i]: i for i in itertools.compress(range(len(kinds)), kinds)}
        return self._dirs.get(path, -1)

    def fresh(self) -> bool:
        if not all(mtime(path) == stamp for path, stamp in self.watched.items()):
            return False
        return repo_of(Path(self.root)) == self.repo

    def paths_text(self, folded: bool = False) -> _Lines:
        """The lower-cased paths as searchable text (built on first use); ``folded``, with
        accented letters as their base letters."""
        if self._paths_text is None:
            self._paths_text = _Lines.lowered(self.paths)
        return self._paths_text.folded() if folded else self._paths_text

    def names_text(self, folded: bool = False) -> _Lines:
        """The lower-cased file and directory names as searchable text (or ``folded``)."""
        if self._names_text is None:
            self._names_text = _Lines.lowered(self.names)
        return self._names_text.folded() if folded else self._names_text


# Walk keys (see Tree.walk_key): one character per step down, from the highest code point
# down; entries past the 65,536th of a directory share the lowest.
_TOP_SLOT = 0x10FFFF
_SLOTS = 0xFFFF

# When the query's first character occurs more than this many times per line, a scan line
# by line beats a search from each of its occurrences, which scans the rest of the line
# each time (both costs grow with the lines' length). On a 100k-path tree: 'readme' (2.9
# per line) 38 against 54 ms; 'test_handler' (1.9) 35 against 29 ms; 'main' (0.6) 53
# against 22 ms.
_LINE_SCAN_OCCURRENCES = 2.2


class _Lines:
    """Lower-cased lines joined by newlines, to run one regex over all of them at C speed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: _Lines | None = None
        self._lines = text.count("\n") + 1
        self._counts: dict[str, int] = {}

    def folded(self) -> _Lines:
        """These lines with accented letters as their base letters (made on first use)."""
        if self._folded is None:
            self._folded = self if self.text.isascii() else _Lines(fold(self.text))
        return self._folded

    @classmethod
    def lowered(cls, lines: list[str]) -> _Lines:
        """``lines`` lower-cased, in one pass over their joined text (lower-casing never
        makes a newline, so line ``i`` of the text is ``lines[i]``)."""
        text = "\n".join(lines).lower()
        if text.count("\n") != max(len(lines) - 1, 0):
            # A name holding a newline: in the text, a space stands for it.
            text = "\n".join(line.replace("\n", " ") for line in lines).lower()
        return cls(text)

    def containing(self, query: str) -> list[int]:
        """Indices of the lines holding ``query`` as a subsequence (query lower case)."""
        # ``a[^b\n]*+b[^c\n]*+c``: each step runs to the next needed character, so the
        # first occurrence of the first one decides, without backtracking.
        first = re.escape(query[0])
        steps = first + "".join(f"[^{ch}\n]*+{ch}" for ch in map(re.escape, query[1:]))
        text = self.text
        count = self._counts.get(query[0])
        if count is None:
            count = self._counts[query[0]] = text.count(query[0])
        if count > _LINE_SCAN_OCCURRENCES * self._lines:
            # A frequent first character: a search from each of its occurrences would scan
            # the rest of a line once per occurrence. Here each line is one match, scanned
            # once, and the group holds its match of the query, or nothing.
            regex = re.compile(f"[^{first}\n]*+({steps})?+[^\n]*+\n?")
            return list(itertools.compress(range(self._lines), regex.findall(text)))
        # A search from each occurrence of the first character; a match runs to the end of
        # its line, so a line matches at most once.
        found: list[int] = []
        line = 0
        last = 0
        count_in = text.count
        for hit in re.finditer(steps + "[^\n]*+", text):
            start = hit.start()
            line += count_in("\n", last, start)
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


def tree_for(root: str, cancel: CancelFlag | None = None, index: TreeIndex | None = None) -> Tree:
    """The paths under ``root``: a cached walk (in memory, else in ``index``) when nothing
    it saw has changed, else a new one (saved to ``index``)."""
    with _CACHE_LOCK:
        walking = _WALKING.get(root)
        if walking is None:
            walking = _WALKING[root] = _RootLock()
        walking.users += 1
    try:
        with walking.lock:
            return _cached_or_walked(root, cancel, index)
    finally:
        with _CACHE_LOCK:
            walking.users -= 1
            if not walking.users:
                del _WALKING[root]  # no one searches that root now: nothing kept for it


def _cached_or_walked(root: str, cancel: CancelFlag | None, index: TreeIndex | None) -> Tree:
    with _CACHE_LOCK:
        cached = _CACHE.get(root)
    if cached is not None and cached.fresh():
        return cached
    started = time.perf_counter()
    tree = _saved_walk(root, index) if cached is None else None
    if tree is not None:
        log.info(
            "fuzzy file search read the saved walk of %s: %d entries in %.0f ms",
            root,
            len(tree.paths),
            (time.perf_counter() - started) * 1000,
        )
    else:
        tree = walk(root, cancel)
        if cancel is not None and cancel.cancelled:
            return tree
        log.info(
            "fuzzy file search walked %s: %d entries in %.0f ms (%d found by the helper)",
            root,
            len(tree.paths),
            (time.perf_counter() - started) * 1000,
            tree.helped,
        )
        if index is not None:
            index.keep(
                root, tree.repo, tree.paths, tree.kinds, tree.names, tree.watched, tree.blocks
            )
    with _CACHE_LOCK:
        _CACHE.pop(root, None)
        _CACHE[root] = tree
        while len(_CACHE) > _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
    return tree


def _saved_walk(root: str, index: TreeIndex | None) -> Tree | None:
    """The walk ``index`` keeps of ``root``, if nothing it saw has changed since."""
    saved = index.load(root) if index is not None else None
    if saved is None:
        return None
    repo, paths, kinds, names, watched, blocks = saved
    tree = Tree(paths, kinds, names, watched, repo, blocks=blocks, root=root)
    return tree if tree.fresh() else None


def prewalk(roots: list[str], cancel: CancelFlag, index: TreeIndex | None = None) -> None:
    """Walk ``roots`` ahead of the queries that will search them (a session's start)."""
    for root in roots:
        if cancel.cancelled:
            return
        tree_for(root, cancel, index)


def walk(root: str, cancel: CancelFlag | None = None) -> Tree:
    """Every entry under ``root`` (see :mod:`._fuzzy_walk`); an empty tree when cancelled."""
    walked = walk_root(root, cancel)
    if walked is None:
        return Tree(root=root)
    return Tree(
        walked.paths,
        walked.kinds,
        walked.names,
        walked.watched,
        walked.repo,
        walked.helped,
        blocks=walked.blocks,
        root=root,
    )


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


def _name_score_ceiling(needle: str) -> int:
    """No match of ``needle`` inside a name can score more than this.

    Within a name (scored as if after ``/``) a character's bonus is at most 9 (at its
    start); the first character's bonus counts twice and a consecutive run keeps its first
    character's bonus.
    """
    top = max(BONUS_BOUNDARY_WHITE, BONUS_BOUNDARY_DELIMITER)
    return SCORE_MATCH * len(needle) + top * FIRST_CHAR_MULTIPLIER + top * (len(needle) - 1)


# The names aligned first (on a 100k-path tree, a search that settles early settles within
# ~100 names), then each chunk twice the last, up to the largest (see :func:`_chunks`).
_FIRST_CHUNK = 128
_LAST_CHUNK = 4096


def _chunks(candidates: list[int]) -> Iterator[list[int]]:
    """``candidates`` in chunks to align in turn: a few first (the best names often settle
    the search early), then more and more, which are aligned on both cores (see
    ._fuzzy_walk.align), each chunk costing one round trip to the helper."""
    start, size = 0, _FIRST_CHUNK
    while start < len(candidates):
        yield candidates[start : start + size]
        start += size
        size = min(2 * size, _LAST_CHUNK)


def _name_matches(
    root: str,
    tree: Tree,
    needle: str,
    inner: tuple[str, ...] = (),
    cancel: CancelFlag | None = None,
    position: int = 0,
) -> tuple[list[Ranked], set[int]]:
    """The matches inside names: at most :data:`MATCH_LIMIT` of the best (a name match
    outranks every other), and the indices of every entry that is one (a file whose name
    holds ``needle``, the directory named ``needle`` that ranks as such).

    Candidates are aligned in the order that breaks most ties (the exact names first, then
    the shorter paths), so once :data:`MATCH_LIMIT` of them reach the highest score a
    one-step match could get, a later one can only tie (over its whole path it scores
    that same highest score), and win only by walk order if it is as long: the others
    need no alignment. They are aligned in chunks, the later ones on both cores (see
    :func:`_chunks`). Cancelled: nothing.
    """
    folded = folds(needle)
    low = folded_lower if folded else str.lower
    names = tree.names_text(folded)
    candidates = names.containing(needle)
    if inner:
        candidates = [i for i in candidates if outside(tree.paths[i], inner)]
    paths = tree.paths
    originals = tree.names
    # In tie order (shorter paths first, then by path): by path, then stably by length,
    # each sort keyed at C speed (a sort on (length, path) pairs takes several times longer).
    of_path = paths.__getitem__
    candidates.sort(key=of_path)
    lengths = list(map(len, map(of_path, candidates)))
    candidates = [candidates[k] for k in sorted(range(len(candidates)), key=lengths.__getitem__)]
    size = len(needle)
    exact = [i for i in candidates if len(originals[i]) == size and low(originals[i]) == needle]
    if exact:
        chosen = set(exact)
        candidates = exact + [i for i in candidates if i not in chosen]
    # One directory named like the query ranks as such, as the reference ranks them: the
    # shallowest, then the first by path (the reference's pick at one depth follows its
    # two walking threads; by path is what it picks most often); the others rank by their
    # paths alone.
    named_dirs = [i for i in exact if tree.kinds[i]]
    top_dir = min(named_dirs, key=lambda i: (paths[i].count("/"), paths[i]), default=-1)
    ceiling = NAME_STEP + _name_score_ceiling(needle)
    # Those aligned: the directory that ranks as a name match, by its whole path; files, by
    # their names (the end of their paths).
    aligned = [i for i in candidates if not tree.kinds[i] or i == top_dir]
    found: list[Ranked] = []
    at_ceiling = 0
    # The length of the path with which MATCH_LIMIT of them reached the ceiling.
    boundary = -1
    for chunk in _chunks(aligned):
        if boundary >= 0 and len(paths[chunk[0]]) != boundary:
            break
        offsets = [0 if tree.kinds[i] else len(paths[i]) - len(originals[i]) for i in chunk]
        texts = [paths[i][offset:] for i, offset in zip(chunk, offsets, strict=True)]
        matches = align(needle, texts, folded, cancel)
        if matches is None:
            return [], set()
        for index, offset, name_match in zip(chunk, offsets, matches, strict=True):
            path = paths[index]
            if boundary >= 0 and len(path) != boundary:
                break
            if name_match is None:  # pragma: no cover - the name holds the query
                continue
            whole: int | None = None
            if tree.kinds[index]:
                whole = name_match.score
                shown, indices = whole + 2 * NAME_STEP, name_match.indices
            else:
                name = low(originals[index])
                shown = name_match.score + (3 if name == needle else 1) * NAME_STEP
                indices = [offset + i for i in name_match.indices]
            at_ceiling += shown >= ceiling
            if boundary < 0 and at_ceiling >= MATCH_LIMIT:
                boundary = len(path)
            result = _result(root, path, tree.kinds[index], shown, indices)
            found.append((shown, whole, (len(path), position, index), result))
    return keep_best(found, needle, lambda _, i: tree.walk_key(i)), set(aligned)


def _search_root(
    root: str,
    tree: Tree,
    needle: str,
    cancel: CancelFlag | None,
    inner: tuple[str, ...] = (),
    position: int = 0,
) -> list[Ranked]:
    """Matches in one root (outside the roots ``inner``, see :mod:`._fuzzy_roots`): name
    matches first (they outrank every other), then, only if they are too few, the paths
    that match only across directories."""
    results, in_names = _name_matches(root, tree, needle, inner, cancel, position)
    folded = folds(needle)
    if len(results) >= MATCH_LIMIT:
        return results
    paths = tree.paths
    candidates = [
        i
        for i in tree.paths_text(folded).containing(needle)
        if i not in in_names and not (inner and not outside(paths[i], inner))
    ]
    # Many candidates are aligned on both cores (see ._fuzzy_walk.align).
    matches = align(needle, [paths[i] for i in candidates], folded, cancel)
    if matches is None:
        return []
    for i, aligned in zip(candidates, matches, strict=True):
        if aligned is not None:
            result = _result(root, paths[i], tree.kinds[i], aligned.score, aligned.indices)
            results.append((aligned.score, aligned.score, (len(paths[i]), position, i), result))
    return results


def search(
    query: str, roots: list[str], cancel: CancelFlag | None = None, index: TreeIndex | None = None
) -> list[JSON]:
    """The best :data:`MATCH_LIMIT` matches of ``query`` (see :mod:`._fuzzy_pattern` for
    its syntax) under ``roots``, best first (walks read from and saved to ``index`` when
    given)."""
    atoms = parse(query)
    if not roots or not query.strip():
        return []
    # A query of empty atoms (a lone "!", "^", "'") matches everything, the root too.
    needle = plain(query, atoms) if atoms else None
    ranked: list[Ranked] = []
    trees: list[Tree] = []
    for position, (root, (inner, copies)) in enumerate(zip(roots, nesting(roots), strict=True)):
        tree = tree_for(root, cancel, index)
        trees.append(tree)
        if needle is not None:
            found = _search_root(root, tree, needle, cancel, inner, position)
        else:
            found = _pattern_root(root, tree, atoms, cancel, inner, position)
        ranked.extend(found * copies)
        if cancel is not None and cancel.cancelled:
            return []
    # The best as the reference's matcher keeps them (score, whole-path score, shorter
    # path, walk order), then shown by score and path, as the reference shows them.
    best = keep_best(ranked, needle or "", lambda place, i: trees[place].walk_key(i))
    results = [result for *_, result in best]
    results.sort(key=lambda r: (-r["score"], r["path"]))
    return results


def _pattern_root(
    root: str,
    tree: Tree,
    atoms: list[Atom],
    cancel: CancelFlag | None,
    inner: tuple[str, ...] = (),
    position: int = 0,
) -> list[Ranked]:
    """Matches in one root of a query that is not one plain fuzzy atom: the paths holding
    every positive atom's characters in order (a C-speed scan each), then each atom."""
    paths = tree.paths
    if not atoms:
        top = _result(root, "", is_dir=True, score=0, indices=[])
        everything: list[Ranked] = [(0, 0, (0, position, -1), top)]
        for i, (path, is_dir) in enumerate(zip(paths, tree.kinds, strict=True)):
            if inner and not outside(path, inner):
                continue
            result = _result(root, path, is_dir, score=0, indices=[])
            everything.append((0, 0, (len(path), position, i), result))
        return everything
    candidates: set[int] | None = None
    for atom in atoms:
        if not atom.negative:
            holding = set(tree.paths_text(atom.folded).containing(atom.text))
            candidates = holding if candidates is None else candidates & holding
    found: list[Ranked] = []
    for i in sorted(range(len(paths)) if candidates is None else candidates):
        if cancel is not None and cancel.cancelled:
            return []
        if inner and not outside(paths[i], inner):
            continue
        matched = match(atoms, paths[i])
        if matched is not None:
            result = _result(root, paths[i], tree.kinds[i], matched.score, matched.indices)
            found.append((matched.score, matched.score, (len(paths[i]), position, i), result))
    return found
