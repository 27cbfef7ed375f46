"""Golden scenario of ``fuzzyFileSearch``'s ignore rules, recorded from the reference.

One git work tree holds every kind of pattern we know of, in the files the reference
reads: the root's ``.gitignore`` and ``.ignore``, nested ones, ``.git/info/exclude``. It
is searched from its root, from a subdirectory (the ignore files above it still apply)
and beside a plain folder (``.gitignore`` applies only in a repository). Each query
names one group of files, so that a result shows which of them were kept.

Registered in :data:`tests.support.scenarios.SCENARIOS` (``ide_search_ignores``).
"""

from __future__ import annotations

from pathlib import Path

from tests.support.golden import Recorder
from tests.support.ide_scenarios import initialize_ide

__all__ = ["SEARCH_SCENARIOS"]

ROOT_GITIGNORE = """\
# a comment, then a blank line

*.log
!keep.log
!dir.log/
/anchored.txt
docs/_build/
**/gen/**
*.py[co]
tmp*/
\\#literal
spaced\\ name
deep/**/
one?
"""

FILES = [
    # *.log, its negations and a re-included directory named like it
    "a.log",
    "keep.log",
    "dir.log/inner.log",
    "dir.log/inner.txt",
    # anchored to the root's .gitignore
    "anchored.txt",
    "pkg/anchored.txt",
    # a slash inside: anchored too
    "docs/_build/out.html",
    "docs/src/_build/page.html",
    # ** around a directory name (the directory itself stays), ** then a slash
    "gen/top.c",
    "deep/kept_in_deep",
    "deep/below/gone_below",
    "oneA",
    "one",
    "oneAB",
    "x/gen/deep/file.c",
    "x/generated/file2.c",
    # a character class
    "mod.pyc",
    "mod.pyo",
    "mod.py",
    # a directory-only pattern: a file of that name stays
    "tmp1/f.dat",
    "tmpfile.dat",
    # escapes
    "#literal",
    "spaced name",
    "spaced_name",
    # nested ignore files
    "pkg/important.log",
    "pkg/other.log",
    "pkg/local_only",
    "pkg/x/local_only",
    "pkg/rooted_here",
    "pkg/x/rooted_here",
    "pkg/readme.md",
    "pkg/sub/readme.md",
    "pkg/sub/deeper/notes.md",
    # */ in a nested ignore file: every directory below it
    "star/top_file",
    "star/d/inner_file",
    # .git/info/exclude and .ignore
    "excluded_by_info",
    "pkg/excluded_by_info",
    "ignored_by_dot_ignore",
    "pkg/ignored_by_dot_ignore",
]

QUERIES = [
    "log",
    "inner",
    "anchored",
    "html",
    "file",
    "top",
    "mod",
    "tmp",
    "literal",
    "spaced",
    "local",
    "rooted",
    "readme",
    "notes",
    "excluded",
    "dot",
    "gen",
    "deep",
    "below",
    "one",
    "_file",
]


