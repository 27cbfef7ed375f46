"""Opening the memories database: path and URL resolution, engine set-up, migrations.

Memories live in their own database stream, like the reference's ``memories_1.sqlite``:
SQLite at ``<home>/memories.sqlite`` by default, or the shared ``SPINDLE_DATABASE_URL``
PostgreSQL database, where the stream keeps its own Alembic version table
(``alembic_version_memories``). The engine comes from the logs stream's helper (WAL and a
busy timeout on SQLite).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine

from spindle_state.core._database import resolve_home, resolve_url
from spindle_state.core._migration_stream import MigrationStream
from spindle_state.jobs._memories_schema import MEMORIES_VERSION_TABLE
from spindle_state.logs._logs_engine import create_logs_engine, sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config

MEMORIES_DB_FILENAME: Final = "memories.sqlite"


def memories_database_path(home: Path | None = None) -> Path:
    """Where the SQLite memories database lives for a spindle home (default home if None)."""
    return resolve_home(home) / MEMORIES_DB_FILENAME


def resolve_memories_url(home: Path | None = None, url: str | None = None) -> str:
    """An explicit URL, else ``SPINDLE_DATABASE_URL``, else SQLite ``<home>/memories.sqlite``."""
    if url or os.environ.get("SPINDLE_DATABASE_URL"):
        return resolve_url(resolve_home(home), url)
    return sqlite_url(memories_database_path(home))


_STREAM: Final = MigrationStream(
    migrations_dir=Path(__file__).with_name("migrations"),
    version_table=MEMORIES_VERSION_TABLE,
    pg_lock_key=0x73706E6D656D73,  # "spnmems" in ASCII
)

MEMORIES_PG_LOCK_KEY: Final = 0x73706E6A6F6273
"""PostgreSQL advisory lock ("spnjobs") that serialises memory job claims and finishes."""


def memories_alembic_config() -> Config:
    """An Alembic config for the memories migrations (no ini file needed)."""
    return _STREAM.alembic_config()


def memories_head_revision() -> str:
    """The newest revision of the memories migration stream."""
    return _STREAM.head_revision()


def memories_current_revision(engine: Engine) -> str | None:
    """The revision a memories database is at (``None`` when never migrated)."""
    return _STREAM.current_revision(engine)


def migrate_memories(engine: Engine, revision: str = "head") -> None:
    """Upgrade the memories database to ``revision`` (see :meth:`MigrationStream.migrate`)."""
    _STREAM.migrate(engine, revision)


def open_memories_engine(home: Path | None = None, url: str | None = None) -> Engine:
    """Open and migrate the memories database."""
    engine = create_logs_engine(resolve_memories_url(home, url))
    try:
        migrate_memories(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
