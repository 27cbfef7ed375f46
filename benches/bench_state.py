"""State store benchmarks: list_threads page cost by depth, inserts, backfill throughput.

Printed, never asserted. Targets from issue 4: list_threads p50 <= 2 ms on SQLite for any
page, page-1,000 / page-1 ratio <= 1.5, backfill >= 2,000 rollouts/s with memory independent
of the number of rollouts. Set SPINDLE_BENCH_SCALE (default 1.0) to shrink the sizes.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from spindle_state import (
    NewThread,
    SortKey,
    StateStore,
    ThreadListQuery,
    encode_rollout_line,
    format_rollout_timestamp,
    format_timestamp_ms,
    open_store,
    rollout_relative_path,
)
from spindle_state.threads._schema import threads

SCALE = float(os.environ.get("SPINDLE_BENCH_SCALE", "1.0"))
LIST_ROWS = int(100_000 * SCALE)
INSERTS = int(10_000 * SCALE)
ROLLOUTS = int(4_000 * SCALE)
PAGE = 25
DEEP_PAGE = 1_000
REPEATS = 300
BASE_MS = 1_795_000_000_000


def tid(n: int) -> str:
    return f"00000000-0000-7000-8000-{n:012d}"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def timed(call: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _list_rows(count: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for n in range(count):
        rows.append(
            {
                "id": tid(n),
                "rollout_path": "",
                "created_at_ms": BASE_MS + n * 7,
                "updated_at_ms": BASE_MS + n * 7 + 3,
                "source": "vscode",
                "model_provider": "mock",
                "cwd": f"/work/{n % 10}",
                "title": f"title {n}",
                "preview": f"preview {n}",
                "first_user_message": f"preview {n}",
                "cli_version": "0.1.0",
                "tokens_used": n,
                "archived": n % 50 == 0,
                "history_mode": "paginated",
            }
        )
    return rows


def _page_timings(
    store: StateStore, sort_key: SortKey, cursor: str
) -> tuple[list[float], list[float]]:
    """Page 1 and the deep page, measured alternately so machine noise hits both alike."""
    first: list[float] = []
    deep: list[float] = []
    for _ in range(REPEATS):
        first += timed(
            lambda: store.list_threads(ThreadListQuery(limit=PAGE, sort_key=sort_key)), repeats=1
        )
        deep += timed(
            lambda: store.list_threads(
                ThreadListQuery(limit=PAGE, sort_key=sort_key, cursor=cursor)
            ),
            repeats=1,
        )
    return first, deep


def bench_list_threads(store: StateStore) -> None:
    start = time.perf_counter()
    with store.engine.begin() as connection:
        connection.execute(sa.insert(threads), _list_rows(LIST_ROWS))
    print(f"seeded {LIST_ROWS:,} threads in {time.perf_counter() - start:.1f} s (bulk SQL)")
    # Newest first, archived rows are not listed: the anchor of page DEEP_PAGE, computed
    # from the generated stamps (walking 999 pages would only slow the setup).
    visible = [n for n in reversed(range(LIST_ROWS)) if n % 50 != 0]
    deep_page = min(DEEP_PAGE, len(visible) // PAGE)
    anchor = visible[(deep_page - 1) * PAGE - 1]
    stamps = {"created_at": BASE_MS + anchor * 7, "updated_at": BASE_MS + anchor * 7 + 3}
    sort_keys: tuple[SortKey, ...] = ("created_at", "updated_at")
    for sort_key in sort_keys:
        cursor = f"{format_timestamp_ms(stamps[sort_key])}|{tid(anchor)}"
        assert (
            len(
                store.list_threads(
                    ThreadListQuery(limit=PAGE, sort_key=sort_key, cursor=cursor)
                ).items
            )
            == PAGE
        )
        first, deep = _page_timings(store, sort_key, cursor)
        p50_1, p99_1 = percentiles(first)
        p50_d, p99_d = percentiles(deep)
        print(
            f"list_threads {sort_key:<10} page 1: p50 {p50_1:.2f} ms  p99 {p99_1:.2f} ms | "
            f"page {deep_page:,}: p50 {p50_d:.2f} ms  p99 {p99_d:.2f} ms | "
            f"ratio page {deep_page:,}/page 1 (p50) {p50_d / p50_1:.2f}"
        )
    cwd_cursor = store.list_threads(ThreadListQuery(limit=PAGE, cwd="/work/3")).next_cursor
    filtered = timed(
        lambda: store.list_threads(ThreadListQuery(limit=PAGE, cwd="/work/3", cursor=cwd_cursor)),
        REPEATS,
    )
    print(f"list_threads cwd filter page 2: p50 {percentiles(filtered)[0]:.2f} ms")


def bench_inserts(store: StateStore) -> None:
    start = time.perf_counter()
    for n in range(INSERTS):
        store.create_thread(NewThread(id=tid(10_000_000 + n), preview=f"p{n}", cwd="/w"))
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for n in range(INSERTS):
        store.touch_thread(tid(10_000_000 + n))
    touched = time.perf_counter() - start
    print(
        f"create_thread x{INSERTS:,}: {elapsed:.2f} s ({INSERTS / elapsed:,.0f}/s); "
        f"touch_thread x{INSERTS:,}: {touched:.2f} s ({INSERTS / touched:,.0f}/s)"
    )


INSTRUCTIONS = "You are a coding agent running in a terminal-based coding assistant. " * 120


def write_rollouts(home: Path, count: int) -> None:
    """Rollouts shaped like the reference's one-turn example (big lines included)."""
    for n in range(count):
        created = BASE_MS + n * 61_000
        thread = tid(n)
        turn = f"turn-{n}"
        path = home / "sessions" / rollout_relative_path(created, thread)
        path.parent.mkdir(parents=True, exist_ok=True)
        lines: list[tuple[str, dict[str, Any]]] = [
            ("session_meta", {"id": thread, "session_id": thread, "timestamp": format_rollout_timestamp(created),
                              "cwd": "/work", "originator": "bench", "cli_version": "0.1.0",
                              "source": "vscode", "model_provider": "mock",
                              "base_instructions": {"text": INSTRUCTIONS}, "history_mode": "paginated"}),
            ("event_msg", {"type": "task_started", "turn_id": turn, "started_at": created // 1000}),
            ("response_item", {"type": "message", "role": "developer",
                               "content": [{"type": "input_text", "text": INSTRUCTIONS}]}),
            ("response_item", {"type": "message", "role": "user",
                               "content": [{"type": "input_text", "text": "<environment_context/>"}]}),
            ("turn_context", {"turn_id": turn, "model": "mock-model", "cwd": "/work"}),
            ("event_msg", {"type": "thread_settings_applied", "thread_settings": {"model": "mock-model"}}),
            ("response_item", {"type": "message", "role": "user",
                               "content": [{"type": "input_text", "text": f"question {n}"}]}),
            ("event_msg", {"type": "item_completed", "turn_id": turn, "item": {
                "type": "UserMessage", "id": f"u{n}", "content": [{"type": "text", "text": f"question {n}"}]}}),
            ("event_msg", {"type": "item_completed", "turn_id": turn, "item": {
                "type": "AgentMessage", "id": f"a{n}", "content": [{"type": "Text", "text": "answer"}]}}),
            ("response_item", {"type": "message", "role": "assistant",
                               "content": [{"type": "output_text", "text": "answer"}]}),
            ("event_msg", {"type": "token_count", "info": {"total_token_usage": {"total_tokens": 110}}}),
            ("event_msg", {"type": "task_complete", "turn_id": turn, "duration_ms": 45}),
        ]  # fmt: skip
        path.write_text(
            "".join(
                encode_rollout_line(created + i, i, kind, payload)
                for i, (kind, payload) in enumerate(lines)
            )
        )


def bench_backfill(root: Path) -> None:
    figures = []
    for count in (ROLLOUTS // 4, ROLLOUTS):
        home = root / f"backfill-{count}"
        write_rollouts(home, count)
        with open_store(home) as store:
            start = time.perf_counter()
            report = store.run_backfill()
            elapsed = time.perf_counter() - start
        assert report.inserted == count
        memory_home = root / f"backfill-mem-{count}"
        shutil.copytree(home / "sessions", memory_home / "sessions")
        with open_store(memory_home) as store:
            tracemalloc.start()
            store.run_backfill()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        figures.append((count, elapsed, peak))
        print(
            f"backfill {count:,} rollouts: {elapsed:.2f} s = {count / elapsed:,.0f} rollouts/s; "
            f"peak traced memory {peak / 1e6:.1f} MB"
        )
    (small, _, small_peak), (large, _, large_peak) = figures
    print(
        f"backfill memory ratio {large:,}/{small:,} rollouts: {large_peak / small_peak:.2f} "
        f"(1.0 = independent of the number of rollouts)"
    )


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="spindle-bench-state-"))
    try:
        with open_store(root / "list") as store:
            bench_list_threads(store)
        with open_store(root / "insert") as store:
            bench_inserts(store)
        bench_backfill(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