def _write(root: Path, rel: str, text: str = "x") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def ide_search_ignores(rec: Recorder) -> None:
    """fuzzyFileSearch over every kind of ignore pattern, from three roots."""
    cwd = initialize_ide(rec)
    repo = cwd / "repo"
    _write(repo, ".git/HEAD", "ref: refs/heads/main\n")
    _write(repo, ".git/info/exclude", "excluded_by_info\n")
    _write(repo, ".gitignore", ROOT_GITIGNORE)
    _write(repo, ".ignore", "ignored_by_dot_ignore\n")
    _write(repo, "pkg/.gitignore", "!important.log\nlocal_only\n/rooted_here\n")
    _write(repo, "pkg/sub/.ignore", "*.md\n")
    _write(repo, "star/.gitignore", "*/\n")
    for rel in FILES:
        _write(repo, rel)
    for i, query in enumerate(QUERIES):
        rec.call(f"root_{i}_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(repo)]})
    # From a subdirectory: the root's .gitignore, .ignore and exclude file still apply.
    for query in ("log", "local", "rooted", "readme", "excluded", "dot", "anchored"):
        rec.call(f"pkg_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(repo / "pkg")]})
    # No repository: .gitignore is not read, .ignore is.
    plain = cwd / "plain"
    _write(plain, ".gitignore", "*.log\n")
    _write(plain, ".ignore", "*.tmp\n")
    for rel in ("kept.log", "gone.tmp", "kept.txt"):
        _write(plain, rel)
    for query in ("kept", "gone"):
        rec.call(f"plain_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(plain)]})
    # Both roots at once.
    rec.call("two_roots", "fuzzyFileSearch", {"query": "log", "roots": [str(repo), str(plain)]})


def ide_search_ranking(rec: Recorder) -> None:
    """Which matches fuzzyFileSearch keeps when more than 50 match, and how it scores.

    50 files tie on their shown score: three (under ``ddd/h1``) score better over their whole path
    (their ``h1`` directory) though their paths are longer, and are kept; one is longer
    than the rest and is dropped. Then a digit after a letter, alignments scoring alike,
    and directories named like the query at several depths.
    """
    cwd = initialize_ide(rec)
    cut = cwd / "cut"
    rels = [f"e{i:02d}/q/hx1.txt" for i in range(46)]
    rels += ["e99x/q/hx1.txt"] + [f"ddd/h1/hx1_{i}.txt" for i in range(3)]
    for rel in rels:
        _write(cut, rel)
    rec.call("cut", "fuzzyFileSearch", {"query": "h1", "roots": [str(cut)]})
    scores = cwd / "scores"
    for rel in ["z.py/build0", "m.pyc/.hid/a/m.pyc0", "gen/b.c", "x/gen/a.c", "y/gen"]:
        _write(scores, rel)
    for query in ("b0", "c.c", "gen"):
        rec.call(f"scores_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(scores)]})


def ide_search_links(rec: Recorder) -> None:
    """Symbolic links, which the reference's walker follows: into a directory outside the
    root, to a file, broken (left out), and back to the root (a loop: left out)."""
    cwd = initialize_ide(rec)
    root = cwd / "linked"
    for rel in ["src/lib/core.py", "other/data.txt"]:
        _write(root, rel)
    _write(cwd, "ext/sub/extfile.md")
    (root / "linkfile.txt").symlink_to(root / "other" / "data.txt")
    (root / "broken").symlink_to(root / "nope")
    (root / "src" / "loop").symlink_to(root)
    (root / "extlink").symlink_to(cwd / "ext")
    for query in ("core", "broken", "loop", "extfile", "link"):
        rec.call(f"links_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(root)]})


def ide_search_accents(rec: Recorder) -> None:
    """Accented and other non-ASCII names: an unaccented query finds accented letters, an
    accented one only them; case folds too; letters with strokes; CJK."""
    cwd = initialize_ide(rec)
    root = cwd / "accents"
    for rel in [
        "Café/crème.txt",
        "creme_plain.txt",
        "ÉCOLE/main.rs",
        "naïve_main.py",
        "straße.md",
        "łódź/ørsted.txt",
        "数据/文件.py",
    ]:
        _write(root, rel)
    for query in ("creme", "crème", "ecole", "école", "naive", "strasse", "lodz", "orsted", "文件"):
        rec.call(f"accents_{query}", "fuzzyFileSearch", {"query": query, "roots": [str(root)]})


def ide_search_syntax(rec: Recorder) -> None:
    """The query syntax of the reference's matcher: atoms separated by spaces (all must
    match, scores add up), ``'`` substring, ``^`` prefix, ``$`` suffix, ``!`` not, ``\\ ``
    a space inside an atom; surrounding spaces; a lone character's first best place."""
    cwd = initialize_ide(rec)
    root = cwd / "syntax"
    for rel in [
        "src/main.py",
        "src/test_main.py",
        "lib/main.rs",
        "docs/readme.md",
        "main_test.go",
        "src/app/mainframe.py",
        "a b/c d.txt",
    ]:
        _write(root, rel)
    queries = [
        "main py", "^src", ".py$", "'main", "'ain", "!test main", "main !test", "src main",
        " main", "main ", "c d", "\\ ", "^main", "py$ main", "a\\ b", "^src/main.py$", "!",
    ]  # fmt: skip
    for i, query in enumerate(queries):
        rec.call(f"syntax_{i}", "fuzzyFileSearch", {"query": query, "roots": [str(root)]})


def ide_search_roots(rec: Recorder) -> None:
    """Several roots, one inside another or given twice: the reference reports a path
    under the deepest root holding it, once for each root whose walk found it."""
    cwd = initialize_ide(rec)
    root = cwd / "nested"
    for rel in ["sub/main.py", "main.rs", "sub/deep/main.go", "other/x.txt"]:
        _write(root, rel)
    cases = [
        [root, root / "sub"],
        [root / "sub", root],
        [root, root],
        [root / "sub" / "deep", root / "sub", root],
        [root, root / "other"],
    ]
    for i, roots in enumerate(cases):
        params = {"query": "main", "roots": [str(path) for path in roots]}
        rec.call(f"roots_{i}", "fuzzyFileSearch", params)


SEARCH_SCENARIOS = {
    "ide_search_roots": ide_search_roots,
    "ide_search_syntax": ide_search_syntax,
    "ide_search_accents": ide_search_accents,
    "ide_search_links": ide_search_links,
    "ide_search_ignores": ide_search_ignores,
    "ide_search_ranking": ide_search_ranking,
}
