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

Speed: paths are prefiltered at C speed (one regex over all paths of a root, matching the
query as a case-insensitive subsequence), and only the survivors are aligned.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from ._fuzzy_score import NAME_STEP, score_path

__all__ = ["MATCH_LIMIT", "CancelFlag", "search", "walk"]

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

    def decide(self, rel: str, is_dir: bool) -> bool | None:
        """True: ignored; False: re-included; None: no pattern matches."""
        subject = self.prefix + rel[self.strip :]
        if is_dir:
            subject += "/"
        found = self.regex.match(subject)
        if found is None or found.lastindex is None:
            return None
        return self.ignores[found.lastindex - 1]


def _load_rules(path: str, strip: int, prefix: str) -> _Rules | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    alternatives: list[str] = []
    ignores: list[bool] = []
    for line in reversed(lines):
        try:
            regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
        except Exception:  # a malformed pattern is skipped, as git does
            continue
        if regex is None or include is None:
            continue
        alternatives.append("(" + regex.replace("(?P<ps_d>", "(?:") + ")")
        ignores.append(bool(include))
    if not alternatives:
        return None
    try:
        compiled = re.compile("|".join(alternatives), re.DOTALL)
    except re.error:
        return None
    return _Rules(compiled, tuple(ignores), strip, prefix)


def _git_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _parent_rules(root: Path, repo: Path | None) -> list[_Rules]:
    """Rules from the ignore files above ``root`` (nearest last) and the repo's exclude file."""
    rules: list[_Rules] = []
    chain = list(reversed(root.parents))
    if repo is not None:
        exclude = _load_rules(str(repo / ".git" / "info" / "exclude"), 0, _rel_prefix(repo, root))
        if exclude is not None:
            rules.append(exclude)
    for parent in chain:
        names = [".ignore"]
        if repo is not None and (parent == repo or repo in parent.parents):
            names.insert(0, ".gitignore")
        for name in names:
            loaded = _load_rules(str(parent / name), 0, _rel_prefix(parent, root))
            if loaded is not None:
                rules.append(loaded)
    return rules


def _rel_prefix(base: Path, root: Path) -> str:
    rel = os.path.relpath(root, base)
    return "" if rel == "." else rel + "/"


# -- walking -----------------------------------------------------------------------------------


@dataclass
class Tree:
    """Every path under a root: relative paths, and which of them are directories."""

    root: str
    paths: list[str] = field(default_factory=list)
    is_dir: list[bool] = field(default_factory=list)
    _lower: str | None = None

    def lowered(self) -> str:
        if self._lower is None:
            self._lower = "\n".join(self.paths).lower()
        return self._lower


def walk(root: str, cancel: CancelFlag | None = None) -> Tree:
    tree = Tree(root)
    base = Path(root)
    try:
        if not base.is_dir():
            return tree
    except OSError:
        return tree
    repo = _git_root(base.resolve())
    stack: list[tuple[str, str, list[_Rules], frozenset[tuple[int, int]]]] = []
    try:
        info = os.stat(root)
    except OSError:
        return tree
    stack.append((root, "", _parent_rules(base, repo), frozenset({(info.st_dev, info.st_ino)})))
    in_repo = repo is not None
    while stack:
        if cancel is not None and cancel.cancelled:
            return Tree(root)
        directory, rel_dir, inherited, seen = stack.pop()
        rules = list(inherited)
        strip = len(rel_dir) + 1 if rel_dir else 0
        names = (".gitignore", ".ignore") if in_repo else (".ignore",)
        for name in names:
            loaded = _load_rules(os.path.join(directory, name), strip, "")
            if loaded is not None:
                rules.append(loaded)
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            ignored = False
            for rule in reversed(rules):
                verdict = rule.decide(rel, is_dir)
                if verdict is not None:
                    ignored = verdict
                    break
            if ignored:
                continue
            tree.paths.append(rel)
            tree.is_dir.append(is_dir)
            if is_dir:
                try:
                    child = (
                        entry.stat() if entry.is_symlink() else entry.stat(follow_symlinks=False)
                    )
                except OSError:
                    continue
                key = (child.st_dev, child.st_ino)
                if key in seen or not stat.S_ISDIR(child.st_mode):
                    continue
                stack.append((entry.path, rel, rules, seen | {key}))
    return tree


# -- searching ---------------------------------------------------------------------------------


def _candidates(tree: Tree, query: str) -> Iterable[int]:
    """Indices of the paths containing ``query`` as a case-insensitive subsequence."""
    text = tree.lowered()
    pattern = "[^\n]*?".join(re.escape(ch) for ch in query)
    regex = re.compile(f"^[^\n]*?{pattern}[^\n]*$", re.MULTILINE)
    if not text:
        return []
    starts: list[int] = []
    offset = 0
    for path in tree.paths:
        starts.append(offset)
        offset += len(path) + 1
    found = []
    for match in regex.finditer(text):
        found.append(bisect.bisect_right(starts, match.start()) - 1)
    return found


def _result(root: str, path: str, is_dir: bool, query: str) -> JSON | None:
    name_start = path.rfind("/") + 1
    file_name = path[name_start:]
    match = None
    tier = 0
    if not is_dir:
        # A file whose name alone matches is ranked by that match, a step above the rest.
        match = score_path(query, path, name_start)
        if match is not None:
            tier = 3 if file_name.lower() == query else 1
    if match is None:
        match = score_path(query, path)
        if match is None:
            return None
        if is_dir and file_name.lower() == query:
            tier = 2
    return {
        "root": root,
        "path": path,
        "match_type": "directory" if is_dir else "file",
        "file_name": file_name,
        "score": match.score + tier * NAME_STEP,
        "indices": match.indices,
    }


def search(query: str, roots: list[str], cancel: CancelFlag | None = None) -> list[JSON]:
    """The best :data:`MATCH_LIMIT` matches of ``query`` under ``roots``, best first."""
    if not query or not roots:
        return []
    needle = query.lower()
    results: list[JSON] = []
    for root in roots:
        tree = walk(root, cancel)
        for index in _candidates(tree, needle):
            if cancel is not None and cancel.cancelled:
                return []
            result = _result(root, tree.paths[index], tree.is_dir[index], needle)
            if result is not None:
                results.append(result)
    if cancel is not None and cancel.cancelled:
        return []
    results.sort(key=lambda r: (-r["score"], r["path"]))
    return results[:MATCH_LIMIT]
