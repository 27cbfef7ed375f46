"""The server's side of memories: startup after real input, memory blocks, citations, modes.

- **Startup.** Only ``turn/start`` with non-empty input on a non-ephemeral thread triggers it
  (never thread start, resume, fork or load; sub-agent turns do not go through
  ``turn/start``). The run gets a snapshot of the thread's live settings at that moment and
  runs in the background once that turn is over, off its path. One run at a time; a
  trigger while one runs (or waits for its turn) is skipped. With ``[features] memories``
  on (off by default, as the reference) it runs the whole pipeline
  (:func:`spindle_memories.run_memory_pipeline`: prune, phase 1, phase 2) on the
  :class:`~spindle_memories.MemoryServices` built once per server; with it off, only the
  rollout selection is computed and logged.
- **New threads** (``thread/start``) get the ``## Memory`` block in their developer
  instructions when the feature and ``[memories] use_memories`` are on and
  ``memory_summary.md`` is not empty. A thread started while ``generate_memories = false``
  gets memory mode ``disabled``, so phase 1 never reads it.
- **After each turn** the memories its final answer cites count as used; with
  ``disable_on_external_context``, a turn that searched the web marks its thread
  ``polluted``.
- **Deleting a thread** forgets its memory data (output, stage-1 job, mode).
- **Shutdown** waits briefly for a run, then cancels it: a running consolidation agent is
  interrupted and its thread closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

# The pipeline itself (phases, workspace, dulwich) is imported by the methods that run it,
# on first use: a start and a turn need only the config and the thread-source constant.
from spindle_memories import CONSOLIDATION_THREAD_SOURCE, MemoriesConfig, MemoryStartupConfig
from spindle_state import memories_database_path

from ._database_files import LazyDatabase
from ._memory_services import (
    MemoryRunSettings,
    MemoryRunSlot,
    ServerConsolidationAgent,
    ServerStageOneModel,
)

if TYPE_CHECKING:
    from spindle_memories import (
        MemoryPipelineReport,
        MemoryServices,
        MemoryStartupResult,
    )
    from spindle_state import MemoryMode, MemoryStore, StateStore

    from ._config import Config
    from ._server import AppServer
    from ._threads import LoadedThread

__all__ = [
    "MEMORIES_FEATURE",
    "MemoryTrigger",
    "disabled_on_external_context",
    "memories_config",
    "memories_enabled",
]

log = logging.getLogger("spindle_app_server.memory")

_T = TypeVar("_T")

MEMORIES_FEATURE: Final = "memories"
"""The ``[features]`` flag gating the pipeline and the memory block; off unless set."""

_CITATION_TAG: Final = "<oai-mem-citation>"
_BOOL_KEYS: Final = ("generate_memories", "use_memories")
_INT_KEYS: Final = (
    "max_raw_memories_for_consolidation",
    "max_unused_days",
    "max_rollout_age_days",
    "max_rollouts_per_startup",
    "min_rollout_idle_hours",
)
_STR_KEYS: Final = ("extract_model", "consolidation_model")


def disabled_on_external_context(raw: Mapping[str, Any]) -> bool:
    """``[memories] disable_on_external_context`` (or its older name)."""
    table = raw.get("memories")
    if not isinstance(table, Mapping):
        return False
    for key in ("disable_on_external_context", "no_memories_if_mcp_or_web_search"):
        if isinstance(table.get(key), bool):
            return bool(table[key])
    return False


def memories_enabled(config: Config) -> bool:
    return bool(config.features.get(MEMORIES_FEATURE, False))


def memories_config(raw: Mapping[str, Any]) -> MemoriesConfig:
    """The ``[memories]`` table (reference keys and defaults; ranges clamped)."""
    table = raw.get("memories")
    if not isinstance(table, Mapping):
        return MemoriesConfig()
    values: dict[str, Any] = {}
    for key in _BOOL_KEYS:
        if isinstance(table.get(key), bool):
            values[key] = table[key]
    for key in _INT_KEYS:
        value = table.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            values[key] = value
    for key in _STR_KEYS:
        value = table.get(key)
        if isinstance(value, str) and value:
            values[key] = value
    return MemoriesConfig(**values).normalized()


async def _after(turn: asyncio.Future[Any] | None, run: Coroutine[Any, Any, _T]) -> _T:
    """``run``, once ``turn`` is done (None: at once)."""
    try:
        if turn is not None and not turn.done():
            await asyncio.wait({turn})
    except BaseException:
        run.close()  # cancelled while waiting: the run never starts
        raise
    return await run


def _select_startup_rollouts(store: StateStore, config: MemoryStartupConfig) -> MemoryStartupResult:
    """The startup's rollout selection (run on a worker thread, which imports it)."""
    from spindle_memories import run_memory_startup

    return run_memory_startup(store, config)


