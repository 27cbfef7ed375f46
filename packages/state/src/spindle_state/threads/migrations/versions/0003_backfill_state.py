"""backfill state

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backfill_state",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("last_watermark", sa.Text, nullable=True),
        sa.Column("last_success_at", sa.BigInteger, nullable=True),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_backfill_state_singleton")),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'complete')", name=op.f("ck_backfill_state_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backfill_state")),
    )


def downgrade() -> None:
    op.drop_table("backfill_state")
