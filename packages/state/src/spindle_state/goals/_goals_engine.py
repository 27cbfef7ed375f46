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
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine

from spindle_state.core._database import resolve_home, resolve_url
from spindle_state.core._migration_stream import MigrationStream
from spindle_state.goals._goals_schema import GOALS_VERSION_TABLE
from spindle_state.logs._logs_engine import create_logs_engine, sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config

GOALS_DB_FILENAME: Final = "goals.sqlite"


def goals_database_path(home: Path | None = None) -> Path:
    """Where the SQLite goals database lives for a spindle home (default home when None)."""
    return resolve_home(home) / GOALS_DB_FILENAME


def resolve_goals_url(home: Path | None = None, url: str | None = None) -> str:
    """An explicit URL, else ``SPINDLE_DATABASE_URL``, else SQLite at ``<home>/goals.sqlite``."""
    if url or os.environ.get("SPINDLE_DATABASE_URL"):
        return resolve_url(resolve_home(home), url)
    return sqlite_url(goals_database_path(home))


_STREAM: Final = MigrationStream(
    migrations_dir=Path(__file__).with_name("migrations"),
    version_table=GOALS_VERSION_TABLE,
    pg_lock_key=0x73706E676F616C73,  # "spngoals" in ASCII
)


def goals_alembic_config() -> Config:
    """An Alembic config for the goals migrations (no ini file needed)."""
    return _STREAM.alembic_config()


def goals_head_revision() -> str:
    """The newest revision of the goals migration stream."""
    return _STREAM.head_revision()


def goals_current_revision(engine: Engine) -> str | None:
    """The revision a goals database is at (``None`` when never migrated)."""
    return _STREAM.current_revision(engine)


def migrate_goals(engine: Engine, revision: str = "head") -> None:
    """Upgrade the goals database to ``revision`` (see :meth:`MigrationStream.migrate`)."""
    _STREAM.migrate(engine, revision)


def open_goals_engine(home: Path | None = None, url: str | None = None) -> Engine:
    """Open and migrate the goals database."""
    engine = create_logs_engine(resolve_goals_url(home, url))
    try:
        migrate_goals(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
