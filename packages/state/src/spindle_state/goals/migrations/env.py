"""Alembic environment of the goals stream (runs on the connection it is given)."""

from __future__ import annotations

from spindle_state.core._migration_stream import run_stream_env
from spindle_state.goals._goals_schema import GOALS_METADATA, GOALS_VERSION_TABLE

run_stream_env("goals", GOALS_METADATA, GOALS_VERSION_TABLE)
