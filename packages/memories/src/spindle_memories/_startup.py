"""Memory startup: choose which recent rollouts the memory pipeline should look at.

The app server calls :func:`run_memory_startup` in the background after a non-empty
``turn/start``, with the thread's live configuration at that moment. This module selects the
rollouts (from the state database, never by scanning the sessions folder) with the phase-1
selection rules: at most ``max_rollouts`` (default 2) interactive threads, updated at most
``max_age_days`` (default 10) days ago and at least ``min_idle_hours`` (default 6) ago, most
recently updated first, skipping the thread that triggered the run.

The result reports the selection only; :func:`~spindle_memories.run_memory_pipeline` runs
the pipeline itself (prune, phase 1, phase 2).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from spindle_state import MemoryStore, StateStore, ThreadRecord

# The startup's config lives in the light _config module: the server builds one on its
# event loop without importing the selection and phase 1.
from spindle_memories._config import (
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_ROLLOUTS,
    DEFAULT_MIN_IDLE_HOURS,
    MemoriesConfig,
    MemoryStartupConfig,
)
from spindle_memories._phase1 import select_candidates

__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "DEFAULT_MAX_ROLLOUTS",
    "DEFAULT_MIN_IDLE_HOURS",
    "MemoryStartupConfig",
    "MemoryStartupResult",
    "run_memory_startup",
    "select_startup_rollouts",
]


@dataclass(frozen=True)
class MemoryStartupResult:
    """What a startup run did: the rollouts it selected."""

    config: MemoryStartupConfig
    selected: list[ThreadRecord] = field(default_factory=list)


def select_startup_rollouts(
    store: StateStore,
    *,
    now_ms: int | None = None,
    max_rollouts: int = DEFAULT_MAX_ROLLOUTS,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    min_idle_hours: int = DEFAULT_MIN_IDLE_HOURS,
    exclude_thread_ids: Collection[str] = (),
    memories: MemoryStore | None = None,
) -> list[ThreadRecord]:
    """The rollouts phase 1 would consider first (see the module docstring).

    Archived threads and threads without a preview are never selected (they are not
    listed); nor are threads without a rollout path, from a non-interactive source, or
    (given a memory store) whose memory mode is not ``enabled``.
    """
    if max_rollouts <= 0:
        return []
    config = MemoriesConfig(
        max_rollouts_per_startup=max_rollouts,
        max_rollout_age_days=max_age_days,
        min_rollout_idle_hours=min_idle_hours,
    ).normalized()
    return select_candidates(
        store,
        memories,
        current_thread_id=None,
        config=config,
        now_ms=now_ms,
        exclude_thread_ids=exclude_thread_ids,
        # Only the first few are taken: a home with thousands of recent threads is not read
        # whole after every turn.
        enough=config.max_rollouts_per_startup,
    )


def run_memory_startup(
    store: StateStore, config: MemoryStartupConfig, *, now_ms: int | None = None
) -> MemoryStartupResult:
    """One startup run: select the rollouts to consider (see the module docstring)."""
    selected = select_startup_rollouts(
        store,
        now_ms=now_ms,
        max_rollouts=config.max_rollouts,
        max_age_days=config.max_age_days,
        exclude_thread_ids=(config.thread_id,),
    )
    return MemoryStartupResult(config=config, selected=selected)
