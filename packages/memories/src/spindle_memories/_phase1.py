"""Phase 1: extract a raw memory from each recent, idle rollout, in parallel.

**Selection** (:func:`select_candidates`): threads from the state database that are
listed (not archived, with a preview), come from an interactive client (``cli`` or
``vscode``), have memory mode ``enabled``, are not the thread that triggered the run, have a
rollout, and were last updated between ``max_rollout_age_days`` ago and
``min_rollout_idle_hours`` ago; most recently updated first, at most 5,000 scanned.

**Claims** (:func:`claim_job`): each candidate whose stored output is not up to date is
claimed (one job per rollout, the thread's ``updated_at`` in seconds as its version) until
``max_rollouts_per_startup`` are held; that number is also the cap on running stage-1 jobs.
Every attempt's :class:`~spindle_state.ClaimOutcome` is reported. A job starts as soon as
its claim is made.

**Jobs** (:func:`run_phase1`, at most 8 waiting for the model at a time, and at most 16
holding a request read from their rollout): read the rollout, keep the conversation items, redact secrets, trim head and tail
to the token budget, ask the model for the strict JSON answer, redact it, and store it in
``stage1_outputs`` and ``thread_memory`` (which enqueues phase 2). An empty answer removes
a stale output. Any error records a failure (retry after a backoff); a job whose lease was
taken over writes nothing. When the run is cancelled (shutdown), the claims of the jobs
that did not finish are given back (:func:`release_jobs`), so the next run claims them at
once instead of waiting for their one-hour lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Final

from spindle_state import (
    ClaimOutcome,
    MemoryMode,
    MemoryStore,
    StateStore,
    ThreadListQuery,
    ThreadNotFound,
    ThreadRecord,
)

from spindle_memories._config import (
    PHASE1_CONCURRENCY,
    PHASE1_LEASE_SECONDS,
    PHASE1_REASONING_EFFORT,
    PHASE1_RETRY_DELAY_SECONDS,
    PHASE1_SCAN_LIMIT,
    MemoriesConfig,
)
from spindle_memories._interfaces import StageOneModel, StageOneRequest
from spindle_memories._prompts import (
    STAGE_ONE_INSTRUCTIONS,
    STAGE_ONE_SCHEMA_NAME,
    build_stage_one_input,
    stage_one_output_schema,
)
from spindle_memories._redact import redact_secrets
from spindle_memories._rollout_input import (
    rollout_items_for_memories,
    rollout_token_budget,
    serialize_items,
)

log = logging.getLogger("spindle_memories.phase1")

INTERACTIVE_SOURCES: Final = ("cli", "vscode")
_HOUR_MS: Final = 60 * 60 * 1000
_DAY_MS: Final = 24 * _HOUR_MS
_PAGE: Final = 100


class JobStatus(StrEnum):
    """How one claimed phase-1 job ended."""

    SUCCEEDED_WITH_OUTPUT = "succeeded_with_output"
    SUCCEEDED_NO_OUTPUT = "succeeded_no_output"
    FAILED = "failed"
    LOST_LEASE = "lost_lease"
    """The job was taken over by another worker before it finished: nothing was written."""


@dataclass(frozen=True, slots=True)
class ClaimAttempt:
    thread_id: str
    outcome: ClaimOutcome


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    thread: ThreadRecord
    ownership_token: str
    source_updated_at: int


@dataclass(frozen=True, slots=True)
class JobResult:
    thread_id: str
    status: JobStatus
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Phase1Report:
    """Every claim attempt and every job's end."""

    attempts: list[ClaimAttempt] = field(default_factory=list)
    jobs: list[JobResult] = field(default_factory=list)

    def count(self, status: JobStatus) -> int:
        return sum(1 for job in self.jobs if job.status is status)


@dataclass(frozen=True, slots=True)
class StageOneOutput:
    raw_memory: str
    rollout_summary: str
    rollout_slug: str | None


