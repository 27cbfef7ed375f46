"""The agents migration stream: one head, upgrade from empty, metadata parity, its own
version table next to the other streams, data kept across re-opens (R8)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import (
    SchemaTooNew,
    agents_database_path,
    agents_head_revision,
    open_agent_graph_store,
    open_goal_store,
    open_store,
)
from spindle_state.agents._agents_schema import AGENTS_METADATA, AGENTS_STREAM, AGENTS_VERSION_TABLE
from spindle_state.core._database import create_stream_engine

pytestmark = pytest.mark.requirement("R8")

ROOT = "01a24994-4779-7a90-8a8b-36476271f201"
CHILD = "01a24994-4779-7a90-8a8b-36476271f202"


def test_single_head_with_linear_history() -> None:
    script = ScriptDirectory.from_config(AGENTS_STREAM.alembic_config())
    assert script.get_heads() == [agents_head_revision()]
    revisions = list(script.walk_revisions())
    assert [r.revision for r in reversed(revisions)] == ["agents_0001"]
    assert all(not isinstance(r.down_revision, tuple) for r in revisions)


def test_upgrade_from_empty_creates_the_table_and_own_version_table(
    home: Path, db_url: str | None, backend: str
) -> None:
    with open_agent_graph_store(home, db_url) as store, store.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        version = connection.execute(
            sa.text(f"SELECT version_num FROM {AGENTS_VERSION_TABLE}")
        ).all()
    assert {"thread_spawn_edges", AGENTS_VERSION_TABLE} <= tables
    assert "alembic_version" not in tables
    assert version == [(agents_head_revision(),)]
    if backend == "sqlite":
        assert agents_database_path(home).is_file()


def test_metadata_matches_the_migrations(home: Path, db_url: str | None) -> None:
    with open_agent_graph_store(home, db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, reflected, other: (
                    type_ != "table" or name in AGENTS_METADATA.tables
                ),
            },
        )
        diff = compare_metadata(context, AGENTS_METADATA)
    assert diff == []


def test_streams_share_one_database_without_colliding(
    home: Path, db_url: str | None, backend: str
) -> None:
    with open_store(home, db_url), open_goal_store(home, db_url):
        pass
    with open_agent_graph_store(home, db_url) as agents:
        agents.add_edge(
            parent_thread_id=ROOT, child_thread_id=CHILD, root_thread_id=ROOT,
            agent_path="/root/a", depth=1,
        )  # fmt: skip
        with agents.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
    if backend == "postgresql":
        assert {"alembic_version", "alembic_version_goals", AGENTS_VERSION_TABLE} <= tables
        assert {"threads", "thread_goals", "thread_spawn_edges"} <= tables
    else:
        assert tables == {"thread_spawn_edges", AGENTS_VERSION_TABLE}


def test_reopening_a_database_with_data_keeps_it(home: Path, db_url: str | None) -> None:
    with open_agent_graph_store(home, db_url) as store:
        first = store.add_edge(
            parent_thread_id=ROOT, child_thread_id=CHILD, root_thread_id=ROOT,
            agent_path="/root/a", depth=1, agent_nickname="Epicurus",
        )  # fmt: skip
    for _ in range(2):
        with open_agent_graph_store(home, db_url) as store:
            assert store.get_edge(CHILD) == first


def test_a_newer_schema_is_refused(home: Path, db_url: str | None) -> None:
    with open_agent_graph_store(home, db_url):
        pass
    engine = create_stream_engine(AGENTS_STREAM.resolve_url(home, db_url))
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(f"UPDATE {AGENTS_VERSION_TABLE} SET version_num = 'agents_9999'")
            )
    finally:
        engine.dispose()
    with pytest.raises(SchemaTooNew) as caught:
        open_agent_graph_store(home, db_url)
    assert caught.value.revision == "agents_9999"