def _import_pipeline() -> None:
    from spindle_memories import MemoryServices, run_memory_pipeline

    del MemoryServices, run_memory_pipeline


def _open_memory_store(home: Path) -> MemoryStore:
    from spindle_state import open_memory_store

    return open_memory_store(home)


class MemoryTrigger:
    def __init__(self, server: AppServer) -> None:
        self._server = server
        self._running: asyncio.Task[Any] | None = None
        self._database = LazyDatabase(
            memories_database_path(server.home), functools.partial(_open_memory_store, server.home)
        )
        config = server.config
        self._slot = MemoryRunSlot(
            MemoryRunSettings(
                thread_id=None, model=config.model, model_provider=config.model_provider
            )
        )
        self._agent = ServerConsolidationAgent(server, self._slot)
        self._services: MemoryServices | None = None
        self._side_tasks: set[asyncio.Task[Any]] = set()
        self.triggered = 0
        self.last_report: MemoryPipelineReport | None = None

    # -- configuration ----------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return memories_enabled(self._server.config)

    def settings(self) -> MemoriesConfig:
        return memories_config(self._server.config.raw)

    # -- stores and services ----------------------------------------------------------------

    async def store(self) -> MemoryStore:
        """The memories database (opened, and migrated, on first use)."""
        return await self._database.store()

    async def services(self) -> MemoryServices:
        """The pipeline's stores, model call and agent runner (built once)."""
        if self._services is None:
            from spindle_memories import MemoryServices

            self._services = MemoryServices(
                state=self._server.store,
                memories=await self.store(),
                model=ServerStageOneModel(self._server, self._slot),
                agent=self._agent,
                home=self._server.home,
            )
        return self._services

    # -- startup ----------------------------------------------------------------------------

    def trigger(self, thread: LoadedThread, after: asyncio.Future[Any] | None = None) -> bool:
        """Start a run for ``thread``'s live settings (taken now), once ``after`` (the turn
        that triggered it) is over: the run's database work and model calls never compete
        with that turn for the interpreter or the provider. False when a run is already
        under way or waiting."""
        if self._running is not None and not self._running.done():
            log.info("memory startup already running; skipped for thread %s", thread.id)
            return False
        settings = thread.settings
        self.triggered += 1
        log.info(
            "memory startup started thread_id=%s model=%s model_provider=%s reasoning_effort=%s",
            thread.id,
            settings.model,
            settings.model_provider,
            settings.reasoning_effort,
        )
        if self.enabled:
            run = MemoryRunSettings(
                thread.id, settings.model, settings.model_provider, thread.view.originator
            )
            coro: Any = self._run_pipeline(run, self.settings())
        else:
            coro = self._run_selection(
                MemoryStartupConfig(
                    thread_id=thread.id,
                    cwd=settings.cwd,
                    model=settings.model,
                    model_provider=settings.model_provider,
                    reasoning_effort=settings.reasoning_effort,
                )
            )
        self._running = self._server.spawn(_after(after, coro), name="memory-startup")
        return True

    async def _run_selection(self, config: MemoryStartupConfig) -> MemoryStartupResult:
        result = await asyncio.to_thread(_select_startup_rollouts, self._server.store, config)
        log.info(
            "memory startup selected %d rollout(s) for thread_id=%s: %s",
            len(result.selected),
            config.thread_id,
            ", ".join(r.id for r in result.selected) or "-",
        )
        return result

    async def _run_pipeline(
        self, run: MemoryRunSettings, config: MemoriesConfig
    ) -> MemoryPipelineReport:
        from .turns import context_window

        # The pipeline's modules (phases, workspace, dulwich) load off the event loop.
        await asyncio.to_thread(_import_pipeline)
        from spindle_memories import run_memory_pipeline

        services = await self.services()
        self._slot.current = run
        report = await run_memory_pipeline(
            services,
            current_thread_id=run.thread_id,
            config=config,
            context_window=context_window(self._server),
        )
        self.last_report = report
        _log_report(report)
        return report

    async def run_now(
        self, run: MemoryRunSettings, config: MemoriesConfig | None = None
    ) -> MemoryPipelineReport:
        """Run the whole pipeline now, in the caller's task (``spindle memories run``)."""
        return await self._run_pipeline(run, config or self.settings())

    # -- threads ----------------------------------------------------------------------------

    def thread_started(self, thread: LoadedThread) -> None:
        """A new thread (``thread/start``): its memory block and its memory mode."""
        if thread.view.ephemeral or thread.view.thread_source == CONSOLIDATION_THREAD_SOURCE:
            return
        config = self.settings()
        if self.enabled and config.use_memories:
            from spindle_memories import build_memory_instructions, memory_root

            block = build_memory_instructions(memory_root(self._server.home))
            if block is not None:
                thread.settings.memory_instructions = block
        if not config.generate_memories:
            from spindle_state import MemoryMode

            self._side_task(self._set_mode(thread.id, MemoryMode.DISABLED), "memory-mode")

    async def _set_mode(self, thread_id: str, mode: MemoryMode) -> None:
        store = await self.store()
        await asyncio.to_thread(store.set_memory_mode, thread_id, mode)

    def turn_finished(self, thread: LoadedThread) -> None:
        """Count the memories the turn's final answer cites as used; with
        ``disable_on_external_context``, a turn that searched the web marks its thread
        ``polluted`` (spindle has no MCP servers, the other external context)."""
        if thread.view.ephemeral or not thread.turns:
            return
        turn = thread.turns[-1]
        if disabled_on_external_context(self._server.config.raw) and any(
            item.get("type") == "webSearch" for item in turn.items
        ):
            self._side_task(self._mark_polluted(thread.id), "memory-mode")
        if not self.enabled:
            return
        item = turn.final_agent_item()
        text = item.get("text") if item is not None else None
        if not isinstance(text, str) or _CITATION_TAG not in text:
            return
        self._side_task(self._record_citations(text), "memory-citations")

    async def _mark_polluted(self, thread_id: str) -> None:
        store = await self.store()
        if await asyncio.to_thread(store.mark_thread_memory_polluted, thread_id):
            log.info("thread %s used external context: memory mode polluted", thread_id)

    async def _record_citations(self, text: str) -> None:
        from spindle_memories import memory_root, record_citations

        store = await self.store()
        cited = await asyncio.to_thread(
            record_citations, store, text, memory_root(self._server.home)
        )
        if cited:
            log.info("memory citations recorded for %s", ", ".join(cited))

    async def thread_deleted(self, thread_id: str) -> None:
        """Forget a deleted thread's memory data (nothing to do without a database)."""
        store = await self._database.existing()
        if store is None:
            return
        await asyncio.to_thread(store.delete_thread_memory_data, thread_id)

    def _side_task(self, coro: Any, name: str) -> None:
        task = self._server.spawn(coro, name=name)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    # -- shutdown ---------------------------------------------------------------------------

    async def wait_idle(self, timeout: float) -> None:
        """Let a run finish for up to ``timeout`` seconds, then cancel it; a consolidation
        agent still running is interrupted and its thread closed."""
        pending = {t for t in (self._running, *self._side_tasks) if t is not None and not t.done()}
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        running = self._running
        if running is not None and not running.done():
            log.info("memory startup still running at shutdown; cancelling it")
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await running
        await self._agent.stop_all()
        # Nothing uses the memories database after shutdown; Windows locks open files.
        self._database.close()


def _log_report(report: MemoryPipelineReport) -> None:
    phase1 = report.phase1
    log.info(
        "memory startup finished: pruned=%d phase1 claims=%s jobs=%s phase2 outcome=%s "
        "status=%s selected=%d%s",
        report.pruned,
        ",".join(f"{a.thread_id}:{a.outcome.value}" for a in phase1.attempts) or "-",
        ",".join(f"{j.thread_id}:{j.status.value}" for j in phase1.jobs) or "-",
        report.phase2.outcome.value,
        report.phase2.status.value,
        len(report.phase2.selected),
        f" error={report.phase2.error}" if report.phase2.error else "",
    )
