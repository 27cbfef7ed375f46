"""Database URLs and engines for SQLite and PostgreSQL, and the state database's write
transactions.

The state database (``create_engine``) begins its transactions itself, so a write takes the
lock up front (``BEGIN IMMEDIATE``; a PostgreSQL advisory lock). The side streams' databases
(``create_stream_engine``: logs, goals, jobs, agents) run in WAL mode with a busy timeout so
a writer and readers (``spindle logs``) work at the same time.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from spindle_state._exceptions import DatabaseUnavailable

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

if sys.platform != "win32":
    import fcntl
else:  # pragma: no cover - Windows has no flock; BEGIN IMMEDIATE + busy_timeout still apply
    fcntl = None

SQLITE_FILENAME = "state.sqlite"
BUSY_TIMEOUT_MS = 30_000
STREAM_BUSY_TIMEOUT_MS = 10_000
# Key of the PostgreSQL transaction-level advisory lock that serialises stamp allocation
# and migrations across processes (SQLite gets the same effect from BEGIN IMMEDIATE).
PG_LOCK_KEY = 0x5350494E444C45  # "SPINDLE"
WRITE_OPTION = "spindle_write"
# Execution option of connections that run point reads, each its own statement: on SQLite
# they skip the explicit BEGIN (each statement is then its own implicit read transaction),
# which costs more than the read itself.
POINT_READ_OPTION = "spindle_point_read"
_PG_LOCK = sa.text("SELECT pg_advisory_xact_lock(:key)")


def resolve_home(home: Path | str | None = None) -> Path:
    """The spindle home folder: the argument, else ``$SPINDLE_HOME``, else ``~/.spindle``."""
    if home is not None:
        return Path(home)
    env = os.environ.get("SPINDLE_HOME")
    if env:
        return Path(env)
    return Path.home() / ".spindle"


def resolve_url(home: Path, url: str | None = None) -> str:
    """The database URL: the argument, else ``$SPINDLE_DATABASE_URL``, else SQLite in home."""
    chosen = url or os.environ.get("SPINDLE_DATABASE_URL")
    if not chosen:
        return sqlite_url(home / SQLITE_FILENAME)
    if chosen.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; plain postgresql:// would pick psycopg2.
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def sqlite_url(path: Path) -> str:
    """A SQLAlchemy URL for a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def display_url(url: str | sa.engine.URL) -> str:
    """``url`` with its password hidden, for messages and logs."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<unparsable database URL>"


def check_url(url: str) -> None:
    """Raise DatabaseUnavailable unless ``url`` names a SQLite or PostgreSQL database."""
    try:
        backend = sa.engine.make_url(url).get_backend_name()
    except sa.exc.ArgumentError:
        raise DatabaseUnavailable(display_url(url), "not a database URL") from None
    if backend not in SUPPORTED_BACKENDS:
        raise DatabaseUnavailable(
            display_url(url),
            f"unsupported database URL scheme {backend!r}; spindle supports sqlite and postgresql",
        )


@contextmanager
def reaching(engine: Engine) -> Iterator[None]:
    """Turn a failure to connect to ``engine``'s database into DatabaseUnavailable."""
    try:
        yield
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as exc:
        reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
        raise DatabaseUnavailable(
            display_url(engine.url), reason[0] if reason else type(exc).__name__
        ) from None


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below) so writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A write transaction takes the write lock at BEGIN, so the stamp allocation that
        # follows cannot interleave with another process (and never hits a deadlock
        # upgrade from a read snapshot).
        options = connection.get_execution_options()
        if options.get(POINT_READ_OPTION, False):
            return
        immediate = options.get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine(url: str) -> Engine:
    """An engine for ``url`` with spindle's connection settings (no migration)."""
    check_url(url)
    if url.startswith("sqlite"):
        database = sa.engine.make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return sa.create_engine(url)


def lock_for_write(connection: Connection) -> None:
    """Serialise writers across processes on PostgreSQL (SQLite: BEGIN IMMEDIATE did it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(_PG_LOCK, {"key": PG_LOCK_KEY})


def _writer_lock_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or fcntl is None:
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(f"{database}.writer-lock")


@contextmanager
def _sqlite_writer_queue(engine: Engine) -> Iterator[None]:
    """Queue SQLite writers of all processes on a blocking file lock (POSIX only).

    BEGIN IMMEDIATE alone is correct, but a writer that finds the database locked sleeps
    in SQLite's busy handler (1, 2, 5, 10 ... ms) instead of waking when the lock frees;
    with several processes that costs most of the throughput. The kernel wakes a flock
    waiter as soon as the holder releases it.
    """
    path = _writer_lock_path(engine)
    if path is None or fcntl is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the database-wide writer lock for its whole duration."""
    with (
        _sqlite_writer_queue(engine),
        engine.execution_options(**{WRITE_OPTION: True}).begin() as connection,
    ):
        lock_for_write(connection)
        yield connection


def create_stream_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for a side stream's database; ``read_only`` never creates or changes anything.

    SQLite must be a file (``read_only`` also requires it to exist; the caller checks).
    """
    check_url(url)
    if sa.engine.make_url(url).get_backend_name() != "sqlite":
        connect_args: dict[str, Any] = {}
        if read_only:
            connect_args["options"] = "-c default_transaction_read_only=on"
        return sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    database = sa.engine.make_url(url).database
    if not database or database == ":memory:":
        raise DatabaseUnavailable(
            display_url(url), "a stream database must be a file, not an in-memory database"
        )
    path = Path(database)
    if read_only:
        engine = sa.create_engine(
            f"sqlite+pysqlite:///file:{path.resolve().as_posix()}?mode=ro&uri=true",
        )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {STREAM_BUSY_TIMEOUT_MS}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return engine


def upsert_insert(connection: Connection, table: sa.Table) -> SqliteInsert | PostgresInsert:
    """An ``INSERT`` into ``table`` that takes ``ON CONFLICT`` clauses, in the connection's
    dialect. The dialect's module is imported here, when a write needs it: importing the
    PostgreSQL dialect costs every SQLite start ~30 ms otherwise."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgres_insert

        return postgres_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
