"""SQLAlchemy Core tables of the state database.

This module mirrors the Alembic migrations in ``migrations/versions``; a test asserts that
the two agree. Change the schema by adding a migration, then updating these tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import sqlalchemy as sa

from spindle_state.core._database import PG_LOCK_KEY, SQLITE_FILENAME
from spindle_state.core._migration_stream import MigrationStream

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

# Listing only ever shows rows with a preview, so the paging indexes are partial on it.
# The predicate text must appear verbatim in queries for SQLite to pick these indexes.
# Migration 0001 makes them partial on PostgreSQL too; the tables below name only the
# SQLite predicate: a ``postgresql_where`` would import the PostgreSQL dialect (~30 ms of
# every SQLite start) to check the option, and nothing reads it (alembic's comparison of
# this metadata with the migrated database does not compare index predicates).
VISIBLE_PREDICATE = "preview <> ''"

threads = sa.Table(
    "threads",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
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
    sa.UniqueConstraint("created_at_ms"),
    sa.UniqueConstraint("updated_at_ms"),
    sa.Index(
        "ix_threads_visible_created",
        "archived",
        "created_at_ms",
        sqlite_where=sa.text(VISIBLE_PREDICATE),
    ),
    sa.Index(
        "ix_threads_visible_updated",
        "archived",
        "updated_at_ms",
        sqlite_where=sa.text(VISIBLE_PREDICATE),
    ),
    sa.Index(
        "ix_threads_visible_cwd_created",
        "archived",
        "cwd",
        "created_at_ms",
        sqlite_where=sa.text(VISIBLE_PREDICATE),
    ),
    sa.Index(
        "ix_threads_visible_cwd_updated",
        "archived",
        "cwd",
        "updated_at_ms",
        sqlite_where=sa.text(VISIBLE_PREDICATE),
    ),
)

turns = sa.Table(
    "turns",
    metadata,
    sa.Column(
        "thread_id",
        sa.Text,
        sa.ForeignKey("threads.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("turn_id", sa.Text, primary_key=True),
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
    sa.UniqueConstraint("thread_id", "rollout_ordinal"),
)

backfill_state = sa.Table(
    "backfill_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("last_watermark", sa.Text, nullable=True),
    sa.Column("last_success_at", sa.BigInteger, nullable=True),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.CheckConstraint("id = 1", name="singleton"),
    sa.CheckConstraint("status IN ('pending', 'running', 'complete')", name="status"),
)

thread_memory = sa.Table(
    "thread_memory",
    metadata,
    sa.Column(
        "thread_id",
        sa.Text,
        sa.ForeignKey("threads.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("trace_summary", sa.Text, nullable=False),
    sa.Column("memory_summary", sa.Text, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
)
sa.Index(
    "ix_thread_memory_updated_at_thread_id",
    thread_memory.c.updated_at.desc(),
    thread_memory.c.thread_id.desc(),
)

# One row per thread whose read state changed: the first unread position (a turn, the
# thread's start when marked unread explicitly, or none: read) and an opaque revision.
thread_read_receipts = sa.Table(
    "thread_read_receipts",
    metadata,
    sa.Column(
        "thread_id",
        sa.Text,
        sa.ForeignKey("threads.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("first_unread_kind", sa.Text, nullable=True),
    sa.Column("first_unread_turn_id", sa.Text, nullable=True),
    sa.Column("revision", sa.Text, nullable=False),
    sa.Column("updated_at", sa.BigInteger, nullable=False),
    sa.CheckConstraint(
        "first_unread_kind IS NULL OR first_unread_kind IN ('turn', 'thread_start')",
        name="first_unread_kind",
    ),
)

STATE_STREAM: Final = MigrationStream(
    name="state",
    metadata=metadata,
    migrations_dir=Path(__file__).with_name("migrations"),
    version_table="alembic_version",
    sqlite_filename=SQLITE_FILENAME,
    pg_lock_key=PG_LOCK_KEY,
    writer_transaction=True,
)
head_revision: Final = STATE_STREAM.head_revision
