"""Alembic environment for the state database.

spindle runs migrations itself (``open_store``); it hands the open connection to Alembic
through ``config.attributes["connection"]``, so this file never builds an engine.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from spindle_state.threads._schema import metadata

VERSION_TABLE = "alembic_version"


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        version_table=VERSION_TABLE,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached from the alembic command line
    raise RuntimeError("spindle_state migrations run through spindle_state.open_store")
_run(connection)
