"""The ``jobs`` table of the memories database: the claim state machine, one function per
transition, each run on a connection that already holds the claim lock.

The rules are the reference's (``memories_1.sqlite``):

**Stage-1 claim**: ``SkippedUpToDate`` when the stored output or the job's last success
already covers the rollout version; otherwise an upsert makes the row ``running`` with a
new token and lease, but only while fewer than ``max_running_jobs`` other stage-1 jobs hold
a live lease, the row itself holds none, its backoff has passed and retries remain (a newer
rollout version lifts both gates and resets the budget). A refused upsert is explained as
``SkippedRetryExhausted``, else ``SkippedRetryBackoff``, else ``SkippedRunning``.

**Phase-2 claim**: no row → create it running; ``retry_at`` in the future →
``SkippedRetryUnavailable``; a live running lease → ``SkippedRunning``; a success (no
``last_error``) less than six hours ago → ``SkippedCooldown``; otherwise claim it. The retry
budget is never checked, so a phase-2 job that spent it is claimable again once its
backoff passes.

**Enqueue**: the global row becomes ``pending`` (a running one stays running and keeps its
backoff), its backoff is cleared, its budget is at least the default, and its watermark
advances (to the new value when larger, else by one).

Every write after a claim requires ``status='running'`` and the claim's ownership token, so
a worker whose lease was taken over writes nothing. Failures decrement the retry budget
clamped at 0 and set ``retry_at = now + delay``.

**Release** (spindle's own; the reference has no such write and leaves a cancelled job to
its lease): a worker that was cancelled before it finished (shutdown) gives its stage-1
claim back: ``error`` with ``last_error = 'cancelled'``, no lease, no backoff, no retry
spent, so the next run reclaims it at once. A SIGKILLed worker still waits for its lease.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy import Connection, text
from sqlalchemy.engine import RowMapping

from spindle_state.jobs._memories_records import (
    DEFAULT_RETRY_REMAINING,
    JOB_KIND_PHASE2,
    JOB_KIND_STAGE1,
    PHASE2_JOB_KEY,
    PHASE2_SUCCESS_COOLDOWN_SECONDS,
    ClaimOutcome,
    JobClaim,
    JobStatus,
    MemoryJob,
)

JOB_COLUMNS: Final = (
    "kind, job_key, status, worker_id, ownership_token, started_at, finished_at, lease_until, "
    "retry_at, retry_remaining, last_error, input_watermark, last_success_watermark"
)


def opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def job_from_row(row: RowMapping) -> MemoryJob:
    return MemoryJob(
        kind=str(row["kind"]),
        job_key=str(row["job_key"]),
        status=JobStatus(row["status"]),
        worker_id=None if row["worker_id"] is None else str(row["worker_id"]),
        ownership_token=None if row["ownership_token"] is None else str(row["ownership_token"]),
        started_at=opt_int(row["started_at"]),
        finished_at=opt_int(row["finished_at"]),
        lease_until=opt_int(row["lease_until"]),
        retry_at=opt_int(row["retry_at"]),
        retry_remaining=int(row["retry_remaining"]),
        last_error=None if row["last_error"] is None else str(row["last_error"]),
        input_watermark=opt_int(row["input_watermark"]),
        last_success_watermark=opt_int(row["last_success_watermark"]),
    )


_STAGE1_CLAIM = text(
    """
INSERT INTO jobs (
    kind, job_key, status, worker_id, ownership_token, started_at, finished_at, lease_until,
    retry_at, retry_remaining, last_error, input_watermark, last_success_watermark
)
SELECT :kind, :job_key, 'running', :worker_id, :token, :now, NULL, :lease_until,
       NULL, :retry_budget, NULL, :watermark, NULL
WHERE (
    SELECT COUNT(*) FROM jobs
    WHERE kind = :kind AND status = 'running'
      AND lease_until IS NOT NULL AND lease_until > :now
) < :max_running
ON CONFLICT (kind, job_key) DO UPDATE SET
    status = 'running',
    worker_id = excluded.worker_id,
    ownership_token = excluded.ownership_token,
    started_at = excluded.started_at,
    finished_at = NULL,
    lease_until = excluded.lease_until,
    retry_at = NULL,
    retry_remaining = CASE
        WHEN excluded.input_watermark > COALESCE(jobs.input_watermark, -1) THEN :retry_budget
        ELSE jobs.retry_remaining
    END,
    last_error = NULL,
    input_watermark = excluded.input_watermark
