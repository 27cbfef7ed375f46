"""The threads loaded in this process, who is subscribed to them, and their read states.

Handlers reach loaded threads through ``ctx.threads`` (a :class:`ThreadManager`), never
through the server. Read receipts live in the state database; a finished turn's new read
state is held here until ``thread/readState/changed`` announces it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spindle_state import StateError

if TYPE_CHECKING:
    from spindle_protocol.models import ThreadReadState
    from spindle_state import ReadReceipt, StateStore

    from ._session import Session
    from ._threads import LoadedThread

__all__ = ["ThreadManager", "read_state_model"]

log = logging.getLogger(__name__)


class ThreadManager:
    """Loaded threads by id, their subscribers and read states."""

    def __init__(self) -> None:
        self.loaded: dict[str, LoadedThread] = {}
        # Set once the state database is open (see ``AppServer.finish_loading``).
        self._store: StateStore | None = None
        # Read states produced by finished turns, not yet announced (thread id -> state).
        self._read_state_changes: dict[str, ThreadReadState] = {}

    def attach_store(self, store: StateStore) -> None:
        self._store = store

    @property
    def store(self) -> StateStore:
        assert self._store is not None, "the state database is not open yet"
        return self._store

    # -- loaded threads ---------------------------------------------------------------------

    def get(self, thread_id: str | None) -> LoadedThread | None:
        return self.loaded.get(thread_id) if thread_id is not None else None

    def add(self, thread: LoadedThread) -> None:
        self.loaded[thread.id] = thread

    def remove(self, thread_id: str) -> LoadedThread | None:
        return self.loaded.pop(thread_id, None)

    def ids(self) -> list[str]:
        return list(self.loaded)

    def __iter__(self) -> Iterator[LoadedThread]:
        return iter(list(self.loaded.values()))

    def __contains__(self, thread_id: object) -> bool:
        return thread_id in self.loaded

    # -- subscribers ------------------------------------------------------------------------

    @staticmethod
    def subscribe(thread: LoadedThread, session: Session) -> None:
        thread.subscribers.add(session)

    @staticmethod
    def unsubscribe(thread: LoadedThread, session: Session) -> bool:
        """Drop ``session``'s subscription; False when it had none."""
        if session not in thread.subscribers:
            return False
        thread.subscribers.discard(session)
        return True

    def session_closed(self, session: Session) -> None:
        for thread in self.loaded.values():
            thread.subscribers.discard(session)

    # -- read states ------------------------------------------------------------------------

    def read_state(self, thread_id: str) -> ThreadReadState:
        """``ThreadReadState`` of a thread, from its receipt in the state database."""
        return read_state_model(thread_id, self.store.get_read_receipt(thread_id))

    def read_states(self, thread_ids: list[str]) -> dict[str, ThreadReadState]:
        """``ThreadReadState`` of several threads, read in one query."""
        receipts = self.store.get_read_receipts(thread_ids)
        return {tid: read_state_model(tid, receipts.get(tid)) for tid in thread_ids}

    def mark_turn_unread(self, thread_id: str, turn_id: str) -> None:
        """A finished turn is unread until the client reads past it; bumps the revision.

        The new state is announced with ``thread/readState/changed`` just before
        ``turn/completed`` (see :meth:`take_read_state_change`).
        """
        try:
            receipt = self.store.mark_turn_unread(thread_id, turn_id)
        except StateError:
            log.exception("recording the read state of %s failed", thread_id)
            return
        self._read_state_changes[thread_id] = read_state_model(thread_id, receipt)

    def take_read_state_change(self, thread_id: str) -> ThreadReadState | None:
        """The read state a just-finished turn produced, once."""
        return self._read_state_changes.pop(thread_id, None)


def read_state_model(thread_id: str, receipt: ReadReceipt | None) -> ThreadReadState:
    """``ThreadReadState``: the first unread position (null when read) and the revision."""
    from spindle_protocol.models import (
        ThreadReadState,
        ThreadUnreadPositionThreadStart,
        ThreadUnreadPositionTurn,
    )
    from spindle_state import initial_read_revision  # its records are not on a start's path

    if receipt is None:
        return ThreadReadState(first_unread=None, revision=initial_read_revision(thread_id))
    first: ThreadUnreadPositionTurn | ThreadUnreadPositionThreadStart | None = None
    if receipt.first_unread_kind == "turn" and receipt.first_unread_turn_id is not None:
        first = ThreadUnreadPositionTurn(turn_id=receipt.first_unread_turn_id)
    elif receipt.first_unread_kind == "thread_start":
        first = ThreadUnreadPositionThreadStart()
    return ThreadReadState(first_unread=first, revision=receipt.revision)
