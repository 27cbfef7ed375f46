"""Opening the logs database: path and URL resolution, engine set-up, migrations.

SQLite (the default, ``<home>/logs.sqlite``) is opened in WAL mode with a busy timeout so
a writer (the server) and readers (``spindle logs``) work at the same time. PostgreSQL is
the same ``SPINDLE_DATABASE_URL`` the state store uses; the logs stream keeps its own
Alembic version table there (``alembic_version_logs``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from spindle_state._errors import StateError
from spindle_state.core._database import check_url, reaching, resolve_home, resolve_url
from spindle_state.core._migration_stream import MigrationStream
from spindle_state.logs._logs_schema import LOGS_VERSION_TABLE

LOGS_DB_FILENAME: Final = "logs.sqlite"
SQLITE_BUSY_TIMEOUT_MS: Final = 10_000


class LogsDatabaseError(StateError):
    """The logs database is missing, unreadable or not a spindle logs database."""


def logs_database_path(home: Path | None = None) -> Path:
    """Where the SQLite logs database lives for a spindle home (default home when None)."""
    return resolve_home(home) / LOGS_DB_FILENAME


def resolve_logs_url(home: Path | None = None, url: str | None = None) -> str:
    """An explicit URL, else ``SPINDLE_DATABASE_URL`` (shared with the state store, whose
    tables never collide with ``logs``), else SQLite at ``<home>/logs.sqlite``."""
    if url or os.environ.get("SPINDLE_DATABASE_URL"):
        return resolve_url(resolve_home(home), url)
    return sqlite_url(logs_database_path(home))


def sqlite_url(path: Path) -> str:
    """A SQLAlchemy URL for a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_logs_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for the logs database; ``read_only`` never creates or changes anything."""
    check_url(url)
    if _is_sqlite(url):
        return _sqlite_engine(url, read_only=read_only)
    connect_args: dict[str, Any] = {}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_engine(url: str, *, read_only: bool) -> Engine:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise LogsDatabaseError("the logs database must be a file, not an in-memory database")
    path = Path(database)
    if read_only:
        if not path.is_file():
            raise LogsDatabaseError(f"log database not found: {path}")
        engine = create_engine(
            f"sqlite+pysqlite:///file:{path.resolve().as_posix()}?mode=ro&uri=true",
        )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return engine


_STREAM: Final = MigrationStream(
    migrations_dir=Path(__file__).with_name("migrations"),
    version_table=LOGS_VERSION_TABLE,
    pg_lock_key=0x73706C6C6F6773,  # "spllogs" in ASCII
)


def logs_head_revision() -> str:
    """The newest revision of the logs migration stream."""
    return _STREAM.head_revision()


def logs_current_revision(engine: Engine) -> str | None:
    """The revision a logs database is at (``None`` when never migrated)."""
    return _STREAM.current_revision(engine)


def migrate_logs(engine: Engine, revision: str = "head") -> None:
    """Upgrade the logs database to ``revision`` (see :meth:`MigrationStream.migrate`)."""
    _STREAM.migrate(engine, revision)


def open_logs_engine(
    home: Path | None = None, url: str | None = None, *, read_only: bool = False
) -> Engine:
    """Open (and, unless ``read_only``, migrate) the logs database.

    A read-only open checks the database is at the current revision instead, raising
    :class:`LogsDatabaseError` when it is missing or was never migrated.
    """
    resolved = resolve_logs_url(home, url)
    engine = create_logs_engine(resolved, read_only=read_only)
    try:
        if read_only:
            revision = logs_current_revision(engine)
            if revision is None:
                raise LogsDatabaseError("not a spindle logs database (no logs migrations applied)")
        else:
            with reaching(engine):
                migrate_logs(engine)
    except Exception:
        engine.dispose()
        raise
    return engine
