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

AGENTS_VERSION_TABLE: Final = "alembic_version_agents"
"""Alembic version table of the agents stream, distinct from every other stream."""

NAMING_CONVENTION: Final = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

AGENTS_METADATA: Final = MetaData(naming_convention=NAMING_CONVENTION)

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
