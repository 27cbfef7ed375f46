"""Units of the IDE surface, as tables of what the reference binary answered.

``INVALID_BASE64``: inputs to ``fs/writeFile`` and the text after
``fs/writeFile requires valid base64 dataBase64: `` in the reference's error.
``SCORES``: ``fuzzyFileSearch`` scores and indices the reference reported for a path
(before the name-match steps of 65536).
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from spindle_app_server._base64 import Base64Error, decode_standard
from spindle_app_server._fuzzy_score import score_path

INVALID_BASE64 = [
    ("abcdefghi", "Invalid input length: 9"),
    ("abcdefgh!", "Invalid symbol 33, offset 8."),
    ("a", "Invalid input length: 1"),
    ("!", "Invalid symbol 33, offset 0."),
    ("abcd=", "Invalid symbol 61, offset 4."),
    ("abcde===", "Invalid symbol 61, offset 5."),
    ("aG k=", "Invalid symbol 32, offset 2."),
    ("ab!de", "Invalid symbol 33, offset 2."),
    ("abcdefghijklm", "Invalid input length: 13"),
    ("abcd!fghi", "Invalid symbol 33, offset 4."),
    ("=", "Invalid symbol 61, offset 0."),
    ("a=", "Invalid symbol 61, offset 1."),
    ("ab=", "Invalid padding"),
    ("abc", "Invalid padding"),
    ("abcdef=", "Invalid padding"),
    ("abcde", "Invalid input length: 5"),
    ("ab==cd==", "Invalid symbol 61, offset 2."),
    ("QUJDé", "Invalid symbol 195, offset 4."),
    ("abcdefgh=", "Invalid symbol 61, offset 8."),
    ("abcdefghijklmnop!", "Invalid symbol 33, offset 16."),
    ("!!", "Invalid symbol 33, offset 0."),
    ("aGk", "Invalid padding"),
    ("aGl=", "Invalid last symbol 108, offset 2."),
    ("aGk===", "Invalid symbol 61, offset 3."),
    ("a-_k", "Invalid symbol 45, offset 1."),
    ("aGk=\n", "Invalid symbol 10, offset 4."),
]
VALID_BASE64 = ["abcdefg=", "", "aGk=", "aGVsbG8=", "AAECAwQ="]

SCORES = [
    ("main", "src/app/main.py", 109, [8, 9, 10, 11]),
    ("main", "Main.java", 109, [0, 1, 2, 3]),
    ("main", "src/app/test_main.py", 104, [13, 14, 15, 16]),
    ("mn", "src/app/main.py", 46, [8, 11]),
    ("src/main", "src/mainframe.rs", 209, [0, 1, 2, 3, 4, 5, 6, 7]),
    ("src/main", "src/app/main.py", 203, [0, 1, 2, 3, 8, 9, 10, 11]),
    ("app", "ap/p", 81, [0, 1, 3]),
    ("app", "myapp", 56, [2, 3, 4]),
    ("app", "src/App", 84, [4, 5, 6]),
    ("a", "myapp", 16, [2]),
    ("node", "node_modules/x/main.js", 109, [0, 1, 2, 3]),
    ("mn", ".git/hooks/fsmonitor-watchman.sample", 29, [26, 28]),
    ("ignored", "ignored1", 184, [0, 1, 2, 3, 4, 5, 6]),
    # A digit after a letter earns 5 (nucleo's camelCase bonus), not fzf's 7.
    ("b0", "z.py/build0", 49, [5, 10]),
    ("b2", "c.c/b/Doc/deep2", 44, [4, 14]),
    # Alignments scoring alike: the earlier predecessor is kept.
    ("c.c", "m.pyc/.hid/a/m.pyc0", 41, [4, 6, 17]),
    ("c.c", "log/Doc/dir.log/m.pyc2", 40, [6, 11, 20]),
    # A consecutive run and a gap scoring alike: the gap (as the reference answered).
    ("keep.log1/a", "build1/keep.log1/log1/a2", 277, [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 22]),
]


@pytest.mark.requirement("R27")
@pytest.mark.parametrize(("text", "message"), INVALID_BASE64)
def test_invalid_base64_reads_like_the_reference(text: str, message: str) -> None:
    with pytest.raises(Base64Error) as raised:
        decode_standard(text)
    assert str(raised.value) == message


@pytest.mark.requirement("R27")
@pytest.mark.parametrize("text", VALID_BASE64)
def test_valid_base64_decodes(text: str) -> None:
    assert decode_standard(text) == base64.b64decode(text)


@pytest.mark.requirement("R27")
@pytest.mark.parametrize(("query", "path", "score", "indices"), SCORES)
def test_fuzzy_scores_match_the_reference(
    query: str, path: str, score: int, indices: list[int]
) -> None:
    match = score_path(query, path)
    assert match is not None
    assert (match.score, match.indices) == (score, indices)


def test_fuzzy_no_match() -> None:
    assert score_path("zz", "src/app/main.py") is None
    assert score_path("main", "src/app/main.py", start=9) is None


def _brute_force(query: str, root: str) -> list[tuple[int, str]]:
    """Every path of the tree scored the slow way, ranked as ``search`` ranks them."""
    from spindle_app_server._fuzzy_score import NAME_STEP
    from spindle_app_server._fuzzy_search import MATCH_LIMIT, walk

    tree = walk(root)
    # One directory named like the query ranks so: the shallowest, then the first by path.
    named_dirs = [
        (path.count("/"), path)
        for path, is_dir in zip(tree.paths, tree.kinds, strict=True)
        if is_dir and path.rsplit("/", 1)[-1].lower() == query
    ]
    top_dir = min(named_dirs)[1] if named_dirs else None
    ranked = []  # (shown score, whole-path score, path, walk order key)
    for i, (path, is_dir) in enumerate(zip(tree.paths, tree.kinds, strict=True)):
        key = tree.walk_key(i)
        name = path.rsplit("/", 1)[-1].lower()
        offset = len(path) - len(name)
        in_name = score_path(query, path[offset:])
        whole = score_path(query, path)
        if whole is None:
            continue
        if is_dir and path == top_dir:
            ranked.append((whole.score + 2 * NAME_STEP, whole.score, path, key))
        elif not is_dir and in_name is not None:
            tier = 3 if name == query else 1
            ranked.append((in_name.score + tier * NAME_STEP, whole.score, path, key))
        else:
            ranked.append((whole.score, whole.score, path, key))
    # Kept as the reference's matcher keeps them (at one score and length, the first its
    # walk meets), then shown by score and path.
    ranked.sort(key=lambda r: (-r[0], -r[1], len(r[2]), r[3]))
    return sorted(
        ((shown, path) for shown, _, path, _ in ranked[:MATCH_LIMIT]),
        key=lambda r: (-r[0], r[1]),
    )


def test_search_stops_aligning_names_only_when_the_rest_cannot_rank(tmp_path: Any) -> None:
    # Many names tie at the best score a name can get, a directory and a file named like
    # the query rank above them, and paths matching only across directories rank below.
    from spindle_app_server._fuzzy_search import _CACHE, search

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.log\nskip/\n!keep.log\n")
    for group in range(40):
        folder = tmp_path / f"g{group:02d}" / "main"
        folder.mkdir(parents=True)
        for n in range(4):
            (folder / f"main_{n}.py").touch()
            (folder / f"x_main{n}.log").touch()
            (folder / f"m_a_i_n{n}.txt").touch()
        (folder / "keep.log").touch()
        (tmp_path / f"g{group:02d}" / "skip").mkdir()
        (tmp_path / f"g{group:02d}" / "skip" / "main.py").touch()
    (tmp_path / "main").touch()
    (tmp_path / "ma" / "in").mkdir(parents=True)
    from spindle_app_server._fuzzy_search import walk

    paths = set(walk(str(tmp_path)).paths)
    assert "g00/main/keep.log" in paths and "g00/main/x_main0.log" not in paths
    assert "g00/skip" not in paths and ".gitignore" in paths
    for query in ("main", "m", "mn", "keep", "skip", "g0", "in"):
        _CACHE.clear()
        found = [(r["score"], r["path"]) for r in search(query, [str(tmp_path)])]
        assert found == _brute_force(query, str(tmp_path)), query


def test_concurrent_searches_of_a_root_share_one_walk_and_keep_no_lock_after(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Searches of several roots, four at once per root: one walk per root (the others wait
    for it and take the cached tree), and no per-root lock is left once they are done."""
    import logging
    import threading

    from spindle_app_server import _fuzzy_search as fuzzy

    roots = []
    for n in range(fuzzy._CACHE_SIZE):
        root = tmp_path / f"root{n}"
        (root / "src").mkdir(parents=True)
        (root / "src" / f"main{n}.py").touch()
        roots.append(str(root))
    results: list[list[Any]] = []
    threads = [
        threading.Thread(target=lambda r=root: results.append(fuzzy.search("main", [r])))
        for root in roots
        for _ in range(4)
    ]
    with caplog.at_level(logging.INFO, logger=fuzzy.log.name):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    walked = sorted(
        str(r.args[0])
        for r in caplog.records
        if isinstance(r.args, tuple) and r.getMessage().startswith("fuzzy file search walked")
    )
    assert walked == sorted(roots)
    assert len(results) == 4 * len(roots) and all(len(found) == 1 for found in results)
    assert fuzzy._WALKING == {}


