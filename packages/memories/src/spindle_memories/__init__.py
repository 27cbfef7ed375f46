"""spindle_memories: turn past threads into memories, and hand them to new threads.

- Phase 1 (:func:`run_phase1`) extracts a raw memory from each recent idle rollout, in
  parallel, through the server's :class:`StageOneModel`.
- Phase 2 (:func:`run_phase2`) consolidates them in the git-backed ``<home>/memories``
  folder through the server's :class:`ConsolidationAgent`.
- :func:`run_memory_pipeline` runs prune, phase 1 and phase 2 for one startup.
- :func:`build_memory_instructions` is the memory block of a new thread's developer
  instructions; :func:`record_citations` counts the memories a turn cited.

Jobs, leases and outcomes live in :class:`spindle_state.MemoryStore`. This package imports
``spindle_state`` and ``spindle_protocol`` only; see README.md for the whole pipeline.

Names are imported on first use (PEP 562): importing the package costs nothing
until a name is used, so a server that never runs the pipeline never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spindle_protocol.exports import lazy_exports

if TYPE_CHECKING:
    from spindle_memories._config import (
        DEFAULT_MAX_AGE_DAYS,
        DEFAULT_MAX_ROLLOUTS,
        DEFAULT_MIN_IDLE_HOURS,
        HARD_MAX_ROLLOUT_AGE_DAYS,
        HARD_MAX_ROLLOUTS,
        MemoriesConfig,
        MemoryStartupConfig,
    )
    from spindle_memories._interfaces import (
        CONSOLIDATION_THREAD_SOURCE,
        ConsolidationAgent,
        ConsolidationRequest,
        ConsolidationResult,
        StageOneModel,
        StageOneRequest,
    )
    from spindle_memories._layout import (
        ConsolidationInput,
        RemovedResource,
        prune_extension_resources,
        rebuild_raw_memories,
        rollout_summary_file_stem,
        sync_rollout_summaries,
    )
    from spindle_memories._phase1 import (
        INTERACTIVE_SOURCES,
        ClaimAttempt,
        InvalidStageOneOutput,
        JobResult,
        JobStatus,
        Phase1Report,
        parse_stage_one_output,
        run_phase1,
        select_candidates,
    )
    from spindle_memories._phase2 import (
        Phase2Report,
        Phase2Status,
        check_memory_summary,
        memory_root,
        run_phase2,
    )
    from spindle_memories._pipeline import (
        MemoryPipelineReport,
        MemoryServices,
        default_worker_id,
        run_memory_pipeline,
    )
    from spindle_memories._prompts import (
        MEMORY_SUMMARY_TOKEN_LIMIT,
        STAGE_ONE_SCHEMA_NAME,
        build_consolidation_prompt,
        build_memory_instructions,
        build_stage_one_input,
        stage_one_output_schema,
    )
    from spindle_memories._redact import (
        redact_secrets,
    )
    from spindle_memories._report import (
        job_status,
        memory_status,
        pipeline_report_json,
    )
    from spindle_memories._rollout_input import (
        filter_item_for_memories,
        rollout_items_for_memories,
        rollout_token_budget,
        truncate_middle,
    )
    from spindle_memories._startup import (
        MemoryStartupResult,
        run_memory_startup,
        select_startup_rollouts,
    )
    from spindle_memories._usage import (
        cited_summary_files,
        cited_thread_ids,
        record_citations,
    )
    from spindle_memories._workspace import (
        WORKSPACE_DIFF_FILENAME,
        ChangeStatus,
        WorkspaceChange,
        WorkspaceDiff,
        prepare_workspace,
        render_workspace_diff,
        reset_baseline,
        workspace_diff,
        write_workspace_diff,
    )

__all__ = [
    "CONSOLIDATION_THREAD_SOURCE",
    "DEFAULT_MAX_AGE_DAYS",
    "DEFAULT_MAX_ROLLOUTS",
    "DEFAULT_MIN_IDLE_HOURS",
    "HARD_MAX_ROLLOUTS",
    "HARD_MAX_ROLLOUT_AGE_DAYS",
    "INTERACTIVE_SOURCES",
    "MEMORY_SUMMARY_TOKEN_LIMIT",
    "STAGE_ONE_SCHEMA_NAME",
    "WORKSPACE_DIFF_FILENAME",
    "ChangeStatus",
    "ClaimAttempt",
    "ConsolidationAgent",
    "ConsolidationInput",
    "ConsolidationRequest",
    "ConsolidationResult",
    "InvalidStageOneOutput",
    "JobResult",
    "JobStatus",
    "MemoriesConfig",
    "MemoryPipelineReport",
    "MemoryServices",
    "MemoryStartupConfig",
    "MemoryStartupResult",
    "Phase1Report",
    "Phase2Report",
    "Phase2Status",
    "RemovedResource",
    "StageOneModel",
    "StageOneRequest",
    "WorkspaceChange",
    "WorkspaceDiff",
    "build_consolidation_prompt",
    "build_memory_instructions",
    "build_stage_one_input",
    "check_memory_summary",
    "cited_summary_files",
    "cited_thread_ids",
    "default_worker_id",
    "filter_item_for_memories",
    "job_status",
    "memory_root",
    "memory_status",
    "parse_stage_one_output",
    "pipeline_report_json",
    "prepare_workspace",
    "prune_extension_resources",
    "rebuild_raw_memories",
    "record_citations",
    "redact_secrets",
    "render_workspace_diff",
    "reset_baseline",
    "rollout_items_for_memories",
    "rollout_summary_file_stem",
    "rollout_token_budget",
    "run_memory_pipeline",
    "run_memory_startup",
    "run_phase1",
    "run_phase2",
    "select_candidates",
    "select_startup_rollouts",
    "stage_one_output_schema",
    "sync_rollout_summaries",
    "truncate_middle",
    "workspace_diff",
    "write_workspace_diff",
]

_LOCATIONS: dict[str, str] = {
    "CONSOLIDATION_THREAD_SOURCE": "spindle_memories._interfaces",
    "ChangeStatus": "spindle_memories._workspace",
    "ClaimAttempt": "spindle_memories._phase1",
    "ConsolidationAgent": "spindle_memories._interfaces",
    "ConsolidationInput": "spindle_memories._layout",
    "ConsolidationRequest": "spindle_memories._interfaces",
    "ConsolidationResult": "spindle_memories._interfaces",
    "DEFAULT_MAX_AGE_DAYS": "spindle_memories._config",
    "DEFAULT_MAX_ROLLOUTS": "spindle_memories._config",
    "DEFAULT_MIN_IDLE_HOURS": "spindle_memories._config",
    "HARD_MAX_ROLLOUTS": "spindle_memories._config",
    "HARD_MAX_ROLLOUT_AGE_DAYS": "spindle_memories._config",
    "INTERACTIVE_SOURCES": "spindle_memories._phase1",
    "InvalidStageOneOutput": "spindle_memories._phase1",
    "JobResult": "spindle_memories._phase1",
    "JobStatus": "spindle_memories._phase1",
    "MEMORY_SUMMARY_TOKEN_LIMIT": "spindle_memories._prompts",
    "MemoriesConfig": "spindle_memories._config",
    "MemoryPipelineReport": "spindle_memories._pipeline",
    "MemoryServices": "spindle_memories._pipeline",
    "MemoryStartupConfig": "spindle_memories._config",
    "MemoryStartupResult": "spindle_memories._startup",
    "Phase1Report": "spindle_memories._phase1",
    "Phase2Report": "spindle_memories._phase2",
    "Phase2Status": "spindle_memories._phase2",
    "RemovedResource": "spindle_memories._layout",
    "STAGE_ONE_SCHEMA_NAME": "spindle_memories._prompts",
    "StageOneModel": "spindle_memories._interfaces",
    "StageOneRequest": "spindle_memories._interfaces",
    "WORKSPACE_DIFF_FILENAME": "spindle_memories._workspace",
    "WorkspaceChange": "spindle_memories._workspace",
    "WorkspaceDiff": "spindle_memories._workspace",
    "build_consolidation_prompt": "spindle_memories._prompts",
    "build_memory_instructions": "spindle_memories._prompts",
    "build_stage_one_input": "spindle_memories._prompts",
    "check_memory_summary": "spindle_memories._phase2",
    "cited_summary_files": "spindle_memories._usage",
    "cited_thread_ids": "spindle_memories._usage",
    "default_worker_id": "spindle_memories._pipeline",
    "filter_item_for_memories": "spindle_memories._rollout_input",
    "job_status": "spindle_memories._report",
    "memory_root": "spindle_memories._phase2",
    "memory_status": "spindle_memories._report",
    "parse_stage_one_output": "spindle_memories._phase1",
    "pipeline_report_json": "spindle_memories._report",
    "prepare_workspace": "spindle_memories._workspace",
    "prune_extension_resources": "spindle_memories._layout",
    "rebuild_raw_memories": "spindle_memories._layout",
    "record_citations": "spindle_memories._usage",
    "redact_secrets": "spindle_memories._redact",
    "render_workspace_diff": "spindle_memories._workspace",
    "reset_baseline": "spindle_memories._workspace",
    "rollout_items_for_memories": "spindle_memories._rollout_input",
    "rollout_summary_file_stem": "spindle_memories._layout",
    "rollout_token_budget": "spindle_memories._rollout_input",
    "run_memory_pipeline": "spindle_memories._pipeline",
    "run_memory_startup": "spindle_memories._startup",
    "run_phase1": "spindle_memories._phase1",
    "run_phase2": "spindle_memories._phase2",
    "select_candidates": "spindle_memories._phase1",
    "select_startup_rollouts": "spindle_memories._startup",
    "stage_one_output_schema": "spindle_memories._prompts",
    "sync_rollout_summaries": "spindle_memories._layout",
    "truncate_middle": "spindle_memories._rollout_input",
    "workspace_diff": "spindle_memories._workspace",
    "write_workspace_diff": "spindle_memories._workspace",
}

__getattr__, __dir__ = lazy_exports(__name__, _LOCATIONS)
