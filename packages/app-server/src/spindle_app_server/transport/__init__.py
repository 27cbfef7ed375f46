"""Transports of the app server: stdio (default) and WebSocket.

A transport accepts connections and hands each one to a :data:`ConnectionHandler`:

- ``connection.incoming()`` yields the raw text of each line or text frame, unparsed, as soon
  as it arrives, and ends at EOF, when the peer closes, or when the server stops;
- ``await connection.send(text)`` queues one JSON message. Each connection has its own
  bounded outbound queue (128 messages and 16 MiB by default): ``send`` waits while it is
  full, so a slow client slows its producer down instead of growing memory. After the
  connection closed, ``send`` raises :class:`ConnectionClosed`.

What the handler (the dispatcher) must do: take the next message without waiting for the
previous request to finish, i.e. run each request as its own task; and return once
``incoming()`` ends (after finishing or cancelling its in-flight work). On ``stop`` the
transports end every ``incoming()``, give handlers a grace period (10 s) to return and flush
their output, then cancel them.

``serve_stdio`` diverts fd 1 to stderr while serving. ``serve_websocket`` prints the
reference's startup banner (``listening on: ws://HOST:PORT``) to stderr and passes the bound
URL to ``on_ready``; it answers health checks, Origin (403) and auth (401) like the reference.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spindle_protocol.exports import lazy_exports

from ._connection import Connection, ConnectionHandler, OutboundQueue
from ._listen import ListenTarget, check_listen_allowed, parse_listen
from ._transport_errors import ConnectionClosed, ListenUrlError, StartupError

if TYPE_CHECKING:
    from ._auth import WsAuth
    from ._stdio import StdioConnection, serve_stdio
    from ._websocket import WebSocketConnection, serve_websocket, websocket_banner

# The WebSocket server and JWT libraries load only when a WebSocket listener (or its auth)
# is used: a stdio server starts without them.
_LAZY = {
    "StdioConnection": "._stdio",
    "WebSocketConnection": "._websocket",
    "WsAuth": "._auth",
    "serve_stdio": "._stdio",
    "serve_websocket": "._websocket",
    "websocket_banner": "._websocket",
}

__getattr__, __dir__ = lazy_exports(__name__, _LAZY)


__all__ = [
    "Connection",
    "ConnectionClosed",
    "ConnectionHandler",
    "ListenTarget",
    "ListenUrlError",
    "OutboundQueue",
    "StartupError",
    "StdioConnection",
    "WebSocketConnection",
    "WsAuth",
    "check_listen_allowed",
    "parse_listen",
    "serve_stdio",
    "serve_websocket",
    "websocket_banner",
]
