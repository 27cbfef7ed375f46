"""Memory startup selection against a real SQLite state database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spindle_memories import (
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_ROLLOUTS,
    MemoryStartupConfig,
    run_memory_startup,
    select_startup_rollouts,
)
from spindle_state import NewThread, StateStore, open_store

DAY_MS = 24 * 60 * 60 * 1000
NOW = 1_800_000_000_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StateStore]:
    opened = open_store(tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def _thread(store: StateStore, n: int, age_days: float, **kwargs: object) -> str:
    thread_id = f"01a2241e-0000-7000-8000-{n:012d}"
    stamp = NOW - int(age_days * DAY_MS)
    fields: dict[str, object] = {
        "rollout_path": f"/r/{n}.jsonl",
        "preview": f"thread {n}",
        "created_at_ms": stamp,
        "updated_at_ms": stamp,
    }
    fields.update(kwargs)
    store.create_thread(NewThread(id=thread_id, **fields))  # type: ignore[arg-type]
    return thread_id


@pytest.mark.requirement("R2")
def test_defaults_are_two_rollouts_and_ten_days(store: StateStore) -> None:
    assert (DEFAULT_MAX_ROLLOUTS, DEFAULT_MAX_AGE_DAYS) == (2, 10)
    # A startup run with the default config (nothing but the triggering thread's identity)
    # takes at most the two newest rollouts, and never one older than ten days.
    config = MemoryStartupConfig(thread_id="t", cwd="/w", model="m", model_provider="p")
    assert (config.max_rollouts, config.max_age_days) == (2, 10)
    newest, second = _thread(store, n=1, age_days=9.5), _thread(store, n=2, age_days=9.9)
    _thread(store, n=3, age_days=9.95)  # within ten days, but a third one
    assert [r.id for r in run_memory_startup(store, config, now_ms=NOW).selected] == [
        newest,
        second,
    ]
    fresh = open_store(store.home / "other")
    try:
        _thread(fresh, n=4, age_days=10.01)  # the only rollout, just past ten days
        assert run_memory_startup(fresh, config, now_ms=NOW).selected == []
        assert [r.id for r in select_startup_rollouts(fresh, now_ms=NOW)] == []
    finally:
        fresh.close()


@pytest.mark.requirement("R2")
def test_selects_at_most_two_most_recent(store: StateStore) -> None:
    ids = [_thread(store, n=n, age_days=n) for n in range(1, 6)]
    selected = select_startup_rollouts(store, now_ms=NOW)
    assert [r.id for r in selected] == ids[:2]


@pytest.mark.requirement("R2")
def test_rollouts_older_than_ten_days_are_never_selected(store: StateStore) -> None:
    _thread(store, n=1, age_days=10.5)
    recent = _thread(store, n=2, age_days=9.5)
    _thread(store, n=3, age_days=30)
    selected = select_startup_rollouts(store, now_ms=NOW)
    assert [r.id for r in selected] == [recent]


def test_empty_preview_archived_and_rolloutless_threads_are_skipped(store: StateStore) -> None:
    _thread(store, n=1, age_days=1, preview="")
    _thread(store, n=2, age_days=1.1, archived=True)
    _thread(store, n=3, age_days=1.2, rollout_path="")
    kept = _thread(store, n=4, age_days=1.3)
    assert [r.id for r in select_startup_rollouts(store, now_ms=NOW)] == [kept]


def test_limits_are_parameters(store: StateStore) -> None:
    ids = [_thread(store, n=n, age_days=n) for n in range(1, 6)]
    assert [r.id for r in select_startup_rollouts(store, now_ms=NOW, max_rollouts=3)] == ids[:3]
    assert select_startup_rollouts(store, now_ms=NOW, max_rollouts=0) == []
    assert [r.id for r in select_startup_rollouts(store, now_ms=NOW, max_age_days=2)] == ids[:2]


@pytest.mark.requirement("R2")
def test_run_excludes_the_triggering_thread(store: StateStore) -> None:
    current = _thread(store, n=1, age_days=0.1)
    others = [_thread(store, n=n, age_days=n) for n in range(2, 5)]
    config = MemoryStartupConfig(
        thread_id=current, cwd="/w", model="m", model_provider="p", reasoning_effort="high"
    )
    result = run_memory_startup(store, config, now_ms=NOW)
    assert result.config is config
    assert [r.id for r in result.selected] == others[:2]


def test_a_home_of_many_recent_threads_is_not_read_whole(store: StateStore) -> None:
    """The two newest of 450 recent threads: the scan stops at the first page that holds
    them (it ran after every turn, over up to 5,000 threads)."""
    ids = [_thread(store, n=n, age_days=1 + n / 1000) for n in range(1, 451)]
    pages: list[int] = []
    list_threads = store.list_threads

    def counted(query: object) -> object:
        page = list_threads(query)  # type: ignore[arg-type]
        pages.append(len(page.items))
        return page

    store.list_threads = counted  # type: ignore[method-assign,assignment]
    assert [r.id for r in select_startup_rollouts(store, now_ms=NOW)] == ids[:2]
    assert len(pages) == 1
    # The phase-1 scan, which wants every candidate, still reads them all.
    from spindle_memories import MemoriesConfig
    from spindle_memories._phase1 import select_candidates

    pages.clear()
    found = select_candidates(
        store, None, current_thread_id=None, config=MemoriesConfig(), now_ms=NOW
    )
    assert [r.id for r in found] == ids and len(pages) == 5
