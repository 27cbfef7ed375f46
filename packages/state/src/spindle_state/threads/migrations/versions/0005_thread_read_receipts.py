"""thread read receipts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thread_read_receipts",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("first_unread_kind", sa.Text, nullable=True),
        sa.Column("first_unread_turn_id", sa.Text, nullable=True),
        sa.Column("revision", sa.Text, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["threads.id"],
            name=op.f("fk_thread_read_receipts_thread_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_thread_read_receipts")),
        sa.CheckConstraint(
            "first_unread_kind IS NULL OR first_unread_kind IN ('turn', 'thread_start')",
            name=op.f("ck_thread_read_receipts_first_unread_kind"),
        ),
    )


def downgrade() -> None:
    op.drop_table("thread_read_receipts")
