"""One client connection's session: handshake state, capabilities, subscriptions, output."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from spindle_protocol.jsonrpc import (
    Request,
    RequestId,
    encode,
    encode_error,
    encode_notification,
    encode_response,
)

from .transport import ConnectionClosed

if TYPE_CHECKING:
    from .transport import Connection

__all__ = ["RequestId", "Session"]

log = logging.getLogger(__name__)


class Session:
    """Per-connection state. Each connection initializes on its own."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.initialized = False
        self.experimental_api = False
        self.client_name = ""
        self.client_version = ""
        self.opted_out_notifications: frozenset[str] = frozenset()
        self.closed = False
        self.close_hooks_done = False

    @property
    def id(self) -> int:
        return self.connection.connection_id

    async def _send(self, text: str) -> None:
        if self.closed:
            return
        try:
            await self.connection.send(text)
        except ConnectionClosed:
            self.closed = True

    async def respond(self, request_id: RequestId, result: Any) -> None:
        await self._send(encode_response(request_id, result))

    async def respond_error(
        self, request_id: RequestId, code: int, message: str, data: Any = None
    ) -> None:
        await self._send(encode_error(request_id, code, message, data))

    async def send_request(self, request_id: RequestId, method: str, params: Any) -> None:
        """A server-to-client request; its answer is routed by :class:`ServerRequests`."""
        await self._send(encode(Request(request_id, method, params)))

    async def notify(self, method: str, params: Any) -> None:
        if method in self.opted_out_notifications:
            return
        await self._send(encode_notification(method, params))
