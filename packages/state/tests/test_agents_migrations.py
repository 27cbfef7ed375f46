"""The agents migration stream beside the others: its tables next to the other streams' in
one database, and data kept across re-opens (R8). What every side stream shares
(one head, upgrade from empty, metadata parity, newer schema refused) is in
``test_side_streams.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    open_agent_graph_store,
    open_goal_store,
    open_store,
)
from spindle_state.agents._agents_schema import AGENTS_VERSION_TABLE

pytestmark = pytest.mark.requirement("R8")

ROOT = "01a24994-4779-7a90-8a8b-36476271f201"
CHILD = "01a24994-4779-7a90-8a8b-36476271f202"


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
