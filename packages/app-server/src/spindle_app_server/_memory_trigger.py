"""Starts memory startup in the background after a non-empty ``turn/start``.

Only ``turn/start`` with real input triggers it (never thread start, resume, fork or load).
The run gets a snapshot of the thread's live settings at that moment and runs off the event
loop, so it never delays the turn. One run at a time; a trigger while one runs is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from spindle_memories import MemoryStartupConfig, MemoryStartupResult, run_memory_startup

if TYPE_CHECKING:
    from ._server import AppServer
    from ._threads import LoadedThread

__all__ = ["MemoryTrigger"]

log = logging.getLogger("spindle_app_server.memory")


class MemoryTrigger:
    def __init__(self, server: AppServer) -> None:
        self._server = server
        self._running: asyncio.Task[MemoryStartupResult] | None = None
        self.triggered = 0

    def trigger(self, thread: LoadedThread) -> bool:
        """Start a run for ``thread``'s live settings; False when one is already running."""
        if self._running is not None and not self._running.done():
            log.info("memory startup already running; skipped for thread %s", thread.id)
            return False
        settings = thread.settings
        config = MemoryStartupConfig(
            thread_id=thread.id,
            cwd=settings.cwd,
            model=settings.model,
            model_provider=settings.model_provider,
            reasoning_effort=settings.reasoning_effort,
        )
        self.triggered += 1
        log.info(
            "memory startup started thread_id=%s model=%s model_provider=%s reasoning_effort=%s",
            config.thread_id,
            config.model,
            config.model_provider,
            config.reasoning_effort,
        )
        self._running = self._server.spawn(self._run(config), name="memory-startup")
        return True

    async def _run(self, config: MemoryStartupConfig) -> MemoryStartupResult:
        result = await asyncio.to_thread(run_memory_startup, self._server.store, config)
        log.info(
            "memory startup selected %d rollout(s) for thread_id=%s: %s",
            len(result.selected),
            config.thread_id,
            ", ".join(r.id for r in result.selected) or "-",
        )
        return result

    async def wait_idle(self, timeout: float) -> None:
        running = self._running
        if running is not None and not running.done():
            await asyncio.wait({running}, timeout=timeout)
