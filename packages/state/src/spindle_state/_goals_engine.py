"""Opening the goals database: path and URL resolution, engine set-up, migrations.

Goals live in their own database stream, like the reference's ``goals_1.sqlite``: SQLite at
``<home>/goals.sqlite`` by default, or the shared ``SPINDLE_DATABASE_URL`` PostgreSQL
database, where the stream keeps its own Alembic version table (``alembic_version_goals``)
so it never collides with the state or logs migrations. The engine comes from the logs
stream's helper (WAL and a busy timeout on SQLite).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from spindle_state._engine import resolve_home, resolve_url
from spindle_state._errors import SchemaTooNew
from spindle_state._goals_schema import GOALS_VERSION_TABLE
from spindle_state._logs_engine import create_logs_engine, sqlite_url

GOALS_DB_FILENAME: Final = "goals.sqlite"
_MIGRATIONS_DIR: Final = Path(__file__).with_name("goals_migrations")
# Serialises concurrent first opens of one PostgreSQL database ("spngoals" in ASCII).
_PG_MIGRATION_LOCK_KEY: Final = 0x73706E676F616C73


def goals_database_path(home: Path | None = None) -> Path:
    """Where the SQLite goals database lives for a spindle home (default home when None)."""
    return resolve_home(home) / GOALS_DB_FILENAME


def resolve_goals_url(home: Path | None = None, url: str | None = None) -> str:
    """An explicit URL, else ``SPINDLE_DATABASE_URL``, else SQLite at ``<home>/goals.sqlite``."""
    if url or os.environ.get("SPINDLE_DATABASE_URL"):
        return resolve_url(resolve_home(home), url)
    return sqlite_url(goals_database_path(home))


def goals_alembic_config() -> Config:
    """An Alembic config for the goals migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS_DIR))
    return config


def goals_head_revision() -> str:
    """The newest revision of the goals migration stream."""
    head = ScriptDirectory.from_config(goals_alembic_config()).get_current_head()
    assert head is not None
    return head


def goals_current_revision(engine: Engine) -> str | None:
    """The revision a goals database is at (``None`` when never migrated)."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": GOALS_VERSION_TABLE}
        )
        return context.get_current_revision()


def migrate_goals(engine: Engine, revision: str = "head") -> None:
    """Upgrade the goals database to ``revision``; concurrent first opens are serialised.

    A database stamped with a revision this package does not know (written by a newer
    spindle) is refused with :class:`SchemaTooNew`.
    """
    config = goals_alembic_config()
    script = ScriptDirectory.from_config(config)
    known = {candidate.revision for candidate in script.walk_revisions()}
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # Take the write lock before Alembic reads the version, so two processes
            # opening a fresh file do not both create the tables.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK_KEY}
            )
        context = MigrationContext.configure(
            connection, opts={"version_table": GOALS_VERSION_TABLE}
        )
        for current in context.get_current_heads():
            if current not in known:
                raise SchemaTooNew(current, goals_head_revision())
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def open_goals_engine(home: Path | None = None, url: str | None = None) -> Engine:
    """Open and migrate the goals database."""
    engine = create_logs_engine(resolve_goals_url(home, url))
    try:
        migrate_goals(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
