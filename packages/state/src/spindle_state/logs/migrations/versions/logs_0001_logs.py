"""logs: the table, without feedback_log_body.

Revision ID: logs_0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "logs_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "logs",
        sa.Column("id", _ID_TYPE, primary_key=True, autoincrement=True),
        sa.Column("ts", sa.BigInteger, nullable=False),
        sa.Column("ts_nanos", sa.Integer, nullable=False),
        sa.Column("level", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("module_path", sa.Text),
        sa.Column("file", sa.Text),
        sa.Column("line", sa.Integer),
        sa.Column("thread_id", sa.Text),
        sa.Column("process_uuid", sa.Text),
        sa.Column("estimated_bytes", sa.BigInteger, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_logs"),
        sqlite_autoincrement=True,
    )
    op.create_index("idx_logs_ts", "logs", ["ts", "ts_nanos", "id"])
    op.create_index(
        "idx_logs_thread_id_ts",
        "logs",
        ["thread_id", "ts", "ts_nanos", "id", "estimated_bytes", "process_uuid"],
    )
    op.create_index(
        "idx_logs_process_uuid",
        "logs",
        ["process_uuid", "thread_id", "ts", "ts_nanos", "id", "estimated_bytes"],
    )


def downgrade() -> None:
    op.drop_table("logs")
