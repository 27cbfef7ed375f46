"""Opening the agent graph database: path and URL resolution, engine set-up, migrations.

The agent graph lives in its own database stream, like goals: SQLite at
``<home>/agents.sqlite`` by default, or the shared ``SPINDLE_DATABASE_URL`` PostgreSQL
database, where the stream keeps its own Alembic version table (``alembic_version_agents``)
so it never collides with the state, logs or goals migrations.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine

from spindle_state.agents._agents_schema import AGENTS_VERSION_TABLE
from spindle_state.core._database import resolve_home, resolve_url
from spindle_state.core._migration_stream import MigrationStream
from spindle_state.logs._logs_engine import create_logs_engine, sqlite_url

if TYPE_CHECKING:
    from alembic.config import Config

AGENTS_DB_FILENAME: Final = "agents.sqlite"


def agents_database_path(home: Path | None = None) -> Path:
    """Where the SQLite agent graph lives for a spindle home (default home when None)."""
    return resolve_home(home) / AGENTS_DB_FILENAME


def resolve_agents_url(home: Path | None = None, url: str | None = None) -> str:
    """An explicit URL, else ``SPINDLE_DATABASE_URL``, else SQLite at ``<home>/agents.sqlite``."""
    if url or os.environ.get("SPINDLE_DATABASE_URL"):
        return resolve_url(resolve_home(home), url)
    return sqlite_url(agents_database_path(home))


_STREAM: Final = MigrationStream(
    migrations_dir=Path(__file__).with_name("migrations"),
    version_table=AGENTS_VERSION_TABLE,
    pg_lock_key=0x73706E6167656E74,  # "spnagent" in ASCII
)


def agents_alembic_config() -> Config:
    """An Alembic config for the agents migrations (no ini file needed)."""
    return _STREAM.alembic_config()


def agents_head_revision() -> str:
    """The newest revision of the agents migration stream."""
    return _STREAM.head_revision()


def agents_current_revision(engine: Engine) -> str | None:
    """The revision an agents database is at (``None`` when never migrated)."""
    return _STREAM.current_revision(engine)


def migrate_agents(engine: Engine, revision: str = "head") -> None:
    """Upgrade the agents database to ``revision`` (see :meth:`MigrationStream.migrate`)."""
    _STREAM.migrate(engine, revision)


def open_agents_engine(home: Path | None = None, url: str | None = None) -> Engine:
    """Open and migrate the agents database."""
    engine = create_logs_engine(resolve_agents_url(home, url))
    try:
        migrate_agents(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
