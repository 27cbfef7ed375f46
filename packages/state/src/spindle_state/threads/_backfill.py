"""Resumable backfill: index existing rollout files into the threads and turns tables.

1. Walk ``<home>/sessions`` for ``rollout-*.jsonl`` files in watermark order. A file's
   watermark is its path relative to the sessions folder (``2026/11/28/rollout-....jsonl``);
   the order compares path components, so it is deterministic and a directory tree walk
   with sorted entries produces it without holding the file list in memory.
2. Skip every file whose watermark is not greater than ``backfill_state.last_watermark``.
3. Process batches of ``batch_size`` (200) files. Each batch is written in ONE transaction
   together with the new ``last_watermark``: a run killed at any point leaves either the
   whole batch and its checkpoint, or neither, so a resumed run has no duplicates and no
   misses.
4. Mark the state ``complete`` with ``last_success_at``.

A caller that must stop early (a server shutting down) passes ``should_stop``: it is asked
before each rollout, and a yes writes the rollouts read so far with their checkpoint and
returns with status ``running``, so the next run resumes there.

A corrupt or truncated rollout is logged (``spindle_state.backfill``) and skipped; it still
advances the watermark. Existing rows are reconciled, never overwritten: git columns and
other empty columns only fill gaps (SQLite is authoritative), and missing turns are added.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spindle_state._exceptions import RolloutError
from spindle_state.core._database import write_transaction
from spindle_state.threads import _thread_rows, _turn_rows
from spindle_state.threads._records import BackfillState, BackfillStatus
from spindle_state.threads._rollout_format import SESSIONS_DIR, RolloutSummary, summarize_rollout
from spindle_state.threads._schema import backfill_state, threads, turns
from spindle_state.threads._timestamps import bump_many, now_ms

logger = logging.getLogger("spindle_state.backfill")

BATCH_SIZE = 200

ProgressCallback = Callable[[int], None]


@dataclass(slots=True)
class BackfillReport:
    """What one ``run_backfill`` call did."""

    status: BackfillStatus
    processed: int = 0
    inserted: int = 0
    reconciled: int = 0
    failed: int = 0
    turns_inserted: int = 0
    batches: int = 0
    resumed_after: str | None = None


def _key(watermark: str) -> tuple[str, ...]:
    return tuple(watermark.split("/"))


def iter_rollouts(sessions_root: Path, after: str | None = None) -> Iterator[tuple[str, Path]]:
    """``(watermark, path)`` of every ``rollout-*.jsonl`` under the root, in watermark order.

    Directories wholly at or before ``after`` are pruned without being listed.
    """
    after_key = _key(after) if after else None

    def walk(directory: Path, prefix: tuple[str, ...]) -> Iterator[tuple[str, Path]]:
        try:
            with os.scandir(directory) as scan:
                entries = sorted((entry.name, entry.is_dir()) for entry in scan)
        except OSError as error:
            logger.warning("cannot list %s: %s", directory, error.strerror)
            return
        for name, is_dir in entries:
            key = (*prefix, name)
            if is_dir:
                if after_key is not None and key < after_key[: len(key)]:
                    continue
                yield from walk(directory / name, key)
            elif name.startswith("rollout-") and name.endswith(".jsonl"):
                if after_key is not None and key <= after_key:
                    continue
                yield "/".join(key), directory / name

    if sessions_root.is_dir():
        yield from walk(sessions_root, ())


def count_pending_rollouts(sessions_root: Path, after: str | None = None) -> int:
    """How many rollouts a run would process (for progress bars)."""
    return sum(1 for _ in iter_rollouts(sessions_root, after))


def read_state(connection: Connection) -> BackfillState | None:
    row = connection.execute(sa.select(backfill_state)).mappings().first()
    if row is None:
        return None
    return BackfillState(
        status=row["status"],
        last_watermark=row["last_watermark"],
        last_success_at=row["last_success_at"],
        updated_at=row["updated_at"],
    )


def _write_state(connection: Connection, **values: Any) -> None:
    values["updated_at"] = now_ms() // 1000
    if read_state(connection) is None:
        base: dict[str, Any] = {"id": 1, "status": "pending", "last_watermark": None}
        base.update(values)
        connection.execute(sa.insert(backfill_state).values(base))
    else:
        connection.execute(sa.update(backfill_state).where(backfill_state.c.id == 1).values(values))


def reconcile_row(connection: Connection, summary: RolloutSummary) -> None:
    """Fill only gaps of an existing row from the rollout (SQLite is authoritative)."""
    meta = summary.meta
    _thread_rows.fill_git_gaps(connection, meta.id, meta.git)
    gaps: list[tuple[str, object]] = [
        ("preview", summary.preview),
        ("title", summary.first_user_message),
        ("first_user_message", summary.first_user_message),
        ("cwd", meta.cwd),
        ("cli_version", meta.cli_version),
        ("model_provider", meta.model_provider),
        ("rollout_path", str(summary.path)),
    ]
    for column, value in gaps:
        if value:
            connection.execute(
                sa.update(threads)
                .where(threads.c.id == meta.id, threads.c[column] == "")
                .values({column: value})
            )
    for column, value in (("model", summary.model), ("reasoning_effort", summary.reasoning_effort)):
        if value is not None:
            connection.execute(
                sa.update(threads)
                .where(threads.c.id == meta.id, threads.c[column].is_(None))
                .values({column: value})
            )


def _flush(
    connection: Connection,
    batch: list[tuple[str, RolloutSummary | None]],
    report: BackfillReport,
) -> None:
    summaries = [summary for _, summary in batch if summary is not None]
    ids = [summary.meta.id for summary in summaries]
    present = set(
        connection.execute(sa.select(threads.c.id).where(threads.c.id.in_(ids))).scalars()
    )
    fresh: list[RolloutSummary] = []
    seen: set[str] = set()
    for summary in summaries:
        thread_id = summary.meta.id
        if thread_id in seen:
            # A second rollout of a thread inserted earlier in this batch: first one wins.
            report.reconciled += 1
            continue
        seen.add(thread_id)
        if thread_id in present:
            reconcile_row(connection, summary)
            report.turns_inserted += _turn_rows.insert_missing(connection, summary.turns)
            report.reconciled += 1
        else:
            fresh.append(summary)
    fallback = now_ms()
    news = [summary.to_new_thread() for summary in fresh]
    created = bump_many(connection, "created_at_ms", [n.created_at_ms or fallback for n in news])
    updated = bump_many(
        connection,
        "updated_at_ms",
        [n.updated_at_ms or c for n, c in zip(news, created, strict=True)],
    )
    rows: list[dict[str, Any]] = []
    new_turns = []
    for new, summary, created_ms, updated_ms in zip(news, fresh, created, updated, strict=True):
        values = _thread_rows.content_values(new)
        values["created_at_ms"] = created_ms
        values["updated_at_ms"] = updated_ms
        rows.append(values)
        new_turns.extend(summary.turns)
    report.inserted += len(rows)
    if rows:
        connection.execute(sa.insert(threads), rows)
    if new_turns:
        connection.execute(sa.insert(turns), [_turn_rows.turn_values(t) for t in new_turns])
        report.turns_inserted += len(new_turns)
    _write_state(connection, status="running", last_watermark=batch[-1][0])
    report.batches += 1


def run_backfill(
    engine: sa.Engine,
    home: Path,
    *,
    batch_size: int = BATCH_SIZE,
    force: bool = False,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BackfillReport:
    """Index ``<home>/sessions/**/rollout-*.jsonl``; resumes from the stored watermark.

    Does nothing when the state is already ``complete`` unless ``force`` (which restarts
    from the beginning; existing rows are reconciled, not duplicated).
    """
    with write_transaction(engine) as connection:
        state = read_state(connection)
        if state is not None and state.status == "complete" and not force:
            return BackfillReport(status="complete")
        after = None if force or state is None else state.last_watermark
        _write_state(connection, status="running", last_watermark=after)
    report = BackfillReport(status="running", resumed_after=after)
    batch: list[tuple[str, RolloutSummary | None]] = []
    for watermark, path in iter_rollouts(home / SESSIONS_DIR, after):
        if should_stop is not None and should_stop():
            if batch:
                with write_transaction(engine) as connection:
                    _flush(connection, batch, report)
            return report
        summary: RolloutSummary | None
        try:
            summary = summarize_rollout(path)
        except (RolloutError, OSError, UnicodeDecodeError) as error:
            logger.warning("skipping rollout %s: %s", path, error)
            report.failed += 1
            summary = None
        batch.append((watermark, summary))
        report.processed += 1
        if progress is not None:
            progress(1)
        if len(batch) >= batch_size:
            with write_transaction(engine) as connection:
                _flush(connection, batch, report)
            batch = []
    with write_transaction(engine) as connection:
        if batch:
            _flush(connection, batch, report)
        _write_state(connection, status="complete", last_success_at=now_ms() // 1000)
    report.status = "complete"
    return report


def get_backfill_state(engine: sa.Engine) -> BackfillState | None:
    with engine.connect() as connection:
        return read_state(connection)
