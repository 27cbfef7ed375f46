"""logs feedback log body: the pre-rendered body, backfilled from message.

Rows written before this column existed get ``feedback_log_body = message`` (they had no
span prefix or fields to render), and their ``estimated_bytes`` grows by the body's UTF-8
length, so the retention budget keeps counting the body for every row.

Revision ID: logs_0002
Revises: logs_0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "logs_0002"
down_revision: str | Sequence[str] | None = "logs_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("logs", sa.Column("feedback_log_body", sa.Text))
    if op.get_bind().dialect.name == "postgresql":
        body_bytes = "octet_length(message)"
    else:
        body_bytes = "length(CAST(message AS BLOB))"
    op.execute(
        "UPDATE logs SET feedback_log_body = message, "
        f"estimated_bytes = estimated_bytes + {body_bytes} "
        "WHERE feedback_log_body IS NULL AND message IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("logs") as batch:
        batch.drop_column("feedback_log_body")
