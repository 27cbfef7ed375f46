"""The ignore rules of ``fuzzyFileSearch``'s walk, as the reference's walker reads them.

``.ignore`` files apply everywhere; ``.gitignore`` files and ``.git/info/exclude`` only
inside a git repository; the ignore files of the root's parent directories apply too. The
nearest ignore file with a pattern matching an entry decides for it (ignored, or
re-included); within a file, its last matching pattern does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Rules",
    "git_root",
    "ignored_entries",
    "load_rules",
    "mtime",
    "parent_rules",
    "repo_of",
]


@dataclass(frozen=True)
class _Group:
    """Some patterns of an ignore file, last first, as one regex; a match's group number
    says which (its place in the file, ``order``)."""

    regex: re.Pattern[str]
    order: tuple[int, ...]
    # Texts one of which every subject a pattern matches contains (None: not known); a
    # subject holding none of them is decided without the regex.
    needs: tuple[str, ...] | None

    @classmethod
    def of(cls, alternatives: list[tuple[int, str, str | None]]) -> _Group | None:
        if not alternatives:
            return None
        try:
            regex = re.compile("|".join(f"({alt})" for _, alt, _ in alternatives), re.DOTALL)
        except re.error:
            return None
        needed = [need for _, _, need in alternatives]
        texts = sorted({text for text in needed if text is not None})
        needs = tuple(texts) if None not in needed else None
        return cls(regex, tuple(place for place, _, _ in alternatives), needs)

    def last(self, subject: str) -> int:
        """The place in the file of the last pattern matching ``subject``, or -1."""
        found = self.regex.match(subject)
        if found is None or found.lastindex is None:
            return -1
        return self.order[found.lastindex - 1]


@dataclass(frozen=True)
class Rules:
    """The patterns of one ignore file. Those without a slash but a trailing one (``*.log``,
    ``build/``) match an entry by its name, as git matches them; the others by its path
    from the file's directory. The last matching pattern in the file decides."""

    by_name: _Group | None
    by_path: _Group | None
    # By place in the file: whether the pattern ignores (or re-includes).
    ignores: tuple[bool, ...]
    # The entry's path (relative to the search root) maps to the file's base as
    # ``prefix + rel[strip:]``.
    strip: int
    prefix: str

    def decide(self, name: str, path: str | None, is_dir: bool) -> bool | None:
        """True (ignored), False (re-included) or None (no pattern matches) for the entry
        ``name`` at ``path`` (from the file's base; None: not needed, no path patterns)."""
        mark = DIR_MARK if is_dir else ""
        place = -1 if self.by_name is None else self.by_name.last(name + mark)
        if self.by_path is not None and path is not None:
            place = max(place, self.by_path.last(path + mark))
        return None if place < 0 else self.ignores[place]


