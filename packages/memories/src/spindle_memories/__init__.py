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
"""

from spindle_memories._config import HARD_MAX_ROLLOUT_AGE_DAYS, HARD_MAX_ROLLOUTS, MemoriesConfig
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
from spindle_memories._redact import redact_secrets
from spindle_memories._report import job_status, memory_status, pipeline_report_json
from spindle_memories._rollout_input import (
    filter_item_for_memories,
    rollout_items_for_memories,
    rollout_token_budget,
    truncate_middle,
)
from spindle_memories._startup import (
    DEFAULT_MAX_AGE_DAYS,
    DEFAULT_MAX_ROLLOUTS,
    DEFAULT_MIN_IDLE_HOURS,
    MemoryStartupConfig,
    MemoryStartupResult,
    run_memory_startup,
    select_startup_rollouts,
)
from spindle_memories._usage import cited_summary_files, cited_thread_ids, record_citations
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