def test_a_walk_too_large_is_not_saved(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from spindle_app_server import _fuzzy_index
    from spindle_app_server._fuzzy_index import TreeIndex

    monkeypatch.setattr(_fuzzy_index, "_MAX_ENTRIES", 2)
    index = TreeIndex(tmp_path / "walks")
    for count in (3, 2):
        paths = [f"f{n}" for n in range(count)]
        index.keep(f"/root{count}", "", paths, [False] * count, paths, {}, [0])
    index.flush()
    index.wait()
    assert index.load("/root3") is None and index.load("/root2") is not None


def test_saved_walks_read_back_whole_or_not_at_all(tmp_path: Any) -> None:
    """A saved walk reads back as written; the most recent KEEP are kept; a damaged file,
    one of another root or of another format reads as none; a tree with a newline in a
    name is not saved; a temporary file a stopped server left behind is cleaned up."""
    import marshal
    import os

    from spindle_app_server._fuzzy_index import KEEP, TreeIndex

    index = TreeIndex(tmp_path / "walks")
    roots = [str(tmp_path / f"root{n}") for n in range(KEEP + 2)]
    for n, root in enumerate(roots):
        index.keep(
            root,
            "/repo",
            [f"f{n}", "d", "d/x"],
            [False, True, False],
            [f"f{n}", "d", "x"],
            {root: n},
            [0, 2],
        )
        assert index.load(root) is None, "held until flushed"
        index.flush()
        index.wait()
        # Distinct ages, whatever the clock's resolution.
        os.utime(index._file(root), ns=(n * 10**9, n * 10**9))
    assert index.load(roots[-1]) == (
        "/repo",
        [f"f{KEEP + 1}", "d", "d/x"],
        [False, True, False],
        [f"f{KEEP + 1}", "d", "x"],
        {roots[-1]: KEEP + 1},
        [0, 2],
    )
    assert [index.load(root) is not None for root in roots] == [False, False] + [True] * KEEP
    # Paths are private: the folder and its files are the user's alone.
    assert index.folder.stat().st_mode & 0o777 == 0o700
    assert {path.stat().st_mode & 0o777 for path in index.folder.iterdir()} == {0o600}

    survivor = index._file(roots[-1])
    data = survivor.read_bytes()
    survivor.write_bytes(data[: len(data) // 2])
    assert index.load(roots[-1]) is None, "truncated"
    survivor.write_bytes(b"\x00garbage")
    assert index.load(roots[-1]) is None, "not marshal data"
    record = list(marshal.loads(data))
    survivor.write_bytes(marshal.dumps(tuple([*record[:1], roots[0], *record[2:]])))
    assert index.load(roots[-1]) is None, "the walk of another root"
    survivor.write_bytes(marshal.dumps(tuple([99, *record[1:]])))
    assert index.load(roots[-1]) is None, "another format"
    survivor.write_bytes(marshal.dumps(tuple([*record[:4], b"\x00", *record[5:]])))
    assert index.load(roots[-1]) is None, "kinds and paths disagree"
    for blocks in ([], [1, 2], [0, 2, 1], [0, 4], [0, "2"]):
        survivor.write_bytes(marshal.dumps(tuple([*record[:7], blocks])))
        assert index.load(roots[-1]) is None, f"entries start at {blocks}"
    survivor.write_bytes(marshal.dumps(tuple([2, *record[1:7]])))
    assert index.load(roots[-1]) is None, "a walk saved without where directories start"

    odd = str(tmp_path / "odd")
    index.keep(odd, "", ["a\nb"], [False], ["a\nb"], {}, [0])
    index.flush()
    index.wait()
    assert index.load(odd) is None and not index._file(odd).exists()

    leftover = index.folder / ".stale.tmp"
    leftover.write_bytes(b"half")
    os.utime(leftover, (0, 0))
    index.keep(roots[0], "", [], [], [], {}, [])
    index.flush()
    index.wait()
    assert not leftover.exists() and index.load(roots[0]) == ("", [], [], [], {}, [])
