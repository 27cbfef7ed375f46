"""The logs migration stream: one head, upgrade from empty, metadata equal to the
migrations, the body backfill of rows written before the column existed, and coexistence
with the state stream. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from spindle_state import (
    LogsDatabaseError,
    SchemaTooNew,
    logs_head_revision,
    open_log_store,
    open_store,
)
from spindle_state.logs._logs_engine import (
    create_logs_engine,
    logs_current_revision,
    migrate_logs,
    resolve_logs_url,
)
from spindle_state.logs._logs_schema import LOGS_METADATA, LOGS_STREAM, LOGS_VERSION_TABLE
from sqlalchemy import Engine, inspect, text


@pytest.fixture(autouse=True)
def _no_ambient_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPINDLE_DATABASE_URL", raising=False)


@pytest.fixture
def engine(home: Path, db_url: str | None) -> Iterator[Engine]:
    created = create_logs_engine(resolve_logs_url(home, db_url))
    try:
        yield created
    finally:
        created.dispose()


def test_the_stream_has_a_single_head() -> None:
    script = ScriptDirectory.from_config(LOGS_STREAM.alembic_config())
    assert script.get_heads() == [logs_head_revision()]
    assert [rev.revision for rev in script.walk_revisions()] == ["logs_0002", "logs_0001"]


def test_upgrade_from_empty_uses_its_own_version_table(engine: Engine) -> None:
    migrate_logs(engine)

    inspector = inspect(engine)
    assert {"logs", LOGS_VERSION_TABLE} <= set(inspector.get_table_names())
    assert "alembic_version" not in inspector.get_table_names()
    assert logs_current_revision(engine) == logs_head_revision()
    assert {index["name"] for index in inspector.get_indexes("logs")} == {
        "idx_logs_ts",
        "idx_logs_thread_id_ts",
        "idx_logs_process_uuid",
    }
    migrate_logs(engine)  # idempotent
    assert logs_current_revision(engine) == logs_head_revision()


def _not_the_version_table(
    _object: object, name: str | None, type_: str, _reflected: bool, _compare_to: object
) -> bool:
    return not (type_ == "table" and name == LOGS_VERSION_TABLE)


def test_metadata_matches_the_migrations(engine: Engine) -> None:
    migrate_logs(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _not_the_version_table}
        )
        assert compare_metadata(context, LOGS_METADATA) == []


@pytest.mark.requirement("R9")
def test_upgrade_backfills_the_body_of_rows_written_before_the_column(
    engine: Engine, home: Path, db_url: str | None
) -> None:
    migrate_logs(engine, "logs_0001")
    assert "feedback_log_body" not in {c["name"] for c in inspect(engine).get_columns("logs")}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO logs (ts, ts_nanos, level, target, message, thread_id, "
                "process_uuid, estimated_bytes) VALUES "
                "(1795000001, 0, 'INFO', 't', 'old héllo', 'T', 'pid:1:a', 40), "
                "(1795000002, 0, 'WARN', 't', 'old threadless', NULL, 'pid:1:a', 40), "
                "(1795000003, 0, 'INFO', 't', NULL, 'T', 'pid:1:a', 40)"
            )
        )

    migrate_logs(engine)

    with open_log_store(home, db_url) as store:
        rows = store.query()
        assert [(row.message, row.feedback_log_body) for row in rows] == [
            ("old héllo", "old héllo"),
            ("old threadless", "old threadless"),
            (None, None),
        ]
        # The body now counts towards retention: 40 + its UTF-8 length.
        assert [row.estimated_bytes for row in rows] == [40 + len("old héllo".encode()), 54, 40]
        assert store.export_feedback("T", 10_000).splitlines() == [
            "2026-11-18T11:06:41.000000Z  INFO old héllo",
            "2026-11-18T11:06:42.000000Z  WARN old threadless",
            "2026-11-18T11:06:43.000000Z  INFO ",
        ]


def test_logs_and_state_streams_share_one_database_without_colliding(
    home: Path, db_url: str | None
) -> None:
    with open_store(home, db_url), open_log_store(home, db_url) as logs:
        engine = logs.engine
        tables = set(inspect(engine).get_table_names())
        assert LOGS_VERSION_TABLE in tables
        assert logs_current_revision(engine) == logs_head_revision()
    # Opening both again (either order) is a no-op for each stream.
    with open_log_store(home, db_url), open_store(home, db_url):
        pass
    if db_url is None:
        assert (home / "logs.sqlite").is_file() and (home / "state.sqlite").is_file()


def test_read_only_open_refuses_missing_or_unmigrated_databases(tmp_path: Path) -> None:
    with pytest.raises(LogsDatabaseError, match="log database not found"):
        open_log_store(tmp_path / "nowhere", read_only=True)
    (tmp_path / "empty").mkdir()
    create_logs_engine(resolve_logs_url(tmp_path / "empty")).dispose()
    import sqlite3

    sqlite3.connect(tmp_path / "empty" / "logs.sqlite").close()
    with pytest.raises(LogsDatabaseError, match="not a spindle logs database"):
        open_log_store(tmp_path / "empty", read_only=True)


def test_a_newer_revision_is_refused(engine: Engine, home: Path, db_url: str | None) -> None:
    migrate_logs(engine)
    with engine.begin() as connection:
        connection.execute(text(f"UPDATE {LOGS_VERSION_TABLE} SET version_num = 'logs_9999'"))
    with pytest.raises(SchemaTooNew):
        open_log_store(home, db_url)
