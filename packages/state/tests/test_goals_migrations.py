"""The goals migration stream beside the others: its tables next to the other streams' in
one database, and data kept across re-opens and an in-memory URL refused (R5). What every side stream shares
(one head, upgrade from empty, metadata parity, newer schema refused) is in
``test_side_streams.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    DatabaseUnavailable,
    GoalStatus,
    open_goal_store,
    open_log_store,
    open_store,
)
from spindle_state.goals._goals_schema import GOALS_VERSION_TABLE

pytestmark = pytest.mark.requirement("R5")

T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"


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


def test_an_in_memory_database_is_refused(home: Path) -> None:
    with pytest.raises(DatabaseUnavailable, match="must be a file, not an in-memory database"):
        open_goal_store(home, "sqlite+pysqlite:///:memory:")
