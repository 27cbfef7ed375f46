"""The connection interface shared by the stdio and WebSocket transports.

A transport hands each accepted connection to a :data:`ConnectionHandler`. The handler reads
raw messages from :meth:`Connection.incoming` and writes with :meth:`Connection.send`. Both
transports keep what their reader has read in an :class:`Inbox` and what is to be written in
an :class:`OutboundQueue`; only the reading and writing of bytes is their own.

Expectation on the handler (the dispatcher): ``incoming()`` yields the next message as soon as
it has arrived; the handler must not await the *processing* of one request before taking the
next one, or one slow request (a running turn) would block ``thread/list``. Parse, then run
each request as its own task.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol, runtime_checkable

from ._transport_errors import ConnectionClosed

__all__ = [
    "DEFAULT_OUTBOUND_BYTES",
    "DEFAULT_OUTBOUND_CAPACITY",
    "INBOUND_CAPACITY",
    "Connection",
    "ConnectionHandler",
    "Inbox",
    "OutboundQueue",
    "next_connection_id",
]

logger = logging.getLogger("spindle_app_server.transport")

#: Messages a connection may have queued for writing before ``send`` waits (the reference's
#: channel capacity is 128 as well).
DEFAULT_OUTBOUND_CAPACITY = 128
#: Characters a connection may have queued before ``send`` waits (one bigger message passes).
DEFAULT_OUTBOUND_BYTES = 16 << 20

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

#: Messages read ahead of the handler; past this the reader waits, so the transport stops
#: reading (a full pipe or TCP back-pressure on the client).
INBOUND_CAPACITY = 64


class Inbox:
    """The bounded queue from a transport's reader task to :meth:`Connection.incoming`."""

    def __init__(self, capacity: int = INBOUND_CAPACITY) -> None:
        # ``None`` ends the stream.
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=capacity)

    async def put(self, text: str) -> None:
        """Hand one message over; waits while the inbox is full."""
        await self._queue.put(text)

    async def end(self) -> None:
        """The reader has reached EOF: :meth:`messages` ends after what is queued."""
        await self._queue.put(None)

    def end_now(self) -> None:
        """End :meth:`messages` at once; messages not yet taken are dropped."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(None)

    async def messages(self) -> AsyncIterator[str]:
        while True:
            text = await self._queue.get()
            if text is None:
                return
            yield text


class OutboundQueue:
    """Bounded outbound queue drained by one writer task.

    ``put`` waits while ``capacity`` messages, or ``max_bytes`` characters of them, are
    pending (back-pressure; a single message larger than ``max_bytes`` still passes when the
    queue is empty). The writer takes what is queued as one batch and awaits its real write,
    so a connection holds at most twice those bounds however slow its peer is.
    """

    def __init__(
        self,
        write: Callable[[list[str]], Awaitable[None]],
        capacity: int = DEFAULT_OUTBOUND_CAPACITY,
        on_broken: Callable[[], None] | None = None,
        max_bytes: int = DEFAULT_OUTBOUND_BYTES,
    ) -> None:
        if capacity < 1 or max_bytes < 1:
            raise ValueError("capacity and max_bytes must be at least 1")
        self.capacity = capacity
        self.max_bytes = max_bytes
        #: Largest number of pending messages ever observed (tests assert it stays bounded).
        self.high_water = 0
        #: Largest pending size (characters) ever observed.
        self.high_water_bytes = 0
        self._write = write
        self._on_broken = on_broken
        self._items: collections.deque[str] = collections.deque()
        self._bytes = 0
        self._closing = False
        self._stopped = False
        # Set when the writer may have work (items, or closing) / when putters may proceed.
        self._work = asyncio.Event()
        self._space = asyncio.Event()
        self._space.set()
        self._task = asyncio.get_running_loop().create_task(self._run())

    @property
    def pending(self) -> int:
        """Messages queued and not yet taken by the writer."""
        return len(self._items)

    @property
    def pending_bytes(self) -> int:
        """Characters queued and not yet taken by the writer."""
        return self._bytes

    @property
    def closed(self) -> bool:
        return self._closing or self._stopped

    def _full(self, size: int) -> bool:
        if not self._items:
            return False
        return len(self._items) >= self.capacity or self._bytes + size > self.max_bytes

    async def put(self, text: str) -> None:
        """Queue ``text``; waits while full; raises :class:`ConnectionClosed` once closed."""
        size = len(text)
        while True:
            if self.closed:
                raise ConnectionClosed("connection is closed")
            if not self._full(size):
                break
            self._space.clear()
            await self._space.wait()
        self._items.append(text)
        self._bytes += size
        self.high_water = max(self.high_water, len(self._items))
        self.high_water_bytes = max(self.high_water_bytes, self._bytes)
        self._work.set()

    def try_put(self, text: str) -> bool:
        """Queue ``text`` unless the queue is full (then False, nothing queued); never waits.

        Raises :class:`ConnectionClosed` once closed.
        """
        if self.closed:
            raise ConnectionClosed("connection is closed")
        size = len(text)
        if self._full(size):
            return False
        self._items.append(text)
        self._bytes += size
        self.high_water = max(self.high_water, len(self._items))
        self.high_water_bytes = max(self.high_water_bytes, self._bytes)
        self._work.set()
        return True

    def _take_batch(self) -> list[str]:
        batch: list[str] = []
        while self._items and len(batch) < self.capacity:
            batch.append(self._items.popleft())
        self._bytes -= sum(len(text) for text in batch)
        self._space.set()
        return batch

    async def _run(self) -> None:
        try:
            while True:
                if not self._items:
                    if self._closing:
                        return
                    self._work.clear()
                    await self._work.wait()
                    continue
                await self._write(self._take_batch())
        except (ConnectionClosed, OSError) as exc:
            logger.debug("outbound writer stopped: %r", exc)
            if self._on_broken is not None:
                self._on_broken()
        except Exception:
            logger.exception("outbound writer failed")
            if self._on_broken is not None:
                self._on_broken()
        finally:
            self._stopped = True
            self._items.clear()
            self._bytes = 0
            self._space.set()  # wake blocked putters: they now raise ConnectionClosed

    async def aclose(self, flush_timeout: float | None = 5.0) -> None:
        """Stop taking messages, write what is queued (for at most ``flush_timeout`` s)."""
        self._closing = True
        self._work.set()
        self._space.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), flush_timeout)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def abort(self) -> None:
        """Drop whatever is queued; the writer stops at once."""
        self._closing = True
        self._task.cancel()
