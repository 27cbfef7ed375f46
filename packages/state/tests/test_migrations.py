"""Alembic migrations: one head, upgrade from empty, metadata parity, upgrade with data."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import SchemaTooNew, TurnListQuery, head_revision, open_store
from spindle_state.core._database import create_engine, resolve_url
from spindle_state.threads._schema import STATE_STREAM, metadata


def _engine(home: Path, db_url: str | None) -> sa.Engine:
    return create_engine(resolve_url(home, db_url))


def test_single_head() -> None:
    script = ScriptDirectory.from_config(STATE_STREAM.alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_current_head() == head_revision()


def test_each_migration_has_one_parent_and_a_downgrade() -> None:
    script = ScriptDirectory.from_config(STATE_STREAM.alembic_config())
    revisions = list(script.walk_revisions())
    assert [r.revision for r in reversed(revisions)] == ["0001", "0002", "0003", "0004", "0005"]
    for revision in revisions:
        assert not isinstance(revision.down_revision, tuple)


def test_upgrade_from_empty_creates_every_table(home: Path, db_url: str | None) -> None:
    with open_store(home, db_url) as store:
        tables = set(sa.inspect(store.engine).get_table_names())
    assert {"threads", "turns", "backfill_state", "thread_memory", "alembic_version"} <= tables


def test_metadata_matches_migrations(home: Path, db_url: str | None) -> None:
    with open_store(home, db_url) as store, store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_reopen_is_idempotent(home: Path, db_url: str | None) -> None:
    with open_store(home, db_url):
        pass
    with open_store(home, db_url) as store, store.engine.connect() as connection:
        versions = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    assert versions == [(head_revision(),)]


def test_upgrade_of_a_database_holding_data(home: Path, db_url: str | None) -> None:
    engine = _engine(home, db_url)
    with engine.begin() as connection:
        config = STATE_STREAM.alembic_config(connection)
        command.upgrade(config, "0003")
        connection.execute(
            sa.text(
                "INSERT INTO threads (id, created_at_ms, updated_at_ms, preview, cwd) "
                "VALUES ('00000000-0000-7000-8000-0000000000aa', 1000, 2000, 'hello', '/w')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO turns (thread_id, turn_id, rollout_ordinal, status) "
                "VALUES ('00000000-0000-7000-8000-0000000000aa', 't1', 3, 'completed')"
            )
        )
    engine.dispose()
    with open_store(home, db_url) as store:
        thread = store.get_thread("00000000-0000-7000-8000-0000000000aa")
        assert (thread.preview, thread.created_at_ms, thread.updated_at_ms) == ("hello", 1000, 2000)
        assert [t.turn_id for t in store.list_turns(TurnListQuery(thread.id)).items] == ["t1"]
        store.upsert_thread_memory(thread.id, "trace", "memory")
        assert store.get_thread_memory(thread.id) is not None


def test_database_from_a_newer_schema_is_refused(home: Path, db_url: str | None) -> None:
    with open_store(home, db_url) as store, store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew, match="9999_future") as raised:
        open_store(home, db_url)
    assert raised.value.known_head == head_revision()
    # The database is left untouched.
    engine = _engine(home, db_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )
    engine.dispose()


def test_sqlite_connection_settings(home: Path) -> None:
    with open_store(home) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    assert (home / "state.sqlite").exists()


def test_home_defaults_to_spindle_home_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPINDLE_HOME", str(tmp_path / "envhome"))
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)
    with open_store() as store:
        assert store.home == tmp_path / "envhome"
    assert (tmp_path / "envhome" / "state.sqlite").exists()


@pytest.mark.postgres
def test_database_url_env_selects_postgresql(
    home: Path, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPINDLE_DATABASE_URL", pg_database.replace("+psycopg", ""))
    with open_store(home) as store:
        assert store.dialect == "postgresql"
    assert not (home / "state.sqlite").exists()