def load_rules(
    path: str, strip: int, prefix: str, watched: dict[str, int | None] | None = None
) -> Rules | None:
    if watched is not None:
        watched[path] = mtime(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    # pathspec is imported by the first search, not by every server start.
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    by_name: list[tuple[int, str, str | None]] = []
    by_path: list[tuple[int, str, str | None]] = []
    ignores: list[bool] = []
    for line in lines:
        try:
            regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
        except Exception:  # a malformed pattern is skipped, as git does
            continue
        if regex is None or include is None:
            continue
        place = len(ignores)
        ignores.append(bool(include))
        entry_regex = _per_entry(regex)
        if line.rstrip().endswith("/**/") and line.strip().lstrip("!") != "**/":
            # ``X/**/``: the directories below X, not X (pathspec reads it as ``X/``).
            below, _ = GitIgnoreSpecPattern.pattern_to_regex(line.rstrip()[:-1])
            if below is not None and below.endswith("/"):
                entry_regex = _per_entry(below) + "[^\\x00]+\\x00$"
        alternative = (place, entry_regex, _literal_of(line))
        if regex.startswith(_ANY_PARENT) and _names_only(line):
            by_name.append(alternative)
        else:
            by_path.append(alternative)
    # Last first: the first alternative that matches is the last pattern that does.
    name_group = _Group.of(by_name[::-1])
    path_group = _Group.of(by_path[::-1])
    if name_group is None and path_group is None:
        return None
    return Rules(name_group, path_group, tuple(ignores), strip, prefix)


# How pathspec's regex of a pattern without a slash starts: any parent directories.
_ANY_PARENT = "^(?:.+/)?"

DIR_MARK = "\x00"
"""Ends a directory's subject (no file name holds it): a pattern matches a directory as
such only there."""


def _per_entry(regex: str) -> str:
    """pathspec's regex of a pattern, which matches a path when the pattern matches it or
    one of its parent directories (its ``ps_d`` group: a directory there), made to match
    the entry alone, as a walk asks (the parents were decided on the way down): the
    directory group must be the entry's own mark at its end, and a one-component wildcard
    never takes the mark. pathspec searches an unanchored regex (``*/``); here every
    regex is matched from the start."""
    regex = regex.replace("(?P<ps_d>/)", "\\x00$").replace("[^/]", "[^/\\x00]")
    return regex if regex.startswith("^") else ".*?" + regex


def _names_only(line: str) -> bool:
    """Whether the gitignore pattern ``line`` holds no slash but a trailing one (after a
    leading ``**/``): it matches a path by its last component alone."""
    pattern = line.rstrip()
    if pattern.startswith("!"):
        pattern = pattern[1:]
    if "\\" in pattern:
        return False
    while pattern.startswith("**/"):
        pattern = pattern[3:]
    if pattern.endswith("/"):
        pattern = pattern[:-1]
    return bool(pattern) and "/" not in pattern


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


def mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def repo_of(root: Path) -> str:
    """The git repository ``root`` is in ("" for none)."""
    try:
        repo = git_root(root.resolve())
    except OSError:
        return ""
    return "" if repo is None else str(repo)


def git_root(path: Path) -> Path | None:
    for candidate in (path, *path.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def parent_rules(root: Path, repo: Path | None, watched: dict[str, int | None]) -> list[Rules]:
    """Rules from the ignore files above ``root`` (nearest last) and the repo's exclude file."""
    rules: list[Rules] = []
    chain = list(reversed(root.parents))
    if repo is not None:
        exclude = load_rules(
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
            loaded = load_rules(
                str(parent / name), strip=0, prefix=_rel_prefix(parent, root), watched=watched
            )
            if loaded is not None:
                rules.append(loaded)
    return rules


def _rel_prefix(base: Path, root: Path) -> str:
    rel = os.path.relpath(root, base)
    return "" if rel == "." else rel + "/"


def ignored_entries(
    rels: list[str], names: list[str], dirs: list[bool], rules: list[Rules]
) -> set[int]:
    """Indices of the entries of one listing (paths ``rels``, names ``names``) that the
    ignore rules exclude.

    ``rules`` are the ignore files that apply, farthest first: the nearest one with a
    pattern matching an entry decides for it (ignored, or re-included). Only the entries
    holding one of a pattern group's ``needs`` reach its regex.
    """
    ignored: set[int] = set()
    pending = list(range(len(rels)))
    last = rules[0]
    for rule in reversed(rules):
        if not pending:
            break
        strip, head, by_path = rule.strip, rule.prefix, rule.by_path
        every = len(pending) == len(rels)
        names_now = names if every else [names[i] for i in pending]
        paths_now: list[str] | None = None
        if by_path is not None:
            if strip or head:
                paths_now = [head + rels[i][strip:] for i in pending]
            else:
                paths_now = rels if every else [rels[i] for i in pending]
        candidates = _candidates(rule.by_name, names_now)
        if paths_now is not None:
            candidates = sorted(set(candidates).union(_candidates(by_path, paths_now)))
        decided: set[int] = set()
        for k in candidates:
            i = pending[k]
            verdict = rule.decide(
                names_now[k], None if paths_now is None else paths_now[k], dirs[i]
            )
            if verdict is not None:
                if verdict:
                    ignored.add(i)
                decided.add(k)
        if decided and rule is not last:
            pending = [i for k, i in enumerate(pending) if k not in decided]
    return ignored


def _candidates(group: _Group | None, subjects: list[str]) -> list[int]:
    """Indices (ascending) of the ``subjects`` that ``group``'s patterns may match."""
    if group is None:
        return []
    if group.needs is None:
        return list(range(len(subjects)))
    return _lines_holding(group.needs, subjects)


def _lines_holding(needs: tuple[str, ...], lines: list[str]) -> list[int]:
    """Indices (ascending) of the lines holding one of the texts ``needs``."""
    if len(lines) > 8:
        # One C-speed look at them all first: most texts are in none of the lines.
        text = "\n".join(lines)
        needs = tuple(needle for needle in needs if needle in text)
        if not needs:
            return []
    if len(needs) == 1:
        needle = needs[0]
        return [k for k, line in enumerate(lines) if needle in line]
    found: set[int] = set()
    for needle in needs:
        found.update([k for k, line in enumerate(lines) if needle in line])
    return sorted(found)
