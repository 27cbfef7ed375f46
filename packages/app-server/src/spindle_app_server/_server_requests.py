"""Requests the server sends to its clients, and the answers routed back by id.

A turn that needs the client (a command approval, a question for the user) calls
:meth:`ServerRequests.ask`. The request goes to every connection subscribed to the thread
under one server-wide id (the reference numbers them from 0); the first answer wins and
``serverRequest/resolved`` (through the notifier) tells every subscriber the request is settled.

A client that disconnects, or a thread with nobody subscribed, never leaves a turn hanging:
the answer is :attr:`ClientAnswer.disconnected`, which callers treat as a cancel.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spindle_protocol import jsonrpc
from spindle_protocol.methods import SERVER_REQUEST_RESOLVED

if TYPE_CHECKING:
    from ._notifier import Notifier
    from ._session import Session
    from ._threads import LoadedThread

__all__ = ["ClientAnswer", "ServerRequests"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClientAnswer:
    """What came back for a server request: a result, an error, or nobody."""

    result: Any = None
    error: dict[str, Any] | None = None
    disconnected: bool = False


_DISCONNECTED = ClientAnswer(disconnected=True)


class ServerRequests:
    """Outgoing requests of one server process, keyed by their JSON-RPC id."""

    def __init__(self, notifier: Notifier) -> None:
        self._notifier = notifier
        self._ids = itertools.count(0)
        # request id -> (future answer, sessions it was sent to)
        self._pending: dict[
            jsonrpc.RequestId, tuple[asyncio.Future[ClientAnswer], set[Session]]
        ] = {}

    async def ask(self, thread: LoadedThread, method: str, params: dict[str, Any]) -> ClientAnswer:
        """Send ``method`` to the thread's subscribers and wait for the first answer."""
        request_id = next(self._ids)
        future: asyncio.Future[ClientAnswer] = asyncio.get_running_loop().create_future()
        sessions = {s for s in thread.subscribers if not s.closed}
        self._pending[request_id] = (future, sessions)
        try:
            if not sessions:
                return _DISCONNECTED
            for session in sessions:
                await session.send_request(request_id, method, params)
            if all(s.closed for s in sessions):
                return _DISCONNECTED
            answer = await future
        finally:
            self._pending.pop(request_id, None)
        if not answer.disconnected:
            # A turn runs only once the models are loaded: no import on a start's path.
            from spindle_protocol.models import ServerRequestResolvedNotification

            await self._notifier.to_thread(
                thread,
                SERVER_REQUEST_RESOLVED,
                ServerRequestResolvedNotification(thread_id=thread.id, request_id=request_id),
            )
        return answer

    def deliver(self, message: jsonrpc.Response | jsonrpc.ErrorResponse) -> bool:
        """Route a client's response; False when no request has that id."""
        entry = self._pending.get(message.id)
        if entry is None:
            return False
        future, _sessions = entry
        if future.done():
            return True
        if isinstance(message, jsonrpc.Response):
            future.set_result(ClientAnswer(result=message.result))
        else:
            future.set_result(
                ClientAnswer(error={"code": message.code, "message": message.message})
            )
        return True

    def session_closed(self, session: Session) -> None:
        """A connection went away: requests nobody else can answer resolve as disconnected."""
        for future, sessions in list(self._pending.values()):
            sessions.discard(session)
            if not sessions and not future.done():
                future.set_result(_DISCONNECTED)
