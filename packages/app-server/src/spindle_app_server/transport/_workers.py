"""A daemon worker thread that runs blocking calls for the event loop.

The stdio transport reads and writes its file descriptors through these workers. They are
daemon threads (not the loop's default executor) on purpose: a read blocked on a terminal
or a write blocked on a stalled pipe must never keep the process alive at shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[Callable[[], Any], "asyncio.Future[Any]", asyncio.AbstractEventLoop] | None


class DaemonWorker:
    """Runs one blocking callable at a time, in order, on a daemon thread."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.busy = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    async def run(self, func: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.put((func, future, loop))
        return await future

    def stop(self) -> None:
        """Let the thread exit after the job it is running (if that job ever returns)."""
        self._jobs.put(None)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            func, future, loop = job
            self.busy = True
            try:
                result = func()
            except BaseException as exc:
                _deliver(loop, future, result=None, exc=exc)
            else:
                _deliver(loop, future, result, exc=None)
            finally:
                self.busy = False


def _deliver(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future[Any],
    result: Any,
    exc: BaseException | None,
) -> None:
    def settle() -> None:
        if future.done():
            return
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)

    # The loop may already be closed when a late read or write finishes during shutdown.
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(settle)
