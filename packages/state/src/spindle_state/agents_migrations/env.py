"""Alembic environment of the agents stream (runs on the connection it is given)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from spindle_state._agents_schema import AGENTS_METADATA, AGENTS_VERSION_TABLE


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # One PostgreSQL database can hold every stream; only this stream's tables are ours.
    if type_ == "table":
        return name in AGENTS_METADATA.tables
    return True


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=AGENTS_METADATA,
        version_table=AGENTS_VERSION_TABLE,
        render_as_batch=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("the agents migrations run on a connection given by spindle_state")
_run(_connection)
