"""The file search's walk helper process, seen from outside (``/proc``): the server starts
it once its start has settled, a search of a big tree shares its walk with it (once it is
up: a loaded machine may take a while) and answers right, and it never outlives its
server (shutdown or a killed server).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from tests.support.client import ServerProcess, StartServer, spindle_only
from tests.support.processes import children_running, gone
from tests.support.walk_helper import shared_walk

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads processes from /proc"
)

HELPER_MODULE = "spindle_app_server._fuzzy_walk"


def _one_helper(server: ServerProcess) -> int:
    deadline = time.monotonic() + 30
    while True:
        helpers = children_running(server, HELPER_MODULE)
        if helpers:
            assert len(helpers) == 1, f"more than one walk helper: {helpers}"
            return helpers[0]
        assert time.monotonic() < deadline, "the server started no walk helper"
        time.sleep(0.05)


def _tree(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / ".gitignore").write_text("*.log\n")
    for a in range(20):
        for b in range(15):
            folder = root / f"pkg{a}" / f"mod{b}"
            folder.mkdir(parents=True)
            for name in ("main.py", "util.py", "notes.log"):
                (folder / name).touch()
    return root


@pytest.mark.parametrize("end", ["eof", "sigkill"])
def test_the_walk_helper_shares_a_search_and_ends_with_its_server(
    spindle: StartServer, tmp_path: Path, end: str
) -> None:
    spindle_only("the reference walks on threads of its own process")
    server = spindle()
    conn = server.connect()
    conn.initialize()
    helper = _one_helper(server)
    root = _tree(tmp_path / "repo")
    entries, helped, added = shared_walk(server, conn, root, "mod3 util")
    # pkg and mod directories, two files each (not *.log), .git, .gitignore, the files added.
    assert entries == 20 + 20 * 15 * 3 + 2 + added
    assert 0 < helped < entries
    files = conn.call("fuzzyFileSearch", {"query": "mod3 util", "roots": [str(root)]})["files"]
    expected = [f"pkg{a}/mod{b}/util.py" for a in range(20) for b in (3, 13)]
    assert sorted(f["path"] for f in files) == sorted(expected)
    assert children_running(server, HELPER_MODULE) == [helper]
    if end == "eof":
        assert server.shutdown() == 0
    else:
        server.signal(signal.SIGKILL)
        assert server.shutdown() == -signal.SIGKILL
    assert gone(helper), "the walk helper outlived its server"
