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

from spindle_state.goals._goals_records import GoalStatus

GOALS_VERSION_TABLE: Final = "alembic_version_goals"
"""Alembic version table of the goals stream, distinct from the state and logs streams."""

NAMING_CONVENTION: Final = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

GOALS_METADATA: Final = MetaData(naming_convention=NAMING_CONVENTION)

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
