"""A migration stream: one table family's Alembic scripts, version table and database.

Every table family (threads, logs, goals, jobs, agents) migrates as a stream of its own: its
own SQLite file under the spindle home, or the shared PostgreSQL database with a version
table of its own, so the streams never collide. :class:`MigrationStream` is the one
implementation of finding, opening and migrating such a database, and :func:`run_env` is the
one body of every stream's Alembic ``env.py``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Connection, Engine, MetaData, text

from spindle_state._exceptions import SchemaTooNew
from spindle_state.core._database import (
    create_stream_engine,
    resolve_home,
    resolve_url,
    sqlite_url,
    write_transaction,
)
from spindle_state.core._revisions import at_head

if TYPE_CHECKING:
    from alembic.config import Config


STREAM_NAMING_CONVENTION: Final = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint and index names of the side streams (the reference's ``idx_`` indexes)."""

UPGRADE_LOCK: Final = threading.Lock()
"""Held around every Alembic upgrade in this process. Alembic runs a migration through
module-level proxies (``alembic.context``, ``alembic.op``), so two streams upgraded at once
from two threads (the logs database and the memories database, say) break each other."""


@dataclass(frozen=True)
class MigrationStream:
    """One stream: its tables, scripts, version table, SQLite file and PostgreSQL lock."""

    name: str
    metadata: MetaData
    migrations_dir: Path
    version_table: str
    sqlite_filename: str
    # Serialises concurrent first opens of one PostgreSQL database.
    pg_lock_key: int
    # True for the state stream: its engine begins transactions itself (``BEGIN IMMEDIATE``
    # through an event hook), so it migrates inside the engine's own write transaction.
    writer_transaction: bool = False

    @classmethod
    def beside(
        cls,
        module_file: str,
        name: str,
        metadata: MetaData,
        *,
        version_table: str,
        pg_lock_key: int,
    ) -> MigrationStream:
        """A side stream whose scripts are in ``migrations/`` next to ``module_file``, with
        its SQLite file at ``<home>/<name>.sqlite``."""
        return cls(
            name=name,
            metadata=metadata,
            migrations_dir=Path(module_file).with_name("migrations"),
            version_table=version_table,
            sqlite_filename=f"{name}.sqlite",
            pg_lock_key=pg_lock_key,
        )

    def database_path(self, home: Path | None = None) -> Path:
        """Where this stream's SQLite file lives for a spindle home (default home when None)."""
        return resolve_home(home) / self.sqlite_filename

    def resolve_url(self, home: Path | None = None, url: str | None = None) -> str:
        """An explicit URL, else ``SPINDLE_DATABASE_URL`` (shared by every stream, whose
        tables never collide), else SQLite at ``<home>/<sqlite_filename>``."""
        if url or os.environ.get("SPINDLE_DATABASE_URL"):
            return resolve_url(resolve_home(home), url)
        return sqlite_url(self.database_path(home))

    def alembic_config(self, connection: Connection | None = None) -> Config:
        """An Alembic config for this stream (no ini file needed); ``connection`` is the one
        its ``env.py`` migrates."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(self.migrations_dir))
        config.attributes["stream"] = self
        config.attributes["connection"] = connection
        return config

    def head_revision(self) -> str:
        """The newest revision of this stream."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self.alembic_config()).get_current_head()
        assert head is not None
        return head

    def current_revision(self, engine: Engine) -> str | None:
        """The revision a database is at for this stream (``None`` when never migrated)."""
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": self.version_table}
            )
            return context.get_current_revision()

    def migrate(self, engine: Engine, revision: str = "head") -> None:
        """Upgrade to ``revision``; concurrent first opens are serialised.

        The version check and the upgrade run in one write transaction, so several
        processes opening a fresh database migrate it exactly once. A database stamped with
        a revision this package does not know (written by a newer spindle) is refused with
        :class:`SchemaTooNew`. A database already at head is recognised without importing
        Alembic (see ``spindle_state.core._revisions``).
        """
        if revision == "head":
            with engine.connect() as connection:
                if at_head(connection, self.migrations_dir, self.version_table):
                    return
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self.alembic_config())
        known = {candidate.revision for candidate in script.walk_revisions()}
        with UPGRADE_LOCK, self._write_transaction(engine) as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": self.version_table}
            )
            for current in context.get_current_heads():
                if current not in known:
                    raise SchemaTooNew(current, self.head_revision())
            command.upgrade(self.alembic_config(connection), revision)

    @contextmanager
    def _write_transaction(self, engine: Engine) -> Iterator[Connection]:
        if self.writer_transaction:
            with write_transaction(engine) as connection:
                yield connection
            return
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                # Take the write lock before Alembic reads the version, so two processes
                # opening a fresh file do not both create the tables.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.pg_lock_key}
                )
            yield connection
            connection.commit()

    def open_engine(self, home: Path | None = None, url: str | None = None) -> Engine:
        """Open and migrate this stream's database (WAL and a busy timeout on SQLite)."""
        engine = create_stream_engine(self.resolve_url(home, url))
        try:
            self.migrate(engine)
        except Exception:
            engine.dispose()
            raise
        return engine


def run_env() -> None:
    """The body of every stream's Alembic ``env.py``: migrate the connection spindle_state
    hands over (:meth:`MigrationStream.alembic_config`), touching only the stream's own
    tables (one PostgreSQL database can hold every stream)."""
    from alembic import context

    stream = context.config.attributes.get("stream")
    connection = context.config.attributes.get("connection")
    if not isinstance(stream, MigrationStream) or not isinstance(connection, Connection):
        raise RuntimeError("spindle_state migrations run on a connection spindle_state gives")
    metadata = stream.metadata

    def include_object(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        if type_ == "table":
            return name in metadata.tables
        return True

    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=stream.version_table,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
