"""A side migration stream: its own Alembic script folder and version table.

Logs and goals each live in a database stream of their own (their own SQLite file, or the
shared PostgreSQL database with a separate version table), so their migrations never
collide with the state stream's. This is the one implementation of opening such a stream.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, MetaData, text

from spindle_state._errors import SchemaTooNew
from spindle_state.core._revisions import at_head

if TYPE_CHECKING:
    from alembic.config import Config


UPGRADE_LOCK: Final = threading.Lock()
"""Held around every Alembic upgrade in this process. Alembic runs a migration through
module-level proxies (``alembic.context``, ``alembic.op``), so two streams upgraded at once
from two threads (the logs database and the memories database, say) break each other."""


@dataclass(frozen=True)
class MigrationStream:
    """One side stream: where its scripts live, its version table, and its PostgreSQL lock."""

    migrations_dir: Path
    version_table: str
    # Serialises concurrent first opens of one PostgreSQL database.
    pg_lock_key: int

    def alembic_config(self) -> Config:
        """An Alembic config for this stream (no ini file needed)."""
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(self.migrations_dir))
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

        A database stamped with a revision this package does not know (written by a newer
        spindle) is refused with :class:`SchemaTooNew`. A database already at head is
        recognised without importing Alembic (see ``spindle_state.core._revisions``).
        """
        if revision == "head":
            with engine.connect() as connection:
                if at_head(connection, self.migrations_dir, self.version_table):
                    return
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = self.alembic_config()
        script = ScriptDirectory.from_config(config)
        known = {candidate.revision for candidate in script.walk_revisions()}
        with UPGRADE_LOCK, engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                # Take the write lock before Alembic reads the version, so two processes
                # opening a fresh file do not both create the tables.
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": self.pg_lock_key}
                )
            context = MigrationContext.configure(
                connection, opts={"version_table": self.version_table}
            )
            for current in context.get_current_heads():
                if current not in known:
                    raise SchemaTooNew(current, self.head_revision())
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()


def run_stream_env(stream: str, metadata: MetaData, version_table: str) -> None:
    """The body of a side stream's Alembic ``env.py``: migrate the connection spindle_state
    hands over (``config.attributes["connection"]``), touching only this stream's tables
    (one PostgreSQL database can hold every stream)."""
    from alembic import context
    from sqlalchemy import Connection

    def include_object(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        if type_ == "table":
            return name in metadata.tables
        return True

    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(f"the {stream} migrations run on a connection given by spindle_state")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=version_table,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
