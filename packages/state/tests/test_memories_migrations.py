"""The memories migration stream beside the others: its tables next to the other streams' in
one database, and data kept across re-opens (R15). What every side stream shares
(one head, upgrade from empty, metadata parity, newer schema refused) is in
``test_side_streams.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from spindle_state import (
    open_goal_store,
    open_memory_store,
    open_store,
)

pytestmark = pytest.mark.requirement("R15")

T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"
NOW = 1_800_000_000


def test_streams_share_one_database_without_colliding(
    home: Path, db_url: str | None, backend: str
) -> None:
    with open_store(home, db_url), open_goal_store(home, db_url):
        pass
    with open_memory_store(home, db_url) as store:
        store.enqueue_global_consolidation(5)
        with store.engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
    if backend == "postgresql":
        assert {"threads", "thread_goals", "jobs", "alembic_version_goals"} <= tables
    else:
        assert "threads" not in tables and "thread_goals" not in tables


def test_reopening_a_database_with_data_keeps_it(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url) as store:
        claim = store.try_claim_stage1_job(
            T1, worker_id="w", source_updated_at=100, lease_seconds=60, max_running_jobs=8,
            now=NOW,
        )  # fmt: skip
        assert claim.ownership_token is not None
        assert store.mark_stage1_succeeded(
            T1, claim.ownership_token, source_updated_at=100, raw_memory="r",
            rollout_summary="s", rollout_slug=None, now=NOW,
        )  # fmt: skip
        first = (store.list_jobs(), store.list_stage1_outputs())
    for _ in range(2):
        with open_memory_store(home, db_url) as store:
            assert (store.list_jobs(), store.list_stage1_outputs()) == first
