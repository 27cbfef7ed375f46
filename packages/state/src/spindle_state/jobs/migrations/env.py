"""Alembic environment of the memories stream (runs on the connection it is given)."""

from __future__ import annotations

from spindle_state.core._migration_stream import run_stream_env
from spindle_state.jobs._memories_schema import MEMORIES_METADATA, MEMORIES_VERSION_TABLE

run_stream_env("memories", MEMORIES_METADATA, MEMORIES_VERSION_TABLE)
