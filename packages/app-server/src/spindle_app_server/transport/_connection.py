"""The connection interface shared by the stdio and WebSocket transports.

A transport hands each accepted connection to a :data:`ConnectionHandler`. The handler reads
raw messages from :meth:`Connection.incoming` and writes with :meth:`Connection.send`.

Expectation on the handler (the dispatcher): ``incoming()`` yields the next message as soon as
it has arrived; the handler must not await the *processing* of one request before taking the
next one, or one slow request (a running turn) would block ``thread/list``. Parse, then run
each request as its own task.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, runtime_checkable

from ._errors import ConnectionClosed

__all__ = [
    "DEFAULT_OUTBOUND_CAPACITY",
    "Connection",
    "ConnectionHandler",
    "OutboundQueue",
    "next_connection_id",
]

logger = logging.getLogger("spindle_app_server.transport")

#: Messages a connection may have queued for writing before ``send`` waits (the reference's
#: channel capacity is 128 as well).
DEFAULT_OUTBOUND_CAPACITY = 128

_connection_ids = itertools.count(1)


def next_connection_id() -> int:
    """Process-wide unique connection id, shared by all transports."""
    return next(_connection_ids)


@runtime_checkable
class Connection(Protocol):
    """One client connection: stdio, or one WebSocket."""

    connection_id: int
    description: str

    def incoming(self) -> AsyncIterator[str]:
        """Raw text of each line or text frame, unparsed; ends at EOF or close."""
        ...

    async def send(self, text: str) -> None:
        """Queue one JSON message; waits while the outbound queue is full.

        Raises :class:`ConnectionClosed` once the connection is closed.
        """
        ...

    async def close(self) -> None:
        """Close the connection; pending outbound messages are flushed when possible."""
        ...


ConnectionHandler = Callable[[Connection], Awaitable[None]]


class OutboundQueue:
    """Bounded outbound queue drained by one writer task.

    ``put`` waits while ``capacity`` messages are pending (back-pressure). The writer takes
    what is queued (at most ``capacity`` messages at once) and awaits the real write of that
    batch, so a connection holds at most twice ``capacity`` messages however slow its peer.
    """

    def __init__(
        self,
        write: Callable[[list[str]], Awaitable[None]],
        capacity: int,
        on_broken: Callable[[], None] | None = None,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        #: Largest number of pending messages ever observed (tests assert it stays bounded).
        self.high_water = 0
        self._write = write
        self._on_broken = on_broken
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=capacity)
        self._closing = False
        self._stopped = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._run())

    @property
    def pending(self) -> int:
        """Messages queued and not yet taken by the writer."""
        return self._queue.qsize()

    @property
    def closed(self) -> bool:
        return self._closing or self._stopped.is_set()

    async def put(self, text: str) -> None:
        """Queue ``text``; waits while full; raises :class:`ConnectionClosed` once closed."""
        if self.closed:
            raise ConnectionClosed("connection is closed")
        if self._queue.full():
            put = asyncio.ensure_future(self._queue.put(text))
            stopped = asyncio.ensure_future(self._stopped.wait())
            try:
                await asyncio.wait({put, stopped}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopped.cancel()
                if not put.done():
                    put.cancel()
            if put.cancelled() or not put.done():
                raise ConnectionClosed("connection is closed")
        else:
            self._queue.put_nowait(text)
        self.high_water = max(self.high_water, self._queue.qsize())

    async def _run(self) -> None:
        try:
            while not (self._closing and self._queue.empty()):
                first = await self._queue.get()
                batch = [] if first is None else [first]
                while len(batch) < self.capacity and not self._queue.empty():
                    text = self._queue.get_nowait()
                    if text is not None:
                        batch.append(text)
                if batch:
                    await self._write(batch)
        except (ConnectionClosed, OSError) as exc:
            logger.debug("outbound writer stopped: %r", exc)
            if self._on_broken is not None:
                self._on_broken()
        except Exception:
            logger.exception("outbound writer failed")
            if self._on_broken is not None:
                self._on_broken()
        finally:
            self._stopped.set()

    async def aclose(self, flush_timeout: float | None = 5.0) -> None:
        """Stop taking messages, write what is queued (for at most ``flush_timeout`` s)."""
        self._closing = True
        with contextlib.suppress(asyncio.QueueFull):
            # Wakes a writer idle on an empty queue; a full queue is drained first anyway.
            self._queue.put_nowait(None)
        try:
            await asyncio.wait_for(asyncio.shield(self._task), flush_timeout)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def abort(self) -> None:
        """Drop whatever is queued; the writer stops at once."""
        self._closing = True
        self._task.cancel()
