"""memories: jobs, stage1_outputs and thread_memory_modes.

Revision ID: memories_0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "memories_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JOB_STATUSES = ("pending", "running", "done", "error")
_MEMORY_MODES = ("enabled", "disabled", "polluted")


def _in(column: str, values: Sequence[str]) -> str:
    return "{} IN ({})".format(column, ", ".join(f"'{v}'" for v in values))


def upgrade() -> None:
    op.create_table(
        "stage1_outputs",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("source_updated_at", sa.BigInteger, nullable=False),
        sa.Column("raw_memory", sa.Text, nullable=False),
        sa.Column("rollout_summary", sa.Text, nullable=False),
        sa.Column("rollout_slug", sa.Text),
        sa.Column("generated_at", sa.BigInteger, nullable=False),
        sa.Column("usage_count", sa.BigInteger),
        sa.Column("last_usage", sa.BigInteger),
        sa.Column("selected_for_phase2", sa.Integer, nullable=False, server_default="0"),
        sa.Column("selected_for_phase2_source_updated_at", sa.BigInteger),
        sa.PrimaryKeyConstraint("thread_id", name="pk_stage1_outputs"),
    )
    op.create_index(
        "idx_stage1_outputs_source_updated_at",
        "stage1_outputs",
        ["source_updated_at", "thread_id"],
    )
    op.create_table(
        "jobs",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("job_key", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("worker_id", sa.Text),
        sa.Column("ownership_token", sa.Text),
        sa.Column("started_at", sa.BigInteger),
        sa.Column("finished_at", sa.BigInteger),
        sa.Column("lease_until", sa.BigInteger),
        sa.Column("retry_at", sa.BigInteger),
        sa.Column("retry_remaining", sa.BigInteger, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("input_watermark", sa.BigInteger),
        sa.Column("last_success_watermark", sa.BigInteger),
        sa.PrimaryKeyConstraint("kind", "job_key", name="pk_jobs"),
        sa.CheckConstraint(_in("status", _JOB_STATUSES), name="ck_jobs_status"),
    )
    op.create_index(
        "idx_jobs_kind_status_retry_lease",
        "jobs",
        ["kind", "status", "retry_at", "lease_until"],
    )
    op.create_table(
        "thread_memory_modes",
        sa.Column("thread_id", sa.Text, nullable=False),
        sa.Column("memory_mode", sa.Text, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("thread_id", name="pk_thread_memory_modes"),
        sa.CheckConstraint(
            _in("memory_mode", _MEMORY_MODES), name="ck_thread_memory_modes_memory_mode"
        ),
    )


def downgrade() -> None:
    op.drop_table("thread_memory_modes")
    op.drop_index("idx_jobs_kind_status_retry_lease", table_name="jobs")
    op.drop_table("jobs")
    op.drop_index("idx_stage1_outputs_source_updated_at", table_name="stage1_outputs")
    op.drop_table("stage1_outputs")
