"""Memory startup: choose which recent rollouts the memory pipeline should look at.

The app server calls :func:`run_memory_startup` in the background after a non-empty
``turn/start``, with the thread's live configuration at that moment. This module selects the
rollouts (from the state database, never by scanning the sessions folder): at most
``max_rollouts`` (default 2) threads, updated at most ``max_age_days`` (default 10) days ago,
most recently updated first, skipping the thread that triggered the run.

Phase-1 extraction and phase-2 consolidation are not implemented here; the result reports
the selection only.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

from spindle_state import StateStore, ThreadRecord

__all__ = [
    "DEFAULT_MAX_AGE_DAYS",
    "DEFAULT_MAX_ROLLOUTS",
    "MemoryStartupConfig",
    "MemoryStartupResult",
    "run_memory_startup",
    "select_startup_rollouts",
]

DEFAULT_MAX_ROLLOUTS = 2
DEFAULT_MAX_AGE_DAYS = 10
_DAY_MS = 24 * 60 * 60 * 1000
# Listing pages are at most 100 rows; a page is enough unless many threads are excluded.
_PAGE = 100


@dataclass(frozen=True)
class MemoryStartupConfig:
    """The live configuration a startup run uses (a snapshot of the triggering thread's)."""

    thread_id: str
    cwd: str
    model: str
    model_provider: str
    reasoning_effort: str | None = None
    max_rollouts: int = DEFAULT_MAX_ROLLOUTS
    max_age_days: int = DEFAULT_MAX_AGE_DAYS


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
    exclude_thread_ids: Collection[str] = (),
) -> list[ThreadRecord]:
    """The most recently updated listed threads with a rollout, within the age limit.

    Archived threads and threads without a preview are never selected (they are not
    listed); nor are threads without a rollout path.
    """
    if max_rollouts <= 0:
        return []
    now = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    oldest = now - max_age_days * _DAY_MS
    excluded = set(exclude_thread_ids)
    selected: list[ThreadRecord] = []
    cursor: str | None = None
    while len(selected) < max_rollouts:
        page = store.list_threads(
            limit=_PAGE, sort_key="updated_at", sort_direction="desc", cursor=cursor
        )
        for record in page.items:
            if record.updated_at_ms < oldest:
                return selected
            if record.id in excluded or not record.rollout_path:
                continue
            selected.append(record)
            if len(selected) >= max_rollouts:
                return selected
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return selected


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
