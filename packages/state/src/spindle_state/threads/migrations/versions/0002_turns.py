"""turns

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "turns",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("turn_id", sa.Text, nullable=False),
        sa.Column("root_turn_id", sa.Text, nullable=True),
        sa.Column("rollout_ordinal", sa.BigInteger, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("error_json", sa.Text, nullable=True),
        sa.Column("started_at", sa.BigInteger, nullable=True),
        sa.Column("completed_at", sa.BigInteger, nullable=True),
        sa.Column("duration_ms", sa.BigInteger, nullable=True),
        sa.Column("model", sa.Text, nullable=True),
        sa.Column("reasoning_effort", sa.Text, nullable=True),
        sa.Column("items_json", sa.Text, nullable=False, server_default="[]"),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_turns_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", "turn_id", name=op.f("pk_turns")),
        sa.UniqueConstraint(
            "thread_id", "rollout_ordinal", name=op.f("uq_turns_thread_id_rollout_ordinal")
        ),
    )


def downgrade() -> None:
    op.drop_table("turns")
