"""spindle_state: the durable thread store (SQLite by default, PostgreSQL by URL).

Open it with ``open_store(home=None, url=None)``; see the package README for the invariants
(unique millisecond stamps, cursor semantics, git authority).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spindle_state._exceptions import (
        CorruptRollout,
        DatabaseUnavailable,
        InvalidCursor,
        InvalidGitInfo,
        ReadStateConflict,
        RolloutError,
        SchemaTooNew,
        StateError,
        ThreadAlreadyExists,
        ThreadNotFound,
        TurnNotFound,
    )
    from spindle_state.agents._agents_records import (
        AgentGraphError,
        AgentPathTaken,
        SpawnEdge,
        SpawnEdgeStatus,
    )
    from spindle_state.agents._agents_schema import agents_database_path, agents_head_revision
    from spindle_state.agents._agents_store import AgentGraphStore, open_agent_graph_store
    from spindle_state.core._database import resolve_home, resolve_url
    from spindle_state.goals._goals_records import (
        KEEP,
        MAX_OBJECTIVE_CHARS,
        GoalError,
        GoalNotFound,
        GoalRecord,
        GoalStatus,
        InvalidGoal,
        Keep,
    )
    from spindle_state.goals._goals_schema import goals_database_path, goals_head_revision
    from spindle_state.goals._goals_store import GoalStore, open_goal_store
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
        MemoryMode,
        Stage1Output,
    )
    from spindle_state.jobs._memories_schema import memories_database_path, memories_head_revision
    from spindle_state.jobs._memories_store import MemoryStore, open_memory_store
    from spindle_state.logs._logs_engine import LogsDatabaseError
    from spindle_state.logs._logs_export import FeedbackExport
    from spindle_state.logs._logs_handler import LogDbHandler, process_log_uuid
    from spindle_state.logs._logs_queries import InvalidLogLevel, LogEntry, LogQuery, LogRow
    from spindle_state.logs._logs_schema import logs_database_path, logs_head_revision
    from spindle_state.logs._logs_spans import current_log_thread_id, log_span, log_thread
    from spindle_state.logs._logs_store import LogStore, open_log_store
    from spindle_state.threads._backfill import BackfillReport, iter_rollouts
    from spindle_state.threads._cursor import format_timestamp_ms, parse_timestamp_ms
    from spindle_state.threads._records import (
        BackfillState,
        GitInfo,
        GitInfoPatch,
        LatestModel,
        NewThread,
        Page,
        ReadReceipt,
        SortDirection,
        SortKey,
        ThreadListQuery,
        ThreadMemory,
        ThreadRecord,
        ThreadUpdate,
        TurnListQuery,
        TurnRecord,
        TurnStatus,
        UnreadKind,
        initial_read_revision,
    )
    from spindle_state.threads._rollout_format import (
        RolloutLine,
        RolloutSummary,
        SessionMeta,
        encode_rollout_line,
        find_rollout_path,
        format_rollout_timestamp,
        iter_rollout_lines,
        parse_session_meta,
        read_session_meta,
        rollout_relative_path,
        summarize_rollout,
    )
    from spindle_state.threads._schema import head_revision
    from spindle_state.threads._source_kinds import INTERACTIVE_SOURCE_KINDS
    from spindle_state.threads._store import StateStore, open_store

__all__ = [
    "DEFAULT_RETRY_REMAINING",
    "INTERACTIVE_SOURCE_KINDS",
    "JOB_KIND_PHASE2",
    "JOB_KIND_STAGE1",
    "KEEP",
    "MAX_OBJECTIVE_CHARS",
    "PHASE2_JOB_KEY",
    "PHASE2_SUCCESS_COOLDOWN_SECONDS",
    "AgentGraphError",
    "AgentGraphStore",
    "AgentPathTaken",
    "BackfillReport",
    "BackfillState",
    "ClaimOutcome",
    "CorruptRollout",
    "DatabaseUnavailable",
    "FeedbackExport",
    "GitInfo",
    "GitInfoPatch",
    "GoalError",
    "GoalNotFound",
    "GoalRecord",
    "GoalStatus",
    "GoalStore",
    "InvalidCursor",
    "InvalidGitInfo",
    "InvalidGoal",
    "InvalidLogLevel",
    "JobClaim",
    "JobStatus",
    "Keep",
    "LatestModel",
    "LogDbHandler",
    "LogEntry",
    "LogQuery",
    "LogRow",
    "LogStore",
    "LogsDatabaseError",
    "MemoryJob",
    "MemoryMode",
    "MemoryStore",
    "NewThread",
    "Page",
    "ReadReceipt",
    "ReadStateConflict",
    "RolloutError",
    "RolloutLine",
    "RolloutSummary",
    "SchemaTooNew",
    "SessionMeta",
    "SortDirection",
    "SortKey",
    "SpawnEdge",
    "SpawnEdgeStatus",
    "Stage1Output",
    "StateError",
    "StateStore",
    "ThreadAlreadyExists",
    "ThreadListQuery",
    "ThreadMemory",
    "ThreadNotFound",
    "ThreadRecord",
    "ThreadUpdate",
    "TurnListQuery",
    "TurnNotFound",
    "TurnRecord",
    "TurnStatus",
    "UnreadKind",
    "agents_database_path",
    "agents_head_revision",
    "current_log_thread_id",
    "encode_rollout_line",
    "find_rollout_path",
    "format_rollout_timestamp",
    "format_timestamp_ms",
    "goals_database_path",
    "goals_head_revision",
    "head_revision",
    "initial_read_revision",
    "iter_rollout_lines",
    "iter_rollouts",
    "log_span",
    "log_thread",
    "logs_database_path",
    "logs_head_revision",
    "memories_database_path",
    "memories_head_revision",
    "open_agent_graph_store",
    "open_goal_store",
    "open_log_store",
    "open_memory_store",
    "open_store",
    "parse_session_meta",
    "parse_timestamp_ms",
    "process_log_uuid",
    "read_session_meta",
    "resolve_home",
    "resolve_url",
    "rollout_relative_path",
    "summarize_rollout",
]


# Public names resolve on first access (PEP 562): a server start that needs only a few of
# them does not pay for SQLAlchemy and every table module.
_LOCATIONS: dict[str, str] = {
    "AgentGraphError": "spindle_state.agents._agents_records",
    "AgentGraphStore": "spindle_state.agents._agents_store",
    "AgentPathTaken": "spindle_state.agents._agents_records",
    "BackfillReport": "spindle_state.threads._backfill",
    "BackfillState": "spindle_state.threads._records",
    "ClaimOutcome": "spindle_state.jobs._memories_records",
    "CorruptRollout": "spindle_state._exceptions",
    "DatabaseUnavailable": "spindle_state._exceptions",
    "DEFAULT_RETRY_REMAINING": "spindle_state.jobs._memories_records",
    "FeedbackExport": "spindle_state.logs._logs_export",
    "GitInfo": "spindle_state.threads._records",
    "GitInfoPatch": "spindle_state.threads._records",
    "GoalError": "spindle_state.goals._goals_records",
    "GoalNotFound": "spindle_state.goals._goals_records",
    "GoalRecord": "spindle_state.goals._goals_records",
    "GoalStatus": "spindle_state.goals._goals_records",
    "GoalStore": "spindle_state.goals._goals_store",
    "InvalidCursor": "spindle_state._exceptions",
    "InvalidGitInfo": "spindle_state._exceptions",
    "InvalidGoal": "spindle_state.goals._goals_records",
    "InvalidLogLevel": "spindle_state.logs._logs_queries",
    "JOB_KIND_PHASE2": "spindle_state.jobs._memories_records",
    "JOB_KIND_STAGE1": "spindle_state.jobs._memories_records",
    "JobClaim": "spindle_state.jobs._memories_records",
    "JobStatus": "spindle_state.jobs._memories_records",
    "KEEP": "spindle_state.goals._goals_records",
    "Keep": "spindle_state.goals._goals_records",
    "LatestModel": "spindle_state.threads._records",
    "LogDbHandler": "spindle_state.logs._logs_handler",
    "LogEntry": "spindle_state.logs._logs_queries",
    "LogQuery": "spindle_state.logs._logs_queries",
    "LogRow": "spindle_state.logs._logs_queries",
    "LogStore": "spindle_state.logs._logs_store",
    "LogsDatabaseError": "spindle_state.logs._logs_engine",
    "MAX_OBJECTIVE_CHARS": "spindle_state.goals._goals_records",
    "MemoryJob": "spindle_state.jobs._memories_records",
    "MemoryMode": "spindle_state.jobs._memories_records",
    "MemoryStore": "spindle_state.jobs._memories_store",
    "NewThread": "spindle_state.threads._records",
    "PHASE2_JOB_KEY": "spindle_state.jobs._memories_records",
    "PHASE2_SUCCESS_COOLDOWN_SECONDS": "spindle_state.jobs._memories_records",
    "Page": "spindle_state.threads._records",
    "ReadReceipt": "spindle_state.threads._records",
    "ReadStateConflict": "spindle_state._exceptions",
    "RolloutError": "spindle_state._exceptions",
    "RolloutLine": "spindle_state.threads._rollout_format",
    "RolloutSummary": "spindle_state.threads._rollout_format",
    "SchemaTooNew": "spindle_state._exceptions",
    "SessionMeta": "spindle_state.threads._rollout_format",
    "SortDirection": "spindle_state.threads._records",
    "SortKey": "spindle_state.threads._records",
    "SpawnEdge": "spindle_state.agents._agents_records",
    "SpawnEdgeStatus": "spindle_state.agents._agents_records",
    "Stage1Output": "spindle_state.jobs._memories_records",
    "StateError": "spindle_state._exceptions",
    "StateStore": "spindle_state.threads._store",
    "ThreadAlreadyExists": "spindle_state._exceptions",
    "ThreadListQuery": "spindle_state.threads._records",
    "INTERACTIVE_SOURCE_KINDS": "spindle_state.threads._source_kinds",
    "ThreadMemory": "spindle_state.threads._records",
    "ThreadNotFound": "spindle_state._exceptions",
    "ThreadRecord": "spindle_state.threads._records",
    "ThreadUpdate": "spindle_state.threads._records",
    "TurnListQuery": "spindle_state.threads._records",
    "TurnNotFound": "spindle_state._exceptions",
    "TurnRecord": "spindle_state.threads._records",
    "TurnStatus": "spindle_state.threads._records",
    "UnreadKind": "spindle_state.threads._records",
    "agents_database_path": "spindle_state.agents._agents_schema",
    "agents_head_revision": "spindle_state.agents._agents_schema",
    "current_log_thread_id": "spindle_state.logs._logs_spans",
    "encode_rollout_line": "spindle_state.threads._rollout_format",
    "find_rollout_path": "spindle_state.threads._rollout_format",
    "format_rollout_timestamp": "spindle_state.threads._rollout_format",
    "format_timestamp_ms": "spindle_state.threads._cursor",
    "goals_database_path": "spindle_state.goals._goals_schema",
    "goals_head_revision": "spindle_state.goals._goals_schema",
    "head_revision": "spindle_state.threads._schema",
    "initial_read_revision": "spindle_state.threads._records",
    "iter_rollout_lines": "spindle_state.threads._rollout_format",
    "iter_rollouts": "spindle_state.threads._backfill",
    "log_span": "spindle_state.logs._logs_spans",
    "log_thread": "spindle_state.logs._logs_spans",
    "logs_database_path": "spindle_state.logs._logs_schema",
    "logs_head_revision": "spindle_state.logs._logs_schema",
    "memories_database_path": "spindle_state.jobs._memories_schema",
    "memories_head_revision": "spindle_state.jobs._memories_schema",
    "open_agent_graph_store": "spindle_state.agents._agents_store",
    "open_goal_store": "spindle_state.goals._goals_store",
    "open_log_store": "spindle_state.logs._logs_store",
    "open_memory_store": "spindle_state.jobs._memories_store",
    "open_store": "spindle_state.threads._store",
    "parse_session_meta": "spindle_state.threads._rollout_format",
    "parse_timestamp_ms": "spindle_state.threads._cursor",
    "process_log_uuid": "spindle_state.logs._logs_handler",
    "read_session_meta": "spindle_state.threads._rollout_format",
    "resolve_home": "spindle_state.core._database",
    "resolve_url": "spindle_state.core._database",
    "rollout_relative_path": "spindle_state.threads._rollout_format",
    "summarize_rollout": "spindle_state.threads._rollout_format",
}


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'spindle_state' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
