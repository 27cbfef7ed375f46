"""fuzzyFileSearch against the reference, live, on seeded random trees and ignore files.

Each tree holds a few dozen entries (names drawn from a small pool, so that they repeat
at several depths), a root ``.gitignore``, sometimes nested ``.gitignore``/``.ignore``
files and ``.git/info/exclude``, with patterns drawn from a pool of every kind git knows
(negations, anchors, ``**``, classes, directory-only, escapes). Both servers search each
tree, sometimes from a subdirectory, for a few queries (plain ones, and ones in the
matcher's syntax: two atoms, a prefix, a suffix, a substring, a negation); their answers
must be equal:
paths, scores, match indices, kinds and names.

One thing is left out of the comparison: which of several directories named like the
query at one depth the reference ranks two steps higher. Its two walking threads decide
that by timing; spindle takes the first by path (see ``_fuzzy_score``). Those
directories' scores are compared without the steps.

The reference is required: without it this test fails (the official schema fixture and
:func:`tests.support.reference.codex_binary` raise), it never skips.
"""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from tests.support.client import Connection, StartServer
from tests.support.walk_helper import shared_walk

pytestmark = pytest.mark.requirement("R27")

NAMES = [
    "a", "b", "log", "build", "gen", "x.log", "y.txt", "z.py", "m.pyc", "tmp1", "Doc",
    "doc.md", "sub", "deep", "keep.log", "n_m", ".hid", "c.c", "dir.log",
]  # fmt: skip
PATTERNS = [
    "*.log", "!keep.log", "build/", "/a", "a/", "**/gen/**", "gen/", "*.py[co]", "tmp*/",
    "!dir.log/", "sub/deep/", "/sub/", "doc*", "Doc", "*.md", "!doc.md", "deep", "**/x.log",
    "sub/**/c.c", "!*.txt", "b/", "/b", "**/b", "n_?", "[xy].*", "sub/*.c", "!sub/", "*/",
    "a/**/b", "/**", "!**/x.log", "sub/deep", "[!a]*", "[a-c]*", "\\!x", ".*", "*.", "a/b/",
    " b", "b ", "deep/**/", "**/deep", "!/sub", "#c", "", "log/", "!gen/", "!build/",
    "/sub/deep/", "*/deep", "?", "??", "d*/", "[Dd]oc*", "*.md/", "x.log/", "!*/",
]  # fmt: skip
TREES = 24
STEP = 1 << 16


def _tree(rng: random.Random, root: Path) -> list[str]:
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    made: list[str] = []
    for _ in range(rng.randint(8, 25)):
        parts = [rng.choice(NAMES) for _ in range(rng.randint(0, 3))]
        rel = "/".join([*parts, f"{rng.choice(NAMES)}{rng.randint(0, 2)}"])
        path = root / rel
        # A file where a directory would go (or the reverse) is skipped.
        if any(parent.is_file() for parent in path.parents) or path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
        made.append(rel)
    folders = sorted({str(Path(rel).parent) for rel in made} - {"."})
    ignore_files = {".gitignore": rng.sample(PATTERNS, rng.randint(1, 5))}
    for folder in rng.sample(folders, min(len(folders), rng.randint(0, 2))):
        name = rng.choice([".gitignore", ".ignore"])
        ignore_files[f"{folder}/{name}"] = rng.sample(PATTERNS, rng.randint(1, 3))
    if rng.random() < 0.3:
        ignore_files[".git/info/exclude"] = rng.sample(PATTERNS, 2)
    for rel, lines in ignore_files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("\n".join(lines) + "\n")
    return made


def _answer(conn: Connection, query: str, root: Path) -> list[tuple[Any, ...]]:
    """The answer to ``query``, comparable between the two servers (see the docstring);
    always below the limit, where ties would depend on the reference's threads."""
    files = conn.call("fuzzyFileSearch", {"query": query, "roots": [str(root)]})["files"]
    assert len(files) < 50, (query, "reaches the limit")
    normalised = []
    for f in files:
        score = f["score"]
        if f["match_type"] == "directory" and f["file_name"].lower() == query.lower():
            score %= STEP  # which one of them gets the steps: see the module docstring
        normalised.append((f["path"], score, tuple(f["indices"]), f["match_type"], f["file_name"]))
    return sorted(normalised)


def _both(spindle_ws: StartServer) -> tuple[dict[str, Any], dict[str, Connection]]:
    """The reference and spindle, started and initialized: servers and connections."""
    servers = {kind: spindle_ws(kind=kind) for kind in ("reference", "spindle")}
    conns = {}
    for kind, server in servers.items():
        conns[kind] = server.connect()
        conns[kind].initialize()
    return servers, conns


