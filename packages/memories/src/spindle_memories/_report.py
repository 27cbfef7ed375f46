"""Plain-data views of the pipeline for ``spindle memories status`` and ``run --json``."""

from __future__ import annotations

import time
from typing import Any

from spindle_state import MemoryJob, MemoryStore

from spindle_memories._pipeline import MemoryPipelineReport


def job_status(job: MemoryJob, *, now: int | None = None) -> dict[str, Any]:
    """One job row as JSON data, with its lease state (``live``, ``expired`` or None)."""
    stamp = int(time.time()) if now is None else now
    lease = None
    if job.status.value == "running" and job.lease_until is not None:
        lease = "live" if job.lease_until > stamp else "expired"
    return {
        "kind": job.kind,
        "jobKey": job.job_key,
        "status": job.status.value,
        "workerId": job.worker_id,
        "lease": lease,
        "leaseUntil": job.lease_until,
        "startedAt": job.started_at,
        "finishedAt": job.finished_at,
        "retryAt": job.retry_at,
        "retryRemaining": job.retry_remaining,
        "lastError": job.last_error,
        "inputWatermark": job.input_watermark,
        "lastSuccessWatermark": job.last_success_watermark,
    }


def memory_status(memories: MemoryStore, *, now: int | None = None) -> dict[str, Any]:
    """Every memory job and the number of stored outputs."""
    outputs = memories.list_stage1_outputs()
    return {
        "jobs": [job_status(job, now=now) for job in memories.list_jobs()],
        "stage1Outputs": len(outputs),
        "selectedForPhase2": sum(1 for output in outputs if output.selected_for_phase2),
    }


def pipeline_report_json(report: MemoryPipelineReport) -> dict[str, Any]:
    """The outcome of every claim and job of one pipeline run."""
    phase2 = report.phase2
    return {
        "pruned": report.pruned,
        "phase1": {
            "claims": [
                {"threadId": a.thread_id, "outcome": a.outcome.value}
                for a in report.phase1.attempts
            ],
            "jobs": [
                {"threadId": j.thread_id, "status": j.status.value, "error": j.error}
                for j in report.phase1.jobs
            ],
        },
        "phase2": {
            "outcome": phase2.outcome.value,
            "status": phase2.status.value,
            "selected": phase2.selected,
            "changes": []
            if phase2.diff is None
            else [{"status": c.status.value, "path": c.path} for c in phase2.diff.changes],
            "agentThreadId": None if phase2.agent is None else phase2.agent.thread_id,
            "error": phase2.error,
        },
    }
