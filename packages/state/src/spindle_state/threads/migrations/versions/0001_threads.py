"""threads

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

VISIBLE = "preview <> ''"


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("rollout_path", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at_ms", sa.BigInteger, nullable=False),
        sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
        sa.Column("source", sa.Text, nullable=False, server_default="vscode"),
        sa.Column("thread_source", sa.Text, nullable=True),
        sa.Column("originator", sa.Text, nullable=True),
        sa.Column("model_provider", sa.Text, nullable=False, server_default=""),
        sa.Column("model", sa.Text, nullable=True),
        sa.Column("reasoning_effort", sa.Text, nullable=True),
        sa.Column("cwd", sa.Text, nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("preview", sa.Text, nullable=False, server_default=""),
        sa.Column("first_user_message", sa.Text, nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("cli_version", sa.Text, nullable=False, server_default=""),
        sa.Column("git_sha", sa.Text, nullable=True),
        sa.Column("git_branch", sa.Text, nullable=True),
        sa.Column("git_origin_url", sa.Text, nullable=True),
        sa.Column("tokens_used", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("archived_at", sa.BigInteger, nullable=True),
        sa.Column("forked_from_id", sa.Text, nullable=True),
        sa.Column("agent_path", sa.Text, nullable=True),
        sa.Column("agent_nickname", sa.Text, nullable=True),
        sa.Column("agent_role", sa.Text, nullable=True),
        sa.Column("history_mode", sa.Text, nullable=False, server_default="paginated"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
        sa.UniqueConstraint("created_at_ms", name=op.f("uq_threads_created_at_ms")),
        sa.UniqueConstraint("updated_at_ms", name=op.f("uq_threads_updated_at_ms")),
    )
    for name, columns in (
        ("ix_threads_visible_created", ["archived", "created_at_ms"]),
        ("ix_threads_visible_updated", ["archived", "updated_at_ms"]),
        ("ix_threads_visible_cwd_created", ["archived", "cwd", "created_at_ms"]),
        ("ix_threads_visible_cwd_updated", ["archived", "cwd", "updated_at_ms"]),
    ):
        op.create_index(
            name,
            "threads",
            columns,
            sqlite_where=sa.text(VISIBLE),
            postgresql_where=sa.text(VISIBLE),
        )


def downgrade() -> None:
    op.drop_table("threads")
