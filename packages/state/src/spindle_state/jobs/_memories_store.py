"""``MemoryStore``: the memory pipeline's jobs and stage-1 outputs, and ``open_memory_store``.

The job state machine (claims, finishes, enqueueing, heartbeats) lives in
:mod:`spindle_state.jobs._memories_jobs`; this module opens one locked transaction per call and
owns the ``stage1_outputs`` and ``thread_memory_modes`` rows.

Locking: SQLite calls run under ``BEGIN IMMEDIATE`` (the write lock is taken before the
first read); PostgreSQL calls take a transaction-level advisory lock first, which
serialises claimers exactly like SQLite's write lock (the phase-2 row is also read
``FOR UPDATE``).

Length: one class, ``MemoryStore``, whose methods are each one transaction over the memory
tables (every write under the locking described above); the job state machine already lives
in ``_memories_jobs``, and what is left is the store's public surface, kept where a caller
finds all of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from sqlalchemy import Connection, text
from sqlalchemy.engine import RowMapping

from spindle_state.core._database import _sqlite_writer_queue
from spindle_state.core._engine_store import EngineStore
from spindle_state.jobs import _memories_jobs as jobs
from spindle_state.jobs._memories_records import (
    JOB_KIND_PHASE2,
    JOB_KIND_STAGE1,
    PHASE2_JOB_KEY,
    STAGE1_CANCELLED_REASON,
    JobClaim,
    MemoryJob,
    MemoryMode,
    Stage1Output,
)
from spindle_state.jobs._memories_schema import MEMORIES_PG_LOCK_KEY, MEMORIES_STREAM

_DAY: Final = 24 * 60 * 60
_SELECTION_PAGE: Final = 512

_OUTPUT_COLUMNS: Final = (
    "thread_id, source_updated_at, raw_memory, rollout_summary, rollout_slug, generated_at, "
    "usage_count, last_usage, selected_for_phase2, selected_for_phase2_source_updated_at"
)


def _now() -> int:
    return int(time.time())


def _output(row: RowMapping) -> Stage1Output:
    return Stage1Output(
        thread_id=str(row["thread_id"]),
        source_updated_at=int(row["source_updated_at"]),
        raw_memory=str(row["raw_memory"]),
        rollout_summary=str(row["rollout_summary"]),
        rollout_slug=None if row["rollout_slug"] is None else str(row["rollout_slug"]),
        generated_at=int(row["generated_at"]),
        usage_count=jobs.opt_int(row["usage_count"]),
        last_usage=jobs.opt_int(row["last_usage"]),
        selected_for_phase2=bool(row["selected_for_phase2"]),
        selected_for_phase2_source_updated_at=jobs.opt_int(
            row["selected_for_phase2_source_updated_at"]
        ),
    )


class MemoryStore(EngineStore):
    """Reads and writes of the memories database; thread-safe (one engine, pooled
    connections), and safe across processes sharing the database.

    Every method takes an optional ``now`` (unix seconds) so callers and tests can pin the
    clock; it defaults to the current time.
    """

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[Connection]:
        """One transaction that holds the claim lock from its first statement."""
        with _sqlite_writer_queue(self.engine), self.engine.connect() as connection:
            if self.dialect == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MEMORIES_PG_LOCK_KEY}
                )
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    # -- reads ------------------------------------------------------------------------------

    def get_job(self, kind: str, job_key: str) -> MemoryJob | None:
        """One job row, or None."""
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    text(
                        f"SELECT {jobs.JOB_COLUMNS} FROM jobs WHERE kind = :kind AND job_key = :key"
                    ),
                    {"kind": kind, "key": job_key},
                )
                .mappings()
                .first()
            )
        return None if row is None else jobs.job_from_row(row)

    def list_jobs(self, kind: str | None = None) -> list[MemoryJob]:
        """Job rows (of one kind when given), by kind then key."""
        where = "" if kind is None else "WHERE kind = :kind"
        with self.engine.connect() as connection:
            rows = (
                connection.execute(
                    text(f"SELECT {jobs.JOB_COLUMNS} FROM jobs {where} ORDER BY kind, job_key"),
                    {"kind": kind},
                )
                .mappings()
                .all()
            )
        return [jobs.job_from_row(row) for row in rows]

    def get_stage1_output(self, thread_id: str) -> Stage1Output | None:
        with self.engine.connect() as connection:
            row = (
                connection.execute(
                    text(f"SELECT {_OUTPUT_COLUMNS} FROM stage1_outputs WHERE thread_id = :id"),
                    {"id": thread_id},
                )
                .mappings()
                .first()
            )
        return None if row is None else _output(row)

    def list_stage1_outputs(self) -> list[Stage1Output]:
        """Every stored output, newest rollout version first (then thread id, descending)."""
        with self.engine.connect() as connection:
            rows = (
                connection.execute(
                    text(
                        f"SELECT {_OUTPUT_COLUMNS} FROM stage1_outputs "
                        "ORDER BY source_updated_at DESC, thread_id DESC"
                    )
                )
                .mappings()
                .all()
            )
        return [_output(row) for row in rows]

    def stage1_needs_update(self, thread_id: str, source_updated_at: int) -> bool:
        """False when the stored output or the job's last success covers this version."""
        with self.engine.connect() as connection:
            return jobs.stage1_needs_update(connection, thread_id, source_updated_at)

    # -- thread memory modes ---------------------------------------------------------------

    def get_memory_mode(self, thread_id: str) -> MemoryMode:
        """The thread's memory mode (``enabled`` when never set)."""
        return self.memory_modes([thread_id])[thread_id]

    def memory_modes(self, thread_ids: Collection[str]) -> dict[str, MemoryMode]:
        """The memory mode of each thread id (``enabled`` when never set)."""
        modes = dict.fromkeys(thread_ids, MemoryMode.ENABLED)
        ids = list(modes)
        with self.engine.connect() as connection:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                names = ", ".join(f":id{i}" for i in range(len(chunk)))
                rows = connection.execute(
                    text(
                        "SELECT thread_id, memory_mode FROM thread_memory_modes "
                        f"WHERE thread_id IN ({names})"
                    ),
                    {f"id{i}": value for i, value in enumerate(chunk)},
                ).all()
                for thread_id, mode in rows:
                    modes[str(thread_id)] = MemoryMode(mode)
        return modes

    def set_memory_mode(self, thread_id: str, mode: MemoryMode, *, now: int | None = None) -> None:
        """Record the thread's memory mode (``disabled`` when memories are not generated for
        it, e.g. ``generate_memories = false`` when it was created)."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            connection.execute(
                text(
                    "INSERT INTO thread_memory_modes (thread_id, memory_mode, updated_at) "
                    "VALUES (:id, :mode, :now) ON CONFLICT (thread_id) DO UPDATE SET "
                    "memory_mode = excluded.memory_mode, updated_at = excluded.updated_at"
                ),
                {"id": thread_id, "mode": MemoryMode(mode).value, "now": stamp},
            )

    def mark_thread_memory_polluted(self, thread_id: str, *, now: int | None = None) -> bool:
        """Mark the thread ``polluted``; when its output was part of the last phase-2
        selection, enqueue phase 2 so the consolidation forgets it. True when it changed."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            selected = connection.execute(
                text("SELECT selected_for_phase2 FROM stage1_outputs WHERE thread_id = :id"),
                {"id": thread_id},
            ).scalar()
            previous = connection.execute(
                text("SELECT memory_mode FROM thread_memory_modes WHERE thread_id = :id"),
                {"id": thread_id},
            ).scalar()
            changed = previous != MemoryMode.POLLUTED.value
            if changed:
                connection.execute(
                    text(
                        "INSERT INTO thread_memory_modes (thread_id, memory_mode, updated_at) "
                        "VALUES (:id, 'polluted', :now) ON CONFLICT (thread_id) DO UPDATE SET "
                        "memory_mode = 'polluted', updated_at = excluded.updated_at"
                    ),
                    {"id": thread_id, "now": stamp},
                )
            if selected:
                jobs.enqueue_global(connection, stamp)
        return changed

    # -- stage 1 ----------------------------------------------------------------------------

    def try_claim_stage1_job(
        self,
        thread_id: str,
        *,
        worker_id: str,
        source_updated_at: int,
        lease_seconds: int,
        max_running_jobs: int,
        now: int | None = None,
    ) -> JobClaim:
        """Claim phase-1 extraction of ``thread_id`` at rollout version
        ``source_updated_at`` (rules: :mod:`spindle_state.jobs._memories_jobs`)."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            return jobs.claim_stage1(
                connection,
                thread_id,
                worker_id=worker_id,
                source_updated_at=source_updated_at,
                lease_seconds=lease_seconds,
                max_running_jobs=max_running_jobs,
                now=stamp,
            )

    def heartbeat_stage1_job(
        self, thread_id: str, ownership_token: str, *, lease_seconds: int, now: int | None = None
    ) -> bool:
        """Extend the lease of an owned running stage-1 job; False when it is not ours."""
        return self._heartbeat(JOB_KIND_STAGE1, thread_id, ownership_token, lease_seconds, now)

    def mark_stage1_succeeded(
        self,
        thread_id: str,
        ownership_token: str,
        *,
        source_updated_at: int,
        raw_memory: str,
        rollout_summary: str,
        rollout_slug: str | None,
        now: int | None = None,
    ) -> bool:
        """Finish an owned job with output: the job becomes ``done`` with
        ``last_success_watermark = input_watermark``; the output row is written unless a
        newer version is stored (its phase-2 selection flags are kept); phase 2 is enqueued.
        False (nothing written) when the job is no longer ours."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            if not jobs.finish_stage1_done(connection, thread_id, ownership_token, stamp):
                return False
            connection.execute(
                text(
                    "INSERT INTO stage1_outputs (thread_id, source_updated_at, raw_memory, "
                    "rollout_summary, rollout_slug, generated_at) "
                    "VALUES (:id, :src, :raw, :summary, :slug, :now) "
                    "ON CONFLICT (thread_id) DO UPDATE SET "
                    "source_updated_at = excluded.source_updated_at, "
                    "raw_memory = excluded.raw_memory, "
                    "rollout_summary = excluded.rollout_summary, "
                    "rollout_slug = excluded.rollout_slug, "
                    "generated_at = excluded.generated_at "
                    "WHERE excluded.source_updated_at >= stage1_outputs.source_updated_at"
                ),
                {
                    "id": thread_id,
                    "src": source_updated_at,
                    "raw": raw_memory,
                    "summary": rollout_summary,
                    "slug": rollout_slug,
                    "now": stamp,
                },
            )
            jobs.enqueue_global(connection, source_updated_at)
        return True

    def mark_stage1_succeeded_no_output(
        self, thread_id: str, ownership_token: str, *, now: int | None = None
    ) -> bool:
        """Finish an owned job that produced nothing: ``done``, any stored output deleted,
        and phase 2 enqueued only when a row was deleted. False when not ours."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            if not jobs.finish_stage1_done(connection, thread_id, ownership_token, stamp):
                return False
            watermark = jobs.stage1_input_watermark(connection, thread_id)
            deleted = connection.execute(
                text("DELETE FROM stage1_outputs WHERE thread_id = :id"), {"id": thread_id}
            ).rowcount
            if deleted:
                jobs.enqueue_global(connection, watermark)
        return True

    def mark_stage1_failed(
        self,
        thread_id: str,
        ownership_token: str,
        *,
        reason: str,
        retry_delay_seconds: int,
        now: int | None = None,
    ) -> bool:
        """Record a failure of an owned job: ``error``, one retry spent (never below 0),
        ``retry_at = now + delay``. False when not ours."""
        return self._fail(
            JOB_KIND_STAGE1, thread_id, ownership_token, reason, retry_delay_seconds, now
        )

    def release_stage1_job(
        self,
        thread_id: str,
        ownership_token: str,
        *,
        reason: str = STAGE1_CANCELLED_REASON,
        now: int | None = None,
    ) -> bool:
        """Give back an owned job that was cancelled before it finished (e.g. shutdown):
        ``error`` with ``last_error = reason``, lease and backoff cleared, no retry spent, so
        the next run claims it again at once. False when the job is no longer ours."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            return jobs.release_stage1(
                connection, thread_id, ownership_token, reason=reason, now=stamp
            )

    # -- phase 2 ----------------------------------------------------------------------------

    def enqueue_global_consolidation(self, input_watermark: int) -> None:
        """Mark phase 2 as having new input (rules: :mod:`spindle_state.jobs._memories_jobs`)."""
        with self._locked() as connection:
            jobs.enqueue_global(connection, input_watermark)

    def try_claim_phase2_job(
        self, *, worker_id: str, lease_seconds: int, now: int | None = None
    ) -> JobClaim:
        """Claim the global phase-2 lock (rules: :mod:`spindle_state.jobs._memories_jobs`)."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            return jobs.claim_phase2(
                connection, worker_id=worker_id, lease_seconds=lease_seconds, now=stamp
            )

    def heartbeat_phase2_job(
        self, ownership_token: str, *, lease_seconds: int, now: int | None = None
    ) -> bool:
        """Extend the phase-2 lease if it is still ours (also the ownership check before
        the workspace baseline is reset); False when another worker took it over."""
        return self._heartbeat(JOB_KIND_PHASE2, PHASE2_JOB_KEY, ownership_token, lease_seconds, now)

    def mark_phase2_succeeded(
        self,
        ownership_token: str,
        *,
        completed_watermark: int,
        selected: Iterable[tuple[str, int]],
        now: int | None = None,
    ) -> bool:
        """Finish an owned phase-2 run: ``done`` (which starts the cooldown),
        ``last_success_watermark = max(old, completed)``, and ``selected_for_phase2`` set on
        exactly the ``(thread_id, source_updated_at)`` rows consolidated (cleared elsewhere).
        False (nothing written) when the lock is no longer ours."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            done = jobs.finish_phase2_done(connection, ownership_token, completed_watermark, stamp)
            if not done:
                return False
            connection.execute(
                text(
                    "UPDATE stage1_outputs SET selected_for_phase2 = 0, "
                    "selected_for_phase2_source_updated_at = NULL "
                    "WHERE selected_for_phase2 <> 0 "
                    "OR selected_for_phase2_source_updated_at IS NOT NULL"
                )
            )
            for thread_id, source_updated_at in selected:
                connection.execute(
                    text(
                        "UPDATE stage1_outputs SET selected_for_phase2 = 1, "
                        "selected_for_phase2_source_updated_at = :src "
                        "WHERE thread_id = :id AND source_updated_at = :src"
                    ),
                    {"id": thread_id, "src": source_updated_at},
                )
        return True

    def mark_phase2_failed(
        self,
        ownership_token: str,
        *,
        reason: str,
        retry_delay_seconds: int,
        now: int | None = None,
    ) -> bool:
        """Record a failure of an owned phase-2 run (retry budget clamped at 0)."""
        return self._fail(
            JOB_KIND_PHASE2, PHASE2_JOB_KEY, ownership_token, reason, retry_delay_seconds, now
        )

    def mark_phase2_failed_if_unowned(
        self,
        ownership_token: str,
        *,
        reason: str,
        retry_delay_seconds: int,
        now: int | None = None,
    ) -> bool:
        """Like :meth:`mark_phase2_failed`, but also recovers a running row with no owner."""
        return self._fail(
            JOB_KIND_PHASE2,
            PHASE2_JOB_KEY,
            ownership_token,
            reason,
            retry_delay_seconds,
            now,
            allow_unowned=True,
        )

    def phase2_input_selection(
        self,
        limit: int,
        *,
        max_unused_days: int,
        is_eligible: Callable[[str], bool] | None = None,
        now: int | None = None,
    ) -> list[Stage1Output]:
        """The phase-2 input: up to ``limit`` non-empty outputs used (or, never used,
        made) within ``max_unused_days``, of threads whose memory mode is ``enabled`` and
        that ``is_eligible`` accepts (e.g. still exist); ranked by usage count, last use
        (or version), version, thread id (all descending), returned by thread id ascending.
        """
        if limit <= 0:
            return []
        stamp = _now() if now is None else now
        cutoff = stamp - max(max_unused_days, 0) * _DAY
        page = min(max(limit, 1), _SELECTION_PAGE)
        selected: list[Stage1Output] = []
        offset = 0
        with self.engine.connect() as connection:
            while len(selected) < limit:
                rows = (
                    connection.execute(
                        text(
                            f"SELECT {', '.join('so.' + c for c in _OUTPUT_COLUMNS.split(', '))} "
                            "FROM stage1_outputs AS so "
                            "LEFT JOIN thread_memory_modes AS m ON m.thread_id = so.thread_id "
                            "WHERE (length(trim(so.raw_memory)) > 0 "
                            "OR length(trim(so.rollout_summary)) > 0) "
                            "AND ((so.last_usage IS NOT NULL AND so.last_usage >= :cutoff) "
                            "OR (so.last_usage IS NULL AND so.source_updated_at >= :cutoff)) "
                            "AND (m.memory_mode IS NULL OR m.memory_mode = 'enabled') "
                            "ORDER BY COALESCE(so.usage_count, 0) DESC, "
                            "COALESCE(so.last_usage, so.source_updated_at) DESC, "
                            "so.source_updated_at DESC, so.thread_id DESC "
                            "LIMIT :limit OFFSET :offset"
                        ),
                        {"cutoff": cutoff, "limit": page, "offset": offset},
                    )
                    .mappings()
                    .all()
                )
                if not rows:
                    break
                offset += len(rows)
                for row in rows:
                    output = _output(row)
                    if is_eligible is None or is_eligible(output.thread_id):
                        selected.append(output)
                        if len(selected) >= limit:
                            break
        selected.sort(key=lambda output: output.thread_id)
        return selected

    # -- retention, usage, deletion --------------------------------------------------------

    def prune_stage1_outputs(
        self, *, max_unused_days: int, limit: int, now: int | None = None
    ) -> int:
        """Delete up to ``limit`` outputs not selected by the last phase-2 run whose last use
        (or version, if never used) is older than ``max_unused_days``, stalest first."""
        if limit <= 0:
            return 0
        stamp = _now() if now is None else now
        cutoff = stamp - max(max_unused_days, 0) * _DAY
        with self._locked() as connection:
            return int(
                connection.execute(
                    text(
                        "DELETE FROM stage1_outputs WHERE thread_id IN ("
                        "SELECT thread_id FROM stage1_outputs WHERE selected_for_phase2 = 0 "
                        "AND COALESCE(last_usage, source_updated_at) < :cutoff "
                        "ORDER BY COALESCE(last_usage, source_updated_at) ASC, "
                        "source_updated_at ASC, thread_id ASC LIMIT :limit)"
                    ),
                    {"cutoff": cutoff, "limit": limit},
                ).rowcount
            )

    def record_stage1_usage(self, thread_ids: Sequence[str], *, now: int | None = None) -> int:
        """A turn cited these threads' memories: ``usage_count + 1`` and ``last_usage = now``
        on each (missing rows ignored). Returns the number of rows updated."""
        if not thread_ids:
            return 0
        stamp = _now() if now is None else now
        updated = 0
        with self._locked() as connection:
            for thread_id in thread_ids:
                updated += connection.execute(
                    text(
                        "UPDATE stage1_outputs SET usage_count = COALESCE(usage_count, 0) + 1, "
                        "last_usage = :now WHERE thread_id = :id"
                    ),
                    {"now": stamp, "id": thread_id},
                ).rowcount
        return updated

    def delete_thread_memory_data(self, thread_id: str, *, now: int | None = None) -> None:
        """Forget a thread: its output, stage-1 job and memory mode. When its output was
        part of the last phase-2 selection, phase 2 is enqueued so the memories forget it."""
        stamp = _now() if now is None else now
        with self._locked() as connection:
            selected = connection.execute(
                text("SELECT selected_for_phase2 FROM stage1_outputs WHERE thread_id = :id"),
                {"id": thread_id},
            ).scalar()
            deleted = connection.execute(
                text("DELETE FROM stage1_outputs WHERE thread_id = :id"), {"id": thread_id}
            ).rowcount
            connection.execute(
                text("DELETE FROM jobs WHERE kind = :kind AND job_key = :id"),
                {"kind": JOB_KIND_STAGE1, "id": thread_id},
            )
            connection.execute(
                text("DELETE FROM thread_memory_modes WHERE thread_id = :id"), {"id": thread_id}
            )
            if deleted and selected:
                jobs.enqueue_global(connection, stamp)

    def clear_memory_data(self) -> None:
        """Delete every output and every memory job (memory modes are kept)."""
        with self._locked() as connection:
            connection.execute(text("DELETE FROM stage1_outputs"))
            connection.execute(
                text("DELETE FROM jobs WHERE kind IN (:stage1, :phase2)"),
                {"stage1": JOB_KIND_STAGE1, "phase2": JOB_KIND_PHASE2},
            )

    # -- shared -----------------------------------------------------------------------------

    def _heartbeat(
        self, kind: str, job_key: str, token: str, lease_seconds: int, now: int | None
    ) -> bool:
        stamp = _now() if now is None else now
        with self._locked() as connection:
            return jobs.heartbeat(connection, kind, job_key, token, lease_seconds, stamp)

    def _fail(
        self,
        kind: str,
        job_key: str,
        token: str,
        reason: str,
        retry_delay_seconds: int,
        now: int | None,
        *,
        allow_unowned: bool = False,
    ) -> bool:
        stamp = _now() if now is None else now
        with self._locked() as connection:
            return jobs.fail(
                connection,
                kind,
                job_key,
                token,
                reason=reason,
                retry_delay_seconds=retry_delay_seconds,
                now=stamp,
                allow_unowned=allow_unowned,
            )


def open_memory_store(home: Path | None = None, url: str | None = None) -> MemoryStore:
    """Open (and migrate) the memories database: ``<home>/memories.sqlite``, or ``url`` /
    ``SPINDLE_DATABASE_URL`` (PostgreSQL, shared with the other streams)."""
    return MemoryStore(MEMORIES_STREAM.open_engine(home, url))
