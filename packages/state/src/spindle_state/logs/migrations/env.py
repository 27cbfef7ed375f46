"""Alembic environment of the logs stream (runs on the connection it is given)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from spindle_state.logs._logs_schema import LOGS_METADATA, LOGS_VERSION_TABLE


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=LOGS_METADATA,
        version_table=LOGS_VERSION_TABLE,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("the logs migrations run on a connection given by spindle_state")
_run(_connection)
