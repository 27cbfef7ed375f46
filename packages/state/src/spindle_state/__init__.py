"""spindle_state: the durable thread store (SQLite by default, PostgreSQL by URL).

Open it with ``open_store(home=None, url=None)``; see the package README for the invariants
(unique millisecond stamps, cursor semantics, git authority).
"""

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
    "BackfillReport",
    "BackfillState",
    "CorruptRollout",
    "GitInfo",
    "GitInfoPatch",
    "InvalidCursor",
    "InvalidGitInfo",
    "LatestModel",
    "NewThread",
    "Page",
    "RolloutError",
    "RolloutLine",
    "RolloutSummary",
    "SchemaTooNew",
    "SessionMeta",
    "SortDirection",
    "SortKey",
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
    "encode_rollout_line",
    "find_rollout_path",
    "format_rollout_timestamp",
    "format_timestamp_ms",
    "head_revision",
    "iter_rollout_lines",
    "iter_rollouts",
    "open_store",
    "parse_session_meta",
    "parse_timestamp_ms",
    "read_session_meta",
    "resolve_home",
    "resolve_url",
    "rollout_relative_path",
    "summarize_rollout",
]
