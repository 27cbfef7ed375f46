"""Phase 2: consolidate the selected raw memories in the git-backed memories folder.

One run, in order (the outcome names are :class:`~spindle_state.ClaimOutcome` values):

1. Claim the global phase-2 lock; anything but ``Claimed`` ends the run with that outcome.
2. Make the folder a git repository with an empty first commit if it is not one.
3. Select up to ``max_raw_memories_for_consolidation`` outputs (usage count, last use,
   recency, thread id), keeping threads that still exist.
4. Write ``rollout_summaries/`` (stale files pruned) and ``raw_memories.md``; prune
   extension resources older than 7 days.
5. Diff the folder against the baseline commit. Nothing changed: record success with no
   agent run (``SkippedNotDirty``, status ``succeeded_no_workspace_changes``).
6. Write ``phase2_workspace_diff.md`` and run the consolidation agent, heartbeating the
   lease every 90 s. A lost lease stops the agent and writes nothing.
7. When the agent completed: confirm the lease is still ours, check its artifacts
   (``MEMORY.md``, and ``memory_summary.md`` starting with ``v1``), replace ``.git`` by a
   fresh one-commit baseline and record success (which starts the six-hour cooldown). Any
   other end, a cancellation (shutdown) included, is a recorded failure.

Dirtiness is the git diff alone, as in the reference 0.169.0: its claim never compares
watermarks (only backoff, a live lease and the cooldown gate it), so a hand edit reaches
the agent with no new input, and on a fresh home the first run sees every file as added
and runs the agent, even with no inputs yet (checked against the binary: its first
phase 2 spawns the agent on an empty workspace too).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from spindle_state import ClaimOutcome, MemoryStore, StateStore

from spindle_memories._config import (
    PHASE2_HEARTBEAT_SECONDS,
    PHASE2_LEASE_SECONDS,
    PHASE2_REASONING_EFFORT,
    PHASE2_RETRY_DELAY_SECONDS,
    MemoriesConfig,
)
from spindle_memories._interfaces import (
    ConsolidationAgent,
    ConsolidationRequest,
    ConsolidationResult,
)
from spindle_memories._layout import (
    MEMORY_FILENAME,
    MEMORY_SUMMARY_FILENAME,
    ConsolidationInput,
    RemovedResource,
    prune_extension_resources,
    rebuild_raw_memories,
    sync_rollout_summaries,
)
from spindle_memories._prompts import MEMORY_SUMMARY_FORMAT_LINE, build_consolidation_prompt
from spindle_memories._workspace import (
    WorkspaceDiff,
    prepare_workspace,
    reset_baseline,
    workspace_diff,
    write_workspace_diff,
)

log = logging.getLogger("spindle_memories.phase2")


class Phase2Status(StrEnum):
    """How a phase-2 run ended (the reference's status labels)."""

    SKIPPED = "skipped"
    SUCCEEDED = "succeeded"
    SUCCEEDED_NO_WORKSPACE_CHANGES = "succeeded_no_workspace_changes"
    FAILED_PREPARE_WORKSPACE = "failed_prepare_workspace"
    FAILED_LOAD_STAGE1_OUTPUTS = "failed_load_stage1_outputs"
    FAILED_SYNC_WORKSPACE_INPUTS = "failed_sync_workspace_inputs"
    FAILED_WORKSPACE_STATUS = "failed_workspace_status"
    FAILED_WORKSPACE_DIFF_FILE = "failed_workspace_diff_file"
    FAILED_AGENT = "failed_agent"
    FAILED_INVALID_ARTIFACTS = "failed_invalid_artifacts"
    """The agent completed without a ``MEMORY.md`` or a ``memory_summary.md`` whose first
    line is ``v1``."""
    CANCELLED = "cancelled"
    """The run was cancelled (shutdown) before its agent started; the lock is recorded as
    failed (a cancelled agent is ``failed_agent``, as any other end of the agent)."""
    FAILED_WORKSPACE_COMMIT = "failed_workspace_commit"
    LOST_LEASE = "lost_lease"
    """Another worker took the lock over: the run stopped and wrote nothing more."""


@dataclass(frozen=True, slots=True)
class Phase2Report:
    outcome: ClaimOutcome
    status: Phase2Status
    selected: list[str] = field(default_factory=list)
    diff: WorkspaceDiff | None = None
    removed_resources: list[RemovedResource] = field(default_factory=list)
    agent: ConsolidationResult | None = None
    error: str | None = None


def memory_root(home: Path) -> Path:
    """The memories folder of a spindle home."""
    return home / "memories"


def check_memory_summary(root: Path) -> str | None:
    """None when the agent's artifacts are valid: ``MEMORY.md`` exists and
    ``memory_summary.md`` exists with ``v1`` as its first line; else why not."""
    if not (root / MEMORY_FILENAME).is_file():
        return f"{MEMORY_FILENAME} was not written"
    try:
        text = (root / MEMORY_SUMMARY_FILENAME).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"{MEMORY_SUMMARY_FILENAME} was not written"
    first = text.splitlines()[0].strip() if text else ""
    if first != MEMORY_SUMMARY_FORMAT_LINE:
        return f"{MEMORY_SUMMARY_FILENAME} must start with the line {MEMORY_SUMMARY_FORMAT_LINE}"
    return None


def select_inputs(
    state: StateStore, memories: MemoryStore, config: MemoriesConfig, *, now: int | None = None
) -> list[ConsolidationInput]:
    """The phase-2 input selection joined with the facts of the threads that still exist."""
    threads = {}

    def exists(thread_id: str) -> bool:
        record = state.find_thread(thread_id)
        if record is not None:
            threads[thread_id] = record
        return record is not None

    outputs = memories.phase2_input_selection(
        config.max_raw_memories_for_consolidation,
        max_unused_days=config.max_unused_days,
        is_eligible=exists,
        now=now,
    )
    return [
        ConsolidationInput(
            output=output,
            cwd=threads[output.thread_id].cwd,
            rollout_path=threads[output.thread_id].rollout_path,
            git_branch=threads[output.thread_id].git.branch,
        )
        for output in outputs
    ]


async def _failed(
    memories: MemoryStore, token: str, report: Phase2Report, now: int | None
) -> Phase2Report:
    """Record ``report``'s failure on the owned lock (the status is the reason)."""
    log.warning("memory phase 2 failed: %s %s", report.status.value, report.error or "")
    reason = report.status.value
    delay = PHASE2_RETRY_DELAY_SECONDS
    recorded = await asyncio.to_thread(
        memories.mark_phase2_failed, token, reason=reason, retry_delay_seconds=delay, now=now
    )
    if not recorded:
        await asyncio.to_thread(
            memories.mark_phase2_failed_if_unowned,
            token,
            reason=reason,
            retry_delay_seconds=delay,
            now=now,
        )
    return report


async def _run_agent_with_heartbeat(
    memories: MemoryStore,
    agent: ConsolidationAgent,
    request: ConsolidationRequest,
    token: str,
    heartbeat_seconds: float,
    now: int | None,
) -> ConsolidationResult | None:
    """The agent's result, or None when the lease was lost (the agent is cancelled)."""
    task = asyncio.ensure_future(agent(request))
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=heartbeat_seconds)
            if done:
                break
            try:
                owned = await asyncio.to_thread(
                    memories.heartbeat_phase2_job,
                    token,
                    lease_seconds=PHASE2_LEASE_SECONDS,
                    now=now,
                )
            except Exception as error:  # the reference ends the run as an agent error
                log.warning("memory phase 2 heartbeat failed: %s; stopping the agent", error)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                return ConsolidationResult(
                    completed=False, error=f"heartbeat failed: {type(error).__name__}: {error}"
                )
            if not owned:
                log.warning("memory phase 2 lost its lease while the agent ran; stopping it")
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                return None
    finally:
        if not task.done():
            task.cancel()
    try:
        return task.result()
    except Exception as error:
        return ConsolidationResult(completed=False, error=f"{type(error).__name__}: {error}")


