"""Alembic environment of the goals stream (runs on the connection it is given)."""

from __future__ import annotations

from spindle_state._goals_schema import GOALS_METADATA, GOALS_VERSION_TABLE
from spindle_state._migration_stream import run_stream_env

run_stream_env("goals", GOALS_METADATA, GOALS_VERSION_TABLE)