WHERE
    (jobs.status <> 'running' OR jobs.lease_until IS NULL
        OR jobs.lease_until <= excluded.started_at)
    AND (
        jobs.retry_at IS NULL
        OR jobs.retry_at <= excluded.started_at
        OR excluded.input_watermark > COALESCE(jobs.input_watermark, -1)
    )
    AND (
        jobs.retry_remaining > 0
        OR excluded.input_watermark > COALESCE(jobs.input_watermark, -1)
    )
    AND (
        SELECT COUNT(*) FROM jobs AS running_jobs
        WHERE running_jobs.kind = excluded.kind
          AND running_jobs.status = 'running'
          AND running_jobs.lease_until IS NOT NULL
          AND running_jobs.lease_until > excluded.started_at
          AND running_jobs.job_key <> excluded.job_key
    ) < :max_running
"""
)

_ENQUEUE_GLOBAL = text(
    """
INSERT INTO jobs (
    kind, job_key, status, worker_id, ownership_token, started_at, finished_at, lease_until,
    retry_at, retry_remaining, last_error, input_watermark, last_success_watermark
) VALUES (
    :kind, :job_key, 'pending', NULL, NULL, NULL, NULL, NULL,
    NULL, :retry_budget, NULL, :watermark, 0
)
ON CONFLICT (kind, job_key) DO UPDATE SET
    status = CASE WHEN jobs.status = 'running' THEN 'running' ELSE 'pending' END,
    retry_at = CASE WHEN jobs.status = 'running' THEN jobs.retry_at ELSE NULL END,
    retry_remaining = CASE
        WHEN jobs.retry_remaining > excluded.retry_remaining THEN jobs.retry_remaining
        ELSE excluded.retry_remaining
    END,
    input_watermark = CASE
        WHEN excluded.input_watermark > COALESCE(jobs.input_watermark, 0)
            THEN excluded.input_watermark
        ELSE COALESCE(jobs.input_watermark, 0) + 1
    END
"""
)

_FAIL = text(
    """
UPDATE jobs SET
    status = 'error',
    finished_at = :now,
    lease_until = NULL,
    retry_at = :retry_at,
    retry_remaining = CASE WHEN retry_remaining > 1 THEN retry_remaining - 1 ELSE 0 END,
    last_error = :reason
WHERE kind = :kind AND job_key = :job_key AND status = 'running' AND {owner}
"""
)


def stage1_needs_update(connection: Connection, thread_id: str, source_updated_at: int) -> bool:
    """False when the stored output or the job's last success covers this version."""
    stored = connection.execute(
        text("SELECT source_updated_at FROM stage1_outputs WHERE thread_id = :id"),
        {"id": thread_id},
    ).scalar()
    if stored is not None and int(stored) >= source_updated_at:
        return False
    success = connection.execute(
        text("SELECT last_success_watermark FROM jobs WHERE kind = :kind AND job_key = :key"),
        {"kind": JOB_KIND_STAGE1, "key": thread_id},
    ).scalar()
    return not (success is not None and int(success) >= source_updated_at)


