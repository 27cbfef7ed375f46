"""A server's child processes, as the operating system sees them (Linux ``/proc``)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.client import ServerProcess

__all__ = ["alive", "children_running", "gone"]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited but not reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def children_running(server: ServerProcess, module: str) -> list[int]:
    """The pids of the server's running children whose command line names ``module``."""
    assert server.proc is not None
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError):
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == server.proc.pid and module.encode() in command:
            found.append(int(entry.name))
    return [pid for pid in found if alive(pid)]


def gone(pid: int, timeout: float = 10.0) -> bool:
    """Whether ``pid`` has ended (waiting up to ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
