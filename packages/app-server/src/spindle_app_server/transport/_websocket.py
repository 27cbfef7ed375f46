"""The WebSocket transport, on the ``websockets`` library (asyncio API).

HTTP behaviour follows the reference listener (axum), checked in this order:

1. any ``Origin`` header: 403, empty body;
2. ``/healthz`` and ``/readyz``: 200, empty body (also with upgrade headers);
3. any other path is a WebSocket upgrade: the upgrade headers are validated with axum's
   messages (400 ``Connection header did not include 'upgrade'`` for plain HTTP);
4. auth (when configured): 401 with a plain-text reason.

One JSON-RPC message per text frame; binary frames are dropped with a warning.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import errno
import logging
import os
import socket
import struct
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import websockets.exceptions
from websockets.asyncio.server import Server, ServerConnection, serve, unix_serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from ._auth import WsAuth
from ._connection import (
    DEFAULT_OUTBOUND_BYTES,
    DEFAULT_OUTBOUND_CAPACITY,
    ConnectionHandler,
    Inbox,
    OutboundQueue,
    next_connection_id,
)
from ._listen import ListenTarget, format_address
from ._transport_errors import ConnectionClosed, StartupError

__all__ = [
    "DEFAULT_MAX_MESSAGE_BYTES",
    "WebSocketConnection",
    "serve_websocket",
    "websocket_banner",
]

logger = logging.getLogger("spindle_app_server.transport")

#: Largest accepted message, as in the reference (tungstenite's 64 MiB default).
DEFAULT_MAX_MESSAGE_BYTES = 64 << 20
#: Seconds the handlers get to return after ``stop`` before they are cancelled.
DEFAULT_SHUTDOWN_GRACE = 10.0
#: Seconds a full outbound queue may take to get room before its peer counts as stalled and
#: is disconnected (the reference disconnects at once; the grace absorbs bursts).
DEFAULT_SLOW_CLIENT_GRACE = 2.0
#: SO_LINGER on, zero seconds: closing resets the connection and drops unsent data.
_RESET_ON_CLOSE = struct.pack("ii", 1, 0)
_HEALTH_PATHS = frozenset({"/healthz", "/readyz"})
_WS_CLOSE_GOING_AWAY = 1001


class WebSocketConnection:
    """One accepted WebSocket."""

    def __init__(
        self,
        websocket: ServerConnection,
        *,
        outbound_capacity: int = DEFAULT_OUTBOUND_CAPACITY,
        outbound_max_bytes: int = DEFAULT_OUTBOUND_BYTES,
        slow_client_grace: float | None = DEFAULT_SLOW_CLIENT_GRACE,
    ) -> None:
        self.connection_id = next_connection_id()
        self._grace = slow_client_grace
        address = websocket.remote_address
        if isinstance(address, tuple) and len(address) >= 2:
            self.description = format_address(str(address[0]), int(address[1]))
        else:
            # A Unix socket peer has no address (an empty string or tuple).
            self.description = "unix"
        self._websocket = websocket
        self._outbound = OutboundQueue(self._write, outbound_capacity, max_bytes=outbound_max_bytes)
        self._inbox = Inbox()
        self._reader = asyncio.get_running_loop().create_task(self._read_frames())
        self._closed = False

    @property
    def outbound(self) -> OutboundQueue:
        return self._outbound

    def incoming(self) -> AsyncIterator[str]:
        return self._inbox.messages()

    async def _read_frames(self) -> None:
        """One reader per connection: frames go to a small bounded inbox, in order."""
        try:
            async for message in self._websocket:
                if isinstance(message, str):
                    await self._inbox.put(message)
                else:
                    logger.warning("dropping unsupported binary websocket message")
        except websockets.exceptions.ConnectionClosed:
            pass
        await self._inbox.end()

    async def send(self, text: str) -> None:
        """Queue ``text``; a peer so slow that the queue is full is disconnected.

        As the reference: a WebSocket connection never makes the server wait (one stalled
        client must not delay the others); its queue filling up ends the connection.
        """
        if self._closed:
            raise ConnectionClosed("connection is closed")
        if self._outbound.try_put(text):
            return
        if self._grace is None:
            await self._outbound.put(text)  # pure back-pressure (tests of the queue bounds)
            return
        # A burst can fill the queue before its writer runs, and a reader may be a little
        # behind: wait briefly for room. A peer still not reading after that is stalled.
        try:
            await asyncio.wait_for(self._outbound.put(text), self._grace)
            return
        except TimeoutError:
            pass
        logger.warning(
            "disconnecting slow connection after outbound queue filled: %s", self.description
        )
        self._drop()
        raise ConnectionClosed("outbound queue full: slow connection disconnected")

    def _drop(self) -> None:
        """Close at once, dropping what is queued (the peer is not reading anyway)."""
        self._closed = True
        self.stop_reading()
        self._outbound.abort()
        transport = getattr(self._websocket, "transport", None)
        if transport is not None:
            # What the kernel still holds for the peer goes too: a reset, not a FIN behind
            # megabytes trickling out to a reader that does not read.
            sock = transport.get_extra_info("socket")
            if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET_ON_CLOSE)
            transport.abort()

    def stop_reading(self) -> None:
        """End :meth:`incoming` now, without closing the socket; unread frames are dropped."""
        # recv() is cancellation-safe in websockets: cancelling the reader loses no frame
        # that was not already handed over, and the socket stays usable for sending.
        self._reader.cancel()
        self._inbox.end_now()

    async def close(self, flush_timeout: float | None = 5.0, code: int = 1000) -> None:
        if self._closed:
            return
        self._closed = True
        self.stop_reading()
        await self._outbound.aclose(flush_timeout)
        await self._websocket.close(code)

    async def _write(self, batch: list[str]) -> None:
        try:
            for text in batch:
                await self._websocket.send(text)
        except websockets.exceptions.ConnectionClosed as exc:
            raise ConnectionClosed(str(exc)) from exc


def websocket_banner(url: str, *, loopback: bool = True) -> str:
    """The startup banner the reference prints to stderr (its wording, without colours)."""
    address = url.removeprefix("ws://")
    note = (
        "binds localhost only (use SSH port-forwarding for remote access)"
        if loopback
        else "websocket auth is opt-in in this build; configure `--ws-auth ...` before real "
        "remote use"
    )
    return (
        "codex app-server (WebSockets)\n"
        f"  listening on: {url}\n"
        f"  readyz: http://{address}/readyz\n"
        f"  healthz: http://{address}/healthz\n"
        f"  note: {note}\n"
    )


def _response(status: int, reason: str, body: str = "", *, text: bool = False) -> Response:
    payload = body.encode()
    headers = Headers()
    if text:
        headers["Content-Type"] = "text/plain; charset=utf-8"
    headers["Content-Length"] = str(len(payload))
    headers["Connection"] = "close"
    headers["Date"] = email.utils.formatdate(usegmt=True)
    return Response(status, reason, headers, payload)


def _header_has_token(headers: Headers, name: str, token: str) -> bool:
    return any(
        part.strip().lower() == token
        for value in headers.get_all(name)
        for part in value.split(",")
    )


def _upgrade_rejection(headers: Headers) -> str | None:
    """axum's WebSocketUpgrade checks, in its order, with its messages."""
    if not _header_has_token(headers, "Connection", "upgrade"):
        return "Connection header did not include 'upgrade'"
    upgrade = headers.get_all("Upgrade")
    if not upgrade or upgrade[0].strip().lower() != "websocket":
        return "`Upgrade` header did not include 'websocket'"
    version = headers.get_all("Sec-WebSocket-Version")
    if not version or version[0].strip() != "13":
        return "`Sec-WebSocket-Version` header did not include '13'"
    if not headers.get_all("Sec-WebSocket-Key"):
        return "`Sec-WebSocket-Key` header missing"
    return None