class InvalidStageOneOutput(ValueError):
    """The model's answer is not the strict JSON object phase 1 asked for."""


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def select_candidates(
    state: StateStore,
    memories: MemoryStore | None,
    *,
    current_thread_id: str | None,
    config: MemoriesConfig,
    now_ms: int | None = None,
    scan_limit: int = PHASE1_SCAN_LIMIT,
    exclude_thread_ids: Collection[str] = (),
    enough: int | None = None,
) -> list[ThreadRecord]:
    """Threads phase 1 may extract, most recently updated first (see the module docstring).

    Without a memory store every thread counts as memory-enabled. With ``enough``, the scan
    stops once that many are found (the first ones: what a caller taking the first
    ``enough`` would get), rather than reading up to ``scan_limit`` threads.
    """
    settings = config.normalized()
    now = _now_ms() if now_ms is None else now_ms
    oldest = now - settings.max_rollout_age_days * _DAY_MS
    newest = now - settings.min_rollout_idle_hours * _HOUR_MS
    excluded = set(exclude_thread_ids)
    if current_thread_id is not None:
        excluded.add(current_thread_id)
    found: list[ThreadRecord] = []
    scanned = 0
    cursor: str | None = None
    while scanned < scan_limit:
        page = state.list_threads(
            ThreadListQuery(
                limit=_PAGE,
                sort_key="updated_at",
                sort_direction="desc",
                cursor=cursor,
                source_kinds=INTERACTIVE_SOURCES,
                excluded_thread_ids=sorted(excluded),
            )
        )
        batch: list[ThreadRecord] = []
        reached_oldest = False
        for record in page.items:
            if record.updated_at_ms < oldest:
                reached_oldest = True
                break
            if scanned >= scan_limit:
                break
            scanned += 1
            if record.updated_at_ms <= newest and record.rollout_path:
                batch.append(record)
        if batch:
            modes = memories.memory_modes([r.id for r in batch]) if memories else {}
            found.extend(
                r for r in batch if modes.get(r.id, MemoryMode.ENABLED) is MemoryMode.ENABLED
            )
        if enough is not None and len(found) >= enough:
            return found[:enough]
        if reached_oldest or page.next_cursor is None or not page.items:
            break
        cursor = page.next_cursor
    return found


def claim_job(
    memories: MemoryStore,
    thread: ThreadRecord,
    *,
    worker_id: str,
    max_running_jobs: int,
    now_ms: int | None = None,
) -> tuple[ClaimAttempt, ClaimedJob | None]:
    """Try to claim phase-1 extraction of ``thread`` at its current version."""
    source_updated_at = thread.updated_at_ms // 1000
    if not memories.stage1_needs_update(thread.id, source_updated_at):
        return ClaimAttempt(thread.id, ClaimOutcome.SKIPPED_UP_TO_DATE), None
    claim = memories.try_claim_stage1_job(
        thread.id,
        worker_id=worker_id,
        source_updated_at=source_updated_at,
        lease_seconds=PHASE1_LEASE_SECONDS,
        max_running_jobs=max_running_jobs,
        now=None if now_ms is None else now_ms // 1000,
    )
    log.info("memory phase 1 claim thread_id=%s outcome=%s", thread.id, claim.outcome)
    attempt = ClaimAttempt(thread.id, claim.outcome)
    if claim.ownership_token is None:
        return attempt, None
    return attempt, ClaimedJob(thread, claim.ownership_token, source_updated_at)


