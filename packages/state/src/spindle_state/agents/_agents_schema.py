"""The table of the agent graph database (its own Alembic stream).

``thread_spawn_edges`` follows the reference's table of that name (child thread as the key,
the parent, an ``open``/``closed`` status indexed with the parent) and adds what spindle
needs to address agents by path without reading rollouts: the tree's root thread, the
agent path (unique within a tree), nickname, role, depth and timestamps.
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
    Table,
    Text,
    UniqueConstraint,
)

from spindle_state.agents._agents_records import SpawnEdgeStatus
from spindle_state.core._migration_stream import STREAM_NAMING_CONVENTION, MigrationStream

AGENTS_VERSION_TABLE: Final = "alembic_version_agents"
"""Alembic version table of the agents stream, distinct from every other stream."""

AGENTS_METADATA: Final = MetaData(naming_convention=STREAM_NAMING_CONVENTION)

STATUS_CHECK: Final = "status IN ({})".format(", ".join(f"'{s.value}'" for s in SpawnEdgeStatus))

thread_spawn_edges: Final = Table(
    "thread_spawn_edges",
    AGENTS_METADATA,
    Column("child_thread_id", Text, primary_key=True),
    Column("parent_thread_id", Text, nullable=False),
    Column("root_thread_id", Text, nullable=False),
    Column("agent_path", Text, nullable=False),
    Column("agent_nickname", Text),
    Column("agent_role", Text),
    Column("depth", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at_ms", BigInteger, nullable=False),
    Column("updated_at_ms", BigInteger, nullable=False),
    Column("closed_at_ms", BigInteger),
    CheckConstraint(STATUS_CHECK, name="status"),
    UniqueConstraint("root_thread_id", "agent_path"),
    Index(None, "parent_thread_id", "status"),
)

AGENTS_STREAM: Final = MigrationStream.beside(
    __file__,
    "agents",
    AGENTS_METADATA,
    version_table=AGENTS_VERSION_TABLE,
    pg_lock_key=0x73706E6167656E74,  # "spnagent" in ASCII
)
agents_database_path: Final = AGENTS_STREAM.database_path
agents_head_revision: Final = AGENTS_STREAM.head_revision
