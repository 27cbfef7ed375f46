"""agents: thread_spawn_edges (the persisted agent graph).

Revision ID: agents_0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "agents_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "thread_spawn_edges",
        sa.Column("child_thread_id", sa.Text, nullable=False),
        sa.Column("parent_thread_id", sa.Text, nullable=False),
        sa.Column("root_thread_id", sa.Text, nullable=False),
        sa.Column("agent_path", sa.Text, nullable=False),
        sa.Column("agent_nickname", sa.Text),
        sa.Column("agent_role", sa.Text),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("closed_at_ms", sa.BigInteger),
        sa.PrimaryKeyConstraint("child_thread_id", name="pk_thread_spawn_edges"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="ck_thread_spawn_edges_status"),
        sa.UniqueConstraint(
            "root_thread_id",
            "agent_path",
            name="uq_thread_spawn_edges_root_thread_id_agent_path",
        ),
    )
    op.create_index(
        "idx_thread_spawn_edges_parent_thread_id_status",
        "thread_spawn_edges",
        ["parent_thread_id", "status"],
    )


def downgrade() -> None:
    op.drop_index("idx_thread_spawn_edges_parent_thread_id_status", "thread_spawn_edges")
    op.drop_table("thread_spawn_edges")