def claim_stage1(
    connection: Connection,
    thread_id: str,
    *,
    worker_id: str,
    source_updated_at: int,
    lease_seconds: int,
    max_running_jobs: int,
    now: int,
) -> JobClaim:
    if not stage1_needs_update(connection, thread_id, source_updated_at):
        return JobClaim(ClaimOutcome.SKIPPED_UP_TO_DATE)
    token = str(uuid.uuid4())
    applied = connection.execute(
        _STAGE1_CLAIM,
        {
            "kind": JOB_KIND_STAGE1,
            "job_key": thread_id,
            "worker_id": worker_id,
            "token": token,
            "now": now,
            "lease_until": now + max(lease_seconds, 0),
            "retry_budget": DEFAULT_RETRY_REMAINING,
            "watermark": source_updated_at,
            "max_running": max_running_jobs,
        },
    ).rowcount
    if applied:
        return JobClaim(ClaimOutcome.CLAIMED, token, source_updated_at)
    row = (
        connection.execute(
            text(
                "SELECT status, lease_until, retry_at, retry_remaining FROM jobs "
                "WHERE kind = :kind AND job_key = :key"
            ),
            {"kind": JOB_KIND_STAGE1, "key": thread_id},
        )
        .mappings()
        .first()
    )
    if row is not None:
        if int(row["retry_remaining"]) <= 0:
            return JobClaim(ClaimOutcome.SKIPPED_RETRY_EXHAUSTED)
        if row["retry_at"] is not None and int(row["retry_at"]) > now:
            return JobClaim(ClaimOutcome.SKIPPED_RETRY_BACKOFF)
    # A live lease on this row, or the running cap reached by other rows.
    return JobClaim(ClaimOutcome.SKIPPED_RUNNING)


def finish_stage1_done(connection: Connection, thread_id: str, token: str, now: int) -> bool:
    """``done`` with ``last_success_watermark = input_watermark``, if the job is ours."""
    return bool(
        connection.execute(
            text(
                "UPDATE jobs SET status = 'done', finished_at = :now, lease_until = NULL, "
                "last_error = NULL, last_success_watermark = input_watermark "
                "WHERE kind = :kind AND job_key = :key AND status = 'running' "
                "AND ownership_token = :token"
            ),
            {"now": now, "kind": JOB_KIND_STAGE1, "key": thread_id, "token": token},
        ).rowcount
    )


def release_stage1(
    connection: Connection, thread_id: str, token: str, *, reason: str, now: int
) -> bool:
    """Give an owned running stage-1 claim back unfinished (see the module docstring)."""
    return bool(
        connection.execute(
            text(
                "UPDATE jobs SET status = 'error', finished_at = :now, lease_until = NULL, "
                "retry_at = NULL, last_error = :reason "
                "WHERE kind = :kind AND job_key = :key AND status = 'running' "
                "AND ownership_token = :token"
            ),
            {
                "now": now,
                "reason": reason,
                "kind": JOB_KIND_STAGE1,
                "key": thread_id,
                "token": token,
            },
        ).rowcount
    )


def stage1_input_watermark(connection: Connection, thread_id: str) -> int:
    value = connection.execute(
        text("SELECT input_watermark FROM jobs WHERE kind = :kind AND job_key = :key"),
        {"kind": JOB_KIND_STAGE1, "key": thread_id},
    ).scalar()
    return int(value or 0)


def enqueue_global(connection: Connection, input_watermark: int) -> None:
    connection.execute(
        _ENQUEUE_GLOBAL,
        {
            "kind": JOB_KIND_PHASE2,
            "job_key": PHASE2_JOB_KEY,
            "retry_budget": DEFAULT_RETRY_REMAINING,
            "watermark": input_watermark,
        },
    )


