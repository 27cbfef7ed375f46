"""Waiting for spindle's fuzzy search walk helper (``spindle_app_server._fuzzy_walk``) to
take a share of a walk, as a client sees it: the server logs each walk with the number of
entries the helper found."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.support.client import Connection, ServerProcess

__all__ = ["shared_walk"]


def shared_walk(
    server: ServerProcess, conn: Connection, root: Path, query: str, timeout: float = 30.0
) -> tuple[int, int, int]:
    """Search ``root`` until spindle logs a walk of it that its helper shared (the helper
    starts with the server and may not be up for the first walks): (entries walked, of them
    found by the helper, files added). Each retry adds a file named ``added<n>.tmp`` under
    ``root``, so that the cached walk is no longer current."""
    pattern = re.compile(
        rf"fuzzy file search walked {re.escape(str(root))}: (\d+) entries in \d+ ms "
        r"\((\d+) found by the helper\)"
    )
    deadline = time.monotonic() + timeout
    added = 0
    while True:
        conn.call("fuzzyFileSearch", {"query": query, "roots": [str(root)]})
        walks = pattern.findall(server.stderr_text())
        assert walks, "no walk of the root was logged"
        entries, helped = (int(n) for n in walks[-1])
        if helped:
            return entries, helped, added
        assert time.monotonic() < deadline, "no walk was shared with the helper"
        added += 1
        (root / f"added{added}.tmp").touch()
        time.sleep(0.2)
