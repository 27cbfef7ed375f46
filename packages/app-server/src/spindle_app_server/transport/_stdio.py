"""The stdio transport: one JSON message per line on stdin and stdout.

While serving, file descriptor 1 is pointed at stderr so a stray ``print()`` (ours or a
library's) cannot corrupt the protocol stream; frames go to a saved duplicate of the original
stdout. A broken pipe on stdout is a normal close, and stdin EOF ends the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

from ._connection import (
    DEFAULT_OUTBOUND_BYTES,
    DEFAULT_OUTBOUND_CAPACITY,
    ConnectionHandler,
    Inbox,
    OutboundQueue,
    next_connection_id,
)
from ._transport_errors import ConnectionClosed
from ._workers import DaemonWorker

__all__ = ["StdioConnection", "serve_stdio"]

logger = logging.getLogger("spindle_app_server.transport")

READ_CHUNK = 1 << 16
#: Longest accepted line, as large as the WebSocket message limit; longer lines are dropped.
MAX_LINE_BYTES = 64 << 20
#: Seconds the handler gets to return after ``stop`` before it is cancelled.
DEFAULT_SHUTDOWN_GRACE = 10.0


class StdioConnection:
    """The single connection of the stdio transport."""

    def __init__(
        self,
        in_fd: int,
        out_fd: int,
        *,
        outbound_capacity: int = DEFAULT_OUTBOUND_CAPACITY,
        outbound_max_bytes: int = DEFAULT_OUTBOUND_BYTES,
        max_line_bytes: int = MAX_LINE_BYTES,
    ) -> None:
        self.connection_id = next_connection_id()
        self.description = "stdio"
        self._in_fd = in_fd
        self._out_fd = out_fd
        self._max_line_bytes = max_line_bytes
        self._read_worker = DaemonWorker("spindle-stdin")
        self._write_worker = DaemonWorker("spindle-stdout")
        self._inbox = Inbox()
        # A broken stdout pipe means the client is gone: stop reading too.
        self._outbound = OutboundQueue(
            self._write,
            outbound_capacity,
            on_broken=self.stop_reading,
            max_bytes=outbound_max_bytes,
        )
        self._reader_task = asyncio.get_running_loop().create_task(self._read_lines())
        self._closed = False

    @property
    def outbound(self) -> OutboundQueue:
        return self._outbound

    def incoming(self) -> AsyncIterator[str]:
        return self._inbox.messages()

    async def send(self, text: str) -> None:
        await self._outbound.put(text)

    def stop_reading(self) -> None:
        """End :meth:`incoming` now; lines not yet taken are dropped."""
        self._reader_task.cancel()
        self._inbox.end_now()

    async def close(self, flush_timeout: float | None = 5.0) -> None:
        if self._closed:
            return
        self._closed = True
        self.stop_reading()
        await self._outbound.aclose(flush_timeout)
        self._read_worker.stop()
        self._write_worker.stop()

    @property
    def write_stuck(self) -> bool:
        return self._write_worker.busy

    async def _read_lines(self) -> None:
        buffer = bytearray()
        discarding = False  # inside a line that already went past MAX_LINE_BYTES
        try:
            while True:
                chunk = await self._read_worker.run(lambda: os.read(self._in_fd, READ_CHUNK))
                if not chunk:
                    break
                scan_from = len(buffer)  # only the new bytes can hold a newline
                buffer += chunk
                start = 0
                while (end := buffer.find(b"\n", max(start, scan_from))) != -1:
                    if discarding:
                        discarding = False
                    else:
                        await self._deliver(bytes(buffer[start:end]))
                    start = end + 1
                del buffer[:start]
                if len(buffer) > self._max_line_bytes:
                    if not discarding:
                        logger.error(
                            "dropping a stdin line longer than %d bytes", self._max_line_bytes
                        )
                    discarding = True
                    buffer.clear()
        except OSError as exc:
            logger.warning("stdin read failed: %s", exc)
        if buffer and not discarding:
            # The last line may lack its newline; like the reference, it still counts.
            await self._deliver(bytes(buffer))
        await self._inbox.end()

    async def _deliver(self, line: bytes) -> None:
        try:
            text = line.removesuffix(b"\r").decode("utf-8")
        except UnicodeDecodeError as exc:
            logger.error("Failed to deserialize JSONRPCMessage: invalid UTF-8: %s", exc)
            return
        await self._inbox.put(text)

    async def _write(self, batch: list[str]) -> None:
        # One thread hop and one write per batch: cheap when many messages are queued.
        data = "".join(text + "\n" for text in batch).encode("utf-8")
        try:
            await self._write_worker.run(lambda: _write_all(self._out_fd, data))
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise ConnectionClosed("stdout closed") from exc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


async def serve_stdio(
    handler: ConnectionHandler,
    stop: asyncio.Event,
    *,
    outbound_capacity: int = DEFAULT_OUTBOUND_CAPACITY,
    outbound_max_bytes: int = DEFAULT_OUTBOUND_BYTES,
    max_line_bytes: int = MAX_LINE_BYTES,
    shutdown_grace: float = DEFAULT_SHUTDOWN_GRACE,
) -> None:
    """Serve one connection on stdin/stdout until stdin EOF, or ``stop``.

    On stdin EOF the handler sees ``incoming()`` end and returns; its queued output is then
    flushed. On ``stop``, ``incoming()`` ends at once and the handler gets ``shutdown_grace``
    seconds to return before it is cancelled.
    """
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)
    connection: StdioConnection | None = None
    try:
        connection = StdioConnection(
            0,  # in_fd
            saved_stdout,
            outbound_capacity=outbound_capacity,
            outbound_max_bytes=outbound_max_bytes,
            max_line_bytes=max_line_bytes,
        )
        await _run_handler(connection, handler, stop, shutdown_grace)
        await connection.close()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os.dup2(saved_stdout, 1)
        if not (connection is not None and connection.write_stuck):
            # A write still blocked on a stalled pipe keeps its fd; never let it be reused.
            os.close(saved_stdout)


async def _run_handler(
    connection: StdioConnection,
    handler: ConnectionHandler,
    stop: asyncio.Event,
    shutdown_grace: float,
) -> None:
    task: asyncio.Future[Any] = asyncio.ensure_future(handler(connection))
    stopper: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait([task, stopper], return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            connection.stop_reading()
            await asyncio.wait({task}, timeout=shutdown_grace)
        if not task.done():
            logger.warning("stdio handler did not finish within %.1fs; cancelling", shutdown_grace)
            task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        if not task.cancelled() and (exc := task.exception()) is not None:
            logger.error("stdio connection handler failed", exc_info=exc)
    finally:
        stopper.cancel()
