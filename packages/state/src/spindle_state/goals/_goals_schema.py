"""The tables of the separate goals database (its own Alembic stream).

They follow the reference's ``goals_1.sqlite``: ``thread_goals`` (one row per thread, the
status spelled in snake_case and checked) and ``thread_goal_continuation_deferrals``
(a marker per thread, removed with its goal).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    MetaData,
    Table,
    Text,
)

from spindle_state.core._migration_stream import STREAM_NAMING_CONVENTION, MigrationStream
from spindle_state.goals._goals_records import GoalStatus

GOALS_VERSION_TABLE: Final = "alembic_version_goals"
"""Alembic version table of the goals stream, distinct from the state and logs streams."""

GOALS_METADATA: Final = MetaData(naming_convention=STREAM_NAMING_CONVENTION)

STATUS_CHECK: Final = "status IN ({})".format(", ".join(f"'{s.value}'" for s in GoalStatus))

thread_goals: Final = Table(
    "thread_goals",
    GOALS_METADATA,
    Column("thread_id", Text, primary_key=True),
    Column("goal_id", Text, nullable=False),
    Column("objective", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("token_budget", BigInteger),
    Column("tokens_used", BigInteger, nullable=False, server_default="0"),
    Column("time_used_seconds", BigInteger, nullable=False, server_default="0"),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    CheckConstraint(STATUS_CHECK, name="status"),
)

thread_goal_continuation_deferrals: Final = Table(
    "thread_goal_continuation_deferrals",
    GOALS_METADATA,
    Column(
        "thread_id",
        Text,
        ForeignKey("thread_goals.thread_id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

GOALS_STREAM: Final = MigrationStream.beside(
    __file__,
    "goals",
    GOALS_METADATA,
    version_table=GOALS_VERSION_TABLE,
    pg_lock_key=0x73706E676F616C73,  # "spngoals" in ASCII
)
goals_database_path: Final = GOALS_STREAM.database_path
goals_head_revision: Final = GOALS_STREAM.head_revision
