"""The fuzzy search walk shared with its helper process (``spindle_app_server._fuzzy_walk``).

Real processes: the helper is started as the server starts it, and a failing one is a real
process that dies. What a shared walk finds must be exactly what one process finds alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spindle_app_server import _fuzzy_helper, _fuzzy_walk
from spindle_app_server._fuzzy_index import TreeIndex
from spindle_app_server._fuzzy_search import (
    _CACHE,
    CancelFlag,
    Tree,
    _name_matches,
    search,
    tree_for,
)
from spindle_app_server._fuzzy_search import walk as walk_tree
from spindle_app_server._fuzzy_walk import Walked, walk

# The helper runs where select() polls pipes (not on Windows, where a walk goes alone).
posix_only = pytest.mark.skipif(os.name != "posix", reason="the walk helper is POSIX-only")


def _tree(root: Path) -> Path:
    """~1,000 entries over 300 directories, with what the walk must get right: ignore files
    at several levels (a re-include among them), the repository's exclude file, symbolic
    links (to a directory, back up to an ancestor, broken) and a name that is not UTF-8."""
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("*.tmp\n")
    (root / ".gitignore").write_text("*.log\nbuild/\n!keep.log\n")
    for a in range(15):
        for b in range(20):
            folder = root / f"pkg{a}" / f"mod{b}"
            folder.mkdir(parents=True)
            (folder / "main.py").touch()
            (folder / f"data{b}.log").touch()
            (folder / "scratch.tmp").touch()
        (root / f"pkg{a}" / "build").mkdir()
        (root / f"pkg{a}" / "build" / "out.py").touch()
        (root / f"pkg{a}" / ".gitignore").write_text("mod1*/\n")
        (root / f"pkg{a}" / "mod3" / "keep.log").touch()
    os.symlink(root / "pkg2", root / "pkg0" / "mod0" / "to_pkg2")
    os.symlink(root / "pkg1", root / "pkg1" / "mod2" / "loop")
    os.symlink(root / "absent", root / "pkg3" / "broken")
    os.close(os.open(os.fsencode(root / "pkg4" / "mod4") + b"/bad\xff.py", os.O_CREAT, 0o644))
    return root


def _entries(walked: Walked) -> list[tuple[str, bool, str]]:
    return sorted(zip(walked.paths, walked.kinds, walked.names, strict=True))


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> Iterator[_fuzzy_helper._Helper]:
    """This test's own helper slot (the process-wide one, as a new server has it), stopped
    at the end."""
    fresh = _fuzzy_helper._Helper()
    monkeypatch.setattr(_fuzzy_walk, "HELPER", fresh)
    yield fresh
    fresh.stop()


def _wait_up(partner: _fuzzy_helper.Partner) -> None:
    deadline = time.monotonic() + 30
    while not partner.ready():
        assert time.monotonic() < deadline, "the helper never came up"
        time.sleep(0.01)


@posix_only
def test_a_walk_shared_with_the_helper_finds_what_one_process_finds(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    # Up before the walk starts: the walk then shares its work from its first steps.
    partner = helpers.claim()
    assert partner is not None
    _wait_up(partner)
    helpers.release(partner)
    root = str(_tree(tmp_path))
    shared = walk(root)
    alone = walk(root, helper=False)
    assert shared is not None and alone is not None
    assert shared.helped > 0, "the helper took no share"
    assert shared.helped < len(shared.paths)
    assert _entries(shared) == _entries(alone)
    assert len(set(shared.paths)) == len(shared.paths)
    assert shared.watched == alone.watched
    assert shared.repo == alone.repo == root
    paths = set(shared.paths)
    assert "pkg0/mod3/keep.log" in paths and "pkg0/mod3/data3.log" not in paths
    assert "pkg0/build" not in paths and "pkg0/mod10" not in paths and "pkg0/mod2" in paths
    assert "pkg0/mod0/scratch.tmp" not in paths
    assert "pkg0/mod0/to_pkg2/mod0/main.py" in paths
    assert "pkg1/mod2/loop" not in paths and "pkg3/broken" not in paths
    assert not any(path.startswith("pkg4/mod4/bad") for path in paths)


def _dying(after: str) -> _fuzzy_helper.Partner:
    """A helper that says it is up, does ``after`` and ends."""
    code = f"import sys; sys.stdout.buffer.write(b'R'); sys.stdout.flush(); {after}"
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    partner = _fuzzy_helper.Partner(process)
    _wait_up(partner)
    return partner


@posix_only
def test_a_dead_helper_is_replaced(helpers: _fuzzy_helper._Helper) -> None:
    dead = _dying("pass")
    dead.process.wait(timeout=30)
    helpers._partner = dead
    partner = helpers.claim()
    assert partner is not None and partner is not dead and partner.alive()
    assert dead.process.stdout is not None and dead.process.stdout.closed
    helpers.release(partner)


@posix_only
def test_a_helper_that_dies_with_its_share_leaves_it_to_the_walk(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    root = str(_tree(tmp_path))
    helpers._partner = _dying("sys.stdin.buffer.read(8)")
    shared = walk(root)
    alone = walk(root, helper=False)
    assert shared is not None and alone is not None
    assert shared.helped == 0
    assert _entries(shared) == _entries(alone)
    assert shared.watched == alone.watched
    # The next walk gets a new helper.
    assert helpers._partner is None


@posix_only
def test_a_helper_that_answers_nonsense_is_ended_and_the_walk_goes_alone(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    root = str(_tree(tmp_path))
    frame = "d = pickle.dumps(('bogus',)); os.write(1, len(d).to_bytes(8, 'little') + d)"
    helpers._partner = _dying(f"import os, pickle, time; os.read(0, 8); {frame}; time.sleep(60)")
    process = helpers._partner.process
    shared = walk(root)
    alone = walk(root, helper=False)
    assert shared is not None and alone is not None
    assert shared.helped == 0
    assert _entries(shared) == _entries(alone)
    # Still running but out of step: ended, and the next walk gets a new helper.
    assert process.poll() is not None and helpers._partner is None


@posix_only
def test_a_stopped_helper_has_ended_and_no_walk_starts_another(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    partner = helpers.claim()
    assert partner is not None
    helpers.release(partner)
    helpers.stop()
    assert partner.process.poll() is not None
    assert helpers.claim() is None
    walked = walk(str(_tree(tmp_path)))
    assert walked is not None and walked.helped == 0 and walked.paths


@posix_only
def test_the_helper_ends_when_the_server_end_of_its_pipe_closes(
    helpers: _fuzzy_helper._Helper,
) -> None:
    partner = helpers.claim()
    assert partner is not None
    helpers.release(partner)
    assert partner.process.stdin is not None
    partner.process.stdin.close()
    assert partner.process.wait(timeout=30) == 0


@posix_only
def test_a_helper_started_ahead_serves_the_next_walk(helpers: _fuzzy_helper._Helper) -> None:
    helpers.start()
    started = helpers._partner
    assert started is not None and started.alive()
    helpers.start()
    assert helpers._partner is started, "a running helper is kept"
    partner = helpers.claim()
    assert partner is started
    helpers.release(partner)
    helpers.stop()
    helpers.start()
    assert helpers._partner is None and started.process.poll() is not None


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_broken_link_is_listed_once_its_target_appears(tmp_path: Path) -> None:
    """Left out while broken (as the reference), and a cached walk is no longer current
    once the target appears, though no directory the walk read has changed."""

    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "guide.md").touch()
    os.symlink(tmp_path / "elsewhere" / "notes.md", root / "docs" / "notes.md")
    _CACHE.pop(str(root), None)
    first = [f["path"] for f in search("notes", [str(root)])]
    assert first == []
    cached = tree_for(str(root))
    assert cached.fresh()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "notes.md").write_text("x")
    assert not cached.fresh()
    assert [f["path"] for f in search("notes", [str(root)])] == ["docs/notes.md"]
    _CACHE.pop(str(root), None)


def _paths(count: int) -> list[str]:
    words = ("src", "render", "model", "app", "readme", "util", "core", "data")
    return [
        f"{words[i % 8]}/{words[(i * 3) % 8]}{i}/{words[(i * 5) % 8]}_{words[(i * 7) % 8]}{i}.py"
        for i in range(count)
    ]


@posix_only
def test_alignment_shared_with_the_helper_equals_alignment_alone(
    helpers: _fuzzy_helper._Helper, caplog: pytest.LogCaptureFixture
) -> None:
    partner = helpers.claim()
    assert partner is not None
    _wait_up(partner)
    helpers.release(partner)
    paths = _paths(count=600)
    caplog.set_level("DEBUG", logger=_fuzzy_walk.__name__)
    for needle in ("readme", "rdm", "zzz", "sr/ap"):
        shared = _fuzzy_walk.align(needle, paths, folded=False)
        alone = _fuzzy_walk._align(needle, paths, folded=False)
        assert shared is not None and shared == alone, needle
    assert any(m is not None for m in _fuzzy_walk._align("readme", paths, folded=False) or [])
    assert "aligned 600 paths, 300 of them by the helper" in caplog.text
    # Few paths are aligned here only (the helper's round trip would cost more).
    caplog.clear()
    assert _fuzzy_walk.align("readme", paths[:100], folded=False) is not None
    assert "by the helper" not in caplog.text


@posix_only
def test_a_helper_that_dies_aligning_leaves_its_half_to_the_search(
    helpers: _fuzzy_helper._Helper,
) -> None:
    helpers._partner = _dying("sys.stdin.buffer.read(8)")
    paths = _paths(count=600)
    assert _fuzzy_walk.align("readme", paths, folded=False) == _fuzzy_walk._align(
        "readme", paths, folded=False
    )


def test_a_cancelled_alignment_gives_nothing(helpers: _fuzzy_helper._Helper) -> None:
    class Cancelled:
        cancelled = True

    assert _fuzzy_walk.align("readme", _paths(count=600), folded=False, cancel=Cancelled()) is None


def _named_tree(root: Path) -> Path:
    """1,200 files whose names hold 'cfg' apart (no name reaches the top score, so every
    one is aligned), a few named exactly so, and a directory named so."""
    for d in range(12):
        folder = root / f"part{d}"
        folder.mkdir(parents=True)
        for i in range(100):
            (folder / f"c{i % 7}_f{d}_g{i}.txt").touch()
        (folder / "cfg").touch()
    (root / "deep" / "cfg").mkdir(parents=True)
    return root


@posix_only
def test_name_matches_aligned_with_the_helper_rank_as_aligned_alone(
    helpers: _fuzzy_helper._Helper, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = str(_named_tree(tmp_path / "tree"))
    partner = helpers.claim()
    assert partner is not None
    _wait_up(partner)
    helpers.release(partner)
    caplog.set_level("DEBUG", logger=_fuzzy_walk.__name__)
    try:
        shared = {query: search(query, [root]) for query in ("cfg", "c_f", "cf", "g1")}
        # The later chunks of names went to the helper (the first, 128, are aligned here).
        assert "aligned 256 paths, 128 of them by the helper" in caplog.text
        helpers.stop()
        caplog.clear()
        for query, results in shared.items():
            assert len(results) == 50, query
            assert search(query, [root]) == results, query
        assert "by the helper" not in caplog.text
    finally:
        _CACHE.pop(root, None)


def test_a_cancelled_search_stops_aligning_names(tmp_path: Path) -> None:
    root = str(_named_tree(tmp_path / "tree"))
    flag = CancelFlag()
    try:
        tree = tree_for(root)
        found, named = _name_matches(root, tree, "cfg", cancel=flag)
        assert len(found) == 50 and len(named) == 1213
        flag.cancel()
        assert _name_matches(root, tree, "cfg", cancel=flag) == ([], set())
    finally:
        _CACHE.pop(root, None)


def _pending(directory: Path, rel: str, root: Path) -> Any:
    info = os.stat(root)
    return (str(directory), rel, [], frozenset({(info.st_dev, info.st_ino)}), 0)


def _skewed(root: Path) -> Path:
    """A big directory (600 folders of 5 files) beside an empty one."""
    for i in range(600):
        folder = root / "big" / f"part{i // 30}" / f"leaf{i}"
        folder.mkdir(parents=True)
        for k in range(5):
            (folder / f"file{k}.txt").touch()
    (root / "small").mkdir()
    return root


def _up(helpers: _fuzzy_helper._Helper) -> _fuzzy_helper.Partner:
    partner = helpers.claim()
    assert partner is not None
    _wait_up(partner)
    return partner


@posix_only
def test_a_walk_that_runs_out_first_takes_directories_back_from_the_helper(
    tmp_path: Path, helpers: _fuzzy_helper._Helper, caplog: pytest.LogCaptureFixture
) -> None:
    root = _skewed(tmp_path / "tree")
    alone = walk(str(root), helper=False)
    assert alone is not None
    caplog.set_level("DEBUG", logger=_fuzzy_walk.__name__)
    partner = _up(helpers)
    try:
        # The helper gets the big directory; this walk keeps the empty one.
        stack = [_pending(root / "big", "big", root), _pending(root / "small", "small", root)]
        walked = Walked()
        shared = _fuzzy_walk._SharedWalk(partner, walked, stack, (".ignore",))
        assert shared.run(None) is True
    finally:
        helpers.release(partner)
    assert "directories back from the walk helper" in caplog.text
    assert 0 < walked.helped < len(walked.paths), "both processes read part of it"
    # Parts came in as the helper went (3,600 entries under "big" for it to find).
    expected = [entry for entry in _entries(alone) if entry[0] not in ("big", "small")]
    assert _entries(walked) == expected
    below = {path for path in alone.watched if path.startswith(f"{root}{os.sep}")}
    assert set(walked.watched) == below


@posix_only
def test_a_helper_sends_a_big_share_in_parts_that_add_up_to_it(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    root = tmp_path / "tree"
    for i in range(40):
        folder = root / f"dir{i}"
        folder.mkdir(parents=True)
        for k in range(300):
            (folder / f"f{k}").touch()
    partner = _up(helpers)
    try:
        stack = [_pending(root / f"dir{i}", f"dir{i}", root) for i in range(40)]
        assert partner.send(("walk", stack, (".ignore",)))
        kinds: list[str] = []
        found = 0
        while not kinds or kinds[-1] != "done":
            answer = partner.receive()
            kinds.append(answer[0])
            found += len(answer[1].split("\0")) if answer[1] else 0
    finally:
        helpers.release(partner)
    assert kinds[-1] == "done" and kinds.count("part") >= 2, kinds
    assert found == 12_000


class _CancelAfter:
    """Cancelled from its ``count``-th look on."""

    def __init__(self, count: int) -> None:
        self.looks = 0
        self.count = count

    @property
    def cancelled(self) -> bool:
        self.looks += 1
        return self.looks >= self.count


@posix_only
def test_a_cancelled_shared_walk_stops_the_helper_which_serves_the_next_one(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    root = str(_tree(tmp_path))
    partner = _up(helpers)
    helpers.release(partner)
    assert walk(root, cancel=_CancelAfter(count=40)) is None
    assert helpers._partner is partner and partner.alive()
    shared = walk(root)
    alone = walk(root, helper=False)
    assert shared is not None and alone is not None
    assert shared.helped > 0 and helpers._partner is partner
    assert _entries(shared) == _entries(alone)


def _stack_order(root: Path) -> list[str]:
    """The order one thread of the reference's walker meets the entries of ``root`` in:
    from a stack of entries (a directory's pushed as it lists them), a directory's
    entries pushed when it is met."""
    stack = [(name, root / name) for name in os.listdir(root)]
    met = []
    while stack:
        rel, path = stack.pop()
        met.append(rel)
        if path.is_dir() and not path.is_symlink():
            stack.extend((f"{rel}/{name}", path / name) for name in os.listdir(path))
    return met


def _walk_order(tree: Tree) -> list[str]:
    order = sorted(range(len(tree.paths)), key=tree.walk_key)
    return [tree.paths[i] for i in order]


@posix_only
def test_walk_keys_order_entries_as_the_reference_walk_meets_them(
    tmp_path: Path, helpers: _fuzzy_helper._Helper
) -> None:
    root = tmp_path / "tree"
    for a in range(12):
        for b in range(25):
            folder = root / f"a{a}" / f"b{b}"
            folder.mkdir(parents=True)
            for c in range(3):
                (folder / f"f{c}.txt").touch()
        (root / f"a{a}" / "top.txt").touch()
    expected = _stack_order(root)
    assert _walk_order(walk_tree(str(root))) == expected
    helpers.release(_up(helpers))
    shared = walk_tree(str(root))
    assert 0 < shared.helped < len(shared.paths), "the helper took a share"
    assert _walk_order(shared) == expected
    # A walk saved and read back by the next server orders its entries alike.
    index = TreeIndex(tmp_path / "walks")
    index.keep(str(root), "", shared.paths, shared.kinds, shared.names, {}, shared.blocks)
    index.flush()
    index.wait()
    saved = index.load(str(root))
    assert saved is not None
    _, paths, kinds, names, watched, blocks = saved
    again = Tree(paths, kinds, names, watched, blocks=blocks, root=str(root))
    assert _walk_order(again) == expected
