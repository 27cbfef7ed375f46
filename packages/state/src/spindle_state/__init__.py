"""spindle_state: the durable thread store (SQLite by default, PostgreSQL by URL).

Open it with ``open_store(home=None, url=None)``; see the package README for the invariants
(unique millisecond stamps, cursor semantics, git authority).
"""

from spindle_state._agents_engine import agents_database_path, agents_head_revision
from spindle_state._agents_records import (
    AgentGraphError,
    AgentPathTaken,
    SpawnEdge,
    SpawnEdgeStatus,
)
from spindle_state._agents_store import AgentGraphStore, open_agent_graph_store
from spindle_state._backfill import BackfillReport, iter_rollouts
from spindle_state._cursor import format_timestamp_ms, parse_timestamp_ms
from spindle_state._engine import head_revision, resolve_home, resolve_url
from spindle_state._errors import (
    CorruptRollout,
    InvalidCursor,
    InvalidGitInfo,
    RolloutError,
    SchemaTooNew,
    StateError,
    ThreadAlreadyExists,
    ThreadNotFound,
    TurnNotFound,
)
from spindle_state._goals_engine import goals_database_path, goals_head_revision
from spindle_state._goals_records import (
    KEEP,
    MAX_OBJECTIVE_CHARS,
    GoalError,
    GoalNotFound,
    GoalRecord,
    GoalStatus,
    InvalidGoal,
    Keep,
)
from spindle_state._goals_store import GoalStore, open_goal_store
from spindle_state._logs_engine import LogsDatabaseError, logs_database_path, logs_head_revision
from spindle_state._logs_export import FeedbackExport
from spindle_state._logs_handler import LogDbHandler, process_log_uuid
from spindle_state._logs_queries import InvalidLogLevel, LogEntry, LogQuery, LogRow
from spindle_state._logs_spans import current_log_thread_id, log_span, log_thread
from spindle_state._logs_store import LogStore, open_log_store
from spindle_state._memories_engine import memories_database_path, memories_head_revision
from spindle_state._memories_records import (
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
from spindle_state._memories_store import MemoryStore, open_memory_store
from spindle_state._records import (
    BackfillState,
    GitInfo,
    GitInfoPatch,
    LatestModel,
    NewThread,
    Page,
    SortDirection,
    SortKey,
    ThreadMemory,
    ThreadRecord,
    ThreadUpdate,
    TurnRecord,
    TurnStatus,
)
from spindle_state._rollout import (
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
from spindle_state._store import StateStore, open_store

__all__ = [
    "DEFAULT_RETRY_REMAINING",
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
    "ThreadMemory",
    "ThreadNotFound",
    "ThreadRecord",
    "ThreadUpdate",
    "TurnNotFound",
    "TurnRecord",
    "TurnStatus",
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
