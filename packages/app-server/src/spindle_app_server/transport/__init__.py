"""Transports of the app server: stdio (default) and WebSocket.

A transport accepts connections and hands each one to a :data:`ConnectionHandler`. The
handler reads raw messages (one line or text frame each, unparsed) from
``connection.incoming()`` and writes with ``await connection.send(text)``. Each connection
has a bounded outbound queue: ``send`` waits while it is full, so a slow client slows its
producer down instead of growing memory.

The handler is expected to run each request as its own task, so a long request never holds
back the next message on the same connection.
"""

from __future__ import annotations

from ._auth import WsAuth
from ._connection import Connection, ConnectionHandler, OutboundQueue
from ._errors import ConnectionClosed, ListenUrlError, StartupError
from ._listen import ListenTarget, check_listen_allowed, parse_listen
from ._stdio import StdioConnection, serve_stdio
from ._websocket import WebSocketConnection, serve_websocket, websocket_banner

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
