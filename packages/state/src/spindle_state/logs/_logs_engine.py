"""Opening the logs database: the logs stream, and read-only opens for ``spindle logs``.

SQLite (the default, ``<home>/logs.sqlite``) is opened in WAL mode with a busy timeout so
a writer (the server) and readers (``spindle logs``) work at the same time. PostgreSQL is
the same ``SPINDLE_DATABASE_URL`` the state store uses; the logs stream keeps its own
Alembic version table there (``alembic_version_logs``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from spindle_state._exceptions import StateError
from spindle_state.core._database import check_url, create_stream_engine, reaching
from spindle_state.logs._logs_schema import LOGS_STREAM


class LogsDatabaseError(StateError):
    """The logs database is missing, unreadable or not a spindle logs database."""


resolve_logs_url: Final = LOGS_STREAM.resolve_url
logs_current_revision: Final = LOGS_STREAM.current_revision
migrate_logs: Final = LOGS_STREAM.migrate


def create_logs_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for the logs database; ``read_only`` never creates or changes anything."""
    check_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        database = make_url(url).database
        if not database or database == ":memory:":
            raise LogsDatabaseError("the logs database must be a file, not an in-memory database")
        if read_only and not Path(database).is_file():
            raise LogsDatabaseError(f"log database not found: {Path(database)}")
    return create_stream_engine(url, read_only=read_only)


def open_logs_engine(
    home: Path | None = None, url: str | None = None, *, read_only: bool = False
) -> Engine:
    """Open (and, unless ``read_only``, migrate) the logs database.

    A read-only open checks the database is at the current revision instead, raising
    :class:`LogsDatabaseError` when it is missing or was never migrated.
    """
    engine = create_logs_engine(resolve_logs_url(home, url), read_only=read_only)
    try:
        if read_only:
            if logs_current_revision(engine) is None:
                raise LogsDatabaseError("not a spindle logs database (no logs migrations applied)")
        else:
            with reaching(engine):
                migrate_logs(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
