"""The whole memory pipeline for one startup: prune, phase 1, then phase 2.

The server builds a :class:`MemoryServices` once (its stores, its model call and its
consolidation-agent runner) and, after a non-empty ``turn/start``, runs
:func:`run_memory_pipeline` in the background with the triggering thread's live settings.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from spindle_state import MemoryStore, StateStore

from spindle_memories._config import PRUNE_BATCH_SIZE, MemoriesConfig
from spindle_memories._interfaces import ConsolidationAgent, StageOneModel
from spindle_memories._phase1 import Phase1Report, run_phase1
from spindle_memories._phase2 import Phase2Report, memory_root, run_phase2

log = logging.getLogger("spindle_memories.pipeline")


@dataclass(frozen=True, slots=True)
class MemoryServices:
    """What the pipeline runs on: the stores, the server's model call and agent runner,
    and the spindle home (memories live in ``<home>/memories``)."""

    state: StateStore
    memories: MemoryStore
    model: StageOneModel
    agent: ConsolidationAgent
    home: Path

    @property
    def root(self) -> Path:
        return memory_root(self.home)


@dataclass(frozen=True, slots=True)
class MemoryPipelineReport:
    pruned: int
    phase1: Phase1Report
    phase2: Phase2Report


def default_worker_id(thread_id: str | None) -> str:
    return f"pid:{os.getpid()}:{thread_id or '-'}"


async def run_memory_pipeline(
    services: MemoryServices,
    *,
    current_thread_id: str | None,
    config: MemoriesConfig | None = None,
    worker_id: str | None = None,
    context_window: int | None = None,
) -> MemoryPipelineReport:
    """Prune stale outputs, run phase 1, then phase 2; returns every outcome."""
    settings = (config or MemoriesConfig()).normalized()
    worker = worker_id or default_worker_id(current_thread_id)
    pruned = await asyncio.to_thread(
        services.memories.prune_stage1_outputs,
        max_unused_days=settings.max_unused_days,
        limit=PRUNE_BATCH_SIZE,
    )
    if pruned:
        log.info("memory startup pruned %d stale stage-1 output(s)", pruned)
    phase1 = await run_phase1(
        services.state,
        services.memories,
        services.model,
        worker_id=worker,
        current_thread_id=current_thread_id,
        config=settings,
        context_window=context_window,
    )
    phase2 = await run_phase2(
        services.state,
        services.memories,
        services.agent,
        root=services.root,
        worker_id=worker,
        config=settings,
    )
    return MemoryPipelineReport(pruned, phase1, phase2)