def parse_stage_one_output(text: str) -> StageOneOutput:
    """The strict phase-1 answer: an object with exactly ``raw_memory`` (string),
    ``rollout_summary`` (string) and ``rollout_slug`` (string or null)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise InvalidStageOneOutput(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise InvalidStageOneOutput("not a JSON object")
    expected = {"raw_memory", "rollout_summary", "rollout_slug"}
    if set(data) != expected:
        raise InvalidStageOneOutput(f"expected keys {sorted(expected)}, got {sorted(data)}")
    raw, summary, slug = data["raw_memory"], data["rollout_summary"], data["rollout_slug"]
    if not isinstance(raw, str) or not isinstance(summary, str):
        raise InvalidStageOneOutput("raw_memory and rollout_summary must be strings")
    if slug is not None and not isinstance(slug, str):
        raise InvalidStageOneOutput("rollout_slug must be a string or null")
    return StageOneOutput(raw, summary, slug)


def build_request(
    thread: ThreadRecord, *, config: MemoriesConfig, context_window: int | None
) -> StageOneRequest:
    """The phase-1 request for a thread's rollout (reads the rollout file)."""
    contents = serialize_items(rollout_items_for_memories(Path(thread.rollout_path)))
    return StageOneRequest(
        thread_id=thread.id,
        model=config.extract_model,
        reasoning_effort=PHASE1_REASONING_EFFORT,
        instructions=STAGE_ONE_INSTRUCTIONS,
        input_text=build_stage_one_input(
            rollout_path=thread.rollout_path,
            rollout_cwd=thread.cwd,
            rollout_contents=contents,
            max_tokens=rollout_token_budget(context_window),
        ),
        output_schema=stage_one_output_schema(),
        schema_name=STAGE_ONE_SCHEMA_NAME,
    )


def _store_output(
    state: StateStore,
    memories: MemoryStore,
    job: ClaimedJob,
    answer: StageOneOutput,
    now: int | None,
) -> JobStatus:
    """Record a model answer (redacted): the output and ``thread_memory``, or, for an empty
    answer, the removal of a stale output. One call, so one worker-thread hop per job."""
    thread = job.thread
    raw_memory = redact_secrets(answer.raw_memory)
    summary = redact_secrets(answer.rollout_summary)
    slug = None if answer.rollout_slug is None else redact_secrets(answer.rollout_slug)
    if not raw_memory.strip() or not summary.strip():
        done = memories.mark_stage1_succeeded_no_output(thread.id, job.ownership_token, now=now)
        return JobStatus.SUCCEEDED_NO_OUTPUT if done else JobStatus.LOST_LEASE
    done = memories.mark_stage1_succeeded(
        thread.id,
        job.ownership_token,
        source_updated_at=job.source_updated_at,
        raw_memory=raw_memory,
        rollout_summary=summary,
        rollout_slug=slug,
        now=now,
    )
    if not done:
        log.warning("memory phase 1 lost the lease of thread %s; nothing written", thread.id)
        return JobStatus.LOST_LEASE
    try:
        state.upsert_thread_memory(thread.id, summary, raw_memory)
    except ThreadNotFound:
        log.info("memory phase 1: thread %s was deleted meanwhile", thread.id)
    except Exception as error:  # the output is stored; the per-thread row can catch up later
        log.warning("memory phase 1: thread_memory of %s not written: %s", thread.id, error)
    return JobStatus.SUCCEEDED_WITH_OUTPUT


def release_jobs(memories: MemoryStore, jobs: Collection[ClaimedJob]) -> int:
    """Give back the claims of jobs that were cancelled before they finished, so the next
    run claims them at once; a job that did finish (or was taken over) is left as it is.
    Returns how many were given back."""
    released = 0
    for job in jobs:
        try:
            if memories.release_stage1_job(job.thread.id, job.ownership_token):
                released += 1
                log.info("memory phase 1 job for %s cancelled; claim released", job.thread.id)
        except Exception as error:  # the lease still expires on its own
            log.warning("memory phase 1: claim of %s not released: %s", job.thread.id, error)
    return released


