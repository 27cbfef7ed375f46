"""The ``logs`` table of the separate logs database (its own Alembic stream).

The table follows the reference's ``logs_2.sqlite`` layout (seconds plus nanoseconds,
level, target, the pre-rendered ``feedback_log_body``, source location, thread id,
``process_uuid`` and ``estimated_bytes``) and keeps the plain ``message`` too, so a row
written before ``feedback_log_body`` existed can be backfilled from it.

The secondary indexes are chosen so the byte-window queries (retention, feedback export)
are answered from an index alone, never by reading log bodies:
``idx_logs_thread_id_ts`` covers a thread partition, ``idx_logs_process_uuid`` covers a
process partition (``process_uuid = ? AND thread_id IS NULL``) and the ``--process`` filter.
"""

from __future__ import annotations

from typing import Final

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, Table, Text

from spindle_state.core._migration_stream import STREAM_NAMING_CONVENTION, MigrationStream

LOGS_VERSION_TABLE: Final = "alembic_version_logs"
"""Alembic version table of the logs stream, distinct from the state stream's."""

LOGS_METADATA: Final = MetaData(naming_convention=STREAM_NAMING_CONVENTION)

# SQLite only aliases the rowid (and honours AUTOINCREMENT) for exactly "INTEGER PRIMARY KEY".
_ID_TYPE: Final = BigInteger().with_variant(Integer(), "sqlite")

logs_table: Final = Table(
    "logs",
    LOGS_METADATA,
    Column("id", _ID_TYPE, primary_key=True, autoincrement=True),
    Column("ts", BigInteger, nullable=False),
    Column("ts_nanos", Integer, nullable=False),
    Column("level", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("message", Text),
    Column("module_path", Text),
    Column("file", Text),
    Column("line", Integer),
    Column("thread_id", Text),
    Column("process_uuid", Text),
    Column("estimated_bytes", BigInteger, nullable=False, server_default="0"),
    # Added by the second migration; ALTER TABLE appends it, so it is last here too.
    Column("feedback_log_body", Text),
    Index("idx_logs_ts", "ts", "ts_nanos", "id"),
    Index(
        "idx_logs_thread_id_ts",
        "thread_id",
        "ts",
        "ts_nanos",
        "id",
        "estimated_bytes",
        "process_uuid",
    ),
    Index(
        "idx_logs_process_uuid",
        "process_uuid",
        "thread_id",
        "ts",
        "ts_nanos",
        "id",
        "estimated_bytes",
    ),
    sqlite_autoincrement=True,
)

LOGS_STREAM: Final = MigrationStream.beside(
    __file__,
    "logs",
    LOGS_METADATA,
    version_table=LOGS_VERSION_TABLE,
    pg_lock_key=0x73706C6C6F6773,  # "spllogs" in ASCII
)
logs_database_path: Final = LOGS_STREAM.database_path
logs_head_revision: Final = LOGS_STREAM.head_revision
