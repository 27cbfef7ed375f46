"""Alembic environment of the memories stream (runs on the connection it is given)."""

from __future__ import annotations

from spindle_state._memories_schema import MEMORIES_METADATA, MEMORIES_VERSION_TABLE
from spindle_state._migration_stream import run_stream_env

run_stream_env("memories", MEMORIES_METADATA, MEMORIES_VERSION_TABLE)