async def run_phase2(
    state: StateStore,
    memories: MemoryStore,
    agent: ConsolidationAgent,
    *,
    root: Path,
    worker_id: str,
    config: MemoriesConfig,
    heartbeat_seconds: float = PHASE2_HEARTBEAT_SECONDS,
    now: int | None = None,
) -> Phase2Report:
    """One phase-2 run (see the module docstring)."""
    settings = config.normalized()
    claim = await asyncio.to_thread(
        memories.try_claim_phase2_job,
        worker_id=worker_id,
        lease_seconds=PHASE2_LEASE_SECONDS,
        now=now,
    )
    log.info("memory phase 2 claim outcome=%s", claim.outcome)
    if claim.ownership_token is None:
        return Phase2Report(claim.outcome, Phase2Status.SKIPPED)
    token = claim.ownership_token
    progress = _Progress()
    try:
        return await _consolidate(
            state,
            memories,
            agent,
            token=token,
            claimed_watermark=claim.input_watermark or 0,
            root=root,
            settings=settings,
            heartbeat_seconds=heartbeat_seconds,
            now=now,
            progress=progress,
        )
    except asyncio.CancelledError:
        # Shutdown. An agent that was running ended without completing (``failed_agent``,
        # as any other end of it); before that, the run itself was cancelled.
        status = Phase2Status.FAILED_AGENT if progress.agent_started else Phase2Status.CANCELLED
        await _failed(
            memories, token, Phase2Report(ClaimOutcome.CLAIMED, status, error="cancelled"), now
        )
        raise


@dataclass(slots=True)
class _Progress:
    agent_started: bool = False