def test_search_answers_like_the_reference_on_random_trees(
    spindle_ws: StartServer, tmp_path: Path
) -> None:
    # (One transport: what is compared is the search, not the framing.)
    _, conns = _both(spindle_ws)
    rng = random.Random(20261207)
    compared = 0
    for case in range(TREES):
        root = tmp_path / f"tree{case}"
        made = _tree(rng, root)
        folders = sorted({str(Path(rel).parent) for rel in made} - {"."})
        searched = root / rng.choice(folders) if folders and rng.random() < 0.3 else root
        plain = sorted({Path(rel).name[:3] for rel in made})[:4]
        # And the matcher's syntax: atoms, prefix, suffix, substring, negation.
        syntax = [
            f"^{plain[0]}",
            f"{plain[-1][-2:]}$",
            f"'{plain[0][1:]}",
            f"{plain[0]} !{plain[-1]}",
        ]
        for query in [*plain, rng.choice(syntax), " ".join(rng.sample(plain, min(2, len(plain))))]:
            ours = _answer(conns["spindle"], query, searched)
            theirs = _answer(conns["reference"], query, searched)
            assert ours == theirs, (case, query, (root / ".gitignore").read_text())
            compared += 1
    assert compared >= TREES * 2


def _big_tree(rng: random.Random, root: Path) -> None:
    """300 directories of a few files each, ignore files here and there: a walk long enough
    for spindle's helper process to take a share of it (see ``_fuzzy_walk``)."""
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".gitignore").write_text("\n".join(rng.sample(PATTERNS, 4)) + "\n")
    for i in range(300):
        parts = [f"{rng.choice(NAMES)}{i % 7}" for _ in range(rng.randint(1, 3))]
        folder = root.joinpath(*parts)
        if any(p.is_file() for p in (folder, *folder.parents)):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        for _ in range(rng.randint(1, 4)):
            (folder / f"{rng.choice(NAMES)}{rng.randint(0, 9)}").write_text("x")
        if rng.random() < 0.05:
            name = rng.choice([".gitignore", ".ignore"])
            (folder / name).write_text("\n".join(rng.sample(PATTERNS, 2)) + "\n")


def test_a_walk_shared_with_the_helper_process_answers_like_the_reference(
    spindle_ws: StartServer, tmp_path: Path
) -> None:
    servers, conns = _both(spindle_ws)
    rng = random.Random(7)
    root = tmp_path / "big"
    _big_tree(rng, root)
    if os.name == "posix":
        # The queries below are answered from a walk the helper shared (see _fuzzy_walk).
        entries, helped, _ = shared_walk(servers["spindle"], conns["spindle"], root, "Doc3/z")
        assert 0 < helped < entries
    queries = ("Doc3/z", "sub5 z", "keep.log1/a", "^deep", "n_m 1", "gen2/", "tmp13", "x.log5 y")
    for query in queries:
        ours = _answer(conns["spindle"], query, root)
        assert ours, query
        assert ours == _answer(conns["reference"], query, root), query


def test_ties_at_the_limit_keep_the_entries_the_reference_walk_meets_first(
    spindle_ws: StartServer, tmp_path: Path
) -> None:
    """80 paths that score alike and are as long, for 50 places: the reference keeps the
    first its walk meets. Its walk takes entries from a stack (the last listed first);
    its second thread is kept busy elsewhere (a directory of 6,000 files), so the tied
    paths, all under one directory, are met in that order. spindle keeps the same 50,
    with its walk shared with the helper or not."""
    _, conns = _both(spindle_ws)
    root = tmp_path / "ties"
    for i in range(80):
        (root / "target" / f"s{i:02d}").mkdir(parents=True)
        (root / "target" / f"s{i:02d}" / "item.py").touch()
        (root / "target" / f"s{i:02d}" / "other.txt").touch()
    (root / "busy").mkdir()
    for i in range(6000):
        (root / "busy" / f"zz{i}").touch()
    first: list[str] = []
    for query in ("item", "s/item", "item.py", "tem"):
        ours = conns["spindle"].call("fuzzyFileSearch", {"query": query, "roots": [str(root)]})
        theirs = conns["reference"].call("fuzzyFileSearch", {"query": query, "roots": [str(root)]})
        kept = [f["path"] for f in theirs["files"]]
        assert len(kept) == 50, query
        assert [f["path"] for f in ours["files"]] == kept, query
        assert ours == theirs, query
        first = first or kept
    # Not the first 50 by path: the order of the walk decides.
    assert first != sorted(f"target/s{i:02d}/item.py" for i in range(80))[:50]
