"""The side migration streams (goals, jobs, agents), each the same way: one head and a
linear history, an upgrade from empty into its own file and version table, metadata parity
with the migrations, and a newer schema refused. What each family keeps in its tables is
tested beside its store (``test_<family>_migrations.py``)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import (
    SchemaTooNew,
    open_agent_graph_store,
    open_goal_store,
    open_memory_store,
)
from spindle_state.agents._agents_schema import AGENTS_STREAM
from spindle_state.core._database import create_stream_engine
from spindle_state.core._migration_stream import MigrationStream
from spindle_state.goals._goals_schema import GOALS_STREAM
from spindle_state.jobs._memories_schema import MEMORIES_STREAM

Opener = Callable[[Path, str | None], AbstractContextManager[Any]]


@dataclass(frozen=True)
class Side:
    stream: MigrationStream
    open: Opener
    revisions: list[str]
    tables: set[str]


SIDES = [
    pytest.param(
        Side(
            GOALS_STREAM,
            open_goal_store,
            ["goals_0001"],
            {"thread_goals", "thread_goal_continuation_deferrals"},
        ),
        id="goals",
        marks=pytest.mark.requirement("R5"),
    ),
    pytest.param(
        Side(
            MEMORIES_STREAM,
            open_memory_store,
            ["memories_0001"],
            {"jobs", "stage1_outputs", "thread_memory_modes"},
        ),
        id="jobs",
        marks=pytest.mark.requirement("R15"),
    ),
    pytest.param(
        Side(AGENTS_STREAM, open_agent_graph_store, ["agents_0001"], {"thread_spawn_edges"}),
        id="agents",
        marks=pytest.mark.requirement("R8"),
    ),
]


@pytest.mark.parametrize("side", SIDES)
def test_single_head_with_linear_history(side: Side) -> None:
    script = ScriptDirectory.from_config(side.stream.alembic_config())
    assert script.get_heads() == [side.stream.head_revision()]
    revisions = list(script.walk_revisions())
    assert [r.revision for r in reversed(revisions)] == side.revisions
    assert all(not isinstance(r.down_revision, tuple) for r in revisions)


@pytest.mark.parametrize("side", SIDES)
def test_upgrade_from_empty_creates_the_tables_and_own_version_table(
    side: Side, home: Path, db_url: str | None, backend: str
) -> None:
    version_table = side.stream.version_table
    with side.open(home, db_url) as store, store.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        version = connection.execute(sa.text(f"SELECT version_num FROM {version_table}")).all()
    assert {*side.tables, version_table} <= tables
    assert "alembic_version" not in tables
    assert version == [(side.stream.head_revision(),)]
    if backend == "sqlite":
        assert side.stream.database_path(home).is_file()


@pytest.mark.parametrize("side", SIDES)
def test_metadata_matches_the_migrations(side: Side, home: Path, db_url: str | None) -> None:
    metadata = side.stream.metadata
    with side.open(home, db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, reflected, other: (
                    type_ != "table" or name in metadata.tables
                ),
            },
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


@pytest.mark.parametrize("side", SIDES)
def test_a_newer_schema_is_refused(side: Side, home: Path, db_url: str | None) -> None:
    with side.open(home, db_url):
        pass
    newer = f"{side.stream.name}_9999"
    engine = create_stream_engine(side.stream.resolve_url(home, db_url))
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(f"UPDATE {side.stream.version_table} SET version_num = :newer"),
                {"newer": newer},
            )
    finally:
        engine.dispose()
    with pytest.raises(SchemaTooNew) as caught:
        side.open(home, db_url)
    assert caught.value.revision == newer
