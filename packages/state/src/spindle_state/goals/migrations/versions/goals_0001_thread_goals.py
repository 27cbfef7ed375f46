"""goals: thread_goals and thread_goal_continuation_deferrals.

Revision ID: goals_0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "goals_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("active", "paused", "blocked", "usage_limited", "budget_limited", "complete")


def upgrade() -> None:
    op.create_table(
        "thread_goals",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("goal_id", sa.Text, nullable=False),
        sa.Column("objective", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("token_budget", sa.BigInteger),
        sa.Column("tokens_used", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("time_used_seconds", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("thread_id", name="pk_thread_goals"),
        sa.CheckConstraint(
            "status IN ({})".format(", ".join(f"'{s}'" for s in _STATUSES)),
            name="ck_thread_goals_status",
        ),
    )
    op.create_table(
        "thread_goal_continuation_deferrals",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("thread_id", name="pk_thread_goal_continuation_deferrals"),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread_goals.thread_id"],
            name="fk_thread_goal_continuation_deferrals_thread_id_thread_goals",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("thread_goal_continuation_deferrals")
    op.drop_table("thread_goals")
