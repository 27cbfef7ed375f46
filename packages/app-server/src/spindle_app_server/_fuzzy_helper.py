"""The fuzzy file search's helper process: its start, its pipes, its end.

The helper (``python -m spindle_app_server._fuzzy_walk``, see :mod:`._fuzzy_walk`) gives a
search the machine's second core. This module is the server's side of it: one helper per
server, started ahead (``_main``) or by the first search that wants it, lent to one search
at a time, replaced when it dies, ended at shutdown. The helper ends by itself when the
server's end of its pipe closes.

Requests and answers are pickled frames (an 8-byte length, then the pickle) read and
written on the pipes' descriptors directly: nothing sits in a Python buffer, so
``select()`` tells truly whether a frame is waiting. The helper's pipe is polled with
``select()``, which takes only sockets on Windows: there the helper is not used.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import subprocess
import sys
import threading
from typing import Any

__all__ = ["HELPER", "READY", "SUPPORTED", "Partner", "read_frame", "waiting", "write_frame"]

log = logging.getLogger(__name__)

# Where the helper runs (see the module's docstring).
SUPPORTED = os.name == "posix"
# What the helper writes once it is up.
READY = b"R"
_MODULE = "spindle_app_server._fuzzy_walk"


class Partner:
    """The server's end of a running helper process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        assert process.stdin is not None and process.stdout is not None
        self._to = process.stdin.fileno()
        self._from = process.stdout.fileno()
        self._up = False
        self.failed = False

    def ready(self) -> bool:
        """Whether the helper has said it is up (without waiting)."""
        if not self._up and waiting(self._from):
            try:
                self._up = os.read(self._from, 1) == READY
            except OSError:
                self.failed = True
        return self._up

    def send(self, request: tuple[Any, ...]) -> bool:
        try:
            write_frame(self._to, request)
        except (OSError, pickle.PicklingError):
            self.failed = True
            return False
        return True

    def answered(self) -> bool:
        """Whether an answer is waiting to be read (without waiting for one)."""
        return waiting(self._from)

    def receive(self) -> Any:
        """The next answer; None when the helper failed (it is then ended on release: what
        it would send next is unknown)."""
        try:
            answer = read_frame(self._from)
        except (OSError, EOFError, pickle.UnpicklingError):
            answer = None
        if answer is None:
            self.failed = True
        return answer

    def alive(self) -> bool:
        return not self.failed and self.process.poll() is None


class _Helper:
    """The one helper process of this server, started ahead by the server or by the first
    search that wants it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._partner: Partner | None = None
        self._busy = False
        self._stopped = False

    def claim(self) -> Partner | None:
        """The helper for one search (started now if it is not running); None while another
        search has it, after :meth:`stop`, or when it cannot start."""
        with self._lock:
            if self._busy or self._stopped or not SUPPORTED:
                return None
            partner = self._running()
            if partner is not None:
                self._busy = True
            return partner

    def start(self) -> None:
        """Start the helper now, ahead of the searches (unless running, or after :meth:`stop`)."""
        with self._lock:
            if not self._stopped and SUPPORTED:
                self._running()

    def _running(self) -> Partner | None:
        """The running helper, a dead one ended and replaced (with the lock held)."""
        partner = self._partner
        if partner is not None and not partner.alive():
            _end(partner.process)
            partner = None
        if partner is None:
            partner = self._partner = _spawn()
        return partner

    def release(self, partner: Partner) -> None:
        """Give the helper back; one that died or failed is ended (the next claim starts
        another)."""
        with self._lock:
            self._busy = False
            if not partner.alive():
                _end(partner.process)
                if self._partner is partner:
                    self._partner = None

    def stop(self) -> None:
        """End the helper (the server's shutdown) and start no other."""
        with self._lock:
            self._stopped = True
            partner, self._partner = self._partner, None
        if partner is not None:
            _end(partner.process)


HELPER = _Helper()


def _spawn() -> Partner | None:
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", _MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
    except OSError:
        log.warning("the fuzzy search walk helper could not start", exc_info=True)
        return None
    return Partner(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def waiting(fd: int) -> bool:
    """Whether ``fd`` has something to read (or its end) now."""
    readable, _, _ = select.select([fd], [], [], 0)
    return bool(readable)


def write_frame(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def read_frame(fd: int) -> Any:
    """The next value on ``fd``; None at its end."""
    head = _read_exactly(fd, size=8)
    if head is None:
        return None
    data = _read_exactly(fd, int.from_bytes(head, "little"))
    return None if data is None else pickle.loads(data)


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd`` (a pipe gives at most its capacity per read); None when it
    ends first."""
    parts = []
    while size:
        part = os.read(fd, size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
