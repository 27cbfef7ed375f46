"""Values of the memories database: job kinds, claim outcomes, stored rows, memory modes.

All times are unix epoch **seconds**, as in the reference's ``memories_1.sqlite``.

Two job kinds share the ``jobs`` table:

- ``memory_stage1`` (key: the thread id): phase-1 extraction of one rollout;
- ``memory_consolidate_global`` (key: ``global``): the phase-2 consolidation lock.

A claim answers with one :class:`ClaimOutcome`. Only ``CLAIMED`` carries an ownership
token; every later write for that job (heartbeat, success, failure) names the token and is
refused once another worker has taken the job over, so a worker that lost its lease writes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

JOB_KIND_STAGE1: Final = "memory_stage1"
JOB_KIND_PHASE2: Final = "memory_consolidate_global"
PHASE2_JOB_KEY: Final = "global"

DEFAULT_RETRY_REMAINING: Final = 3
"""Retry budget of a fresh job (and of a stage-1 job whose input moved on)."""

PHASE2_SUCCESS_COOLDOWN_SECONDS: Final = 6 * 60 * 60
"""A successful phase-2 run blocks the next claim for this long (``SkippedCooldown``)."""

STAGE1_CANCELLED_REASON: Final = "cancelled"
"""``last_error`` of a stage-1 claim given back by a cancelled worker (reclaimable at once)."""


class ClaimOutcome(StrEnum):
    """What a claim attempt did, spelled like the reference's outcome names."""

    CLAIMED = "Claimed"
    SKIPPED_UP_TO_DATE = "SkippedUpToDate"
    """Stage 1: the stored output (or last success) already covers this rollout version."""
    SKIPPED_RUNNING = "SkippedRunning"
    """Another worker holds a fresh lease (or stage 1's running cap is reached)."""
    SKIPPED_RETRY_BACKOFF = "SkippedRetryBackoff"
    """Stage 1: a failure's ``retry_at`` has not passed yet."""
    SKIPPED_RETRY_EXHAUSTED = "SkippedRetryExhausted"
    """Stage 1: no retries left for this rollout version."""
    SKIPPED_RETRY_UNAVAILABLE = "SkippedRetryUnavailable"
    """Phase 2: a failure's ``retry_at`` backoff is active (the only retry gate of phase 2)."""
    SKIPPED_COOLDOWN = "SkippedCooldown"
    """Phase 2: the last run succeeded less than six hours ago."""
    SKIPPED_NOT_DIRTY = "SkippedNotDirty"
    """Phase 2: claimed, but the workspace had no change, so success was recorded with no
    agent run (the reference's ``succeeded_no_workspace_changes``)."""


class JobStatus(StrEnum):
    """The ``jobs.status`` values."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    ERROR = "error"


class MemoryMode(StrEnum):
    """Whether a thread feeds memories: only ``enabled`` threads are extracted and
    consolidated. ``polluted`` marks a thread that saw external context after the fact."""

    ENABLED = "enabled"
    DISABLED = "disabled"
    POLLUTED = "polluted"


@dataclass(frozen=True, slots=True)
class JobClaim:
    """The answer to a claim: the outcome, and for ``CLAIMED`` the token and watermark.

    ``input_watermark`` is the job's watermark at claim time (stage 1: the claimed rollout
    version; phase 2: the enqueued watermark, 0 for a first run).
    """

    outcome: ClaimOutcome
    ownership_token: str | None = None
    input_watermark: int | None = None

    @property
    def claimed(self) -> bool:
        return self.outcome is ClaimOutcome.CLAIMED


@dataclass(frozen=True, slots=True)
class MemoryJob:
    """One ``jobs`` row."""

    kind: str
    job_key: str
    status: JobStatus
    worker_id: str | None
    ownership_token: str | None
    started_at: int | None
    finished_at: int | None
    lease_until: int | None
    retry_at: int | None
    retry_remaining: int
    last_error: str | None
    input_watermark: int | None
    last_success_watermark: int | None


@dataclass(frozen=True, slots=True)
class Stage1Output:
    """One ``stage1_outputs`` row: what phase 1 extracted from one rollout version.

    ``source_updated_at`` is the rollout version (the thread's ``updated_at`` in seconds)
    the output was made from; ``usage_count``/``last_usage`` count citations in later turns;
    ``selected_for_phase2`` marks the rows the last successful phase-2 run consolidated.
    """

    thread_id: str
    source_updated_at: int
    raw_memory: str
    rollout_summary: str
    rollout_slug: str | None
    generated_at: int
    usage_count: int | None = None
    last_usage: int | None = None
    selected_for_phase2: bool = False
    selected_for_phase2_source_updated_at: int | None = None
