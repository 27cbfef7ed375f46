"""Server notifications: a generated notification model, sent under its method constant.

``Notifier`` is what a handler (``ctx.notifier``) and the turn engine use to reach clients:
one connection, a thread's subscribers, or every initialized connection. Each model is
checked against the generated method table (``SERVER_NOTIFICATION_TYPES``), so a
notification can never go out under the wrong method. Back-pressure from a slow connection
is the transport's business (each connection has its own bounded outbound queue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from spindle_protocol.methods import (
    SERVER_NOTIFICATION_TYPES,
    THREAD_GOAL_UPDATED,
    THREAD_NAME_UPDATED,
    THREAD_STARTED,
    THREAD_STATUS_CHANGED,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ._session import Session
    from ._threads import LoadedThread

__all__ = ["EVERY_CONNECTION", "NotificationTypeMismatch", "Notifier", "check_notification"]

# A thread's lifecycle notifications reach every initialized connection, subscribed or not
# (archive, unarchive and delete are broadcast where they happen).
EVERY_CONNECTION = frozenset(
    {THREAD_STARTED, THREAD_STATUS_CHANGED, THREAD_NAME_UPDATED, THREAD_GOAL_UPDATED}
)

# A notification's params: its generated model, never a plain dict.
Params: TypeAlias = "BaseModel"


class NotificationTypeMismatch(TypeError):
    """A notification model sent under a method whose table entry names another type."""


def check_notification(method: str, params: Params) -> None:
    """Raise :class:`NotificationTypeMismatch` unless ``params`` is the model the method
    table names for ``method`` (a plain dict never is).

    By class name: comparing classes would import the generated models, and this module is
    loaded before they are (a start answers initialize without them; the first
    notification follows once they have loaded).
    """
    entry = SERVER_NOTIFICATION_TYPES.get(method)
    expected = entry[0] if entry is not None else None
    if expected != type(params).__name__:
        raise NotificationTypeMismatch(f"{method} carries {expected}, not {type(params).__name__}")


class Notifier:
    """Sends notifications to one connection, a thread's subscribers, or everyone."""

    def __init__(self, sessions: set[Session]) -> None:
        # The server's live set of connections (shared, not copied).
        self._sessions = sessions

    async def to_session(self, session: Session, method: str, params: Params) -> None:
        """Send to one connection (the requester, typically)."""
        check_notification(method, params)
        await session.notify(method, params)

    async def to_thread(self, thread: LoadedThread, method: str, params: Params) -> None:
        """Send to every connection subscribed to ``thread``.

        A thread's lifecycle notifications (:data:`EVERY_CONNECTION`) go to every initialized
        connection instead, subscribed or not, as the reference sends them.
        """
        if method in EVERY_CONNECTION:
            await self.broadcast(method, params)
            return
        check_notification(method, params)
        for session in list(thread.subscribers):
            if session.closed:
                thread.subscribers.discard(session)
                continue
            await session.notify(method, params)

    async def broadcast(self, method: str, params: Params) -> None:
        """Send to every initialized connection."""
        check_notification(method, params)
        for session in list(self._sessions):
            if session.initialized and not session.closed:
                await session.notify(method, params)
