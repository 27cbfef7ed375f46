"""thread memory

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thread_memory",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("trace_summary", sa.Text, nullable=False),
        sa.Column("memory_summary", sa.Text, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_memory_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_memory")),
    )
    op.create_index(
        "ix_thread_memory_updated_at_thread_id",
        "thread_memory",
        [sa.text("updated_at DESC"), sa.text("thread_id DESC")],
    )


def downgrade() -> None:
    op.drop_table("thread_memory")