def claim_phase2(
    connection: Connection, *, worker_id: str, lease_seconds: int, now: int
) -> JobClaim:
    lease_until = now + max(lease_seconds, 0)
    cooldown_cutoff = now - PHASE2_SUCCESS_COOLDOWN_SECONDS
    token = str(uuid.uuid4())
    lock_row = " FOR UPDATE" if connection.dialect.name == "postgresql" else ""
    row = (
        connection.execute(
            text(
                "SELECT status, lease_until, retry_at, input_watermark, finished_at, "
                f"last_error FROM jobs WHERE kind = :kind AND job_key = :key{lock_row}"
            ),
            {"kind": JOB_KIND_PHASE2, "key": PHASE2_JOB_KEY},
        )
        .mappings()
        .first()
    )
    if row is None:
        inserted = connection.execute(
            text(
                f"INSERT INTO jobs ({JOB_COLUMNS}) VALUES (:kind, :key, 'running', "
                ":worker, :token, :now, NULL, :lease_until, NULL, :budget, NULL, 0, 0) "
                "ON CONFLICT (kind, job_key) DO NOTHING"
            ),
            {
                "kind": JOB_KIND_PHASE2,
                "key": PHASE2_JOB_KEY,
                "worker": worker_id,
                "token": token,
                "now": now,
                "lease_until": lease_until,
                "budget": DEFAULT_RETRY_REMAINING,
            },
        ).rowcount
        if inserted:
            return JobClaim(ClaimOutcome.CLAIMED, token, input_watermark=0)
        return JobClaim(ClaimOutcome.SKIPPED_RUNNING)
    retry_at = opt_int(row["retry_at"])
    lease = opt_int(row["lease_until"])
    finished_at = opt_int(row["finished_at"])
    if retry_at is not None and retry_at > now:
        return JobClaim(ClaimOutcome.SKIPPED_RETRY_UNAVAILABLE)
    if row["status"] == JobStatus.RUNNING.value and lease is not None and lease > now:
        return JobClaim(ClaimOutcome.SKIPPED_RUNNING)
    if row["last_error"] is None and finished_at is not None and finished_at > cooldown_cutoff:
        return JobClaim(ClaimOutcome.SKIPPED_COOLDOWN)
    updated = connection.execute(
        text(
            "UPDATE jobs SET status = 'running', worker_id = :worker, "
            "ownership_token = :token, started_at = :now, finished_at = NULL, "
            "lease_until = :lease_until, retry_at = NULL, last_error = NULL "
            "WHERE kind = :kind AND job_key = :key "
            "AND (status <> 'running' OR lease_until IS NULL OR lease_until <= :now) "
            "AND (retry_at IS NULL OR retry_at <= :now) "
            "AND (last_error IS NOT NULL OR finished_at IS NULL OR finished_at <= :cutoff)"
        ),
        {
            "worker": worker_id,
            "token": token,
            "now": now,
            "lease_until": lease_until,
            "kind": JOB_KIND_PHASE2,
            "key": PHASE2_JOB_KEY,
            "cutoff": cooldown_cutoff,
        },
    ).rowcount
    if not updated:
        return JobClaim(ClaimOutcome.SKIPPED_RUNNING)
    return JobClaim(ClaimOutcome.CLAIMED, token, opt_int(row["input_watermark"]) or 0)


def finish_phase2_done(connection: Connection, token: str, watermark: int, now: int) -> bool:
    """``done`` (the cooldown starts), ``last_success_watermark = max(old, watermark)``."""
    return bool(
        connection.execute(
            text(
                "UPDATE jobs SET status = 'done', finished_at = :now, lease_until = NULL, "
                "last_error = NULL, last_success_watermark = CASE "
                "WHEN COALESCE(last_success_watermark, 0) > :watermark "
                "THEN COALESCE(last_success_watermark, 0) ELSE :watermark END "
                "WHERE kind = :kind AND job_key = :key AND status = 'running' "
                "AND ownership_token = :token"
            ),
            {
                "now": now,
                "watermark": watermark,
                "kind": JOB_KIND_PHASE2,
                "key": PHASE2_JOB_KEY,
                "token": token,
            },
        ).rowcount
    )


def heartbeat(
    connection: Connection, kind: str, job_key: str, token: str, lease_seconds: int, now: int
) -> bool:
    return bool(
        connection.execute(
            text(
                "UPDATE jobs SET lease_until = :lease_until "
                "WHERE kind = :kind AND job_key = :key AND status = 'running' "
                "AND ownership_token = :token"
            ),
            {
                "lease_until": now + max(lease_seconds, 0),
                "kind": kind,
                "key": job_key,
                "token": token,
            },
        ).rowcount
    )


def fail(
    connection: Connection,
    kind: str,
    job_key: str,
    token: str,
    *,
    reason: str,
    retry_delay_seconds: int,
    now: int,
    allow_unowned: bool = False,
) -> bool:
    owner = (
        "(ownership_token = :token OR ownership_token IS NULL)"
        if allow_unowned
        else "ownership_token = :token"
    )
    params: dict[str, Any] = {
        "now": now,
        "retry_at": now + max(retry_delay_seconds, 0),
        "reason": reason,
        "kind": kind,
        "job_key": job_key,
        "token": token,
    }
    return bool(connection.execute(text(_FAIL.text.format(owner=owner)), params).rowcount)