def _make_process_request(
    auth: WsAuth | None,
) -> Callable[[ServerConnection, Request], Response | None]:
    def process_request(connection: ServerConnection, request: Request) -> Response | None:
        headers = request.headers
        path = request.path.split("?", 1)[0]
        if headers.get_all("Origin"):
            logger.warning(
                "rejecting websocket listener request with Origin header method=GET uri=%s",
                request.path,
            )
            return _response(status=403, reason="Forbidden")
        if path in _HEALTH_PATHS:
            if request.method not in ("GET", "HEAD"):
                response = _response(status=405, reason="Method Not Allowed")
                response.headers["Allow"] = "GET,HEAD"
                return response
            return _response(status=200, reason="OK")
        if request.method != "GET":
            return _response(
                status=405,
                reason="Method Not Allowed",
                body="Request method must be `GET`",
                text=True,
            )
        rejection = _upgrade_rejection(headers)
        if rejection is not None:
            return _response(status=400, reason="Bad Request", body=rejection, text=True)
        if auth is not None:
            values = headers.get_all("Authorization")
            reason = auth.authorize(values[0] if values else None)
            if reason is not None:
                logger.warning(
                    "rejecting websocket client during upgrade peer_addr=%s message=%s",
                    _peer(connection),
                    reason,
                )
                return _response(status=401, reason="Unauthorized", body=reason, text=True)
        return None

    return process_request


def _peer(connection: ServerConnection) -> str:
    try:
        host, port = connection.remote_address[:2]
    except (TypeError, ValueError):
        return "?"
    return format_address(str(host), int(port))


