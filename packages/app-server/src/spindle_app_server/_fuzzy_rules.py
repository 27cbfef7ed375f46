"""The ignore rules of ``fuzzyFileSearch``'s walk, as the reference's walker reads them.

``.ignore`` files apply everywhere; ``.gitignore`` files and ``.git/info/exclude`` only
inside a git repository; the ignore files of the root's parent directories apply too. The
nearest ignore file with a pattern matching an entry decides for it (ignored, or
re-included); within a file, its last matching pattern does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
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
class Rules:
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
    # Every pattern matches a path by its last component (no slash but a trailing one, as
    # ``*.log`` or ``build/``): the entry's name is the subject, as in git.
    by_name: bool = False


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

    alternatives: list[str] = []
    ignores: list[bool] = []
    needed: list[str | None] = []
    by_name = True
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
        by_name = by_name and regex.startswith(_ANY_PARENT) and _names_only(line)
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
    return Rules(compiled, tuple(ignores), strip, prefix, needs, by_name)


# How pathspec's regex of a pattern without a slash starts: any parent directories.
_ANY_PARENT = "^(?:.+/)?"


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
    holding one of a file's ``needs`` reach its pattern regex.
    """
    ignored: set[int] = set()
    pending = list(range(len(rels)))
    for rule in reversed(rules):
        if not pending:
            break
        strip, head, needs, ignores = rule.strip, rule.prefix, rule.needs, rule.ignores
        match = rule.regex.match
        if rule.by_name:
            subjects = names if len(pending) == len(names) else [names[i] for i in pending]
        elif strip or head:
            subjects = [head + rels[i][strip:] for i in pending]
        else:
            subjects = rels if len(pending) == len(rels) else [rels[i] for i in pending]
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