async def _consolidate(
    state: StateStore,
    memories: MemoryStore,
    agent: ConsolidationAgent,
    *,
    token: str,
    claimed_watermark: int,
    root: Path,
    settings: MemoriesConfig,
    heartbeat_seconds: float,
    now: int | None,
    progress: _Progress,
) -> Phase2Report:
    """Steps 2 to 7 of a run (see the module docstring), on the claimed lock ``token``."""
    try:
        await asyncio.to_thread(prepare_workspace, root)
    except Exception as error:
        return await _failed(
            memories,
            token,
            Phase2Report(
                ClaimOutcome.CLAIMED, Phase2Status.FAILED_PREPARE_WORKSPACE, error=str(error)
            ),
            now,
        )
    try:
        inputs = await asyncio.to_thread(select_inputs, state, memories, settings, now=now)
    except Exception as error:
        return await _failed(
            memories,
            token,
            Phase2Report(
                ClaimOutcome.CLAIMED, Phase2Status.FAILED_LOAD_STAGE1_OUTPUTS, error=str(error)
            ),
            now,
        )
    selected = [item.thread_id for item in inputs]
    selection = [(item.thread_id, item.output.source_updated_at) for item in inputs]
    watermark = max([claimed_watermark, *(item.output.source_updated_at for item in inputs)])
    try:
        await asyncio.to_thread(sync_rollout_summaries, root, inputs)
        await asyncio.to_thread(rebuild_raw_memories, root, inputs)
        removed = await asyncio.to_thread(prune_extension_resources, root)
    except Exception as error:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_SYNC_WORKSPACE_INPUTS,
            selected,
            error=str(error),
        )
        return await _failed(memories, token, report, now)
    try:
        diff = await asyncio.to_thread(workspace_diff, root)
    except Exception as error:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_WORKSPACE_STATUS,
            selected,
            removed_resources=removed,
            error=str(error),
        )
        return await _failed(memories, token, report, now)
    if not diff.has_changes:
        done = await asyncio.to_thread(
            memories.mark_phase2_succeeded,
            token,
            completed_watermark=watermark,
            selected=selection,
            now=now,
        )
        status = Phase2Status.SUCCEEDED_NO_WORKSPACE_CHANGES if done else Phase2Status.LOST_LEASE
        return Phase2Report(ClaimOutcome.SKIPPED_NOT_DIRTY, status, selected, diff, removed)
    try:
        diff_path = await asyncio.to_thread(write_workspace_diff, root, diff)
    except Exception as error:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_WORKSPACE_DIFF_FILE,
            selected,
            diff,
            removed,
            error=str(error),
        )
        return await _failed(memories, token, report, now)
    request = ConsolidationRequest(
        memory_root=root,
        prompt=build_consolidation_prompt(root, diff_file=diff_path.name),
        model=settings.consolidation_model,
        reasoning_effort=PHASE2_REASONING_EFFORT,
        writable_roots=(root,),
    )
    progress.agent_started = True
    result = await _run_agent_with_heartbeat(
        memories, agent, request, token, heartbeat_seconds, now
    )
    if result is None:
        return Phase2Report(ClaimOutcome.CLAIMED, Phase2Status.LOST_LEASE, selected, diff, removed)
    if not result.completed:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_AGENT,
            selected,
            diff,
            removed,
            result,
            result.error,
        )
        return await _failed(memories, token, report, now)
    # Never reset the baseline for a lock another worker holds now.
    owned = await asyncio.to_thread(
        memories.heartbeat_phase2_job, token, lease_seconds=PHASE2_LEASE_SECONDS, now=now
    )
    if not owned:
        log.warning("memory phase 2 lost its lease before the baseline reset; nothing written")
        return Phase2Report(
            ClaimOutcome.CLAIMED, Phase2Status.LOST_LEASE, selected, diff, removed, result
        )
    problem = check_memory_summary(root)
    if problem is not None:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_INVALID_ARTIFACTS,
            selected,
            diff,
            removed,
            result,
            problem,
        )
        return await _failed(memories, token, report, now)
    try:
        await asyncio.to_thread(reset_baseline, root)
    except Exception as error:
        report = Phase2Report(
            ClaimOutcome.CLAIMED,
            Phase2Status.FAILED_WORKSPACE_COMMIT,
            selected,
            diff,
            removed,
            result,
            str(error),
        )
        return await _failed(memories, token, report, now)
    done = await asyncio.to_thread(
        memories.mark_phase2_succeeded,
        token,
        completed_watermark=watermark,
        selected=selection,
        now=now,
    )
    status = Phase2Status.SUCCEEDED if done else Phase2Status.LOST_LEASE
    log.info("memory phase 2 %s: %d input(s), %d change(s)", status, len(inputs), len(diff.changes))
    return Phase2Report(ClaimOutcome.CLAIMED, status, selected, diff, removed, result)
