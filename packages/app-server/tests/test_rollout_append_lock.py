"""Rollout appends from several writers: each line is written under an advisory lock.

Two servers that both have a thread loaded (or a server and a ``thread/name/set`` on an
unloaded thread) append to the same rollout file. Each append holds an exclusive
``flock`` on the file while it writes its line, so lines from different writers never
interleave, even when a line takes more than one ``write``.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from spindle_app_server._rollout import RolloutWriter

# A line larger than a pipe buffer and many pages, so a torn or interleaved write would show.
_BIG = "x" * 300_000


def test_an_append_waits_while_another_writer_holds_the_file_lock(tmp_path: Path) -> None:
    path = tmp_path / "rollout.jsonl"
    writer = RolloutWriter(path)
    other = os.open(path, os.O_WRONLY | os.O_APPEND)
    appended = threading.Event()

    def append() -> None:
        writer.append("event_msg", {"type": "probe"})
        appended.set()

    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        thread = threading.Thread(target=append, daemon=True)
        thread.start()
        assert not appended.wait(0.5), "the append went ahead while another writer held the lock"
        fcntl.flock(other, fcntl.LOCK_UN)
        assert appended.wait(30)
        thread.join(30)
    finally:
        os.close(other)
        writer.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["payload"] for line in lines] == [{"type": "probe"}]


_APPENDER = """
import sys
from pathlib import Path
from spindle_app_server._rollout import RolloutWriter

path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
writer = RolloutWriter(path)
for i in range(count):
    writer.append("event_msg", {"writer": tag, "i": i, "text": "x" * int(sys.argv[4])})
writer.close()
"""


def test_lines_from_two_processes_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "rollout.jsonl"
    count = 40
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _APPENDER, str(path), tag, str(count), str(len(_BIG))],
            stdout=subprocess.DEVNULL,
        )
        for tag in ("a", "b")
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    payloads = [json.loads(line)["payload"] for line in lines[:-1]]
    for tag in ("a", "b"):
        mine = [p["i"] for p in payloads if p["writer"] == tag]
        assert mine == list(range(count))
    assert all(p["text"] == _BIG for p in payloads)
