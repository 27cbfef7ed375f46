"""The goals migration stream: one head, upgrade from empty, metadata parity, its own
version table next to the state and logs streams, data kept across re-opens (R5)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import (
    DatabaseUnavailable,
    GoalStatus,
    SchemaTooNew,
    goals_head_revision,
    open_goal_store,
    open_log_store,
    open_store,
)
from spindle_state.core._database import create_stream_engine
from spindle_state.goals._goals_schema import GOALS_METADATA, GOALS_STREAM, GOALS_VERSION_TABLE

pytestmark = pytest.mark.requirement("R5")

T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"


def test_single_head_with_linear_history() -> None:
    script = ScriptDirectory.from_config(GOALS_STREAM.alembic_config())
    assert script.get_heads() == [goals_head_revision()]
    revisions = list(script.walk_revisions())
    assert [r.revision for r in reversed(revisions)] == ["goals_0001"]
    assert all(not isinstance(r.down_revision, tuple) for r in revisions)


def test_upgrade_from_empty_creates_the_tables_and_own_version_table(
    home: Path, db_url: str | None
) -> None:
    with open_goal_store(home, db_url) as store, store.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        version = connection.execute(
            sa.text(f"SELECT version_num FROM {GOALS_VERSION_TABLE}")
        ).all()
    assert {"thread_goals", "thread_goal_continuation_deferrals", GOALS_VERSION_TABLE} <= tables
    assert "alembic_version" not in tables
    assert version == [(goals_head_revision(),)]


def test_metadata_matches_the_migrations(home: Path, db_url: str | None) -> None:
    with open_goal_store(home, db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, reflected, other: (
                    type_ != "table" or name in GOALS_METADATA.tables
                ),
            },
        )
        diff = compare_metadata(context, GOALS_METADATA)
    assert diff == []


def test_streams_share_one_database_without_colliding(
    home: Path, db_url: str | None, backend: str
) -> None:
    # On PostgreSQL all three streams use one database; on SQLite each has its file.
    with open_store(home, db_url) as state, open_goal_store(home, db_url) as goals:
        goals.replace_goal(T1, "shared", status=GoalStatus.PAUSED)
        with state.engine.connect() as connection:
            state_tables = set(sa.inspect(connection).get_table_names())
    log_store = open_log_store(home, db_url)
    log_store.engine.dispose()
    with open_goal_store(home, db_url) as goals:
        stored = goals.get_goal(T1)
        assert stored is not None and stored.objective == "shared"
        with goals.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
    assert "threads" in state_tables
    if backend == "postgresql":
        assert {"alembic_version", "alembic_version_logs", GOALS_VERSION_TABLE} <= tables
        assert {"threads", "logs", "thread_goals"} <= tables
    else:
        assert "threads" not in tables and "logs" not in tables


def test_reopening_a_database_with_data_keeps_it(home: Path, db_url: str | None) -> None:
    with open_goal_store(home, db_url) as store:
        first = store.replace_goal(T1, "x", token_budget=10)
    for _ in range(2):
        with open_goal_store(home, db_url) as store:
            assert store.get_goal(T1) == first


def test_a_newer_schema_is_refused(home: Path, db_url: str | None) -> None:
    with open_goal_store(home, db_url):
        pass
    engine = create_stream_engine(GOALS_STREAM.resolve_url(home, db_url))
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(f"UPDATE {GOALS_VERSION_TABLE} SET version_num = 'goals_9999'")
            )
    finally:
        engine.dispose()
    with pytest.raises(SchemaTooNew) as caught:
        open_goal_store(home, db_url)
    assert caught.value.revision == "goals_9999"


def test_an_in_memory_database_is_refused(home: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="must be a file, not an in-memory database"):
        open_goal_store(home, "sqlite+pysqlite:///:memory:")
