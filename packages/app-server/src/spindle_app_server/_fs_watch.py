"""``fs/watch`` subscriptions: watchfiles underneath, ``fs/changed`` notifications on top.

Semantics (checked against the reference binary):

- A watch is scoped to its connection and named by the client's ``watchId``; a second
  watch with a live id answers ``watchId already exists: <id>``. ``fs/unwatch`` of an
  unknown id succeeds. A closed connection drops its watches.
- The path is watched **non-recursively**: a directory reports its direct children (and
  itself), a file reports itself. A path that does not exist yet is watched through its
  nearest existing ancestor, and reported when it appears.
- Changes are batched for up to 200 ms from the first one and sent as one notification
  with the changed paths sorted. ``fs/unwatch`` answers only once nothing more can be sent
  for that watch.

Each watch is a watchfiles ``RustNotify`` (Rust ``notify``: inotify, FSEvents, ...) without
watchfiles' default ignore filter, so ``.git`` internals are reported too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from typing import TYPE_CHECKING

from spindle_protocol.errors import InternalError, InvalidRequest
from spindle_protocol.methods import FS_CHANGED
from watchfiles._rust_notify import RustNotify

from ._process_os import io_error_message

if TYPE_CHECKING:
    from ._notifier import Notifier
    from ._session import Session

__all__ = ["DEBOUNCE_MS", "FsWatches"]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
"""How long changes are gathered, from the first one, before ``fs/changed`` is sent."""


def _covers(root: str, is_dir: bool, path: str) -> bool:
    """Whether a change at ``path`` is one this watch reports."""
    if path == root:
        return True
    if is_dir:
        return os.path.dirname(path) == root
    return False


def _under(root: str, path: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


class _Watch:
    """One watch: a ``RustNotify`` watcher polled by a thread of its own.

    The watcher is created before ``fs/watch`` answers, so no change made after the answer
    is missed. Its thread hands each batch to the event loop, which filters and notifies.
    """

    def __init__(self, notifier: Notifier, session: Session, watch_id: str, root: str) -> None:
        self.notifier = notifier
        self.session = session
        self.watch_id = watch_id
        self.root = root
        self.target, self.is_dir, self.exact = self._target()
        self._stop = threading.Event()
        self._closed = False
        self._loop = asyncio.get_running_loop()
        self._batches: asyncio.Queue[set[tuple[int, str]] | None] = asyncio.Queue()
        self._notify = RustNotify([self.target], False, False, 300, False, True)
        self._thread = threading.Thread(target=self._poll, name=f"fs/watch {watch_id}", daemon=True)
        self._thread.start()
        self._task = self._loop.create_task(self._forward(), name=f"fs/watch {watch_id}")

    def _target(self) -> tuple[str, bool, bool]:
        """What to hand to the watcher: the path itself, or its nearest existing ancestor."""
        if os.path.lexists(self.root):
            return self.root, os.path.isdir(self.root), True
        ancestor = os.path.dirname(self.root)
        while not os.path.exists(ancestor) and ancestor != os.path.dirname(ancestor):
            ancestor = os.path.dirname(ancestor)
        return ancestor, True, False

    def _poll(self) -> None:
        try:
            while not self._stop.is_set():
                result = self._notify.watch(DEBOUNCE_MS, DEBOUNCE_MS, 0, self._stop)
                if isinstance(result, set):
                    self._loop.call_soon_threadsafe(self._batches.put_nowait, result)
                elif result in ("stop", "signal"):
                    break
        except Exception as exc:  # the watched path went away, or the OS refused the watch
            log.info("fs/watch %s on %s ended: %s", self.watch_id, self.root, exc)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop may be closed at exit
                self._loop.call_soon_threadsafe(self._batches.put_nowait, None)

    async def _forward(self) -> None:
        while (changes := await self._batches.get()) is not None:
            if self.exact:
                paths = {path for _, path in changes if _covers(self.root, self.is_dir, path)}
            else:
                paths = {path for _, path in changes if _under(self.root, path)}
            if paths and not self._closed:
                from spindle_protocol.models import FsChangedNotification

                changed = FsChangedNotification(watch_id=self.watch_id, changed_paths=sorted(paths))
                await self.notifier.to_session(self.session, FS_CHANGED, changed)

    async def close(self) -> None:
        self._closed = True
        self._stop.set()
        await asyncio.to_thread(self._thread.join)
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._notify.close()


class FsWatches:
    """Every live ``fs/watch`` of the server, keyed by connection and watch id."""

    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier
        self._watches: dict[tuple[int, str], _Watch] = {}

    def watch(self, session: Session, watch_id: str, root: str) -> None:
        key = (session.id, watch_id)
        if key in self._watches:
            raise InvalidRequest(f"watchId already exists: {watch_id}")
        try:
            entry = _Watch(self._notifier, session, watch_id, root)
        except OSError as exc:
            raise InternalError(io_error_message(exc)) from None
        self._watches[key] = entry

    async def unwatch(self, session: Session, watch_id: str) -> None:
        entry = self._watches.pop((session.id, watch_id), None)
        if entry is not None:
            await entry.close()

    async def connection_closed(self, session: Session) -> None:
        keys = [key for key in self._watches if key[0] == session.id]
        entries = [self._watches.pop(key) for key in keys]
        await asyncio.gather(*(entry.close() for entry in entries), return_exceptions=True)
