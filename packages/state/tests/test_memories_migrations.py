"""The memories migration stream: one head, upgrade from empty, metadata parity, its own
version table next to the other streams, data kept across re-opens, newer schema refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import (
    SchemaTooNew,
    memories_database_path,
    memories_head_revision,
    open_goal_store,
    open_memory_store,
    open_store,
)
from spindle_state.core._database import create_stream_engine
from spindle_state.jobs._memories_schema import (
    MEMORIES_METADATA,
    MEMORIES_STREAM,
    MEMORIES_VERSION_TABLE,
)

pytestmark = pytest.mark.requirement("R15")

T1 = "01a22428-1eca-7fe1-95a3-0dacb0f57101"
NOW = 1_800_000_000


def test_single_head_with_linear_history() -> None:
    script = ScriptDirectory.from_config(MEMORIES_STREAM.alembic_config())
    assert script.get_heads() == [memories_head_revision()]
    revisions = list(script.walk_revisions())
    assert [r.revision for r in reversed(revisions)] == ["memories_0001"]


def test_upgrade_from_empty_creates_the_tables_and_own_version_table(
    home: Path, db_url: str | None, backend: str
) -> None:
    with open_memory_store(home, db_url) as store, store.engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        version = connection.execute(
            sa.text(f"SELECT version_num FROM {MEMORIES_VERSION_TABLE}")
        ).all()
    assert {"jobs", "stage1_outputs", "thread_memory_modes", MEMORIES_VERSION_TABLE} <= tables
    assert "alembic_version" not in tables
    assert version == [(memories_head_revision(),)]
    if backend == "sqlite":
        assert memories_database_path(home).is_file()


def test_metadata_matches_the_migrations(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda obj, name, type_, reflected, other: (
                    type_ != "table" or name in MEMORIES_METADATA.tables
                ),
            },
        )
        diff = compare_metadata(context, MEMORIES_METADATA)
    assert diff == []


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


def test_a_newer_schema_is_refused(home: Path, db_url: str | None) -> None:
    with open_memory_store(home, db_url):
        pass
    engine = create_stream_engine(MEMORIES_STREAM.resolve_url(home, db_url))
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(f"UPDATE {MEMORIES_VERSION_TABLE} SET version_num = 'memories_9999'")
            )
    finally:
        engine.dispose()
    with pytest.raises(SchemaTooNew) as caught:
        open_memory_store(home, db_url)
    assert caught.value.revision == "memories_9999"