async def run_job(
    state: StateStore,
    memories: MemoryStore,
    model: StageOneModel,
    job: ClaimedJob,
    *,
    config: MemoriesConfig,
    context_window: int | None = None,
    now: int | None = None,
    gate: asyncio.Semaphore | None = None,
    prepared: asyncio.Semaphore | None = None,
) -> JobResult:
    """Run one claimed job to its end and record the result (see the module docstring).

    ``now`` (unix seconds) pins the clock of the job's writes; None means the current time.
    ``gate`` bounds the jobs waiting for the model; ``prepared`` bounds those holding a
    request (read before the job waits for ``gate``, so a freed slot goes straight to the
    next model call). The result is recorded after the job left both.
    """
    thread = job.thread
    try:
        async with prepared if prepared is not None else contextlib.nullcontext():
            request = await asyncio.to_thread(
                build_request, thread, config=config, context_window=context_window
            )
            async with gate if gate is not None else contextlib.nullcontext():
                text = await model(request)
        answer = parse_stage_one_output(text)
    except Exception as error:  # every failure is recorded and retried after a backoff
        reason = f"{type(error).__name__}: {error}"
        log.warning("memory phase 1 job failed for thread %s: %s", thread.id, reason)
        recorded = await asyncio.to_thread(
            memories.mark_stage1_failed,
            thread.id,
            job.ownership_token,
            reason=reason[:2000],
            retry_delay_seconds=PHASE1_RETRY_DELAY_SECONDS,
            now=now,
        )
        status = JobStatus.FAILED if recorded else JobStatus.LOST_LEASE
        return JobResult(thread.id, status, reason)
    status = await asyncio.to_thread(_store_output, state, memories, job, answer, now)
    return JobResult(thread.id, status)


async def run_phase1(
    state: StateStore,
    memories: MemoryStore,
    model: StageOneModel,
    *,
    worker_id: str,
    current_thread_id: str | None,
    config: MemoriesConfig,
    context_window: int | None = None,
    concurrency: int = PHASE1_CONCURRENCY,
    now_ms: int | None = None,
) -> Phase1Report:
    """Claim the stale rollouts, newest first, and run each claimed job at once (at most
    ``concurrency`` of them reading their rollout or waiting for the model)."""
    settings = config.normalized()
    now = None if now_ms is None else now_ms // 1000
    gate = asyncio.Semaphore(max(concurrency, 1))
    prepared = asyncio.Semaphore(2 * max(concurrency, 1))

    async def guarded(job: ClaimedJob) -> JobResult:
        try:
            return await run_job(
                state,
                memories,
                model,
                job,
                config=settings,
                context_window=context_window,
                now=now,
                gate=gate,
                prepared=prepared,
            )
        except Exception as error:  # e.g. the database went away while recording
            log.exception("memory phase 1 job for thread %s crashed", job.thread.id)
            return JobResult(job.thread.id, JobStatus.FAILED, f"{type(error).__name__}: {error}")

    candidates = await asyncio.to_thread(
        select_candidates,
        state,
        memories,
        current_thread_id=current_thread_id,
        config=settings,
        now_ms=_now_ms() if now_ms is None else now_ms,
    )
    limit = settings.max_rollouts_per_startup
    attempts: list[ClaimAttempt] = []
    claimed: list[ClaimedJob] = []
    running: list[asyncio.Task[JobResult]] = []
    try:
        for thread in candidates:
            if len(running) >= limit:
                break
            # Shielded: a claim made while this run is cancelled is still given back.
            claiming = asyncio.ensure_future(
                asyncio.to_thread(
                    claim_job,
                    memories,
                    thread,
                    worker_id=worker_id,
                    max_running_jobs=limit,
                    now_ms=now_ms,
                )
            )
            try:
                attempt, job = await asyncio.shield(claiming)
            except asyncio.CancelledError:
                _, late = await claiming
                if late is not None:
                    claimed.append(late)
                raise
            attempts.append(attempt)
            if job is not None:
                claimed.append(job)
                running.append(asyncio.ensure_future(guarded(job)))
        if running:
            await asyncio.wait(running)
    except asyncio.CancelledError:
        # Shutdown: stop every job, then give back the claims of those that did not finish
        # (a job cancelled before it started never ran any code of its own).
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)
        await asyncio.to_thread(release_jobs, memories, claimed)
        raise
    results = [task.result() for task in running]
    report = Phase1Report(attempts, results)
    log.info(
        "memory phase 1: %d claimed, %d with output, %d without, %d failed, %d lost",
        len(running),
        report.count(JobStatus.SUCCEEDED_WITH_OUTPUT),
        report.count(JobStatus.SUCCEEDED_NO_OUTPUT),
        report.count(JobStatus.FAILED),
        report.count(JobStatus.LOST_LEASE),
    )
    return report