async def serve_websocket(
    target: ListenTarget,
    auth: WsAuth | None,
    handler: ConnectionHandler,
    stop: asyncio.Event,
    on_ready: Callable[[str], None] | None = None,
    *,
    banner: bool = True,
    outbound_capacity: int = DEFAULT_OUTBOUND_CAPACITY,
    outbound_max_bytes: int = DEFAULT_OUTBOUND_BYTES,
    slow_client_grace: float | None = None,
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
    shutdown_grace: float = DEFAULT_SHUTDOWN_GRACE,
) -> None:
    """Accept WebSocket connections on ``target`` until ``stop`` is set.

    Each connection is passed to ``handler`` in its own task. ``on_ready`` receives the bound
    ``ws://HOST:PORT`` URL (useful with port 0). With ``banner``, the reference's startup
    banner goes to stderr. On ``stop``: no new connections, every ``incoming()`` ends, the
    handlers get ``shutdown_grace`` seconds to return (their queued output is flushed), then
    the remaining ones are cancelled and every socket is closed (1001 going away).
    """
    if target.kind not in ("ws", "unix"):
        raise ValueError(f"not a websocket listen target: {target.url}")
    # Live connections and the task running each one's handler.
    connections: dict[WebSocketConnection, asyncio.Task[object] | None] = {}

    async def on_connection(websocket: ServerConnection) -> None:
        connection = WebSocketConnection(
            websocket,
            outbound_capacity=outbound_capacity,
            outbound_max_bytes=outbound_max_bytes,
            slow_client_grace=DEFAULT_SLOW_CLIENT_GRACE
            if slow_client_grace is None
            else (None if slow_client_grace < 0 else slow_client_grace),
        )
        connections[connection] = asyncio.current_task()
        logger.info("websocket client connected peer_addr=%s", connection.description)
        try:
            await handler(connection)
        except Exception:
            logger.exception("websocket connection handler failed")
        finally:
            connections.pop(connection, None)
            code = _WS_CLOSE_GOING_AWAY if stop.is_set() else 1000
            await connection.close(code=code)

    try:
        if target.kind == "unix":
            # The WebSocket protocol over a Unix domain socket, as the reference's unix://.
            socket_path = Path(target.path)
            socket_path.parent.mkdir(parents=True, exist_ok=True)
            socket_path.unlink(missing_ok=True)
            server = await unix_serve(
                on_connection,
                str(socket_path),
                process_request=_make_process_request(auth),
                server_header=None,
                compression=None,
                max_size=max_message_bytes,
            )
        else:
            server = await serve(
                on_connection,
                target.host,
                target.port,
                process_request=_make_process_request(auth),
                server_header=None,
                compression=None,
                max_size=max_message_bytes,
            )
    except OSError as exc:
        raise StartupError(_os_error_text(exc)) from exc
    try:
        url = _bound_url(server, target)
        logger.info("app-server websocket listening on %s", url)
        if banner and target.kind == "ws":
            sys.stderr.write(websocket_banner(url, loopback=target.is_loopback))
            sys.stderr.flush()
        if on_ready is not None:
            on_ready(url)
        await stop.wait()
    finally:
        await _shutdown(server, connections, shutdown_grace)


# The reference binary is linked with musl, whose strerror() wording differs from glibc's.
_MUSL_STRERROR = {
    errno.EADDRINUSE: "Address in use",
    errno.EADDRNOTAVAIL: "Address not available",
    # Windows reports socket errors with WSA codes.
    getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE): "Address in use",
    getattr(errno, "WSAEADDRNOTAVAIL", errno.EADDRNOTAVAIL): "Address not available",
}


def _os_error_text(exc: OSError) -> str:
    if exc.errno is None:
        return str(exc)
    reason = _MUSL_STRERROR.get(exc.errno) or os.strerror(exc.errno)
    return f"{reason} (os error {exc.errno})"


def _bound_url(server: Server, target: ListenTarget) -> str:
    if target.kind == "unix":
        return target.url
    for sock in server.sockets:
        host, port = sock.getsockname()[:2]
        return f"ws://{format_address(str(host), int(port))}"
    return target.url


async def _shutdown(
    server: Server,
    connections: dict[WebSocketConnection, asyncio.Task[object] | None],
    shutdown_grace: float,
) -> None:
    # Stop accepting; handshakes still in progress get 503 (websockets checks is_serving()).
    server.server.close()
    for connection in list(connections):
        connection.stop_reading()
    tasks = {task for task in connections.values() if task is not None}
    if tasks:
        await asyncio.wait(tasks, timeout=shutdown_grace)
    for connection, task in list(connections.items()):
        logger.warning(
            "websocket handler for %s did not finish within %.1fs; cancelling",
            connection.description,
            shutdown_grace,
        )
        if task is not None:
            task.cancel()
    server.close(close_connections=True)
    await server.wait_closed()
