"""What a handler gets besides its params: the calling session and what it may touch.

A handler reaches the state store, the loaded threads (with their subscribers and read
states), the configuration and the notifier through its :class:`RequestContext`, not
through the server object.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spindle_state import StateStore

    from ._config import Config
    from ._notifier import Notifier
    from ._server import AppServer
    from ._session import RequestId, Session
    from ._thread_manager import ThreadManager

__all__ = ["RequestContext"]

_T = TypeVar("_T")


@dataclass
class RequestContext:
    """The calling session, the request being answered, and the server's parts."""

    server: AppServer
    session: Session
    request_id: RequestId
    method: str
    # The params exactly as received: patch semantics need "omitted" apart from "null".
    raw_params: Any = None
    _after: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    @property
    def store(self) -> StateStore:
        """The state database."""
        return self.server.store

    @property
    def threads(self) -> ThreadManager:
        """Loaded threads, their subscribers and read states."""
        return self.server.threads

    @property
    def config(self) -> Config:
        """The server's configuration (config.toml and overrides)."""
        return self.server.config

    @property
    def notifier(self) -> Notifier:
        """Sends notifications to this session, a thread's subscribers or everyone."""
        return self.server.notifier

    async def point_read(self, read: Callable[[str], _T], key: str) -> _T:
        """``read(key)``, a store read of a few rows by their key.

        On the embedded SQLite it runs right here: a WAL reader never waits for a writer,
        and the read takes less than a hop to a worker thread and back (which, with
        requests in flight, mostly buys contention for the interpreter). On PostgreSQL it
        is a network round trip, made from a worker thread.
        """
        if self.store.dialect == "sqlite":
            return read(key)
        return await asyncio.to_thread(read, key)

    def after_response(self, callback: Callable[[], Awaitable[None]]) -> None:
        """Run ``callback`` once the response has been queued (e.g. follow-up notifications)."""
        self._after.append(callback)

    def after_callbacks(self) -> list[Callable[[], Awaitable[None]]]:
        return list(self._after)
