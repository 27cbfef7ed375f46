"""The tables of the separate memories database (its own Alembic stream).

They follow the reference's ``memories_1.sqlite``: ``jobs`` (phase-1 and phase-2 job rows
with leases, ownership tokens and retry state) and ``stage1_outputs`` (one extraction per
thread, with usage counters and the phase-2 selection flags). ``thread_memory_modes`` is
ours: the reference keeps ``memory_mode`` on its threads table, spindle keeps it here so
the memories pipeline owns it (a thread without a row is ``enabled``).
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

from spindle_state.core._migration_stream import STREAM_NAMING_CONVENTION, MigrationStream
from spindle_state.jobs._memories_records import JobStatus, MemoryMode

MEMORIES_VERSION_TABLE: Final = "alembic_version_memories"
"""Alembic version table of the memories stream, distinct from every other stream."""

MEMORIES_METADATA: Final = MetaData(naming_convention=STREAM_NAMING_CONVENTION)

JOB_STATUS_CHECK: Final = "status IN ({})".format(", ".join(f"'{s.value}'" for s in JobStatus))
MEMORY_MODE_CHECK: Final = "memory_mode IN ({})".format(
    ", ".join(f"'{m.value}'" for m in MemoryMode)
)

stage1_outputs: Final = Table(
    "stage1_outputs",
    MEMORIES_METADATA,
    Column("thread_id", Text, primary_key=True),
    Column("source_updated_at", BigInteger, nullable=False),
    Column("raw_memory", Text, nullable=False),
    Column("rollout_summary", Text, nullable=False),
    Column("rollout_slug", Text),
    Column("generated_at", BigInteger, nullable=False),
    Column("usage_count", BigInteger),
    Column("last_usage", BigInteger),
    Column("selected_for_phase2", Integer, nullable=False, server_default="0"),
    Column("selected_for_phase2_source_updated_at", BigInteger),
)
Index(
    "idx_stage1_outputs_source_updated_at",
    stage1_outputs.c.source_updated_at,
    stage1_outputs.c.thread_id,
)

jobs: Final = Table(
    "jobs",
    MEMORIES_METADATA,
    Column("kind", Text, nullable=False),
    Column("job_key", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("worker_id", Text),
    Column("ownership_token", Text),
    Column("started_at", BigInteger),
    Column("finished_at", BigInteger),
    Column("lease_until", BigInteger),
    Column("retry_at", BigInteger),
    Column("retry_remaining", BigInteger, nullable=False),
    Column("last_error", Text),
    Column("input_watermark", BigInteger),
    Column("last_success_watermark", BigInteger),
    PrimaryKeyConstraint("kind", "job_key"),
    CheckConstraint(JOB_STATUS_CHECK, name="status"),
)
Index(
    "idx_jobs_kind_status_retry_lease",
    jobs.c.kind,
    jobs.c.status,
    jobs.c.retry_at,
    jobs.c.lease_until,
)

thread_memory_modes: Final = Table(
    "thread_memory_modes",
    MEMORIES_METADATA,
    Column("thread_id", Text, primary_key=True),
    Column("memory_mode", Text, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    CheckConstraint(MEMORY_MODE_CHECK, name="memory_mode"),
)

MEMORIES_STREAM: Final = MigrationStream.beside(
    __file__,
    "memories",
    MEMORIES_METADATA,
    version_table=MEMORIES_VERSION_TABLE,
    pg_lock_key=0x73706E6D656D73,  # "spnmems" in ASCII
)
memories_database_path: Final = MEMORIES_STREAM.database_path
memories_head_revision: Final = MEMORIES_STREAM.head_revision

MEMORIES_PG_LOCK_KEY: Final = 0x73706E6A6F6273
"""PostgreSQL advisory lock ("spnjobs") that serialises memory job claims and finishes."""
