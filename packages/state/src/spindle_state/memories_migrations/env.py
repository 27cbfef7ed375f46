"""Alembic environment of the memories stream (runs on the connection it is given)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from spindle_state._memories_schema import MEMORIES_METADATA, MEMORIES_VERSION_TABLE


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # One PostgreSQL database can hold every stream; only this stream's tables are ours.
    if type_ == "table":
        return name in MEMORIES_METADATA.tables
    return True


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=MEMORIES_METADATA,
        version_table=MEMORIES_VERSION_TABLE,
        render_as_batch=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("the memories migrations run on a connection given by spindle_state")
_run(_connection)
